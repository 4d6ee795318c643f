// The platform admin: every tenant with its owners, suspend/reactivate, and switching public sign-up off and on.
import { expect, test } from '@playwright/test';
import { adminPage, expectAccessible, expectProblem, hydrated, newAccount, PASSWORD, screenshot, signIn, uniqueEmail, uniqueOrg, FROM_CONSOLE } from './helpers';

test('admin lists tenants with their owners, suspends one (its owner can look but not invite) and reactivates it', async ({
  browser,
}) => {
  const owner = await newAccount(browser, 'tenant');
  const admin = await adminPage(browser);
  await expect(admin.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
  // The list is paged (25 a page, by name) and e2e runs make many organisations: search for this one.
  await admin.goto(`/admin/tenants?q=${owner.slug}`);
  const row = admin.getByTestId(`tenant-${owner.slug}`);
  await expect(row.getByRole('rowheader')).toHaveText(owner.organisation);
  await expect(row.getByRole('cell').nth(0)).toHaveText(owner.slug);
  await expect(row.getByRole('cell').nth(1)).toHaveText(owner.email);
  await expect(row.getByRole('cell').nth(2)).toHaveText('1');
  await expect(row.getByTestId('tenant-status')).toHaveText('active');
  await expectAccessible(admin);
  await screenshot(admin, 'admin-tenants');

  // The owner has the members page open while the admin suspends the organisation.
  await owner.page.goto(`/t/${owner.slug}/settings/members`);
  await hydrated(owner.page.getByRole('button', { name: 'Invite', exact: true }));

  // Cancel first: nothing changes.
  await (await hydrated(admin.getByRole('button', { name: `Suspend ${owner.organisation}` }))).click();
  let dialog = admin.getByRole('dialog', { name: `Suspend ${owner.organisation}?` });
  await expect(dialog).toBeVisible();
  await screenshot(admin, 'admin-suspend-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await admin.reload();
  await expect(row.getByTestId('tenant-status')).toHaveText('active');

  await (await hydrated(admin.getByRole('button', { name: `Suspend ${owner.organisation}` }))).click();
  await dialog.getByLabel('Reason').fill('Terms of service review');
  await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('tenant-status')).toHaveText('suspended');
  await expect(row.getByTestId('tenant-suspension')).toContainText('Terms of service review');
  await expect(admin.getByRole('button', { name: `Reactivate ${owner.organisation}` })).toBeVisible();

  // The form loaded before the suspension is refused with a clear message …
  await owner.page.getByLabel('Email').fill(uniqueEmail('too-late'));
  await owner.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(owner.page.getByTestId('invite-message')).toContainText('This organisation is suspended: you can view, stop and delete');
  await expect(owner.page.getByTestId('invite-link')).toHaveCount(0);
  // … a fresh page shows the banner and offers no invite form, and the API says the same with a stable code.
  await owner.page.goto(`/t/${owner.slug}/dashboard`);
  await expect(owner.page.getByTestId('suspension-banner')).toContainText('Terms of service review');
  await owner.page.goto(`/t/${owner.slug}/settings/members`);
  await expect(owner.page.getByTestId('suspension-banner')).toBeVisible();
  await expect(owner.page.getByRole('button', { name: 'Invite', exact: true })).toHaveCount(0);
  await screenshot(owner.page, 'suspended-members');
  const refused = await expectProblem(
    await owner.page.request.post(`/api/v1/tenants/${owner.slug}/members`, { headers: FROM_CONSOLE, data: { email: uniqueEmail('api'), role: 'viewer' } }),
    409,
    'tenant_suspended',
  );
  expect(refused.title).toContain('suspended');

  // Reactivate: the banner goes and inviting works again.
  await (await hydrated(admin.getByRole('button', { name: `Reactivate ${owner.organisation}` }))).click();
  dialog = admin.getByRole('dialog', { name: `Reactivate ${owner.organisation}?` });
  await dialog.getByLabel('Reason').fill('Review done');
  await dialog.getByRole('button', { name: 'Reactivate', exact: true }).click();
  await expect(row.getByTestId('tenant-status')).toHaveText('active');
  await owner.page.goto(`/t/${owner.slug}/settings/members`);
  await expect(owner.page.getByTestId('suspension-banner')).toHaveCount(0);
  await hydrated(owner.page.getByRole('button', { name: 'Invite', exact: true }));
  await owner.page.getByLabel('Email').fill(uniqueEmail('welcome-back'));
  await owner.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(owner.page.getByTestId('invite-link')).toBeVisible();

  await admin.context().close();
  await owner.context.close();
});

test('admin switches sign-up off (page and form refuse) and on again', async ({ browser }) => {
  const admin = await adminPage(browser);
  // A visitor has the sign-up form open before it is switched off.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto('/signup');
  await hydrated(visitor.getByRole('button', { name: 'Create account' }));
  const email = uniqueEmail('latecomer');
  const organisation = uniqueOrg('Latecomer Org');
  await visitor.getByLabel('Your name').fill('Late Comer');
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByLabel('Password').fill(PASSWORD);
  await visitor.getByLabel('Organisation').fill(organisation);

  try {
    await admin.goto('/admin/settings');
    await hydrated(admin.getByRole('button', { name: 'Save', exact: true }));
    const toggle = admin.getByLabel('Anyone can sign up and create an organisation');
    await expect(toggle).toBeChecked();
    await toggle.uncheck();
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(admin.getByTestId('form-message')).toHaveText('Sign-up is switched off.');
    await admin.reload();
    await expect(admin.getByLabel('Anyone can sign up and create an organisation')).not.toBeChecked();
    await expectAccessible(admin);
    await screenshot(admin, 'admin-settings');
    expect(await (await admin.request.get('/api/v1/admin/settings')).json()).toEqual({ signupEnabled: false });

    // The open form is refused by the server, and nothing was created.
    await visitor.getByRole('button', { name: 'Create account' }).click();
    await expect(visitor.getByTestId('form-message')).toHaveText(
      'Sign-up is switched off on this console. Ask an administrator for an invitation.',
    );
    await expect(visitor).toHaveURL(/\/signup$/);
    await signIn(visitor, email);
    await expect(visitor.getByTestId('form-message')).toHaveText('Wrong email or password.');

    // A fresh visit says so instead of showing the form; sign-in no longer advertises sign-up.
    await visitor.goto('/signup');
    await expect(visitor.getByText('Sign-up is switched off on this console.')).toBeVisible();
    await expect(visitor.getByRole('button', { name: 'Create account' })).toHaveCount(0);
    await expectAccessible(visitor);
    await screenshot(visitor, 'signup-off');
    await visitor.goto('/login');
    await expect(visitor.getByRole('link', { name: 'Create an account' })).toHaveCount(0);

    // On again, through the page.
    await admin.getByLabel('Anyone can sign up and create an organisation').check();
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(admin.getByTestId('form-message')).toHaveText('Sign-up is open.');
    await visitor.goto('/login');
    await expect(visitor.getByRole('link', { name: 'Create an account' })).toBeVisible();
    await visitor.goto('/signup');
    await visitor.getByLabel('Your name').fill('Late Comer');
    await visitor.getByLabel('Email').fill(email);
    await visitor.getByLabel('Password').fill(PASSWORD);
    await visitor.getByLabel('Organisation').fill(organisation);
    await visitor.getByRole('button', { name: 'Create account' }).click();
    await visitor.waitForURL(/\/t\/[^/]+\/dashboard$/);
  } finally {
    // Whatever happened above, leave sign-up on for the other specs (without hiding the first error).
    const res = await admin.request.patch('/api/v1/admin/settings', { headers: FROM_CONSOLE, data: { signupEnabled: true } }).catch((e: Error) => e);
    if (res instanceof Error || res.status() !== 200) console.error('could not switch sign-up back on:', res);
  }
  await admin.context().close();
  await visitor.context().close();
});
