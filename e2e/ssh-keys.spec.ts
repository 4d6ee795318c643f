// SSH keys in real Chromium: the user's own page (from the user menu) refuses a malformed key with the reason next to
// the field, adds a real key (made here by ssh-keygen) with the fingerprint ssh-keygen prints, refuses it twice; the
// create wizard then offers it for a Debian VM, and refuses a Debian VM without a key (error next to the key picker,
// nothing created). Deleting the key asks first. No VM boots here (qemu-debian.test.ts boots one).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, screenshot, setTheme, signUp, uniqueEmail } from './helpers';

function makeKey(): { pub: string; fingerprint: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-e2e-key-'));
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'grace@laptop', '-f', path.join(dir, 'id')]);
    const pub = fs.readFileSync(path.join(dir, 'id.pub'), 'utf8').trim();
    return { pub, fingerprint: execFileSync('ssh-keygen', ['-lf', path.join(dir, 'id.pub')], { encoding: 'utf8' }).split(' ')[1]! };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('add an SSH key in the account settings, then the VM wizard offers it and needs one for Debian', async ({ page }) => {
  test.setTimeout(120_000);
  const key = makeKey();
  const slug = await signUp(page, { name: 'Grace Hopper', email: uniqueEmail('grace'), organisation: 'Compilers Inc' });

  await page.locator('summary[aria-label^="Account menu"]').click();
  await page.getByRole('link', { name: 'SSH keys' }).click();
  await page.waitForURL(/\/account\/ssh-keys$/);
  await expect(page.getByRole('heading', { name: 'SSH keys', level: 1 })).toBeVisible();
  await expect(page.getByText('No keys yet')).toBeVisible();

  // A malformed key: the reason next to the field, the field marked invalid, the input kept.
  const field = await hydrated(page.getByLabel('Public key'));
  await field.fill('ssh-ed25519 AAAAnot-a-real-key');
  await page.getByRole('button', { name: 'Add key' }).click();
  const error = page.locator('[data-field-error="publicKey"]');
  await expect(error).toContainText(/base64|truncated|not a valid/);
  await expect(page.getByLabel('Public key')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Public key')).toHaveValue('ssh-ed25519 AAAAnot-a-real-key');
  await expectAccessible(page);

  // A real key: listed by its comment, with ssh-keygen's fingerprint.
  await page.getByLabel('Public key').fill(key.pub);
  await page.getByRole('button', { name: 'Add key' }).click();
  const list = page.getByTestId('ssh-key-list');
  await expect(list).toContainText('grace@laptop');
  await expect(list).toContainText(key.fingerprint);
  await expect(page.getByLabel('Public key')).toHaveValue('');

  // The same key again: refused as a duplicate, next to the field.
  await page.getByLabel('Public key').fill(key.pub);
  await page.getByRole('button', { name: 'Add key' }).click();
  await expect(error).toContainText('already added this key as “grace@laptop”');
  await expect(list.locator('li')).toHaveCount(1);
  await screenshot(page, 'ssh-keys');
  // The page with its list is accessible in the dark theme too.
  await setTheme(page, 'dark');
  await expect(list).toContainText(key.fingerprint);
  await expectAccessible(page);
  await screenshot(page, 'ssh-keys-dark');
  await setTheme(page, 'light');

  // The wizard: a Debian VM offers the key (chosen), moves the flavor up to one Debian fits in.
  await page.goto(`/t/${slug}/instances/new?kind=vm`);
  const image = await hydrated(page.getByLabel('Image'));
  await expect(page.getByTestId('ssh-key-picker')).toHaveCount(0);
  await image.selectOption('debian-12');
  await expect(page.getByLabel('Flavor')).toHaveValue('qemu-small');
  await expect(page.getByLabel('Ports', { exact: true })).toHaveValue('22');
  const picker = page.getByTestId('ssh-key-picker');
  const box = picker.getByRole('checkbox', { name: /grace@laptop/ });
  await expect(box).toBeChecked();
  await expect(picker.getByRole('link', { name: 'Add a key to your account' })).toHaveAttribute('href', '/account/ssh-keys');
  await expect(page.getByTestId('quota-impact')).toContainText('256 / 16384 MiB');
  await expect(page.getByTestId('price-monthly')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'create-debian-vm');

  // Without any key: a clear error next to the picker, and nothing is created.
  await page.getByLabel('Name', { exact: true }).fill('deb-nokey');
  await box.uncheck();
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expect(page.locator('[data-field-error="sshKeyIds"]')).toContainText('Choose or paste at least one SSH key');
  // A malformed pasted key: its reason next to the paste field.
  await page.getByLabel('Paste a public key (optional)').fill('ssh-rsa AAAA');
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expect(page.locator('[data-field-error="sshPublicKeys"]')).toContainText(/base64|truncated|not a valid/);
  const listed = (await (await page.request.get(`/api/v1/tenants/${slug}/instances`)).json()) as { total: number };
  expect(listed.total).toBe(0);

  // Deleting the key asks first.
  await page.goto('/account/ssh-keys');
  await (await hydrated(page.getByRole('button', { name: 'Delete key grace@laptop' }))).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete key' }).click();
  await expect(page.getByText('No keys yet')).toBeVisible();
  const keys = (await (await page.request.get('/api/v1/me/ssh-keys')).json()) as { sshKeys: unknown[] };
  expect(keys.sshKeys).toEqual([]);
});
