// The lists on the shared table (issue 14): search, filters and order in the URL (links and reloads keep them), bulk
// stop and delete of real containers behind one confirmation, a row menu used by keyboard only, keyboard rows,
// breadcrumbs on the detail page, bulk delete of functions, and axe in light and dark on the lists. Fixtures are made
// through the API, containers are started only where the test is about the engine, and each test is on its own.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, FROM_CONSOLE, hydrated, screenshot, setTheme, signUp, uniqueEmail } from './helpers';

async function createContainer(page: Page, slug: string, name: string, start: boolean): Promise<string> {
  const res = await page.request.post(`/api/v1/tenants/${slug}/instances`, {
    headers: FROM_CONSOLE,
    data: { name, imageId: 'docker-static-web', flavorId: 'docker-nano', ports: [8080], start },
  });
  expect(res.status(), await res.text()).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function statuses(page: Page, slug: string): Promise<Record<string, string>> {
  const res = await page.request.get(`/api/v1/tenants/${slug}/instances?limit=100`);
  const body = (await res.json()) as { instances: { name: string; status: string }[] };
  return Object.fromEntries(body.instances.map((i) => [i.name, i.status]));
}

/** Waits for the engine (deadline 40 s: a container starts or stops in seconds, more on a busy machine). */
const settled = (page: Page, slug: string, want: Record<string, string>) => expect.poll(() => statuses(page, slug), { timeout: 40_000 }).toEqual(want);

const rowNames = (page: Page) => page.getByTestId('instance-table').locator('tbody tr th');

test('instances: search, filter and sort live in the URL and survive a reload', async ({ page }) => {
  const slug = await signUp(page, { name: 'List Person', email: uniqueEmail('lists'), organisation: 'Many Things' });
  // Never started: the list's filters need no engine work.
  for (const name of ['web-a', 'web-b', 'api-c']) await createContainer(page, slug, name, false);
  await settled(page, slug, { 'web-a': 'stopped', 'web-b': 'stopped', 'api-c': 'stopped' });

  // Search and a filter, applied from the filter bar, end up in the URL.
  await page.goto(`/t/${slug}/instances`);
  await (await hydrated(page.getByRole('searchbox', { name: 'Search' }))).fill('web');
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await page.waitForURL(/[?&]q=web/);
  await page.getByLabel('Status').selectOption('stopped');
  await page.waitForURL(/status=stopped/);
  await expect(rowNames(page)).toHaveText(['web-b', 'web-a']);

  // Sorting by name: ascending, then descending; the header says which (aria-sort).
  await page.getByTestId('sort-name').click();
  await page.waitForURL(/sort=name/);
  await expect(rowNames(page)).toHaveText(['web-a', 'web-b']);
  await page.getByTestId('sort-name').click();
  await page.waitForURL(/sort=-name/);
  await expect(rowNames(page)).toHaveText(['web-b', 'web-a']);
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');

  // A reload (or a shared link) shows the same list.
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('web');
  await expect(page.getByLabel('Status')).toHaveValue('stopped');
  await expect(rowNames(page)).toHaveText(['web-b', 'web-a']);
  // Another status: none of them.
  await page.goto(`/t/${slug}/instances?q=web&status=running`);
  await expect(page.getByText('No instances match these filters.')).toBeVisible();
  await screenshot(page, 'instances-filtered');
});

test('instances: bulk stop and bulk delete of real containers, one confirmation each', async ({ page }) => {
  const slug = await signUp(page, { name: 'Bulk Person', email: uniqueEmail('bulk'), organisation: 'Bulk Things' });
  for (const name of ['web-a', 'web-b']) await createContainer(page, slug, name, true);
  await settled(page, slug, { 'web-a': 'running', 'web-b': 'running' });

  // Bulk stop: select both, one confirmation naming how many and which.
  await page.goto(`/t/${slug}/instances?sort=name`);
  await (await hydrated(page.getByLabel('Select web-a'))).check();
  await page.getByLabel('Select web-b').check();
  const bar = page.getByTestId('bulk-bar');
  await expect(bar).toContainText('2 instances selected');
  await expectAccessible(page);
  await bar.getByRole('button', { name: 'Stop' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Stop 2 instances?');
  await expect(dialog.getByTestId('bulk-confirm-names')).toHaveText(/web-a\s*web-b/);
  await dialog.getByRole('button', { name: 'Stop 2 instances' }).click();
  await expect(page.getByTestId('bulk-results')).toContainText('Stop requested for 2 of 2');
  await settled(page, slug, { 'web-a': 'stopped', 'web-b': 'stopped' });

  // Bulk delete of the stopped pair.
  await page.goto(`/t/${slug}/instances?q=web&sort=-name`);
  await (await hydrated(page.getByLabel('Select all 2 shown'))).check();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Delete' }).click();
  await expect(dialog.getByRole('heading')).toHaveText('Delete 2 instances?');
  await dialog.getByRole('button', { name: 'Delete 2 instances' }).click();
  await expect(page.getByTestId('bulk-results')).toContainText('Delete requested for 2 of 2');
  await settled(page, slug, {});
  await expect(page.getByText('No instances match these filters.')).toBeVisible();
});

test('instances: a row menu by keyboard only, keyboard rows, breadcrumbs, delete from the menu', async ({ page }) => {
  const slug = await signUp(page, { name: 'Key Person', email: uniqueEmail('rowmenu'), organisation: 'Keyed Things' });
  // Stopped (no engine work for the menu itself): its menu offers Open, Start, …, Delete.
  await createContainer(page, slug, 'api-c', false);
  await settled(page, slug, { 'api-c': 'stopped' });

  // The row menu, by keyboard only: Enter opens it on "Open", Escape closes it again; ↓ opens it, ↓ to "Start", Enter.
  await page.goto(`/t/${slug}/instances`);
  const menuButton = await hydrated(page.getByRole('button', { name: 'Actions for api-c' }));
  await menuButton.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Actions for api-c' });
  await expect(menu.getByRole('menuitem', { name: 'Open' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(menuButton).toBeFocused();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Open' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Start' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('bulk-results')).toContainText('Start requested for 1 of 1');
  const stored = await (await page.request.get(`/api/v1/tenants/${slug}/instances?limit=1`)).json();
  expect(stored.instances[0].desiredState).toBe('running');

  // Keyboard rows: the row takes focus, Enter opens the instance; the detail page has breadcrumbs.
  const row = page.getByTestId('instance-row-api-c');
  await row.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/t/${slug}/instances/[a-z0-9]+$`));
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(crumbs.getByRole('listitem')).toHaveText([/Keyed Things/, /Instances/, 'api-c']);
  await expect(crumbs.locator('[aria-current="page"]')).toHaveText('api-c');
  await crumbs.getByRole('link', { name: 'Instances' }).click();
  await page.waitForURL(new RegExp(`/t/${slug}/instances$`));

  // Delete from the menu: ↑ reaches Delete (the last item), which asks first.
  await (await hydrated(page.getByRole('button', { name: 'Actions for api-c' }))).focus();
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Delete 1 instance?');
  await dialog.getByRole('button', { name: 'Delete 1 instance' }).focus();
  await page.keyboard.press('Enter');
  await settled(page, slug, {});
});

test('functions: search in the URL, client sort, bulk delete with one confirmation; lists pass axe in light and dark', async ({ page }) => {
  const slug = await signUp(page, { name: 'Fn Lister', email: uniqueEmail('fnlist'), organisation: 'Fn Lists' });
  const code = 'export default async function () { return { status: 200, body: "ok" } }';
  for (const name of ['alpha', 'beta', 'gamma']) {
    const res = await page.request.post(`/api/v1/tenants/${slug}/functions`, { headers: FROM_CONSOLE, data: { name, code } });
    expect(res.status(), await res.text()).toBeLessThan(300);
  }
  const names = page.getByTestId('function-table').locator('tbody tr th');
  await page.goto(`/t/${slug}/functions?q=a&sort=-name`);
  await expect(names).toHaveText(['gamma', 'beta', 'alpha']);
  await page.goto(`/t/${slug}/functions?q=ph`);
  await expect(names).toHaveText(['alpha']);
  await page.goto(`/t/${slug}/functions?sort=name`);
  await expect(names).toHaveText(['alpha', 'beta', 'gamma']);
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await expect(names).toHaveCount(3);
    await expectAccessible(page);
  }

  await (await hydrated(page.getByLabel('Select alpha'))).check();
  await page.getByLabel('Select gamma').check();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Delete 2 functions?');
  await expect(dialog.getByTestId('bulk-confirm-names')).toHaveText(/alpha\s*gamma/);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Delete 2 functions' }).click();
  await expect(page.getByTestId('bulk-results')).toContainText('Deleted 2 of 2');
  await expect(names).toHaveText(['beta'], { timeout: 15_000 });
  const left = await (await page.request.get(`/api/v1/tenants/${slug}/functions`)).json();
  expect((left as { functions: { name: string }[] }).functions.map((f) => f.name)).toEqual(['beta']);
});

test('the instances list passes axe in light and dark, empty and filtered', async ({ page }) => {
  const slug = await signUp(page, { name: 'Axe Lists', email: uniqueEmail('axelist'), organisation: 'Axe Lists' });
  for (const theme of ['light', 'dark'] as const) {
    await page.goto(`/t/${slug}/instances?q=nothing&status=running&sort=name`);
    await setTheme(page, theme);
    await expect(page.getByText('No instances match these filters.')).toBeVisible();
    await expectAccessible(page);
  }
});
