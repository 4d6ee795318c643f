// Forms keep what was typed after a refused submit (issue 14): React 19 resets a server-action form after its action
// runs, which put selects, checkboxes, passwords and unechoed fields back to their defaults while the error was shown.
// Each test fills every field of one form with something other than its default, has it refused, and checks that every
// field still shows what was typed and that the error is the described error of the field it is about.
import { expect, test, type Locator } from '@playwright/test';
import { adminPage, hydrated, newAccount } from './helpers';

test.describe.configure({ timeout: 60_000 });

/** The field is marked invalid and its error (and not another field's) is what it is described by. */
async function expectErrorAt(field: Locator, message: RegExp): Promise<void> {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(message);
}

test('function create form', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'keptfn');
  await page.goto(`/t/${slug}/functions/new`);
  const name = await hydrated(page.getByLabel('Name', { exact: true }));
  await name.fill('Bad Fn');
  await page.getByLabel('Memory').selectOption('256');
  await page.getByLabel('Timeout (ms)').fill('4500');
  await page.getByLabel(/^Token: callers send/).check();
  await page.getByLabel('Environment variables').fill('MODE=test');
  await page.getByLabel('Secret variables').fill('KEY=s3cret');
  await page.getByLabel('Labels (optional)').fill('team=web');
  await page.getByRole('button', { name: 'Create and deploy' }).first().click();
  await expectErrorAt(name, /lowercase/i);
  await expect(name).toHaveValue('Bad Fn');
  await expect(page.getByLabel('Memory')).toHaveValue('256');
  await expect(page.getByLabel('Timeout (ms)')).toHaveValue('4500');
  await expect(page.getByLabel(/^Token: callers send/)).toBeChecked();
  await expect(page.getByLabel('Environment variables')).toHaveValue('MODE=test');
  await expect(page.getByLabel('Secret variables')).toHaveValue('KEY=s3cret');
  await expect(page.getByLabel('Labels (optional)')).toHaveValue('team=web');
  await expect(page).toHaveURL(/\/functions\/new$/);
});

test('SSH key form', async ({ browser }) => {
  const { page } = await newAccount(browser, 'keptssh');
  await page.goto('/account/ssh-keys');
  const key = await hydrated(page.getByLabel('Public key'));
  await key.fill('ssh-ed25519 AAAAnot-a-real-key');
  await page.getByLabel('Name (optional)').fill('my laptop');
  await page.getByRole('button', { name: 'Add key' }).click();
  await expectErrorAt(key, /not valid base64/);
  await expect(key).toHaveValue('ssh-ed25519 AAAAnot-a-real-key');
  await expect(page.getByLabel('Name (optional)')).toHaveValue('my laptop');
});

test('API token form', async ({ browser }) => {
  const { page } = await newAccount(browser, 'kepttok');
  await page.goto('/account/tokens');
  const name = await hydrated(page.getByLabel('Name', { exact: true }));
  const role = page.getByLabel('Role', { exact: true });
  const expires = page.getByLabel('Expires');
  const otherExpiry = await expires.locator('option').last().getAttribute('value');
  await role.selectOption('viewer');
  await expires.selectOption(otherExpiry!);
  await page.getByRole('button', { name: 'Make token' }).click();
  await expectErrorAt(name, /./);
  await expect(role).toHaveValue('viewer');
  await expect(expires).toHaveValue(otherExpiry!);
});

test('members invite form', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'keptinv');
  await page.goto(`/t/${slug}/settings/members`);
  const email = await hydrated(page.getByLabel('Email'));
  await email.fill('not-an-email');
  await page.getByLabel('Role', { exact: true }).selectOption('viewer');
  await page.getByRole('button', { name: 'Invite' }).click();
  await expectErrorAt(email, /email/i);
  await expect(email).toHaveValue('not-an-email');
  await expect(page.getByLabel('Role', { exact: true })).toHaveValue('viewer');
  await expect(page.getByTestId('invite-link')).toHaveCount(0);
});

test('budget form', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'keptbud');
  await page.goto(`/t/${slug}/billing`);
  const amount = await hydrated(page.getByLabel('Monthly budget (USD)'));
  const block = page.getByLabel('Block new instances once the budget is spent');
  await expect(block).not.toBeChecked();
  await amount.fill('-3');
  await block.check();
  await page.getByRole('button', { name: 'Save budget' }).click();
  await expectErrorAt(amount, /./);
  await expect(page.locator('#f-amount-error')).toBeVisible();
  await expect(amount).toHaveValue('-3');
  await expect(block).toBeChecked();
});

test('admin quota form', async ({ browser }) => {
  const owner = await newAccount(browser, 'keptquota');
  await owner.context.close();
  const admin = await adminPage(browser);
  await admin.getByLabel('Search by name, address or owner email').fill(owner.email);
  await admin.getByRole('button', { name: 'Search' }).click();
  await admin.getByTestId(`tenant-${owner.slug}`).getByRole('link', { name: owner.organisation }).click();
  await admin.waitForURL(/\/admin\/tenants\/[^/?]+$/);
  const form = admin.getByTestId('quota-form');
  await hydrated(form.getByRole('button', { name: 'Save quota' }));
  const instances = form.getByLabel('Instances (count)');
  await instances.fill('lots');
  await form.getByLabel('vCPUs (count)').fill('12');
  await form.getByRole('button', { name: 'Save quota' }).click();
  await expectErrorAt(instances, /./);
  await expect(instances).toHaveValue('lots');
  await expect(form.getByLabel('vCPUs (count)')).toHaveValue('12');
  await expect(form.getByLabel('vCPUs (count)')).not.toHaveAttribute('aria-invalid', 'true');
});

test('admin price form', async ({ browser }) => {
  const admin = await adminPage(browser);
  await admin.goto('/admin/prices');
  await admin.locator('a[href^="/admin/prices/"]').first().click();
  await admin.waitForURL(/\/admin\/prices\/[^/?]+$/);
  const price = await hydrated(admin.getByLabel('Unit price'));
  const provider = admin.getByLabel('Provider');
  const unit = admin.getByLabel('Unit', { exact: true });
  // Something other than each select's first option.
  const otherProvider = await provider.locator('option').last().getAttribute('value');
  const otherUnit = await unit.locator('option').last().getAttribute('value');
  await provider.selectOption(otherProvider!);
  await unit.selectOption(otherUnit!);
  await admin.getByLabel('Flavor (only for instance hours)').fill('x1.kept');
  await price.fill('a lot');
  await admin.getByLabel('Free each month').fill('7');
  await admin.getByLabel('Effective from (UTC)').fill('2031-01-02T03:04');
  await admin.getByRole('button', { name: 'Schedule price' }).click();
  await expectErrorAt(price, /./);
  await expect(price).toHaveValue('a lot');
  await expect(provider).toHaveValue(otherProvider!);
  await expect(unit).toHaveValue(otherUnit!);
  await expect(admin.getByLabel('Flavor (only for instance hours)')).toHaveValue('x1.kept');
  await expect(admin.getByLabel('Free each month')).toHaveValue('7');
  await expect(admin.getByLabel('Effective from (UTC)')).toHaveValue('2031-01-02T03:04');
});
