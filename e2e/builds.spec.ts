import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, setTheme, signUp, uniqueEmail } from './helpers';

/** The example app (docs/examples/node-app) as a .tar.gz, as a user would pack it. */
function exampleArchive(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-build-')), 'node-app.tar.gz');
  execFileSync('tar', ['-czf', file, '-C', path.resolve('docs/examples/node-app'), '.']);
  return file;
}

test('upload a build context, watch the build log live, see it succeed; bad input is explained next to its field; cancel asks first', async ({ page }) => {
  test.setTimeout(240_000);
  const slug = await signUp(page, { name: 'Grace Hopper', email: uniqueEmail('grace-build'), organisation: 'Compilers Inc' });
  await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Builds' }).click();
  await page.waitForURL(`**/t/${slug}/builds`);
  await expect(page.getByText('No builds yet.')).toBeVisible();

  // Nothing chosen: errors next to the fields, nothing sent.
  await page.getByTestId('start-build').click();
  await expect(page.locator('[data-field-error="context"]')).toContainText('Choose a build context');
  await expect(page.locator('[data-field-error="image"]')).toContainText('Enter an image name');
  // A git URL to the console itself: refused by the API, shown next to the URL.
  await page.getByLabel('Git repository').check();
  await page.getByLabel('Repository URL').fill('http://127.0.0.1:3000/x.git');
  await page.getByLabel('Image', { exact: true }).fill('node-app:v1');
  await page.getByTestId('start-build').click();
  await expect(page.locator('[data-field-error="gitUrl"]')).toContainText('loopback');
  await expectAccessible(page);

  // The example app, uploaded.
  await page.getByLabel('Upload a build context').check();
  await page.getByLabel('Build context', { exact: true }).setInputFiles(exampleArchive());
  await page.getByLabel('Image', { exact: true }).fill('node-app:v1');
  await page.getByLabel('Build args').fill('GREETING=hello');
  await page.getByTestId('start-build').click();
  await page.waitForURL(new RegExp(`/t/${slug}/builds/bld[0-9a-f]+$`));
  // The log arrives while the build runs (no reload), then it succeeds with a digest.
  await expect(page.getByTestId('build-log')).toContainText('FROM docker.io/overcast/node:20', { timeout: 90_000 });
  await expect(page.getByTestId('build-log')).toContainText('RUN ["node", "--check", "server.js"]');
  await expect(page.getByTestId('build-status')).toHaveText('succeeded', { timeout: 120_000 });
  await expect(page.getByTestId('build-digest')).toHaveText(/^sha256:[0-9a-f]{64}$/);
  await expect(page.getByTestId('build-log')).toContainText('Finished in');
  await expect(page.getByRole('button', { name: 'Cancel build' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'build-succeeded');
  await setTheme(page, 'dark');
  await expectAccessible(page);
  await setTheme(page, 'light');

  // The history shows it, with who and the result.
  await page.getByRole('link', { name: 'Builds' }).first().click();
  const row = page.getByTestId('build-row-1');
  await expect(row).toContainText('node-app:v1');
  await expect(row).toContainText('Grace Hopper');
  await expect(row).toHaveAttribute('data-status', 'succeeded');

  // A slow build can be cancelled, after a confirmation; the history follows live.
  const slow = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-build-')), 'slow.tar');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-slow-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM overcast/shell:1\nRUN echo sleeping; sleep 60\n');
  execFileSync('tar', ['-cf', slow, '-C', dir, 'Dockerfile']);
  await page.getByLabel('Build context', { exact: true }).setInputFiles(slow);
  await page.getByLabel('Image', { exact: true }).fill('slow');
  await page.getByTestId('start-build').click();
  await page.waitForURL(new RegExp(`/t/${slug}/builds/bld[0-9a-f]+$`));
  await expect(page.getByTestId('build-log')).toContainText('sleeping', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Cancel build' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel build #2?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel build' }).click();
  await expect(page.getByTestId('build-status')).toHaveText('cancelled', { timeout: 30_000 });
});
