import { expect, test } from '@playwright/test';
import { expectAccessible, PASSWORD, screenshot, signIn, signOut, signUp, uniqueEmail } from './helpers';

test('sign up lands on the new tenant dashboard; sign out; sign in; a wrong password is refused', async ({ page }) => {
  const email = uniqueEmail('ada');
  const slug = await signUp(page, { name: 'Ada Lovelace', email, organisation: 'Analytical Engines' });
  expect(slug).toBe('analytical-engines');
  await expect(page.getByRole('heading', { level: 1, name: 'Analytical Engines' })).toBeVisible();
  await expect(page.getByText('you are an owner here')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'dashboard-light');

  await signOut(page);
  await expect(page.getByRole('heading', { name: 'Sign in to Overcast' })).toBeVisible();
  await screenshot(page, 'login');

  await signIn(page, email, 'not-the-password');
  await expect(page.getByTestId('form-message')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, email, PASSWORD);
  await page.waitForURL(`**/t/${slug}/dashboard`);
});

test('sign-up refuses bad input next to the field and writes nothing', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Bad Input');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByLabel('Organisation').fill('X');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('[data-field-error="email"]')).toContainText('valid email');
  await expect(page.locator('[data-field-error="password"]')).toContainText('12 characters');
  await expect(page.locator('[data-field-error="organisation"]')).toContainText('2 characters');
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Your name')).toHaveValue('Bad Input');
  await expectAccessible(page);
  await screenshot(page, 'signup-errors');
});

test('console pages need a session; unknown routes are a real 404', async ({ page }) => {
  await page.goto('/t/anything/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Ft%2Fanything%2Fdashboard/);
  const res = await page.goto('/no/such/page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
