// The create pages as people use them (issue 14): every field's error at once (the wizard and the function form,
// whatever the first bad field is), no sideways scrolling at 1440 px nor on a phone, and nothing is created by a
// refused submit.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, newAccount, setTheme } from './helpers';

async function replaceCode(page: Page, code: string) {
  await page.getByTestId('code-editor-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

async function total(page: Page, slug: string, what: 'instances' | 'functions'): Promise<number> {
  return ((await (await page.request.get(`/api/v1/tenants/${slug}/${what}`)).json()) as { total?: number; functions?: unknown[] }).total ?? 0;
}

test('the wizard shows the name, ports and variables errors together', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'allc');
  await page.goto(`/t/${slug}/instances/new`);
  await hydrated(page.getByLabel('Flavor'));
  await page.getByLabel('Name', { exact: true }).fill('Bad Name');
  await page.getByLabel('Ports', { exact: true }).fill('8080, 70000');
  await page.getByLabel('Environment variables').fill('NOT A LINE');
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expect(page.locator('[data-field-error="env"]')).toContainText('is not NAME=value');
  await expect(page.locator('[data-field-error="name"]')).toContainText('lowercase letters');
  await expect(page.locator('[data-field-error="ports"]')).toContainText('1 to 65535');
  expect(await total(page, slug, 'instances')).toBe(0);
});

