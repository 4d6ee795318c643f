import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signUp, uniqueEmail } from './helpers';

test('create a container in the wizard, see it run, open its URL, read its logs, stop and delete it', async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await signUp(page, { name: 'Grace Hopper', email: uniqueEmail('grace'), organisation: 'Compilers Inc' });
  await page.goto(`/t/${slug}/instances`);
  await page.getByRole('link', { name: 'Create instance' }).click();
  await page.getByLabel('Name', { exact: true }).fill('web');
  await page.getByLabel('Image').selectOption({ label: 'static-web' });
  await page.getByLabel('Flavor').selectOption('docker-nano');
  await expect(page.getByTestId('quota-impact')).toContainText('1 / 10');
  await expectAccessible(page);
  await screenshot(page, 'create-container');
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();

  await page.waitForURL(new RegExp(`/t/${slug}/instances/[a-z0-9]+$`));
  await expect(page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible({ timeout: 30_000 });
  const url = await page.getByTestId('endpoint-8080').getAttribute('href');
  // On the apps address (another site than the console's 127.0.0.1), opened as shown.
  expect(url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
  const res = await page.request.get(url!);
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain('Hello from an Overcast container');
  // busybox httpd -v logs each request: the visit above shows up in the live log.
  await expect(page.getByTestId('logs')).toContainText('response:200', { timeout: 15_000 });
  await expect(page.getByTestId('activity')).toContainText('Running');
  await screenshot(page, 'instance-running');

  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('instance-status').locator('[data-status="stopped"]')).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await page.waitForURL(`**/t/${slug}/instances`);
  // The live list drops the row once the reconciler has removed the container.
  await expect(page.getByTestId('instance-row-web')).toHaveCount(0, { timeout: 30_000 });
  expect((await (await page.request.get(`/api/v1/tenants/${slug}/instances`)).json()).total).toBe(0);
});

test('the wizard refuses bad input next to the field and creates nothing', async ({ page }) => {
  const slug = await signUp(page, { name: 'Bad Input', email: uniqueEmail('bad'), organisation: 'Typos Ltd' });
  await page.goto(`/t/${slug}/instances/new`);
  await page.getByLabel('Name', { exact: true }).fill('Not_A_Name');
  await page.getByLabel('Ports', { exact: true }).fill('8080, 70000');
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expect(page.locator('[data-field-error="name"]')).toContainText('lowercase letters');
  await expect(page.locator('[data-field-error="ports"]')).toContainText('1 to 65535');
  const list = await page.request.get(`/api/v1/tenants/${slug}/instances`);
  expect((await list.json()).total).toBe(0);
});
