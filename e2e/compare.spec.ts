// The calculator's Compare view: one workload as a VM, a container and a function side by side, each with its price
// and its time, the break-even in words; a bad input is shown next to its field; light and dark, accessible. The
// create wizard says how soon an instance is ready on this platform, or that nothing is measured yet.
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, newAccount, screenshot, setTheme } from './helpers';

test('the compare view prices and times a workload three ways', async ({ browser }) => {
  const a = await newAccount(browser, 'comparer');
  const { page } = a;
  await page.goto(`/t/${a.slug}/calculator`);
  const view = page.getByRole('region', { name: 'Compare: VM, container or function' });
  await hydrated(view.getByLabel('Monthly requests'));
  await view.getByLabel('Processor cores (vCPU)').fill('1');
  await view.getByLabel('Memory in MiB').fill('512');
  await view.getByLabel('Monthly requests').fill('3000000');
  await view.getByLabel('Mean time per request (ms)').fill('100');

  const columns = view.getByRole('listitem');
  await expect(columns).toHaveCount(3);
  for (const [name, time] of [
    ['As a VM', /Create → ready \(guest booted\)/],
    ['As a container', /Create → running/],
    ['As a function', /Cold start/],
  ] as const) {
    const col = view.getByRole('listitem', { name });
    await expect(col.getByTestId('monthly')).toHaveText(/^\$\d[\d,]*\.\d\d a month$/);
    await expect(col).toContainText(time);
    // A time is a measured figure or says plainly that there is none yet.
    await expect(col).toContainText(/about \d|not measured on this platform yet/);
  }
  await expect(view.getByRole('listitem', { name: 'As a container' })).toContainText('c1.medium');
  await expect(view.getByTestId('break-even')).toContainText(/requests a month/);

  await view.getByLabel('Monthly requests').fill('-1');
  await expect(view.locator('[data-field-error="compare-requestsPerMonth"]')).toHaveText('Requests a month cannot be negative.');
  await expect(view.getByLabel('Monthly requests')).toHaveAttribute('aria-invalid', 'true');
  await view.getByLabel('Monthly requests').fill('3000000');
  await expect(columns).toHaveCount(3);
  await expectAccessible(page);
  await screenshot(page, 'compare-light');
  await setTheme(page, 'dark');
  await expectAccessible(page);
  await screenshot(page, 'compare-dark');

  await page.goto(`/t/${a.slug}/instances/new`);
  await expect(page.getByTestId('ready-in')).toContainText(/Ready in about \d|No time to ready measured yet/);
  await page.goto(`/t/${a.slug}/functions/new`);
  await expect(page.getByTestId('cold-start-in')).toContainText(/Cold start in about \d|No cold start measured yet/);
  await a.context.close();
});
