// Accessibility sweep: axe (no serious or critical WCAG 2.1 AA violations) on the main pages in light and dark, with a
// screenshot of each (<page>-<theme>.png), and the keyboard path into the page through the skip link.
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectAccessible, hydrated, newAccount, screenshot, setTheme, signIn, type Theme, uniqueEmail } from './helpers';

const THEMES = ['light', 'dark'] as const;

async function expectTheme(page: Page, theme: Theme): Promise<void> {
  if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  else await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
}

/** axe and a screenshot of the page as it is, in each theme, switched with the console's own theme select. */
async function checkBothThemes(page: Page, name: string, heading: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  for (const theme of THEMES) {
    await (await hydrated(page.getByLabel('Colour theme'))).selectOption(theme);
    await expectTheme(page, theme);
    await expectAccessible(page);
    await screenshot(page, `${name}-${theme}`);
  }
}

test('sign-in and sign-up pages are accessible in light and dark', async ({ page }) => {
  for (const theme of THEMES) {
    // These pages have no theme select: the choice stored by the console's select applies.
    await page.goto('/login');
    await setTheme(page, theme);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Overcast' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `login-${theme}`);
    // With an error on screen too.
    await signIn(page, uniqueEmail('nobody'), 'not-the-password');
    await expect(page.getByTestId('form-message')).toHaveText('Wrong email or password.');
    await expectAccessible(page);

    await page.goto('/signup');
    await expectTheme(page, theme);
    await expect(page.getByRole('heading', { level: 1, name: 'Create your Overcast account' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `signup-${theme}`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('[data-field-error="email"]')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `signup-errors-${theme}`);
  }
});

test('the tenant console pages are accessible in light and dark', async ({ browser }) => {
  const { page, slug, organisation, context } = await newAccount(browser, 'sweep');
  const pages: [string, string, string][] = [
    ['dashboard', 'dashboard', organisation],
    ['instances', 'instances', 'Instances'],
    ['functions', 'functions', 'Functions'],
    ['billing', 'billing', 'Billing'],
    ['settings', 'settings', 'Settings'],
    ['members', 'settings/members', 'Settings'],
  ];
  for (const [name, path, heading] of pages) {
    await page.goto(`/t/${slug}/${path}`);
    await checkBothThemes(page, name, heading);
  }
  // The open account menu and a confirmation dialog are part of the page too (dark is still selected).
  await page.locator('summary[aria-label^="Account menu"]').click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectAccessible(page);
  await page.locator('summary[aria-label^="Account menu"]').click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await (await hydrated(page.getByRole('button', { name: 'Leave this organisation' }))).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'dialog-dark');
  // The choice survives a reload (the boot script reads it before the first paint).
  await page.reload();
  await expectTheme(page, 'dark');
  await expect(page.getByLabel('Colour theme')).toHaveValue('dark');
  await context.close();
});

test('the admin tenants page is accessible in light and dark', async ({ browser }) => {
  // At least one tenant in the table, whatever ran before.
  const listed = await newAccount(browser, 'listed');
  await listed.context.close();
  const page = await (await browser.newContext()).newPage();
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.waitForURL('**/admin/tenants');
  await expect(page.getByTestId(`tenant-${listed.slug}`)).toBeVisible();
  await checkBothThemes(page, 'admin-tenants', 'Tenants');
  await page.context().close();
});

test('keyboard: the skip link is the first Tab stop and moves focus to the main content', async ({ browser }) => {
  const { page, slug, context } = await newAccount(browser, 'keyboard');
  await page.goto(`/t/${slug}/dashboard`);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  // Visible while focused (it is visually hidden otherwise).
  const box = await skip.boundingBox();
  expect(box && box.width > 20 && box.height > 10).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  // The next Tab stop is the first control of the page itself, not back in the header or the navigation.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('main').getByRole('link', { name: 'View instances' })).toBeFocused();
  await context.close();
});
