// The create wizard after a refused submit: every control still shows what was submitted (kind, image, flavor,
// start), the summary agrees with it, and once the name is fixed the instance created is the one shown — checked
// through the API. Instances are created stopped (no engine work), for a container, a tiny VM and a Debian VM.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { hydrated, newAccount } from './helpers';

// Each test signs up, submits twice and opens the created instance's page: 7–10 s at load average 15 on two CPUs,
// well inside the default 60 s timeout.

type Shown = { kind: RegExp; image: string; flavor: string; imageHint?: string };

/** Submits, expects the name refused, checks the form still shows `shown`, fixes the name and creates. */
async function refuseThenCreate(page: Page, slug: string, shown: Shown, name: string): Promise<{ image: { name: string }; flavor: { name: string }; kind: string; desiredState: string }> {
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expect(page.locator('[data-field-error="name"]')).toContainText('lowercase letters');
  await expect(page.getByRole('radio', { name: shown.kind })).toBeChecked();
  await expect(page.getByLabel('Image')).toHaveValue(shown.image);
  await expect(page.getByLabel('Flavor')).toHaveValue(shown.flavor);
  await expect(page.getByLabel('Start it once created')).not.toBeChecked();
  const summary = (await page.getByTestId('summary-choice').textContent()) ?? '';
  const selected = async (label: string) => (await page.getByLabel(label).locator('option:checked').textContent())?.split(' — ')[0]?.trim();
  expect(summary).toContain(`: ${await selected('Image')} on ${await selected('Flavor')} `);
  if (shown.imageHint) await expect(page.locator('#f-imageId-hint')).toContainText(shown.imageHint);

  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await page.waitForURL(new RegExp(`/t/${slug}/instances/(?!new$)[a-z0-9]+$`));
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const res = await page.request.get(`/api/v1/tenants/${slug}/instances/${id}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as never;
}

test('container: a refused name keeps the flavor, image and start choice, and the created one is what was shown', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'keepc');
  await page.goto(`/t/${slug}/instances/new`);
  await hydrated(page.getByLabel('Flavor'));
  await page.getByLabel('Image').selectOption({ label: 'shell' });
  await page.getByLabel('Flavor').selectOption('docker-medium');
  await page.getByLabel('Start it once created').uncheck();
  await page.getByLabel('Name', { exact: true }).fill('Bad Name');
  const image = await page.getByLabel('Image').inputValue();
  const created = await refuseThenCreate(page, slug, { kind: /^Container/, image, flavor: 'docker-medium' }, 'good-name');
  expect(created.flavor.name).toBe('c1.medium');
  expect(created.image.name).toBe('shell');
  expect(created.desiredState).toBe('stopped');
});

test('virtual machine: a refused name keeps the kind, and the created one is a VM with the image shown', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'keepv');
  await page.goto(`/t/${slug}/instances/new`);
  await (await hydrated(page.getByRole('radio', { name: /^Virtual machine/ }))).check();
  await page.getByLabel('Image').selectOption({ label: 'tiny' });
  await page.getByLabel('Flavor').selectOption('qemu-small');
  await page.getByLabel('Start it once created').uncheck();
  await page.getByLabel('Name', { exact: true }).fill('Bad VM');
  const created = await refuseThenCreate(page, slug, { kind: /^Virtual machine/, image: 'qemu-tiny', flavor: 'qemu-small' }, 'good-vm');
  expect(created.kind).toBe('vm');
  expect(created.image.name).toBe('tiny');
  expect(created.flavor.name).toBe('v1.small');
});

test('Debian VM: a refused name keeps the Debian image (select, hint and summary agree), and Debian is created', async ({ browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-e2e-keep-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'keep@laptop', '-f', path.join(dir, 'id')]);
  const publicKey = fs.readFileSync(path.join(dir, 'id.pub'), 'utf8').trim();
  fs.rmSync(dir, { recursive: true, force: true });
  const { page, slug } = await newAccount(browser, 'keepd');
  await page.goto(`/t/${slug}/instances/new?kind=vm`);
  await hydrated(page.getByLabel('Image'));
  await page.getByLabel('Image').selectOption({ label: 'debian-12' });
  await page.getByLabel('Paste a public key (optional)').fill(publicKey);
  await page.getByLabel('Start it once created').uncheck();
  await page.getByLabel('Name', { exact: true }).fill('Bad Debian');
  const flavor = await page.getByLabel('Flavor').inputValue();
  const created = await refuseThenCreate(page, slug, { kind: /^Virtual machine/, image: 'debian-12', flavor, imageHint: 'Debian 12 (bookworm)' }, 'good-debian');
  expect(created.image.name).toBe('debian-12');
  expect(created.kind).toBe('vm');
});
