// Server-side sessions (finding 6 of the security round: a cookie kept working for 12 h after sign-out). A copy of the
// cookie taken before sign-out, "sign out everywhere", ending one session, and a user disabled by the platform admin.
import { expect, test, type Browser, type BrowserContext, type Cookie } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectAccessible, expectProblem, hydrated, newAccount, PASSWORD, screenshot, signIn, signOut } from './helpers';

/** A fresh browser holding only the given cookies, as an attacker who copied them would. */
async function withCookies(browser: Browser, cookies: Cookie[]): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  return context;
}

/** A second sign-in of the same user in a browser of its own. */
async function secondSession(browser: Browser, email: string, slug: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  await page.waitForURL(`**/t/${slug}/dashboard`);
  return context;
}

test('ended sessions (finding 6): after sign-out the old cookie gets 401 from the API and sign-in on a page', async ({ browser }) => {
  const user = await newAccount(browser, 'leaver');
  const copied = await user.context.cookies();
  expect(copied.some((c) => c.name.includes('session-token'))).toBe(true);
  const replay = await withCookies(browser, copied);
  expect((await replay.request.get('/api/v1/me')).status()).toBe(200);

  await signOut(user.page);

  await expectProblem(await replay.request.get('/api/v1/me'), 401, 'unauthenticated');
  await expectProblem(await replay.request.get(`/api/v1/tenants/${user.slug}/members`), 401, 'unauthenticated');
  const page = await replay.newPage();
  await page.goto(`/t/${user.slug}/dashboard`);
  await page.waitForURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'Sign in to Overcast' })).toBeVisible();
  await replay.close();
  await user.context.close();
});

test('ended sessions (finding 6): the sessions page lists sessions, ends one, and signs out everywhere', async ({ browser }) => {
  test.setTimeout(150_000); // three sign-ins (argon2) and an axe scan on a busy 2-CPU machine
  const user = await newAccount(browser, 'traveller');
  const laptop = await secondSession(browser, user.email, user.slug);
  const phone = await secondSession(browser, user.email, user.slug);

  const { page } = user;
  await page.goto('/account/sessions');
  const list = page.getByRole('list', { name: 'Active sessions' });
  await expect(list.getByTestId('session')).toHaveCount(3);
  await expect(list.getByTestId('session').filter({ hasText: '(this browser)' })).toHaveCount(1);
  const api = (await (await page.request.get('/api/v1/me/sessions')).json()) as { sessions: { id: string; current: boolean; address: string }[] };
  expect(api.sessions).toHaveLength(3);
  expect(api.sessions.filter((s) => s.current)).toHaveLength(1);
  expect(api.sessions[0]!.address).toBe('127.0.0.1');
  await expectAccessible(page);
  await screenshot(page, 'account-sessions');

  // End the newest other session (the phone's) from the list.
  const newest = list.getByTestId('session').filter({ hasNotText: '(this browser)' }).first();
  await (await hydrated(newest.getByRole('button', { name: /^End the session/ }))).click();
  await page.getByRole('dialog', { name: 'End this session?' }).getByRole('button', { name: 'End session' }).click();
  await expect(list.getByTestId('session')).toHaveCount(2);
  await expectProblem(await phone.request.get('/api/v1/me'), 401, 'unauthenticated');
  expect((await laptop.request.get('/api/v1/me')).status()).toBe(200);

  // Sign out everywhere: this browser and the laptop alike.
  await (await hydrated(page.getByRole('button', { name: 'Sign out everywhere' }))).click();
  await page.getByRole('dialog', { name: 'Sign out everywhere?' }).getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.waitForURL(/\/login/);
  await expectProblem(await laptop.request.get('/api/v1/me'), 401, 'unauthenticated');
  await expectProblem(await page.request.get('/api/v1/me'), 401, 'unauthenticated');
  const laptopPage = await laptop.newPage();
  await laptopPage.goto(`/t/${user.slug}/dashboard`);
  await laptopPage.waitForURL(/\/login/);

  await Promise.all([laptop.close(), phone.close(), user.context.close()]);
});

test('ended sessions (finding 6): a user disabled by the platform admin is signed out and cannot sign in', async ({ browser }) => {
  test.setTimeout(120_000);
  const user = await newAccount(browser, 'disabled');
  const me = (await (await user.page.request.get('/api/v1/me')).json()) as { user: { id: string } };
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.waitForURL('**/admin/tenants');
  const origin = new URL(admin.url()).origin;

  // Only a platform admin may do it.
  await expectProblem(
    await user.page.request.patch(`/api/v1/admin/users/${me.user.id}`, { data: { disabled: true }, headers: { Origin: origin } }),
    404,
    'not_found',
  );
  const off = await admin.request.patch(`/api/v1/admin/users/${me.user.id}`, { data: { disabled: true }, headers: { Origin: origin } });
  expect(off.status(), await off.text()).toBe(200);

  await expectProblem(await user.page.request.get('/api/v1/me'), 401, 'unauthenticated');
  await user.page.goto(`/t/${user.slug}/dashboard`);
  await user.page.waitForURL(/\/login/);
  await signIn(user.page, user.email, PASSWORD);
  await expect(user.page.getByTestId('form-message')).toHaveText('This account is disabled. Ask the platform administrator.');

  const on = await admin.request.patch(`/api/v1/admin/users/${me.user.id}`, { data: { disabled: false }, headers: { Origin: origin } });
  expect(on.status(), await on.text()).toBe(200);
  await signIn(user.page, user.email, PASSWORD);
  await user.page.waitForURL(`**/t/${user.slug}/dashboard`);
  await admin.context().close();
  await user.context.close();
});
