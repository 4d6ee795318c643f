// The Images page in Chromium against the console Playwright started (its own registry on the console's port + 5):
// a user makes an API token, pushes two images that share a layer with Debian's docker client (a DOCKER_CONFIG of the
// test's own), and the page lists them with their layers and the shared bytes, accessibly in light and dark mode;
// deleting a tag goes through a confirmation.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { FROM_CONSOLE, expectAccessible, hydrated, newAccount, screenshot, setTheme, type Account } from './helpers';

const run = promisify(execFile);
const REGISTRY = `127.0.0.1:${Number(process.env.E2E_PORT ?? 3210) + 5}`;
let account: Account;
let config: string;
let buildDir: string;
const tags: string[] = [];

async function docker(args: string[], stdin?: string): Promise<string> {
  const p = run('/usr/bin/docker', ['--config', config, ...args], { timeout: 120_000, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  if (stdin !== undefined) p.child.stdin!.end(stdin);
  const { stdout, stderr } = await p;
  return stdout + stderr;
}

test.beforeAll(async ({ browser }) => {
  config = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-docker-config-'));
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-build-'));
  account = await newAccount(browser, 'images');
});

test.afterAll(async () => {
  for (const t of tags) await run('/usr/bin/docker', ['rmi', t]).catch(() => {});
  fs.rmSync(config, { recursive: true, force: true });
  fs.rmSync(buildDir, { recursive: true, force: true });
  await account?.context.close();
});

test('a pushed image is listed with its layers and shared bytes; a tag is deleted after confirming', async () => {
  test.setTimeout(120_000);
  const { page, slug, email } = account;
  const res = await page.request.post('/api/v1/me/tokens', { headers: FROM_CONSOLE, data: { name: 'registry', tenant: slug, role: 'owner', expiresInDays: 1 } });
  expect(res.status(), await res.text()).toBe(201);
  const { secret } = (await res.json()) as { secret: string };
  expect(await docker(['login', REGISTRY, '-u', email, '--password-stdin'], secret)).toContain('Login Succeeded');

  const v1 = `${REGISTRY}/${slug}/web:1`;
  const v2 = `${REGISTRY}/${slug}/web:2`;
  tags.push(v1, v2);
  fs.writeFileSync(path.join(buildDir, 'Dockerfile'), 'FROM overcast/static-web:1\nCOPY page.html /www/page.html\n');
  fs.writeFileSync(path.join(buildDir, 'page.html'), `<p>${slug}</p>\n`);
  await docker(['tag', 'overcast/static-web:1', v1]);
  await docker(['build', '-q', '-t', v2, buildDir]);
  await docker(['push', v1]);
  await docker(['push', v2]);

  await page.goto(`/t/${slug}/images`);
  await expect(page.getByRole('heading', { name: 'Images', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Images' })).toHaveAttribute('aria-current', 'page');
  const rows = page.getByTestId('image-tag-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('1');
  await expect(rows.nth(0)).toContainText('sha256:');
  // Layers of web:2: the base layer shared with web:1 plus one of its own.
  const details = page.locator('[data-testid="image-layers-details"][data-tag="2"]');
  await details.locator('summary').click();
  const layers = details.getByTestId('image-layer');
  await expect(layers).toHaveCount(2);
  await expect(layers.nth(0)).toHaveAttribute('data-shared', 'true');
  await expect(layers.nth(0)).toContainText('shared with web:1');
  await expect(layers.nth(1)).toHaveAttribute('data-shared', 'false');
  await expect(page.getByTestId('images-saved')).not.toHaveText('0 B');
  // The stored bytes against the registry quota, and their monthly cost at the list price ($0.10 per GiB-month).
  await expect(page.getByTestId('images-storage-cost')).toContainText('of 10 GiB');
  await expect(page.getByTestId('images-storage-cost')).toContainText('billed per GiB-month at $0.1');
  await expectAccessible(page);
  await screenshot(page, 'images-light');
  await setTheme(page, 'dark');
  await page.locator('[data-testid="image-layers-details"][data-tag="2"] summary').click();
  await expectAccessible(page);
  await screenshot(page, 'images-dark');
  await setTheme(page, 'light');

  // Delete :1 behind the confirmation.
  await (await hydrated(page.getByRole('button', { name: `Delete web:1` }))).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Delete web:1?');
  await dialog.getByRole('button', { name: 'Delete image' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toHaveAttribute('data-tag', '2');
});
