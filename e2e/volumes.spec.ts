import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signUp, uniqueEmail } from './helpers';

test('create a volume (bad size refused next to the field), then a container with a new volume from the wizard, seen on its page', async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await signUp(page, { name: 'Vera Volume', email: uniqueEmail('vera'), organisation: 'Disks Ltd' });
  await page.getByRole('link', { name: 'Volumes' }).first().click();
  await page.waitForURL(`**/t/${slug}/volumes`);
  await page.getByLabel('Name', { exact: true }).fill('keep');
  await page.getByLabel('Size (GiB)').fill('0');
  await page.getByRole('button', { name: 'Create volume' }).click();
  await expect(page.locator('[data-field-error="sizeGib"]')).toContainText('from 1 to 512');
  await page.getByLabel('Size (GiB)').fill('5');
  await expect(page.getByTestId('new-volume-price')).toContainText('$0.40 per month');
  await page.getByRole('button', { name: 'Create volume' }).click();
  const row = page.getByTestId('volume-keep');
  await expect(row).toContainText('5 GiB');
  await expect(row).toContainText('$0.40');
  await expectAccessible(page);
  await screenshot(page, 'volumes-list');

  await page.goto(`/t/${slug}/instances/new`);
  await page.getByLabel('Name', { exact: true }).fill('app');
  await page.getByLabel('Image').selectOption({ label: 'static-web' });
  await page.getByLabel('Flavor').selectOption('docker-nano');
  await page.getByLabel('Persistent volume').selectOption('new');
  await page.getByLabel('Volume name').fill('fresh');
  await page.getByLabel('Volume size (GiB)').fill('2');
  await page.getByLabel('Mount path').fill('/srv/data');
  await expect(page.getByTestId('summary-volume')).toContainText('New volume: 2 GiB, $0.16 per month');
  // 5 GiB of the volume made before plus 2 GiB new, against the disk quota.
  await expect(page.getByTestId('quota-impact')).toContainText('7 / 100 GiB');
  await expectAccessible(page);
  await screenshot(page, 'wizard-volume');
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();

  await page.waitForURL(new RegExp(`/t/${slug}/instances/[a-z0-9]+$`));
  await expect(page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible({ timeout: 45_000 });
  const attached = page.getByTestId('instance-volume-fresh');
  await expect(attached).toContainText('/srv/data');
  await expect(attached).toContainText('2 GiB');
  await screenshot(page, 'instance-volumes');

  await attached.getByRole('link', { name: 'fresh' }).click();
  await expect(page.getByTestId('volume-attached')).toContainText('app');
  await expect(page.getByTestId('volume-price')).toContainText('$0.16 per month');
  // Attached: no delete, only detach.
  await expect(page.getByRole('button', { name: 'Delete volume' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Detach' })).toBeVisible();
  await expectAccessible(page);
});

test('a VM gets a new data volume from the wizard (no mount path: its next disk), priced and counted like a container’s', async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await signUp(page, { name: 'Vic Volume', email: uniqueEmail('vic'), organisation: 'VM Disks Ltd' });
  await page.goto(`/t/${slug}/instances/new?kind=vm`);
  await expect(page.getByRole('radio', { name: /^Virtual machine/ })).toBeChecked();
  await page.getByLabel('Name', { exact: true }).fill('vm-with-data');
  await page.getByLabel('Persistent volume').selectOption('new');
  await expect(page.getByLabel('Mount path')).toHaveCount(0);
  await page.getByLabel('Volume name').fill('vm-data');
  await page.getByLabel('Volume size (GiB)').fill('3');
  await expect(page.getByTestId('summary-volume')).toContainText('New volume: 3 GiB, $0.24 per month');
  await expectAccessible(page);
  await screenshot(page, 'wizard-vm-volume');
  // Not started: the VM need not boot for its disk to be attached.
  await page.getByLabel('Start it once created').uncheck();
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await page.waitForURL(new RegExp(`/t/${slug}/instances/[a-z0-9]+$`));

  await page.goto(`/t/${slug}/volumes`);
  await page.getByTestId('volume-vm-data').getByRole('link', { name: 'vm-data' }).click();
  await expect(page.getByTestId('volume-attached')).toContainText('vm-with-data');
  await expect(page.getByTestId('volume-attached')).toContainText('as an extra disk');
  await expect(page.getByTestId('volume-price')).toContainText('$0.24 per month');
});
