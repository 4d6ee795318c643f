// Admin → Users (issue 13) in Chromium: the platform admin finds a user, makes and unmakes them platform admin,
// disables them (their open browser is signed out on its next navigation) and re-enables them; and makes a one-time
// reset link with which the user sets a new password and signs in, after which the link no longer works.
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectAccessible, hydrated, newAccount, PASSWORD, screenshot, signIn } from './helpers';

async function adminPage(page: Page): Promise<void> {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.waitForURL('**/admin/tenants');
}

/** Finds the user by email in Admin → Users and opens their page. */
async function openUser(admin: Page, email: string, name: string): Promise<void> {
  await admin.goto('/admin/users');
  await admin.getByLabel('Search by email or name').fill(email);
  await admin.getByRole('button', { name: 'Search' }).click();
  await admin.waitForURL(/\/admin\/users\?q=/);
  const row = admin.getByTestId(`user-${email}`);
  await expect(row).toBeVisible();
  await row.getByRole('link', { name }).click();
  await expect(admin.getByRole('heading', { name, level: 1 })).toBeVisible();
}

/** Opens a confirmation and confirms it. */
async function confirm(page: Page, opener: string, dialogTitle: string, confirmLabel: string): Promise<void> {
  await (await hydrated(page.getByRole('button', { name: opener, exact: true }))).click();
  await page.getByRole('dialog', { name: dialogTitle }).getByRole('button', { name: confirmLabel, exact: true }).click();
}

test('admin makes and unmakes a platform admin, disables a user (their open browser is signed out), re-enables', async ({ browser }) => {
  test.setTimeout(180_000); // sign-ups and sign-ins (argon2) and two axe scans on a busy 2-CPU machine
  const user = await newAccount(browser, 'managed');
  const admin = await (await browser.newContext()).newPage();
  await adminPage(admin);

  // The list: their organisation and role, a last sign-in, active, not an admin.
  await admin.goto(`/admin/users?q=${encodeURIComponent(user.email)}`);
  const row = admin.getByTestId(`user-${user.email}`);
  await expect(row).toContainText(`${user.organisation} · owner`);
  await expect(row.getByRole('cell').nth(2)).toHaveText(/\d{4}.* \d\d:\d\d UTC$/); // last sign-in (at sign-up)
  await expect(row).toContainText('active');
  await expectAccessible(admin);
  await screenshot(admin, 'admin-users');

  await openUser(admin, user.email, user.name);
  await expect(admin.getByTestId('user-sessions')).toHaveText('1');
  await expectAccessible(admin);
  await screenshot(admin, 'admin-user');

  // Platform admin: the user's own browser reaches the admin area, then no longer.
  await confirm(admin, 'Make platform admin', `Make ${user.email} a platform admin?`, 'Make platform admin');
  await expect(admin.getByTestId('user-admin')).toHaveText('yes');
  await user.page.goto('/admin/users');
  await expect(user.page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await confirm(admin, 'Unmake platform admin', `Unmake ${user.email} platform admin?`, 'Unmake');
  await expect(admin.getByTestId('user-admin')).toHaveText('no');
  const notFound = await user.page.goto('/admin/users');
  expect(notFound?.status()).toBe(404);
  await expect(user.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

  // Disable: the user's open browser is signed out on its very next navigation, and cannot sign in again.
  await confirm(admin, 'Disable', `Disable ${user.email}?`, 'Disable');
  await expect(admin.getByTestId('user-status')).toHaveText(/^disabled since /);
  await expect(admin.getByTestId('user-sessions')).toHaveText('0');
  await user.page.goto(`/t/${user.slug}/dashboard`);
  await user.page.waitForURL(/\/login/);
  await signIn(user.page, user.email, PASSWORD);
  await expect(user.page.getByTestId('form-message')).toHaveText('This account is disabled. Ask the platform administrator.');

  await confirm(admin, 'Re-enable', `Re-enable ${user.email}?`, 'Re-enable');
  await expect(admin.getByTestId('user-status')).toHaveText('active');
  await signIn(user.page, user.email, PASSWORD);
  await user.page.waitForURL(`**/t/${user.slug}/dashboard`);

  // The admin cannot disable themselves: no such button on their own page.
  await admin.goto(`/admin/users?q=${encodeURIComponent(E2E_ADMIN.email)}`);
  await admin.getByTestId(`user-${E2E_ADMIN.email}`).getByRole('link').click();
  await expect(admin.getByText('You cannot disable your own account.')).toBeVisible();
  await expect(admin.getByRole('button', { name: 'Disable', exact: true })).toHaveCount(0);

  await admin.context().close();
  await user.context.close();
});

test('admin makes a reset link; the user sets a new password with it and signs in; the link does not work twice', async ({ browser }) => {
  test.setTimeout(180_000);
  const user = await newAccount(browser, 'forgetful');
  const admin = await (await browser.newContext()).newPage();
  await adminPage(admin);
  await openUser(admin, user.email, user.name);

  await confirm(admin, 'Make a reset link', `Make a password reset link for ${user.email}?`, 'Make link');
  const link = await admin.getByTestId('reset-link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/reset-password\/[A-Za-z0-9_-]{43}$/);
  await expect(admin.getByTestId('reset-message')).toContainText('shown only now');
  await admin.reload();
  await expect(admin.getByText(/^one unused, valid until /)).toBeVisible();
  await expect(admin.getByTestId('reset-link')).toHaveCount(0); // never shown again

  // The user, in a browser of their own (the old one still signed in), sets a new password.
  const fresh = await browser.newContext();
  const page = await fresh.newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
  await expect(page.getByText(user.email)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'reset-password');
  const newPassword = 'a brand-new passphrase 7';
  await hydrated(page.getByRole('button', { name: 'Set password' }));
  await page.getByLabel('New password').fill('short');
  await page.getByLabel('Type it again').fill('short');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.locator('[data-field-error="password"]')).toHaveText('Use at least 12 characters.');
  await page.getByLabel('New password').fill(newPassword);
  await page.getByLabel('Type it again').fill(newPassword);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Your password is set');

  // Every earlier session ended: the old browser is signed out on its next navigation.
  await user.page.goto(`/t/${user.slug}/dashboard`);
  await user.page.waitForURL(/\/login/);

  // The old password no longer works; the new one does.
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.waitForURL(/\/login/);
  await signIn(page, user.email, PASSWORD);
  await expect(page.getByTestId('form-message')).toHaveText('Wrong email or password.');
  await signIn(page, user.email, newPassword);
  await page.waitForURL(`**/t/${user.slug}/dashboard`);

  // The link does not work twice.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole('heading', { name: 'Reset link not valid' })).toBeVisible();
  await expect(again.getByRole('button', { name: 'Set password' })).toHaveCount(0);

  await Promise.all([again.context().close(), fresh.close(), admin.context().close(), user.context.close()]);
});