test('the function form shows the name, timeout, variables and code errors together', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'allf');
  await page.goto(`/t/${slug}/functions/new`);
  await expect(page.getByTestId('code-editor-content')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Bad Fn');
  await page.getByLabel('Timeout (ms)').fill('5');
  await page.getByLabel('Environment variables').fill('NOT A LINE');
  await replaceCode(page, 'export default async function () {\n  return {\n}');
  await page.getByRole('button', { name: 'Create and deploy' }).first().click();
  await expect(page.locator('[data-field-error="env"]')).toContainText('is not NAME=value');
  await expect(page.locator('[data-field-error="name"]')).toContainText('lowercase letters');
  await expect(page.locator('[data-field-error="timeoutMs"]')).toBeVisible();
  await expect(page.locator('[data-field-error="code"]')).toContainText('Line 3');

  // With the variables fixed the API answers, still with every remaining error at once.
  await page.getByLabel('Environment variables').fill('GOOD=1');
  await page.getByRole('button', { name: 'Create and deploy' }).first().click();
  await expect(page.locator('[data-field-error="env"]')).toHaveCount(0);
  await expect(page.locator('[data-field-error="name"]')).toContainText('lowercase letters');
  await expect(page.locator('[data-field-error="timeoutMs"]')).toBeVisible();
  await expect(page.locator('[data-field-error="code"]')).toContainText('Line 3');
  expect(await total(page, slug, 'functions')).toBe(0);
});

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`the create pages do not scroll sideways at ${viewport.width} px`, async ({ browser }) => {
    const { page, slug, context } = await newAccount(browser, `wide${viewport.width}`);
    await page.setViewportSize(viewport);
    for (const path of [`/t/${slug}/instances/new`, `/t/${slug}/instances/new?kind=vm`, `/t/${slug}/functions/new`]) {
      await page.goto(path);
      await expect(page.getByRole('complementary', { name: 'Summary' })).toBeVisible();
      if (path.includes('functions')) await expect(page.getByTestId('code-editor-content')).toBeVisible();
      const size = await page.evaluate(() => ({
        scroll: document.scrollingElement!.scrollWidth,
        inner: window.innerWidth,
        // What sticks out, to name in the failure.
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} (right ${Math.round(el.getBoundingClientRect().right)})`),
      }));
      expect(size.scroll, `${path}: page ${size.scroll} px wide in a ${size.inner} px window; sticking out: ${size.wide.join('; ')}`).toBeLessThanOrEqual(size.inner);
      // The summary is wholly inside the window.
      const box = (await page.getByRole('complementary', { name: 'Summary' }).boundingBox())!;
      expect(box.x + box.width, path).toBeLessThanOrEqual(size.inner);
    }
    await context.close();
  });
}

test('user-data: the counter and the refusal say the same size, and exactly the limit is accepted', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'udata');
  await page.goto(`/t/${slug}/instances/new?kind=vm`);
  const box = await hydrated(page.getByLabel('User-data (optional)'));
  await box.fill('x'.repeat(16 * 1024 + 1));
  await expect(page.getByTestId('user-data-size')).toContainText('16.1 of 16 KiB');
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expect(page.locator('[data-field-error="userData"]')).toHaveText('User-data may be at most 16 KiB (this is 16.1 KiB).');
  await box.fill('x'.repeat(16 * 1024));
  await expect(page.getByTestId('user-data-size')).toContainText('16.0 of 16 KiB');
  await page.getByLabel('Name', { exact: true }).fill('Still Bad');
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expect(page.locator('[data-field-error="name"]')).toBeVisible();
  await expect(page.locator('[data-field-error="userData"]')).toHaveCount(0);
});

test('the wizard suggests a name, repeats Create where the form ends and keeps the summary in view', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'suggest');
  await page.setViewportSize({ width: 1440, height: 700 });
  await page.goto(`/t/${slug}/instances/new?kind=vm`);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(/^[a-z]+-[a-z]+-\d{3}$/);
  const creates = page.getByRole('button', { name: 'Create', exact: true });
  await expect(creates).toHaveCount(2);
  // Scrolled to the end of the form, the summary (with its price and button) is still on screen.
  await creates.last().scrollIntoViewIfNeeded();
  await expect(creates.last()).toBeInViewport();
  await expect(page.getByRole('complementary', { name: 'Summary' }).getByRole('button', { name: 'Create', exact: true })).toBeInViewport();
  await page.getByLabel('Start it once created').uncheck();
  const name = await page.getByLabel('Name', { exact: true }).inputValue();
  await creates.last().click();
  await page.waitForURL(new RegExp(`/t/${slug}/instances/(?!new$)[a-z0-9]+$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
});

test('a VM’s boot disk size: bounded by the flavor, priced in the summary, and the VM is created with it', async ({ browser }) => {
  const { page, slug } = await newAccount(browser, 'disk');
  await page.goto(`/t/${slug}/instances/new?kind=vm`);
  await hydrated(page.getByLabel('Boot disk (GiB)'));
  await page.getByLabel('Image').selectOption({ label: 'tiny' });
  await page.getByLabel('Flavor').selectOption('qemu-tiny');
  const disk = page.getByLabel('Boot disk (GiB)');
  await expect(disk).toHaveValue('1');
  await expect(page.locator('#f-diskGib-hint')).toContainText('1 to 10 GiB');
  const summary = page.getByRole('complementary', { name: 'Summary' });
  const monthlyAt1 = await summary.getByTestId('price-monthly').textContent();
  await disk.fill('3');
  await expect(page.getByTestId('summary-disk')).toHaveText('Boot disk: 3 GiB');
  await expect(page.getByTestId('quota-impact')).toContainText(/Disk\s*3 \//);
  await expect(summary.getByTestId('price-monthly')).not.toHaveText(monthlyAt1 ?? '');
  // Out of the flavor's bounds: refused next to the field, by the server.
  await disk.fill('11');
  await page.getByLabel('Start it once created').uncheck();
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await expect(page.locator('[data-field-error="diskGib"]')).toContainText('v1.tiny takes a disk of 1 to 10 GiB');
  await disk.fill('3');
  await page.getByRole('button', { name: 'Create', exact: true }).first().click();
  await page.waitForURL(new RegExp(`/t/${slug}/instances/(?!new$)[a-z0-9]+$`));
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const inst = (await (await page.request.get(`/api/v1/tenants/${slug}/instances/${id}`)).json()) as { diskGib: number; flavor: { name: string } };
  expect(inst).toMatchObject({ diskGib: 3, flavor: { name: 'v1.tiny' } });
});

test('the create pages, with their errors shown, are accessible in light and dark', async ({ browser }) => {
  const { page, slug, context } = await newAccount(browser, 'a11yc');
  for (const theme of ['light', 'dark'] as const) {
    await page.goto(`/t/${slug}/instances/new?kind=vm`);
    await setTheme(page, theme);
    await hydrated(page.getByLabel('Boot disk (GiB)'));
    await page.getByLabel('Name', { exact: true }).fill('Bad VM');
    await page.getByLabel('Boot disk (GiB)').fill('99');
    await page.getByRole('button', { name: 'Create', exact: true }).first().click();
    await expect(page.locator('[data-field-error="diskGib"]')).toBeVisible();
    await expect(page.locator('[data-field-error="name"]')).toBeVisible();
    await expectAccessible(page);
    await page.goto(`/t/${slug}/functions/new`);
    await expect(page.getByTestId('code-editor-content')).toBeVisible();
    await page.getByLabel('Name', { exact: true }).fill('Bad Fn');
    await page.getByRole('button', { name: 'Create and deploy' }).first().click();
    await expect(page.locator('[data-field-error="name"]')).toBeVisible();
    await expectAccessible(page);
  }
  await context.close();
});
