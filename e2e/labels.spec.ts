// Issue 14: labels on a container (added and removed on its page, refused next to the field when malformed), the
// instances list filtered by a label, the bill's cost by label (a real running container); and the command palette
// (Ctrl-K, type part of an instance's name, Enter opens it), `?` for the shortcuts and `/` for the page's search
// field, with axe in both themes while the palette is open. Fixtures are made through the API; each test is on its own.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, FROM_CONSOLE, hydrated, setTheme, signUp, uniqueEmail } from './helpers';

async function createContainer(page: Page, slug: string, name: string, opts: { start: boolean; labels?: Record<string, string> }): Promise<string> {
  const res = await page.request.post(`/api/v1/tenants/${slug}/instances`, {
    headers: FROM_CONSOLE,
    data: { name, imageId: 'docker-static-web', flavorId: 'docker-nano', ports: [8080], start: opts.start, labels: opts.labels ?? {} },
  });
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()).id as string;
}

test('labels on an instance’s page: refused next to the field when malformed, added and removed', async ({ page }) => {
  const slug = await signUp(page, { name: 'Lab Eller', email: uniqueEmail('labels'), organisation: 'Labelled Things' });
  // Labels need no engine: a container that is never started.
  const id = await createContainer(page, slug, 'labelled-web', { start: false });
  await page.goto(`/t/${slug}/instances/${id}`);
  const labels = page.getByRole('region', { name: 'Labels' });
  const field = await hydrated(labels.getByLabel('Add a label'));
  // A malformed label is refused next to the field, and nothing is saved.
  await field.fill('bad key=x');
  await field.press('Enter');
  await expect(labels.locator('[data-field-error="label-add"]')).toContainText('A key is');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('team=web');
  await field.press('Enter');
  await expect(labels.getByTestId('label-chips')).toContainText('team=web');
  await expect(field).toHaveValue('');
  await field.fill('tmp');
  await field.press('Enter');
  await expect(labels.getByTestId('label-chips')).toContainText('tmp');
  await labels.getByRole('button', { name: 'Remove label tmp' }).click();
  await expect(labels.getByRole('button', { name: 'Remove label tmp' })).toHaveCount(0);
  await expect(field).toBeFocused();
  const stored = await (await page.request.get(`/api/v1/tenants/${slug}/instances/${id}`)).json();
  expect(stored.labels).toEqual({ team: 'web' });
  await expectAccessible(page);
});

test('the instances list filtered by a label, explained when malformed; axe in light and dark', async ({ page }) => {
  const slug = await signUp(page, { name: 'Fil Ter', email: uniqueEmail('labelfilter'), organisation: 'Filtered Things' });
  await createContainer(page, slug, 'labelled-web', { start: false, labels: { team: 'web' } });
  await createContainer(page, slug, 'plain-web', { start: false });
  // The list, filtered by the label through its field: only the labelled instance, its chip under the name.
  await page.goto(`/t/${slug}/instances`);
  await expect(page.getByTestId('instance-row-plain-web')).toBeVisible();
  const filter = await hydrated(page.getByRole('search', { name: 'Filter by label' }).getByRole('textbox'));
  await filter.fill('team=web');
  await filter.press('Enter');
  await page.waitForURL(/label=team%3Dweb/);
  await expect(page.getByTestId('instance-row-labelled-web')).toContainText('team=web');
  await expect(page.getByTestId('instance-row-plain-web')).toHaveCount(0);
  // A malformed filter is explained next to the field.
  await page.goto(`/t/${slug}/instances?label=${encodeURIComponent('bad key')}`);
  await expect(page.locator('[data-field-error="label"]')).toContainText('Filter by label as key or key=value');
  for (const theme of ['light', 'dark'] as const) {
    await page.goto(`/t/${slug}/instances?label=team%3Dweb`);
    await setTheme(page, theme);
    await expect(page.getByTestId('instance-row-labelled-web')).toBeVisible();
    await expectAccessible(page);
  }
});

test('the bill splits the month by label: a running container’s cost under team=web', async ({ page }) => {
  const slug = await signUp(page, { name: 'Bill Label', email: uniqueEmail('labelbill'), organisation: 'Billed Labels' });
  const id = await createContainer(page, slug, 'labelled-web', { start: true, labels: { team: 'web' } });
  await createContainer(page, slug, 'plain-web', { start: false });
  // Metered from its first running second: the bill has its line (and so its label) once it has run.
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/tenants/${slug}/instances/${id}`)).json()).status, { timeout: 40_000 })
    .toBe('running');
  type Bill = { totalMinor: number; byLabel: { key: string; unlabelledMinor: number; values: { value: string; amountMinor: number }[] }[] };
  const bill = async () => (await (await page.request.get(`/api/v1/tenants/${slug}/billing`)).json()) as Bill;
  await expect.poll(async () => (await bill()).byLabel.find((k) => k.key === 'team')?.values.map((v) => v.value), { timeout: 15_000 }).toEqual(['web']);
  const team = (await bill()).byLabel.find((k) => k.key === 'team')!;
  expect(team.values[0]!.amountMinor + team.unlabelledMinor).toBe((await bill()).totalMinor);
  await page.goto(`/t/${slug}/billing`);
  const byLabel = page.getByRole('region', { name: 'Cost by label' });
  await expect(byLabel.getByTestId('label-costs')).toContainText('team=web');
  await expectAccessible(page);
});

test('command palette: Ctrl-K, part of a name, Enter opens the instance; ? lists shortcuts; / focuses search', async ({ page }) => {
  const slug = await signUp(page, { name: 'Pal Ette', email: uniqueEmail('palette'), organisation: 'Palette Works' });
  const id = await createContainer(page, slug, 'palette-target', { start: false });
  await createContainer(page, slug, 'other-box', { start: false });

  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await hydrated(page.getByRole('button', { name: /Jump to/ }));
    await page.keyboard.press('Control+K');
    const palette = page.getByTestId('command-palette');
    await expect(palette).toBeVisible();
    await expect(palette.getByRole('combobox')).toBeFocused();
    await expect(palette.getByRole('option', { name: /palette-target/ })).toBeVisible();
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
  }

  await page.keyboard.press('Control+K');
  const palette = page.getByTestId('command-palette');
  const combobox = palette.getByRole('combobox');
  await combobox.fill('ette-tar');
  const options = palette.getByRole('listbox').getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(combobox).toHaveAttribute('aria-activedescendant', (await options.first().getAttribute('id'))!);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/t/${slug}/instances/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'palette-target' })).toBeVisible();

  // Pages and actions are there too: arrows choose, Enter runs.
  await page.keyboard.press('Control+K');
  await combobox.fill('billing');
  await expect(options.filter({ hasText: 'Billing' })).toBeVisible();
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/t/${slug}/billing`);

  // ? opens the shortcuts (not while typing in a field); / focuses the page's search field.
  await page.goto(`/t/${slug}/instances`);
  await hydrated(page.getByRole('search', { name: 'Filter by label' }).getByRole('textbox'));
  await page.locator('h1').click();
  await page.keyboard.press('Shift+Slash');
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Open the command palette');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // `/` focuses the page's first search field: the list's name search, before the label filter.
  const search = page.getByTestId('filter-bar').locator('input').first();
  await page.keyboard.press('Slash');
  await expect(search).toBeFocused();
  await page.keyboard.type('a?/');
  await expect(search).toHaveValue('a?/');
  await expect(help).toBeHidden();
});
