// Sign-in rate limit: the e2e console allows 5 failures per email and address (OVERCAST_LOGIN_MAX_FAILURES=5).
import { expect, test, type Page } from '@playwright/test';
import { hydrated, newAccount, PASSWORD, signIn } from './helpers';

const MAX_FAILURES = 5;

/** One more try on the sign-in form already on screen; resolves once the server has answered and the form is idle. */
async function retry(page: Page, email: string, password = PASSWORD): Promise<void> {
  const button = page.getByRole('button', { name: 'Sign in', exact: true });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    button.click(),
  ]);
  // React resets the form when the action's transition ends ("Signing in…" → "Sign in"): typing before that is lost.
  await expect(button).toBeEnabled();
}

test('after 5 wrong passwords even the right one is refused for that email, and only for that email', async ({ browser }) => {
  const victim = await newAccount(browser, 'victim');
  const bystander = await newAccount(browser, 'bystander');
  await victim.context.close();
  await bystander.context.close();

  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await hydrated(page.getByRole('button', { name: 'Sign in', exact: true }));
  for (let i = 1; i <= MAX_FAILURES; i++) {
    await retry(page, victim.email, `wrong-password-${i}`);
    await expect(page.getByTestId('form-message'), `attempt ${i}`).toHaveText('Wrong email or password.');
  }
  await retry(page, victim.email); // the right password
  await expect(page.getByTestId('form-message')).toHaveText(
    'Too many failed sign-ins for this email from your address. Wait 15 minutes and try again.',
  );
  await expect(page).toHaveURL(/\/login/);
  expect((await page.context().cookies()).some((c) => c.name.includes('session-token'))).toBe(false);
  // Case or spaces in the email do not get around it.
  await signIn(page, victim.email.toUpperCase());
  await expect(page.getByTestId('form-message')).toContainText('Too many failed sign-ins');
  // Nor does claiming another address: with no trusted proxy in front, X-Forwarded-For is not believed.
  const spoofing = await (await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.23' } })).newPage();
  await spoofing.goto('/login');
  await hydrated(spoofing.getByRole('button', { name: 'Sign in', exact: true }));
  await signIn(spoofing, victim.email);
  await expect(spoofing.getByTestId('form-message')).toContainText('Too many failed sign-ins');
  await spoofing.context().close();

  // Someone else signing in from the same browser (same address) is not locked out.
  await signIn(page, bystander.email);
  await page.waitForURL(`**/t/${bystander.slug}/dashboard`);
  await expect(page.getByText('you are an owner here')).toBeVisible();
  await page.context().close();
});

test('a successful sign-in below the limit starts the count again', async ({ browser }) => {
  const user = await newAccount(browser, 'forgetful');
  await user.context.close();
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await hydrated(page.getByRole('button', { name: 'Sign in', exact: true }));
  for (let i = 1; i < MAX_FAILURES; i++) {
    await retry(page, user.email, `wrong-password-${i}`);
    await expect(page.getByTestId('form-message')).toHaveText('Wrong email or password.');
  }
  await signIn(page, user.email);
  await page.waitForURL(`**/t/${user.slug}/dashboard`);
  await page.context().clearCookies();
  await page.goto('/login');
  await hydrated(page.getByRole('button', { name: 'Sign in', exact: true }));
  // Four more failures would have crossed the limit had the earlier ones still counted.
  for (let i = 1; i < MAX_FAILURES; i++) {
    await retry(page, user.email, `wrong-again-${i}`);
    await expect(page.getByTestId('form-message')).toHaveText('Wrong email or password.');
  }
  await signIn(page, user.email);
  await page.waitForURL(`**/t/${user.slug}/dashboard`);
  await page.context().close();
});
