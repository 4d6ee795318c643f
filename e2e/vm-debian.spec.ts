// A Debian VM from the console in real Chromium, on real QEMU (TCG: ~30–60 s per boot on this machine, so one VM):
// created in the wizard with the user's saved SSH key, its page shows `ssh -p PORT overcast@127.0.0.2` (the apps address) once it runs
// (copyable), the real ssh client logs in with that very command's port; after a stop and a start the line follows
// the new forwarded port without a reload, and still logs in. Deleted at the end.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, screenshot, signUp, uniqueEmail, FROM_CONSOLE } from './helpers';

/** Two Debian boots under TCG on a loaded two-CPU machine. */
const BOOT_TIMEOUT = 240_000;
/** Where forwarded ports are published (OVERCAST_APPS_HOST's default): what the ssh line shows. */
const APPS_HOST = '127.0.0.2';

async function sshRun(keyFile: string, port: number, command: string): Promise<string> {
  const { stdout } = await promisify(execFile)('ssh', [
    '-i', keyFile, '-p', String(port),
    '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'ConnectTimeout=20',
    `overcast@${APPS_HOST}`, command,
  ], { timeout: 60_000 });
  return stdout.trim();
}

/** The port in the page's ssh line, which must be the command a person would copy. */
async function shownPort(page: Page): Promise<number> {
  const text = (await page.getByTestId('ssh-command').textContent()) ?? '';
  const m = /^ssh -p (\d+) overcast@127\.0\.0\.2$/.exec(text.trim());
  expect(m, `ssh line: ${text}`).not.toBeNull();
  return Number(m![1]);
}

test('a Debian VM with my SSH key: the page shows the ssh command, it logs in, and it follows a stop and start', async ({ page, context }) => {
  test.setTimeout(2 * BOOT_TIMEOUT + 120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-e2e-debian-'));
  const keyFile = path.join(dir, 'id');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'linus@laptop', '-f', keyFile]);
  const slug = await signUp(page, { name: 'Linus Debian', email: uniqueEmail('linus'), organisation: 'Kernel Folks' });
  try {
    expect((await page.request.post('/api/v1/me/ssh-keys', { headers: FROM_CONSOLE, data: { publicKey: fs.readFileSync(`${keyFile}.pub`, 'utf8') } })).status()).toBe(201);

    await page.goto(`/t/${slug}/instances/new?kind=vm`);
    await (await hydrated(page.getByLabel('Image'))).selectOption('debian-12');
    await expect(page.getByTestId('ssh-key-picker').getByRole('checkbox', { name: /linus@laptop/ })).toBeChecked();
    await page.getByLabel('Name', { exact: true }).fill('deb-vm');
    await page.getByLabel('Hostname').fill('e2e-debian');
    await page.getByRole('button', { name: 'Create', exact: true }).first().click();
    await page.waitForURL(new RegExp(`/t/${slug}/instances/[a-z0-9]+$`));
    const t0 = Date.now();
    await expect(page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible({ timeout: BOOT_TIMEOUT });
    console.log(`[vm-debian.spec] created → running in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await expect(page.getByTestId('vm-ssh-keys')).toContainText('linus@laptop');

    // The ssh line and its copy button; the real client logs in with the port it shows.
    const first = await shownPort(page);
    await expect(page.getByTestId('endpoint-22')).toHaveText(`${APPS_HOST}:${first}`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy command' }).click();
    await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`ssh -p ${first} overcast@${APPS_HOST}`);
    expect(await sshRun(keyFile, first, 'hostname; sudo -n id -un')).toBe('e2e-debian\nroot');
    await expectAccessible(page);
    await screenshot(page, 'debian-vm-ssh');

    // Stop: the line goes (nothing listens any more); start: it comes back, live, with the port QEMU forwards now.
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('instance-status').locator('[data-status="stopped"]')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('ssh-command')).toHaveCount(0);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible({ timeout: BOOT_TIMEOUT });
    const second = await shownPort(page);
    const api = (await (await page.request.get(`/api/v1/tenants/${slug}/instances`)).json()) as { instances: { ssh: { port: number } | null; endpoints: { port: number; hostPort: number }[] }[] };
    expect(api.instances[0]!.ssh?.port).toBe(second);
    expect(api.instances[0]!.endpoints.find((e) => e.port === 22)?.hostPort).toBe(second);
    expect(await sshRun(keyFile, second, 'hostname')).toBe('e2e-debian');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(`**/t/${slug}/instances`);
    await expect.poll(async () => ((await (await page.request.get(`/api/v1/tenants/${slug}/instances`)).json()) as { total: number }).total, { timeout: 60_000 }).toBe(0);
  } finally {
    const list = (await (await page.request.get(`/api/v1/tenants/${slug}/instances`)).json()) as { instances: { id: string }[] };
    for (const i of list.instances) await page.request.delete(`/api/v1/tenants/${slug}/instances/${i.id}`, { headers: FROM_CONSOLE });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
