// Accessibility sweep: axe (no serious or critical WCAG 2.1 AA violations) on the main pages in light and dark, with a
// screenshot of each (<page>-<theme>.png), and the keyboard path into the page through the skip link.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectAccessible, newAccount, screenshot, signIn, signUp, uniqueEmail, uniqueOrg, type Theme } from './helpers';

/** A fresh browser context whose pages start in `theme` (set before any page script runs, as the toggle would). */
async function themedPage(browser: Browser, theme: Theme): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript((t) => localStorage.setItem('overcast-theme', t), theme);
  return context.newPage();
}

async function check(page: Page, theme: Theme, name: string, heading: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  else await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  await expectAccessible(page);
  await screenshot(page, `${name}-${theme}`);
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test(`sign-in and sign-up pages are accessible (${theme})`, async ({ browser }) => {
      const page = await themedPage(browser, theme);
      await page.goto('/login');
      await check(page, theme, 'login', 'Sign in to Overcast');
      // With an error on screen too.
      await signIn(page, uniqueEmail('nobody'), 'not-the-password');
      await expect(page.getByTestId('form-message')).toHaveText('Wrong email or password.');
      await expectAccessible(page);

      await page.goto('/signup');
      await check(page, theme, 'signup', 'Create your Overcast account');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(page.locator('[data-field-error="email"]')).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, `signup-errors-${theme}`);
      await page.context().close();
    });

    test(`the tenant console pages are accessible (${theme})`, async ({ browser }) => {
      const page = await themedPage(browser, theme);
      const slug = await signUp(page, {
        name: 'Sweep Owner',
        email: uniqueEmail(`sweep-${theme}`),
        organisation: uniqueOrg(`Sweep ${theme}`),
      });
      const pages: [string, string, string][] = [
        ['dashboard', `/t/${slug}/dashboard`, ''],
        ['instances', `/t/${slug}/instances`, 'Instances'],
        ['functions', `/t/${slug}/functions`, 'Functions'],
        ['billing', `/t/${slug}/billing`, 'Billing'],
        ['settings', `/t/${slug}/settings`, 'Settings'],
        ['members', `/t/${slug}/settings/members`, 'Settings'],
      ];
      for (const [name, path, heading] of pages) {
        await page.goto(path);
        await check(page, theme, name, heading || (await page.locator('h1').innerText()));
      }
      // The open account menu and a confirmation dialog are part of the page too.
      await page.locator('summary[aria-label^="Account menu"]').click();
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await expectAccessible(page);
      await page.locator('summary[aria-label^="Account menu"]').click();
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
      await page.getByRole('button', { name: 'Leave this organisation' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, `dialog-${theme}`);
      await page.context().close();
    });

    test(`the admin tenants page is accessible (${theme})`, async ({ browser }) => {
      // At least one tenant in the table whatever ran before.
      await (await newAccount(browser, 'listed')).context.close();
      const page = await themedPage(browser, theme);
      await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
      await page.waitForURL('**/admin/tenants');
      await expect(page.getByTestId(/^tenant-/).first()).toBeVisible();
      await check(page, theme, 'admin-tenants', 'Tenants');
      await page.context().close();
    });
  });
}

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
