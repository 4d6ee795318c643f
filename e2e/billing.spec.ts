import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectAccessible, expectProblem, hydrated, newAccount, screenshot, signIn, signUp, uniqueEmail, FROM_CONSOLE } from './helpers';

test('the wizard prices the flavor as it changes, and the bill shows a created-and-deleted instance', async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await signUp(page, { name: 'Ada Lovelace', email: uniqueEmail('ada'), organisation: 'Engines Ltd' });
  await page.goto(`/t/${slug}/instances/new`);
  const flavor = await hydrated(page.getByLabel('Flavor'));
  // Seeded list prices: 0.02 per vCPU-hour, 0.0025 per GiB-hour, 730 hours.
  // c1.nano: 182.5 vCPU-h = 3.65, 91.25 GiB-h = 0.228125 → 0.23.
  await flavor.selectOption('docker-nano');
  await expect(page.getByTestId('price-monthly')).toHaveText('$3.88');
  // c1.small: 7.30 + 0.45625 → 0.46.
  await flavor.selectOption('docker-small');
  await expect(page.getByTestId('price-monthly')).toHaveText('$7.76');
  await expect(page.getByTestId('price-hourly')).toContainText('$0.01063 hourly');
  await screenshot(page, 'wizard-price');

  await page.getByLabel('Name', { exact: true }).fill('billed-web');
  await page.getByLabel('Image').selectOption({ label: 'static-web' });
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await page.waitForURL(new RegExp(`/t/${slug}/instances/[a-z0-9]+$`));
  await expect(page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible({ timeout: 30_000 });
  // Its page shows what it costs at today's prices.
  await expect(page.getByTestId('price-monthly')).toHaveText('$7.76');
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await page.waitForURL(`**/t/${slug}/instances`);
  await expect(page.getByTestId('instance-row-billed-web')).toHaveCount(0, { timeout: 30_000 });

  await page.goto(`/t/${slug}/billing`);
  const lines = page.getByTestId('bill-lines');
  await expect(lines).toContainText('billed-web (c1.small): vCPU');
  await expect(lines).toContainText('billed-web (c1.small): memory');
  await expect(page.getByTestId('month-to-date')).toHaveText('$0.00');
  // The charges are a captioned table: column headers, each line named by its row header, amounts right-aligned in
  // tabular figures, and the total in a footer row of its own.
  await expect(page.getByRole('table', { name: /^Charges of \d{4}-\d{2}$/ })).toBeVisible();
  await expect(lines.getByRole('columnheader')).toHaveText(['Item', 'Quantity', 'Unit price', 'Amount']);
  await expect(lines.getByRole('rowheader').filter({ hasText: 'billed-web (c1.small): vCPU' })).toHaveCount(1);
  const amount = lines.locator('tbody tr').first().getByRole('cell').last();
  await expect(amount).toHaveCSS('text-align', 'right');
  await expect(amount).toHaveCSS('font-variant-numeric', 'tabular-nums');
  await expect(lines.locator('tfoot').getByRole('rowheader')).toHaveText('Total');
  await expect(lines.locator('tfoot').getByTestId('bill-total')).toHaveText('$0.00');
  await expectAccessible(page);
  await screenshot(page, 'billing');

  const csv = await page.request.get(`/api/v1/tenants/${slug}/billing/csv`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain('billed-web');

  // Budget: bad input is refused next to the field; a good one is saved.
  await page.getByLabel('Monthly budget (USD)').fill('-3');
  await page.getByRole('button', { name: 'Save budget' }).click();
  await expect(page.locator('[data-field-error="amount"]')).toContainText('At least 0.01');
  await page.getByLabel('Monthly budget (USD)').fill('25');
  await page.getByRole('button', { name: 'Save budget' }).click();
  await expect(page.getByText('Budget saved.')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Budget spent' })).toBeVisible();

  // The printable month: where it sits (a breadcrumb trail back to billing), the same lines and total.
  await page.getByRole('link', { name: 'Printable' }).click();
  await page.waitForURL(new RegExp(`/t/${slug}/billing/invoice/\\d{4}-\\d{2}$`));
  const month = page.url().split('/').pop()!;
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(crumbs.getByRole('listitem')).toHaveText([/^Engines Ltd/, /^Billing/, `Statement ${month}`]);
  await expect(crumbs.locator('[aria-current="page"]')).toHaveText(`Statement ${month}`);
  await expect(page.getByTestId('bill-lines')).toContainText('billed-web (c1.small): vCPU');
  await expect(page.getByTestId('bill-total')).toHaveText('$0.00');
  await expectAccessible(page);
  await crumbs.getByRole('link', { name: 'Billing' }).click();
  await page.waitForURL(`**/t/${slug}/billing?month=${month}`);
});

test('billing is for owners of the tenant only; estimates refuse bad input', async ({ browser }) => {
  const a = await newAccount(browser, 'payer');
  const b = await newAccount(browser, 'snoop');
  for (const path of ['billing', 'billing/invoices', 'billing/csv']) {
    await expectProblem(await b.page.request.get(`/api/v1/tenants/${a.slug}/${path}`), 404, 'not_found');
  }
  await expectProblem(await b.page.request.put(`/api/v1/tenants/${a.slug}/budget`, { headers: FROM_CONSOLE, data: { amount: 5 } }), 404, 'not_found');
  expect((await a.page.request.get(`/api/v1/tenants/${a.slug}/billing`)).status()).toBe(200);
  const page = await b.page.goto(`/t/${a.slug}/billing`);
  expect(page?.status()).toBe(404);

  const bad = await expectProblem(
    await a.page.request.post('/api/v1/estimates', { headers: FROM_CONSOLE, data: { workload: { items: [{ type: 'function', provider: 'functions', requests: -1, durationMs: 10, memoryMb: 128 }] } } }),
    400,
    'validation_failed',
  );
  expect(JSON.stringify(bad.errors)).toContain('Requests must be at least 0');
  const ok = await a.page.request.post('/api/v1/estimates', { headers: FROM_CONSOLE,
    data: { compare: true, workload: { items: [{ type: 'function', provider: 'functions', requests: 3000000, durationMs: 100, memoryMb: 128 }] } },
  });
  const body = await ok.json();
  expect(body.estimates.length).toBeGreaterThanOrEqual(2);
  // 2M billable requests at 0.15 per million; 37,500 GB-s stay in the free tier.
  expect(body.estimates[0]).toMatchObject({ catalog: 'Overcast list prices', monthlyMinor: 30 });
  await expectProblem(await a.page.request.get('/api/v1/admin/prices'), 404, 'not_found');
  await a.context.close();
  await b.context.close();
});

test('the calculator prices several items and compares price lists and kinds', async ({ browser }) => {
  const a = await newAccount(browser, 'planner');
  const { page } = a;
  await page.goto(`/t/${a.slug}/calculator`);
  await hydrated(page.getByRole('button', { name: 'Add a function' }));
  // The flavor list follows the kind: container flavors for a container, VM flavors (with their size) for a VM.
  const flavor = page.getByLabel('Flavor');
  await expect(flavor.locator('option', { hasText: 'v1.small' })).toHaveCount(0);
  const containerPrice = await page.getByTestId('price-estimate').textContent();
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Virtual machine' });
  await expect(flavor.locator('option', { hasText: /^c1\./ })).toHaveCount(0);
  await expect(flavor).toHaveValue('v1.tiny');
  await flavor.selectOption('v1.medium');
  await expect(page.getByLabel('vCPUs', { exact: true })).toHaveValue('2');
  await expect(page.getByTestId('price-estimate')).not.toHaveText(containerPrice!);
  await page.getByRole('button', { name: 'Add a function' }).click();
  await expect(page.getByTestId('price-estimate')).toHaveCount(1);
  await page.getByLabel(/Compare every price list/).check();
  await expect(page.getByTestId('price-estimate')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Across kinds' })).toContainText('Every instance as a virtual machine');
  await page.getByLabel('Requests a month').fill('-5');
  await expect(page.getByText('Requests must be at least 0.')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'calculator');
  await a.context.close();
});

test('admins import and schedule prices; bad imports change nothing', async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.waitForURL('**/admin/tenants');
  await page.goto('/admin/prices');
  await expect(page.getByRole('link', { name: 'Overcast list prices' })).toBeVisible();
  const csvName = `CSV list ${Date.now()}`;
  await page.getByLabel('Name').fill(csvName);
  await page.getByLabel('Catalog file (.json or .csv)').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('provider,unit,unitPrice\ndocker,lightyears,1\n') });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(/Unit must be one of/)).toBeVisible();
  await expect(page.getByRole('link', { name: csvName })).toHaveCount(0);

  await page.getByLabel('Catalog file (.json or .csv)').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('provider,unit,flavor,unitPrice,freePerMonth\ndocker,vcpu_hour,,0.03,0\ndocker,flavor_hour,c1.nano,0.004,0\n') });
  await page.getByLabel('Name').fill(csvName);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText('Imported: 2 price version(s) added.')).toBeVisible();
  await expect(page.getByTestId('rates')).toContainText('0.004 per hour');
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(crumbs.getByRole('listitem')).toHaveText([/^Admin/, /^Prices/, csvName]);
  await expect(crumbs.locator('[aria-current="page"]')).toHaveText(csvName);
  // The prices in force: one row per price, named by its provider, the price right-aligned, an End button each.
  const rates = page.getByRole('table', { name: 'Prices in force now' });
  await expect(rates.getByRole('columnheader')).toHaveText(['Provider', 'Unit', 'Flavor', 'Price', 'Free each month', 'Actions']);
  const flavorRow = rates.getByRole('row').filter({ hasText: 'c1.nano' });
  await expect(flavorRow.getByRole('rowheader')).toHaveText('docker');
  await expect(flavorRow.getByRole('cell').nth(2)).toContainText('0.004 per hour');
  await expect(flavorRow.getByRole('cell').nth(2)).toHaveCSS('text-align', 'right');
  await expect(flavorRow.getByRole('button', { name: /^End the docker/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Every price version, newest first' }).getByRole('row')).toHaveCount(3);
  await expectAccessible(page);

  await page.getByLabel('Unit price').fill('0.05');
  await page.getByLabel('Effective from (UTC)').fill('2020-01-01T00:00');
  await page.getByRole('button', { name: 'Schedule price' }).click();
  await expect(page.locator('[data-field-error="effectiveFrom"]')).toContainText('past months stay priced');
  await page.getByLabel('Effective from (UTC)').fill('2099-01-01T00:00');
  await page.getByRole('button', { name: 'Schedule price' }).click();
  await expect(page.getByText('The new price is scheduled.')).toBeVisible();
  await expect(page.getByText(/2099.*00:00.*\(scheduled\)/)).toBeVisible();
  const exported = await (await page.request.get(page.url().replace('/admin/prices/', '/api/v1/admin/prices/'))).json();
  expect(exported.rates.find((r: { unit: string }) => r.unit === 'vcpu_hour').unitPrice).toBe('0.03');
  await screenshot(page, 'admin-prices');
});
