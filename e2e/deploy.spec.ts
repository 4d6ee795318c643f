// Running your own image: the wizard creates a container from an image in the organisation's namespace with a custom
// command and an HTTP health check, and it becomes healthy and running; the instance page deploys another version
// (an unknown tag is refused next to the field) and rolls back, each served by the container's URL.
import { expect, test, type Page } from '@playwright/test';
import Docker from 'dockerode';
import { expectAccessible, FROM_CONSOLE, screenshot, signUp, uniqueEmail } from './helpers';
import { buildTestApp, removeImages } from '../test/helpers/app-images';

const engine = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });

/** What the container's published port answers at `/`, once it answers. */
async function served(page: Page, want: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const url = await page.getByTestId('endpoint-8080').getAttribute('href', { timeout: 1_000 }).catch(() => null);
        if (!url) return null;
        const res = await page.request.get(url, { timeout: 2_000 }).catch(() => null);
        return res && res.ok() ? (await res.text()).trim() : null;
      },
      { timeout: 45_000 },
    )
    .toBe(want);
}

test('create from your own image with a health check and custom command, then deploy and roll back from the instance page', async ({ page }) => {
  test.setTimeout(300_000);
  const slug = await signUp(page, { name: 'Ada Deployer', email: uniqueEmail('deploy'), organisation: 'Deploys Inc' });
  const refs = [await buildTestApp(engine, `${slug}/app`, '1', 'one'), await buildTestApp(engine, `${slug}/app`, '2', 'two')];
  try {
    await page.goto(`/t/${slug}/instances/new`);
    await page.getByLabel('Name', { exact: true }).fill('app');
    await page.getByLabel('Image', { exact: true }).selectOption({ label: 'Your own image (by reference)…' });
    await page.getByLabel('Image reference').fill(`${slug}/app:1`);
    await page.getByLabel('Flavor').selectOption('docker-small');
    await page.getByLabel('Ports', { exact: true }).fill('8080');
    await page.getByLabel('Command (optional)').fill('node /app/app.js');
    await page.getByLabel('Check', { exact: true }).selectOption('http');
    await page.getByLabel('Path').fill('/healthz');
    await page.getByLabel('Port', { exact: true }).fill('8080');
    await page.getByLabel('Interval (s)').fill('1');
    await page.getByLabel('Retries').fill('2');
    await page.getByLabel('Start period (s)').fill('10');
    await expectAccessible(page);
    await screenshot(page, 'create-own-image');
    await page.getByRole('button', { name: 'Create', exact: true }).first().click();

    await page.waitForURL(new RegExp(`/t/${slug}/instances/[a-z0-9]+$`));
    const id = page.url().split('/').pop()!;
    await expect(page.getByTestId('instance-health')).toHaveAttribute('data-health', 'healthy', { timeout: 45_000 });
    await expect(page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible();
    await expect(page.getByTestId('spec-command')).toHaveText('node /app/app.js');
    await expect(page.getByTestId('spec-health')).toContainText('GET /healthz on port 8080');
    await served(page, 'one');
    await expect(page.getByTestId('version-1')).toContainText('current');
    await expectAccessible(page);
    await screenshot(page, 'instance-healthy');

    // An unknown tag is refused next to the field; nothing changes.
    await page.getByLabel('Image to deploy').fill(`${slug}/app:9`);
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await expect(page.locator('[data-field-error="image"]')).toContainText('has no tag “9” (it has: 1, 2)');

    await page.getByLabel('Image to deploy').fill(`${slug}/app:2`);
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await expect(page.getByTestId('deploy-message')).toContainText('version 2');
    await expect(page.getByTestId('version-2')).toContainText('current', { timeout: 15_000 });
    await served(page, 'two');
    await expect(page.getByTestId('instance-health')).toHaveAttribute('data-health', 'healthy', { timeout: 45_000 });

    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
    await expect(page.getByTestId('version-3')).toContainText('copy of v1', { timeout: 15_000 });
    await served(page, 'one');
    await expect(page.getByTestId('activity')).toContainText('Rollback to version 1');
    await screenshot(page, 'instance-rolled-back');

    await page.request.post(`/api/v1/tenants/${slug}/instances/${id}/actions`, { data: { action: 'delete' }, headers: FROM_CONSOLE });
  } finally {
    await removeImages(engine, refs);
  }
});
