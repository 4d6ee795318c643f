// API tokens in Chromium (issue 13): made on the account page (errors next to the fields, the secret shown once with
// a copy button), used with `Authorization: Bearer …` by a client without any cookie — its role respected, no Origin
// needed —, its last use shown, then revoked in the UI behind a confirmation and refused at once. Light and dark, axe.
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { CONSOLE_ORIGIN, expectAccessible, expectProblem, FROM_CONSOLE, hydrated, newAccount, screenshot, setTheme, signIn } from './helpers';

test('a user makes an API token, uses it with Bearer, sees its last use, revokes it and it is refused', async ({ browser }) => {
  test.setTimeout(120_000);
  const user = await newAccount(browser, 'automator');
  const { page } = user;

  // The user menu leads to the page.
  await page.locator('summary[aria-label^="Account menu"]').click();
  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.waitForURL('**/account/tokens');
  await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
  await expect(page.getByText('No tokens yet')).toBeVisible();

  // No name: the error is next to the field, nothing is made.
  const make = await hydrated(page.getByRole('button', { name: 'Make token' }));
  await make.click();
  await expect(page.locator('[data-field-error="name"]')).toHaveText('Name the token.');
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Name').fill('ci deploys');
  // The owner may choose any role up to owner; a member token here.
  await expect(page.getByLabel('Role').locator('option')).toHaveText(['owner', 'admin', 'member', 'viewer']);
  await page.getByLabel('Role').selectOption('member');
  await page.getByLabel('Expires').selectOption('7');
  await page.getByRole('button', { name: 'Make token' }).click();
  const shown = page.getByTestId('new-token');
  await expect(shown).toContainText('you won’t see it again');
  const secret = await page.getByTestId('token-secret').inputValue();
  expect(secret).toMatch(/^ovc_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('button', { name: 'Copy secret' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'account-tokens-secret');

  // A client with nothing but the token: no cookie, no Origin.
  const client = await playwrightRequest.newContext({ baseURL: CONSOLE_ORIGIN, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const me = await client.get('/api/v1/me');
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { token: { name: string; role: string; tenant: string } }).token).toMatchObject({ name: 'ci deploys', role: 'member', tenant: user.slug });
  expect((await client.get(`/api/v1/tenants/${user.slug}/instances`)).status()).toBe(200);
  // Writes need no Origin with a token: a bad body is refused by validation, not as cross-site.
  await expectProblem(await client.post(`/api/v1/tenants/${user.slug}/instances`, { data: {} }), 400, 'validation_failed');
  // Its role is member: managing members is refused; tokens cannot make tokens.
  await expectProblem(await client.get(`/api/v1/tenants/${user.slug}/members`), 403, 'forbidden');
  await expectProblem(await client.post('/api/v1/me/tokens', { data: { name: 'x', tenant: user.slug, role: 'viewer' } }), 403, 'token_not_allowed');

  // After a reload the secret is gone for good; the list shows the token and its last use.
  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  const row = page.getByTestId('api-token').filter({ hasText: 'ci deploys' });
  await expect(row).toContainText('member');
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row).toContainText('Last used');
  await expect(row).toContainText('127.0.0.1');
  await expect(row.getByTestId('token-status')).toHaveText('active');
  await expect(page.getByText(secret)).toHaveCount(0);
  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    await expectAccessible(page);
  }
  await setTheme(page, 'dark');
  await screenshot(page, 'account-tokens-dark');
  await setTheme(page, 'light');

  // Revoke in the UI, with a confirmation: refused at once.
  await (await hydrated(row.getByRole('button', { name: 'Revoke token ci deploys' }))).click();
  await page.getByRole('dialog', { name: 'Revoke the token “ci deploys”?' }).getByRole('button', { name: 'Revoke token' }).click();
  await expect(row.getByTestId('token-status')).toHaveText('revoked');
  const refused = await expectProblem(await client.get(`/api/v1/tenants/${user.slug}/instances`), 401, 'invalid_token');
  expect(refused.title).toBeTruthy();
  expect((await client.get('/api/v1/me')).headers()['www-authenticate']).toBe('Bearer error="invalid_token"');

  await client.dispose();
  await user.context.close();
});

test('a platform admin sees a user’s tokens on their admin page and revokes one: it is refused at once', async ({ browser }) => {
  test.setTimeout(120_000);
  const user = await newAccount(browser, 'scripted');
  // Made through the API from the user's own session (the console's Origin, as its pages send).
  const made = await user.page.request.post('/api/v1/me/tokens', { headers: FROM_CONSOLE, data: { name: 'nightly', tenant: user.slug, role: 'viewer' } });
  expect(made.status()).toBe(201);
  const { secret } = (await made.json()) as { secret: string };
  const client = await playwrightRequest.newContext({ baseURL: CONSOLE_ORIGIN, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  expect((await client.get(`/api/v1/tenants/${user.slug}/instances`)).status()).toBe(200);
  const me = (await (await client.get('/api/v1/me')).json()) as { user: { id: string } };

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.waitForURL('**/admin/tenants');
  await admin.goto(`/admin/users/${me.user.id}`);
  const row = admin.getByTestId('api-token').filter({ hasText: 'nightly' });
  await expect(row).toContainText(`${user.organisation} · viewer`);
  await expect(row).toContainText('127.0.0.1');
  await expectAccessible(admin);
  await (await hydrated(row.getByRole('button', { name: 'Revoke token nightly' }))).click();
  await admin.getByRole('dialog', { name: 'Revoke the token “nightly”?' }).getByRole('button', { name: 'Revoke token' }).click();
  await expect(row.getByTestId('token-status')).toHaveText('revoked');
  await expectProblem(await client.get(`/api/v1/tenants/${user.slug}/instances`), 401, 'invalid_token');

  await client.dispose();
  await Promise.all([admin.context().close(), user.context.close()]);
});
