// Shared steps for the e2e specs: sign up (in a fresh context), sign in, theme, API problems, axe, screenshots.
import { expect, type APIResponse, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { E2E_ADMIN } from '../playwright.config';

/** The console's origin (playwright.config.ts's baseURL). */
export const CONSOLE_ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
/**
 * Headers for writes through Playwright's API client with the page's session cookie: the console refuses
 * cookie-authenticated writes without its own Origin (a browser adds it; Playwright's API client does not).
 */
export const FROM_CONSOLE = { origin: CONSOLE_ORIGIN };

let counter = 0;
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${counter++}@e2e.test`;
}

export const PASSWORD = 'correct-horse-battery-1';

/** A distinctive organisation name (its slug is derived from it, so keep it unique per test). */
export function uniqueOrg(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${counter++}`;
}

export async function signUp(page: Page, opts: { name: string; email: string; organisation: string }): Promise<string> {
  await page.goto('/signup');
  await hydrated(page.getByRole('button', { name: 'Create account' }));
  await page.getByLabel('Your name').fill(opts.name);
  await page.getByLabel('Email').fill(opts.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Organisation').fill(opts.organisation);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/t\/[^/]+\/dashboard$/);
  return new URL(page.url()).pathname.split('/')[2]!;
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await hydrated(page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('summary[aria-label^="Account menu"]').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
}

/** Saves a full-page screenshot under e2e/artifacts/screenshots (or $E2E_ARTIFACTS/screenshots) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${process.env.E2E_ARTIFACTS ?? 'e2e/artifacts'}/screenshots/${name}.png`, fullPage: true });
}

/** Fails on serious or critical accessibility violations (axe-core, WCAG 2.1 AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

export type Account = { context: BrowserContext; page: Page; email: string; name: string; organisation: string; slug: string };

/** Signs up a new user with a new organisation in a fresh browser context (own cookies and storage). */
export async function newAccount(browser: Browser, prefix: string): Promise<Account> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail(prefix);
  const name = `${prefix[0]!.toUpperCase()}${prefix.slice(1)} Tester`;
  const organisation = uniqueOrg(`${prefix[0]!.toUpperCase()}${prefix.slice(1)} Org`);
  const slug = await signUp(page, { name, email, organisation });
  return { context, page, email, name, organisation, slug };
}

export type Theme = 'light' | 'dark';

/** Chooses a theme the way the theme select does (localStorage), reloads, and checks it took effect. */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((t) => localStorage.setItem('overcast-theme', t), theme);
  await page.reload();
  if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  else await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
}

/** Asserts an /api/v1 failure: the status, an RFC 9457 problem body and its stable code. */
export async function expectProblem(res: APIResponse, status: number, code: string): Promise<Record<string, unknown>> {
  const body = await res.text();
  expect(res.status(), body).toBe(status);
  expect(res.headers()['content-type']).toContain('application/problem+json');
  const problem = JSON.parse(body) as Record<string, unknown>;
  expect(problem.code).toBe(code);
  expect(problem.status).toBe(status);
  return problem;
}

/**
 * Waits until React has hydrated the element (attached its props and handlers) and returns it. Controls that only
 * work with JavaScript (a dialog's opening button, the theme or tenant select) ignore input that arrives earlier,
 * which a loaded machine makes likely.
 */
export async function hydrated(locator: Locator): Promise<Locator> {
  await expect
    .poll(() => locator.evaluate((el) => Object.keys(el).some((k) => k.startsWith('__reactProps$'))), {
      message: 'element hydrated by React',
    })
    .toBe(true);
  return locator;
}

/**
 * Accepts, through the API and as `page`'s signed-in user, the pending invitation to the organisation `slug` (an
 * existing user joins only by accepting). Sent as the console's own page would: JSON, with its Origin.
 */
export async function acceptInvitation(page: Page, slug: string): Promise<void> {
  const origin = new URL(page.url()).origin;
  const list = await page.request.get('/api/v1/me/invitations');
  expect(list.status(), await list.text()).toBe(200);
  const { invitations } = (await list.json()) as { invitations: { id: string; tenantSlug: string }[] };
  const inv = invitations.find((i) => i.tenantSlug === slug);
  expect(inv, `an invitation to ${slug}`).toBeTruthy();
  const res = await page.request.post(`/api/v1/me/invitations/${inv!.id}/accept`, { data: {}, headers: { Origin: origin } });
  expect(res.status(), await res.text()).toBe(200);
}

/** A fresh browser context signed in as the seeded platform admin, on Admin → Tenants. */
export async function adminPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.waitForURL('**/admin/tenants');
  return page;
}
