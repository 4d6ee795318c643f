// Labels typed in the create forms (issue 14): a malformed one is refused next to the Labels field, the text stays and
// nothing is created; fixed, the created container, VM or function carries exactly those labels — on its page, in the
// API, and in its list filtered by one of them (and not by a value it does not have). Created stopped: no engine work.
import { expect, test, type Page } from '@playwright/test';
import { hydrated, newAccount } from './helpers';

test.describe.configure({ timeout: 60_000 });

const GOOD = 'team=web\nenv=prod';
const BAD = 'team=web\nenv=prod!';

async function count(page: Page, url: string): Promise<number> {
  const res = await page.request.get(url);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()).items as unknown[]).length;
}

/** Refused next to the Labels field, the typed text kept, nothing created. */
async function expectLabelsRefused(page: Page, api: string): Promise<void> {
  const field = page.getByLabel('Labels (optional)');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-field-error="labels"]')).toContainText('A value is');
  await expect(field).toHaveAccessibleDescription(/A value is/);
  await expect(field).toHaveValue(BAD);
  expect(await count(page, api)).toBe(0);
}

/** The list, filtered through its label field: the row is there with its chips; another value matches nothing. */
async function expectInFilteredList(page: Page, listUrl: string, rowTestId: string): Promise<void> {
  await page.goto(listUrl);
  const filter = await hydrated(page.getByRole('search', { name: 'Filter by label' }).getByRole('textbox'));
  await filter.fill('env=prod');
  await filter.press('Enter');
  await page.waitForURL(/label=env%3Dprod/);
  const row = page.getByTestId(rowTestId);
  await expect(row.getByRole('list', { name: 'Labels' })).toContainText('team=web');
  await expect(row.getByRole('list', { name: 'Labels' })).toContainText('env=prod');
  await page.goto(`${listUrl}?label=env%3Ddev`);
  await expect(page.getByTestId(rowTestId)).toHaveCount(0);
}

/** Once created, its page (opened by the form) and the API show exactly the labels typed. Returns its id. */
async function expectCreatedWithLabels(page: Page, slug: string, kind: 'instances' | 'functions'): Promise<string> {
  await page.waitForURL(new RegExp(`/t/${slug}/${kind}/(?!new$)[a-z0-9]+$`));
  const chips = page.getByTestId('label-chips');
  await expect(chips).toContainText('team=web');
  await expect(chips).toContainText('env=prod');
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const got = await (await page.request.get(`/api/v1/tenants/${slug}/${kind}/${id}`)).json();
  expect(got.labels).toEqual({ team: 'web', env: 'prod' });
  return id;
}

async function createInstanceWithLabels(page: Page, slug: string, name: string): Promise<string> {
  const labels = page.getByLabel('Labels (optional)');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Start it once created').uncheck();
  await labels.fill(BAD);
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expectLabelsRefused(page, `/api/v1/tenants/${slug}/instances`);
  await labels.fill(GOOD);
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  return expectCreatedWithLabels(page, slug, 'instances');
}

test('container: labels at create', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'lblc');
  await page.goto(`/t/${slug}/instances/new`);
  await hydrated(page.getByLabel('Flavor'));
  await createInstanceWithLabels(page, slug, 'labelled-box');
  await expectInFilteredList(page, `/t/${slug}/instances`, 'instance-row-labelled-box');
});

test('virtual machine: labels at create', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'lblv');
  await page.goto(`/t/${slug}/instances/new?kind=vm`);
  await hydrated(page.getByLabel('Image'));
  await page.getByLabel('Image').selectOption({ label: 'tiny' });
  const id = await createInstanceWithLabels(page, slug, 'labelled-vm');
  expect((await (await page.request.get(`/api/v1/tenants/${slug}/instances/${id}`)).json()).kind).toBe('vm');
  await expectInFilteredList(page, `/t/${slug}/instances`, 'instance-row-labelled-vm');
});

test('function: labels at create', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'lblf');
  await page.goto(`/t/${slug}/functions/new`);
  const labels = await hydrated(page.getByLabel('Labels (optional)'));
  await page.getByLabel('Name', { exact: true }).fill('labelled-fn');
  await labels.fill(BAD);
  await page.getByRole('button', { name: 'Create and deploy' }).first().click();
  await expectLabelsRefused(page, `/api/v1/tenants/${slug}/functions`);
  await labels.fill(GOOD);
  await page.getByRole('button', { name: 'Create and deploy' }).first().click();
  await expectCreatedWithLabels(page, slug, 'functions');
  await expectInFilteredList(page, `/t/${slug}/functions`, 'function-row-labelled-fn');
});
