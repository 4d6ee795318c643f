// Members: inviting new and existing people, what a viewer may not do, role changes, removal and the last-owner rule.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectProblem, hydrated, newAccount, PASSWORD, screenshot, setTheme, uniqueEmail, FROM_CONSOLE } from './helpers';

async function invite(page: Page, email: string, role: string): Promise<void> {
  await hydrated(page.getByRole('button', { name: 'Invite', exact: true }));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
}

test('an invited newcomer joins as viewer and can reach no member or admin action', async ({ browser }) => {
  const owner = await newAccount(browser, 'owner');
  const membersUrl = `/t/${owner.slug}/settings/members`;
  await owner.page.goto(membersUrl);

  const inviteeEmail = uniqueEmail('newcomer');
  await invite(owner.page, inviteeEmail, 'viewer');
  await expect(owner.page.getByTestId('invite-message')).toContainText(`${inviteeEmail} is invited as viewer: they join once they accept`);
  const link = await owner.page.getByTestId('invite-link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[\w-]{20,}$/);
  const pending = owner.page.getByRole('list', { name: 'Pending invitations' });
  await expect(pending).toContainText(inviteeEmail);
  await expect(pending).toContainText('viewer');

  // The invitee has never been here: a fresh browser context, no cookies.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { name: `Join ${owner.organisation}` })).toBeVisible();
  await expect(page.getByText(`You are invited as viewer with the email ${inviteeEmail}`)).toBeVisible();
  await page.getByLabel('Your name').fill('Vera Viewer');
  await page.getByLabel('Choose a password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.waitForURL(`**/t/${owner.slug}/dashboard`);
  await expect(page.getByText('you are a viewer here')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Manage members' })).toHaveCount(0);

  // The link works once only.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole('heading', { name: 'Invitation not found' })).toBeVisible();
  await again.context().close();

  // No Billing in the navigation, no Members tab in the settings.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Billing' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL(`**/t/${owner.slug}/settings`);
  await expect(page.getByTestId('my-role')).toHaveText('viewer');
  const tabs = page.getByRole('navigation', { name: 'Settings sections' });
  await expect(tabs.getByRole('link', { name: 'General' })).toBeVisible();
  await expect(tabs.getByRole('link', { name: 'Members' })).toHaveCount(0);
  await expect(page.getByLabel('Organisation name')).toHaveCount(0);

  // Typing the URLs gives the 403 page.
  for (const path of [membersUrl, `/t/${owner.slug}/billing`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole('heading', { name: 'You don’t have access to this page' })).toBeVisible();
    await expect(page.getByText(owner.email)).toHaveCount(0); // no member list leaked
  }

  // The API refuses the viewer with the same rule, using the browser's own session cookie.
  const api = `/api/v1/tenants/${owner.slug}/members`;
  await expectProblem(await page.request.post(api, { headers: FROM_CONSOLE, data: { email: uniqueEmail('sneaky'), role: 'viewer' } }), 403, 'forbidden');
  await expectProblem(await page.request.get(api), 403, 'forbidden');
  // … while the owner's session may do it.
  const ok = await owner.page.request.get(api);
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { members: { email: string; role: string }[]; invitations: unknown[] };
  expect(body.members.map((m) => [m.email, m.role])).toEqual([
    [owner.email, 'owner'],
    [inviteeEmail, 'viewer'],
  ]);
  expect(body.invitations).toEqual([]);

  await context.close();
  await owner.context.close();
});

// Finding 10 of the security round: adding a known email made that person a member at once, without asking them.
test('existing user consent (finding 10): an existing user joins only by accepting; promote and remove them', async ({ browser }) => {
  const owner = await newAccount(browser, 'owner');
  const other = await newAccount(browser, 'existing');
  const membersUrl = `/t/${owner.slug}/settings/members`;
  await owner.page.goto(membersUrl);

  await invite(owner.page, other.email, 'member');
  // The same answer as for an unknown email (the inviter does not learn whether the account exists).
  await expect(owner.page.getByTestId('invite-message')).toContainText(`${other.email} is invited as member: they join once they accept`);
  await expect(owner.page.getByRole('list', { name: 'Pending invitations' })).toContainText(other.email);
  await expect(owner.page.getByTestId(`member-${other.email}`)).toHaveCount(0);
  await expect(owner.page.getByRole('heading', { name: 'Members (1)' })).toBeVisible();

  // Not a member yet: the organisation does not exist for them, page and API alike.
  const before = await other.page.goto(`/t/${owner.slug}/dashboard`);
  expect(before?.status()).toBe(404);
  await expectProblem(await other.page.request.get(`/api/v1/tenants/${owner.slug}/members`), 404, 'not_found');

  // They see the invitation in the header and answer it on their invitations page.
  await other.page.goto(`/t/${other.slug}/dashboard`);
  await other.page.getByTestId('pending-invitations').click();
  await other.page.waitForURL('**/account/invitations');
  const item = other.page.getByTestId(`invitation-${owner.slug}`);
  await expect(item).toContainText(owner.organisation);
  await expect(item).toContainText('as member');
  await expect(item).toContainText(`invited by ${owner.name} (${owner.email})`);
  await expectAccessible(other.page);
  await screenshot(other.page, 'account-invitations');
  await (await hydrated(item.getByRole('button', { name: `Accept the invitation to ${owner.organisation}` }))).click();
  await other.page.waitForURL(`**/t/${owner.slug}/dashboard`);
  await expect(other.page.getByText('you are a member here')).toBeVisible();
  await expect(other.page.getByTestId('pending-invitations')).toHaveCount(0);

  await owner.page.reload();
  const row = owner.page.getByTestId(`member-${other.email}`);
  await expect(row).toContainText(other.name);
  await expect(owner.page.getByRole('heading', { name: 'Members (2)' })).toBeVisible();
  await expect(owner.page.getByRole('list', { name: 'Pending invitations' })).toHaveCount(0);

  // Promote to admin; the change survives a reload.
  const select = owner.page.getByLabel(`Role of ${other.email}`, { exact: true });
  await expect(select).toHaveValue('member');
  await select.selectOption('admin');
  await owner.page.getByRole('button', { name: `Save role of ${other.email}` }).click();
  await expect(row.getByRole('status')).toHaveText('Role updated.');
  await owner.page.reload();
  await expect(owner.page.getByLabel(`Role of ${other.email}`, { exact: true })).toHaveValue('admin');
  await other.page.goto(`/t/${owner.slug}/settings/members`);
  await expect(other.page.getByRole('heading', { name: 'Members (2)' })).toBeVisible();

  // Remove: Cancel first leaves them in place.
  const removeButton = owner.page.getByRole('button', { name: `Remove ${other.email}` });
  await (await hydrated(removeButton)).click();
  const dialog = owner.page.getByRole('dialog', { name: `Remove ${other.name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`${other.email} will lose access to ${owner.organisation} at once.`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await owner.page.reload();
  await expect(owner.page.getByTestId(`member-${other.email}`)).toBeVisible();

  await (await hydrated(owner.page.getByRole('button', { name: `Remove ${other.email}` }))).click();
  await owner.page.getByRole('dialog', { name: `Remove ${other.name}?` }).getByRole('button', { name: 'Remove member' }).click();
  await expect(owner.page.getByTestId(`member-${other.email}`)).toHaveCount(0);
  await expect(owner.page.getByRole('heading', { name: 'Members (1)' })).toBeVisible();
  await owner.page.reload();
  await expect(owner.page.getByTestId(`member-${other.email}`)).toHaveCount(0);

  // Removed means no access any more, and the organisation now looks like it never existed for them.
  const res = await other.page.goto(`/t/${owner.slug}/dashboard`);
  expect(res?.status()).toBe(404);
  await expect(other.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

  await other.context.close();
  await owner.context.close();
});

test('the last owner cannot demote themselves; the members page is accessible in light and dark', async ({ browser }) => {
  const owner = await newAccount(browser, 'owner');
  const { page } = owner;
  await page.goto(`/t/${owner.slug}/settings/members`);

  const select = page.getByLabel(`Role of ${owner.email}`, { exact: true });
  await expect(select).toHaveValue('owner');
  await select.selectOption('member');
  await page.getByRole('button', { name: `Save role of ${owner.email}` }).click();
  const error = page.getByTestId(`member-${owner.email}`).locator('[data-field-error="role"]');
  await expect(error).toHaveText('An organisation always needs at least one owner.');
  // The error is tied to the select for screen readers.
  await expect(select).toHaveAttribute('aria-invalid', 'true');
  await expect(select).toHaveAttribute('aria-describedby', (await error.getAttribute('id'))!);
  await page.reload();
  await expect(page.getByLabel(`Role of ${owner.email}`, { exact: true })).toHaveValue('owner');
  await page.goto(`/t/${owner.slug}/dashboard`);
  await expect(page.getByText('you are an owner here')).toBeVisible();

  // Leaving as the last owner is refused in the dialog too.
  await page.goto(`/t/${owner.slug}/settings/members`);
  await (await hydrated(page.getByRole('button', { name: 'Leave this organisation' }))).click();
  const dialog = page.getByRole('dialog', { name: `Leave ${owner.organisation}?` });
  await dialog.getByRole('button', { name: 'Leave' }).click();
  await expect(dialog.getByTestId('confirm-message')).toContainText('You cannot remove the last owner.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(page.getByTestId(`member-${owner.email}`)).toBeVisible();

  // With an invitation pending, so that every part of the page is on screen.
  await invite(page, uniqueEmail('pending'), 'member');
  await expect(page.getByTestId('invite-link')).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await expect(page.getByRole('list', { name: 'Pending invitations' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `members-${theme}`);
  }
  await owner.context.close();
});

test('existing user consent (finding 10): a declined invitation leaves them out', async ({ browser }) => {
  const owner = await newAccount(browser, 'owner');
  const other = await newAccount(browser, 'decliner');
  const added = await owner.page.request.post(`/api/v1/tenants/${owner.slug}/members`, {
    data: { email: other.email, role: 'admin' },
    headers: { Origin: new URL(owner.page.url()).origin },
  });
  expect(added.status(), await added.text()).toBe(201);
  expect(await added.json()).toMatchObject({ kind: 'invited', email: other.email, role: 'admin' });
  await expectProblem(await other.page.request.get(`/api/v1/tenants/${owner.slug}/members`), 404, 'not_found');

  await other.page.goto('/account/invitations');
  const item = other.page.getByTestId(`invitation-${owner.slug}`);
  await (await hydrated(item.getByRole('button', { name: `Decline the invitation to ${owner.organisation}` }))).click();
  await expect(other.page.getByText('No invitations are waiting for you.')).toBeVisible();
  await expectProblem(await other.page.request.get(`/api/v1/tenants/${owner.slug}/members`), 404, 'not_found');
  const res = await other.page.goto(`/t/${owner.slug}/dashboard`);
  expect(res?.status()).toBe(404);
  const list = (await (await owner.page.request.get(`/api/v1/tenants/${owner.slug}/members`)).json()) as { members: unknown[]; invitations: unknown[] };
  expect(list.members).toHaveLength(1);
  expect(list.invitations).toEqual([]);
  await other.context.close();
  await owner.context.close();
});
