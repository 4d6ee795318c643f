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

/** axe and a screenshot of the page in one theme, switched with the console's own theme select. */
async function checkTheme(page: Page, name: string, heading: string, theme: Theme): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await (await hydrated(page.getByLabel('Colour theme'))).selectOption(theme);
  await expectTheme(page, theme);
  await expectAccessible(page);
  await screenshot(page, `${name}-${theme}`);
}

/** axe and a screenshot of the page as it is, in each theme. */
async function checkBothThemes(page: Page, name: string, heading: string): Promise<void> {
  for (const theme of THEMES) await checkTheme(page, name, heading, theme);
}

// One test per page and theme, so that every test stays far inside its timeout on a busy machine (a page in both
// themes took up to 43 s with a load average of 15 on 2 CPUs); one
// account, signed up once, is shared through its cookies.
let account: { slug: string; organisation: string; storage: Awaited<ReturnType<import('@playwright/test').BrowserContext['storageState']>> };

test.beforeAll(async ({ browser }) => {
  const { slug, organisation, context } = await newAccount(browser, 'sweep');
  account = { slug, organisation, storage: await context.storageState() };
  await context.close();
});

/** A page of the shared account in a context of its own. */
async function signedInPage(browser: import('@playwright/test').Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: account.storage });
  return context.newPage();
}

for (const theme of THEMES) {
  test(`sign-in page is accessible in ${theme}, also with an error`, async ({ page }) => {
    // These pages have no theme select: the choice stored by the console's select applies.
    await page.goto('/login');
    await setTheme(page, theme);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Overcast' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `login-${theme}`);
    await signIn(page, uniqueEmail('nobody'), 'not-the-password');
    await expect(page.getByTestId('form-message')).toHaveText('Wrong email or password.');
    await expectAccessible(page);
  });

  test(`sign-up page is accessible in ${theme}, also with errors`, async ({ page }) => {
    await page.goto('/signup');
    await setTheme(page, theme);
    await expect(page.getByRole('heading', { level: 1, name: 'Create your Overcast account' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `signup-${theme}`);
    await (await hydrated(page.getByRole('button', { name: 'Create account' }))).click();
    await expect(page.locator('[data-field-error="email"]')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `signup-errors-${theme}`);
  });
}

const TENANT_PAGES: { name: string; path: (slug: string) => string; heading: (org: string) => string }[] = [
  { name: 'dashboard', path: (s) => `/t/${s}/dashboard`, heading: (org) => org },
  { name: 'instances', path: (s) => `/t/${s}/instances`, heading: () => 'Instances' },
  { name: 'create-wizard', path: (s) => `/t/${s}/instances/new`, heading: () => 'Create an instance' },
  { name: 'functions', path: (s) => `/t/${s}/functions`, heading: () => 'Functions' },
  { name: 'create-function', path: (s) => `/t/${s}/functions/new`, heading: () => 'Create a function' },
  { name: 'calculator', path: (s) => `/t/${s}/calculator`, heading: () => 'Cost calculator' },
  { name: 'billing', path: (s) => `/t/${s}/billing`, heading: () => 'Billing' },
  { name: 'settings', path: (s) => `/t/${s}/settings`, heading: () => 'Settings' },
  { name: 'members', path: (s) => `/t/${s}/settings/members`, heading: () => 'Settings' },
  { name: 'ssh-keys', path: () => '/account/ssh-keys', heading: () => 'SSH keys' },
  { name: 'api-tokens', path: () => '/account/tokens', heading: () => 'API tokens' },
  // This month's statement (the printable page), with its breadcrumb trail.
  { name: 'statement', path: (s) => `/t/${s}/billing/invoice/${new Date().toISOString().slice(0, 7)}`, heading: () => 'Statement (month not closed yet)' },
];

for (const p of TENANT_PAGES) {
  for (const theme of THEMES) {
    test(`the ${p.name} page is accessible in ${theme}`, async ({ browser }) => {
      const page = await signedInPage(browser);
      await page.goto(p.path(account.slug));
      await checkTheme(page, p.name, p.heading(account.organisation), theme);
      await page.context().close();
    });
  }
}

test('the open account menu and a confirmation dialog are accessible; the theme survives a reload', async ({ browser }) => {
  const page = await signedInPage(browser);
  await page.goto(`/t/${account.slug}/settings/members`);
  await (await hydrated(page.getByLabel('Colour theme'))).selectOption('dark');
  await expectTheme(page, 'dark');
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
  await page.context().close();
});

test('the admin tenants page is accessible in light and dark', async ({ browser }) => {
  // At least one tenant in the table, whatever ran before.
  const listed = await newAccount(browser, 'listed');
  await listed.context.close();
  const page = await (await browser.newContext()).newPage();
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.waitForURL('**/admin/tenants');
  // The list is paged (25 a page, by name) and e2e runs make many organisations: search for this one.
  await page.goto(`/admin/tenants?q=${listed.slug}`);
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
  // (A new organisation's dashboard starts with its first steps.)
  await expect(page.getByRole('main').getByRole('link', { name: 'Create instance' })).toBeFocused();
  await context.close();
});
