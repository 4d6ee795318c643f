// A tiny VM from the console in real Chromium, on real QEMU (TCG here, so boots are slow and CPU-bound: one VM at a
// time, the smallest flavor, always deleted): the wizard's VM kind (keyboard, quota, live price, accessibility),
// the VM becoming running, its forwarded HTTP port, its boot log, its serial console in the browser, then its life:
// a snapshot of its disk, stopped gracefully, the snapshot restored, started, rebooted, and deleted after a
// confirmation, each seen live on its page.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectAccessible, expectProblem, hydrated, newAccount, screenshot, signUp, uniqueEmail, FROM_CONSOLE } from './helpers';

/** Boot under TCG on a loaded two-CPU machine: seconds alone, a minute or more when the machine is busy. */
const BOOT_TIMEOUT = 120_000;

async function terminalText(page: Page): Promise<string> {
  return (await page.getByTestId('terminal').locator('.xterm-rows').textContent()) ?? '';
}

/** Deletes the tenant's instances through the API and waits until none is left (clean-up when a step failed). */
async function deleteAll(request: APIRequestContext, slug: string): Promise<void> {
  const list = (await (await request.get(`/api/v1/tenants/${slug}/instances`)).json()) as { instances: { id: string; desiredState: string }[] };
  for (const i of list.instances) if (i.desiredState !== 'deleted') await request.delete(`/api/v1/tenants/${slug}/instances/${i.id}`, { headers: FROM_CONSOLE });
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/tenants/${slug}/instances`)).json()) as { total: number }).total, { timeout: 60_000 })
    .toBe(0);
}

test('create a tiny VM in the wizard, see it run, open its port, use its serial console, stop, start, reboot and delete it', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const slug = await signUp(page, { name: 'Ada Lovelace', email: uniqueEmail('ada'), organisation: 'Analytical Engines' });
  try {
    await page.goto(`/t/${slug}/instances`);
    await page.getByRole('link', { name: 'Create instance' }).click();

    // The kind is a radio group: reachable and changed with the keyboard.
    const container = await hydrated(page.getByRole('radio', { name: /^Container/ }));
    await expect(container).toBeChecked();
    await container.focus();
    await page.keyboard.press('ArrowRight');
    const vm = page.getByRole('radio', { name: /^Virtual machine/ });
    await expect(vm).toBeChecked();
    await expect(vm).toBeFocused();
    await expect(page.getByLabel('Image')).toHaveValue('qemu-tiny');
    await expect(page.getByLabel('Ports', { exact: true })).toHaveValue('80');
    await expect(page.getByLabel('Environment variables')).toHaveCount(0);

    // Quota impact and the live price follow the flavor (its disk included).
    const quota = page.getByTestId('quota-impact');
    await page.getByLabel('Flavor').selectOption('qemu-small');
    await expect(quota).toContainText('256 / 16384 MiB');
    await expect(quota).toContainText('5 / 100 GiB');
    const smallPrice = await page.getByTestId('price-monthly').textContent();
    await page.getByLabel('Flavor').selectOption('qemu-tiny');
    await expect(quota).toContainText('1 / 10');
    await expect(quota).toContainText('128 / 16384 MiB');
    await expect(quota).toContainText('1 / 100 GiB');
    await expect(page.getByTestId('price-monthly')).not.toHaveText(smallPrice!);
    await expect(page.getByTestId('price-estimate')).toContainText(/disk/i);

    await page.getByLabel('Name', { exact: true }).fill('tiny-vm');
    await page.getByLabel('Hostname').fill('e2e-guest');
    await page.getByLabel('User-data (optional)').fill('#!/bin/sh\necho user-data-ran > /www/user-data.txt\n');
    await expect(page.getByTestId('user-data-size')).toContainText('0.1 of 16 KiB');
    await expectAccessible(page);
    await screenshot(page, 'create-vm');
    await page.getByRole('button', { name: 'Create', exact: true }).first().click();

    await page.waitForURL(new RegExp(`/t/${slug}/instances/[a-z0-9]+$`));
    const t0 = Date.now();
    await expect(page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible({ timeout: BOOT_TIMEOUT });
    console.log(`[vms.spec] created → running in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await expect(page.getByRole('heading', { name: 'tiny-vm' })).toBeVisible();
    // Its page: the price with the flavor's disk, the hostname and user-data chosen, the serial console's hint.
    await expect(page.getByTestId('price-estimate')).toContainText('1 GiB disk');
    await expect(page.getByText('e2e-guest', { exact: true })).toBeVisible();
    await expect(page.getByText(/^\d+ bytes$/)).toBeVisible();
    await expect(page.getByTestId('terminal-status')).toContainText('serial console');

    // The forwarded port: the guest's web server answers with its hostname; the user-data ran before "ready".
    const url = await page.getByTestId('endpoint-80').getAttribute('href');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/); // the apps address, opened as shown
    const base = url!;
    const home = await page.request.get(base);
    expect(home.status()).toBe(200);
    expect(await home.text()).toContain('<h1>e2e-guest</h1>');
    expect((await (await page.request.get(`${base}user-data.txt`)).text()).trim()).toBe('user-data-ran');

    // The boot log (the serial log) shows the readiness marker; the graphs get samples.
    await expect(page.getByTestId('logs')).toContainText('OVERCAST-READY e2e-guest', { timeout: 15_000 });
    await expect(page.getByTestId('metrics-memory')).toHaveText(/MiB of \d+ MiB/, { timeout: 20_000 });

    // The serial console: a command whose answer differs from what was typed, and one only this guest knows.
    await (await hydrated(page.getByRole('button', { name: 'Connect' }))).click();
    await expect(page.getByTestId('terminal-status')).toHaveText(/^Connected\./, { timeout: 15_000 });
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { message: 'shell prompt', timeout: 15_000 }).toContain('#');
    const marker = `m${Date.now().toString(36)}`;
    await page.keyboard.type(`echo serial-$((6*7))-${marker}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toContain(`serial-42-${marker}`);
    await page.keyboard.type('hostname');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toMatch(/hostname\s*e2e-guest/);
    await screenshot(page, 'vm-serial-console');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByTestId('terminal-status')).toHaveText('Disconnected.');

    // A snapshot of the running VM's disk, taken from its page; then a file written after it (restored away below).
    await page.getByLabel('Snapshot name').fill('Bad Name');
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    await expect(page.locator('[data-field-error="name"]')).toContainText('lowercase letters');
    await page.getByLabel('Snapshot name').fill('before');
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    const snapshotRow = page.getByTestId('snapshot-before');
    await expect(snapshotRow.locator('[data-status="ready"]')).toBeVisible({ timeout: 60_000 });
    await expect(snapshotRow).toContainText('Stop the VM to restore');
    // The API: the same list, a duplicate name refused; another organisation's user finds none of it (404).
    const snapshotsApi = `/api/v1/tenants/${slug}/instances/${new URL(page.url()).pathname.split('/').pop()}/snapshots`;
    const listed = (await (await page.request.get(snapshotsApi)).json()) as { snapshots: { id: string; name: string; status: string }[]; canRestore: boolean };
    expect(listed.snapshots).toMatchObject([{ name: 'before', status: 'ready' }]);
    expect(listed.canRestore).toBe(false);
    await expectProblem(await page.request.post(snapshotsApi, { headers: FROM_CONSOLE, data: { name: 'before' } }), 409, 'conflict');
    const other = await newAccount(browser, 'stranger');
    const snapId = listed.snapshots[0]!.id;
    await expectProblem(await other.page.request.get(snapshotsApi), 404, 'not_found');
    await expectProblem(await other.page.request.post(snapshotsApi, { headers: FROM_CONSOLE, data: { name: 'mine' } }), 404, 'not_found');
    await expectProblem(await other.page.request.post(`${snapshotsApi}/${snapId}/restore`, { headers: FROM_CONSOLE }), 404, 'not_found');
    await expectProblem(await other.page.request.delete(`${snapshotsApi}/${snapId}`, { headers: FROM_CONSOLE }), 404, 'not_found');
    await other.context.close();
    await (await hydrated(page.getByRole('button', { name: 'Connect' }))).click();
    await expect(page.getByTestId('terminal-status')).toHaveText(/^Connected\./, { timeout: 15_000 });
    await page.keyboard.type('echo after-snapshot > /data/later; sync; ls /data');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toMatch(/later/);
    await page.getByRole('button', { name: 'Disconnect' }).click();

    // Lifecycle, all seen live on this page (no reload). Stop, confirmed in the dialog: the guest powers itself off
    // on the ACPI button (its kernel says so in the boot log), and the page shows "stopped" with no failure reason.
    const instanceApi = `/api/v1/tenants/${slug}${new URL(page.url()).pathname.replace(`/t/${slug}`, '')}`;
    const bootLog = async () => (await (await page.request.get(`${instanceApi}/logs?tail=2000`)).text());
    const readies = async () => ((await bootLog()).match(/OVERCAST-READY e2e-guest/g) ?? []).length;
    const status = page.getByTestId('instance-status');
    await (await hydrated(page.getByRole('button', { name: 'Stop' }))).click();
    const stopDialog = page.getByRole('dialog', { name: 'Stop this instance?' });
    await expect(stopDialog).toBeVisible();
    await stopDialog.getByRole('button', { name: 'Stop' }).click();
    await expect(status.locator('[data-status="stopped"]')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('status-reason')).toHaveCount(0);
    await expect(page.getByTestId('endpoint-80')).toHaveCount(0);
    expect(await bootLog()).toContain('reboot: Power down');
    await screenshot(page, 'vm-stopped');

    // Stopped, the snapshot can be restored (after a confirmation); the activity feed says when the disk is back.
    await (await hydrated(page.getByRole('button', { name: 'Restore snapshot before' }))).click();
    const restoreDialog = page.getByRole('dialog', { name: 'Restore “before”?' });
    await expect(restoreDialog).toBeVisible();
    await expectAccessible(page);
    await restoreDialog.getByRole('button', { name: 'Restore' }).click();
    await expect(page.getByTestId('activity')).toContainText('Disk restored to snapshot “before”', { timeout: 60_000 });
    await screenshot(page, 'vm-snapshots');

    // Start again: running once the guest is ready, on a new forwarded port; the user-data did not run again.
    await (await hydrated(page.getByRole('button', { name: 'Start', exact: true }))).click();
    await expect(status.locator('[data-status="running"]')).toBeVisible({ timeout: BOOT_TIMEOUT });
    expect(await readies()).toBe(2);
    const again = (await page.getByTestId('endpoint-80').getAttribute('href'))!;
    expect(await (await page.request.get(again)).text()).toContain('<h1>e2e-guest</h1>');
    expect((await page.request.get(`${again}user-data.txt`)).status()).toBe(404);
    expect(await bootLog()).toContain('overcast: user-data already ran at the first boot');
    // The restored disk: the file written after the snapshot is gone.
    await (await hydrated(page.getByRole('button', { name: 'Connect' }))).click();
    await expect(page.getByTestId('terminal-status')).toHaveText(/^Connected\./, { timeout: 15_000 });
    const probe = `p${Date.now().toString(36)}`;
    // What it prints differs from what was typed: 'present' prints <probe>-2, 'absent' <probe>-4.
    await page.keyboard.type(`test -e /data/later && echo ${probe}-$((1+1)) || echo ${probe}-$((2+2))`);
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toContain(`${probe}-4`);
    expect(await terminalText(page)).not.toContain(`${probe}-2`);
    await page.getByRole('button', { name: 'Disconnect' }).click();

    // Reboot in place: the guest boots a third time and the activity feed records it.
    await (await hydrated(page.getByRole('button', { name: 'Restart' }))).click();
    await expect.poll(readies, { message: 'the guest ready after the reboot', timeout: BOOT_TIMEOUT }).toBe(3);
    await expect(status.locator('[data-status="running"]')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('activity')).toContainText('Restarted');

    // Delete, confirmed in the dialog; the list drops it once the reconciler has removed the VM.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(`**/t/${slug}/instances`);
    await expect(page.getByTestId('instance-row-tiny-vm')).toHaveCount(0, { timeout: 60_000 });
    expect((await (await page.request.get(`/api/v1/tenants/${slug}/instances`)).json()).total).toBe(0);
  } finally {
    await deleteAll(page.request, slug);
  }
});

test('bad VM input is refused next to the field, in the wizard and the API, and creates nothing', async ({ page }) => {
  const slug = await signUp(page, { name: 'Bad Vm', email: uniqueEmail('badvm'), organisation: 'Typos Virtual' });
  await page.goto(`/t/${slug}/instances/new?kind=vm`);
  await expect(page.getByRole('radio', { name: /^Virtual machine/ })).toBeChecked();
  await page.getByLabel('Name', { exact: true }).fill('big-vm');
  await page.getByLabel('Hostname').fill('Not_A_Host');
  await (await hydrated(page.getByLabel('User-data (optional)'))).fill('x'.repeat(17 * 1024));
  await expect(page.getByTestId('user-data-size')).toContainText('17.0 of 16 KiB');
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expect(page.locator('[data-field-error="hostname"]')).toContainText('lowercase letters');
  await expect(page.locator('[data-field-error="userData"]')).toContainText('at most 16 KiB');
  // The form keeps the kind and what was typed.
  await expect(page.getByRole('radio', { name: /^Virtual machine/ })).toBeChecked();
  await expect(page.getByLabel('Hostname')).toHaveValue('Not_A_Host');
  // The VM form with its errors is accessible in the dark theme too (the first test checks the light one).
  await (await hydrated(page.getByLabel('Colour theme'))).selectOption('dark');
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await expectAccessible(page);
  await screenshot(page, 'create-vm-errors-dark');

  // The API: problem+json with stable codes and the fields named.
  const create = (data: Record<string, unknown>) => page.request.post(`/api/v1/tenants/${slug}/instances`, { headers: FROM_CONSOLE, data: { kind: 'vm', name: 'api-vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ...data } });
  const unknown = await expectProblem(await create({ imageId: 'docker-static-web', flavorId: 'qemu-huge' }), 400, 'validation_failed');
  expect(Object.keys(unknown.errors as object).sort()).toEqual(['flavorId', 'imageId']);
  const long = await expectProblem(await create({ userData: 'x'.repeat(16 * 1024 + 1) }), 400, 'validation_failed');
  expect(long.errors).toMatchObject({ userData: expect.stringMatching(/at most 16 KiB/) });
  expect((await expectProblem(await create({ hostname: 'a.b' }), 400, 'validation_failed')).errors).toHaveProperty('hostname');
  expect((await expectProblem(await create({ kind: 'lambda' }), 400, 'validation_failed')).errors).toHaveProperty('kind');
  // What a VM can be made of, for API clients.
  const catalog = (await (await page.request.get(`/api/v1/tenants/${slug}/catalog?kind=vm`)).json()) as { provider: string; images: { id: string }[] };
  expect(catalog.provider).toBe('qemu');
  expect(catalog.images.map((i) => i.id)).toContain('qemu-tiny');
  expect((await (await page.request.get(`/api/v1/tenants/${slug}/instances`)).json()).total).toBe(0);
});
