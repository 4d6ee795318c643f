// Tenant isolation: another organisation's pages and API are indistinguishable from things that do not exist.
import { expect, test } from '@playwright/test';
import { acceptInvitation, expectProblem, hydrated, newAccount, uniqueEmail, FROM_CONSOLE } from './helpers';

test('a user of tenant A sees nothing of tenant B: pages and API answer 404', async ({ browser }) => {
  const a = await newAccount(browser, 'alpha');
  const b = await newAccount(browser, 'bravo');

  // B's own ids: its owner's membership and a pending invitation.
  const created = await b.page.request.post(`/api/v1/tenants/${b.slug}/members`, { headers: FROM_CONSOLE,
    data: { email: uniqueEmail('bravo-invitee'), role: 'member' },
  });
  expect(created.status()).toBe(201);
  const { invitationId } = (await created.json()) as { invitationId: string };
  const before = await (await b.page.request.get(`/api/v1/tenants/${b.slug}/members`)).json();
  const bOwnerMembership = (before as { members: { id: string }[] }).members[0]!.id;
  expect(invitationId).toBeTruthy();
  expect(bOwnerMembership).toBeTruthy();

  for (const section of ['dashboard', 'settings', 'settings/members', 'instances', 'functions', 'billing']) {
    const res = await a.page.goto(`/t/${b.slug}/${section}`);
    expect(res?.status(), section).toBe(404);
    await expect(a.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    const html = await a.page.content();
    expect(html, section).not.toContain(b.organisation);
    expect(html, section).not.toContain(b.email);
    expect(await res!.text(), section).not.toContain(b.organisation);
  }
  // A slug that does not exist looks exactly the same.
  expect((await a.page.goto('/t/no-such-tenant-anywhere/dashboard'))?.status()).toBe(404);

  const req = a.page.request;
  const bApi = `/api/v1/tenants/${b.slug}`;
  await expectProblem(await req.get(`${bApi}/members`), 404, 'not_found');
  await expectProblem(await req.post(`${bApi}/members`, { headers: FROM_CONSOLE, data: { email: a.email, role: 'owner' } }), 404, 'not_found');
  await expectProblem(await req.patch(`${bApi}/members/${bOwnerMembership}`, { headers: FROM_CONSOLE, data: { role: 'viewer' } }), 404, 'not_found');
  await expectProblem(await req.delete(`${bApi}/members/${bOwnerMembership}`, { headers: FROM_CONSOLE }), 404, 'not_found');
  await expectProblem(await req.delete(`${bApi}/invitations/${invitationId}`, { headers: FROM_CONSOLE }), 404, 'not_found');

  // B's ids through A's own tenant URL (where A is owner and may manage members) are not found either.
  const aApi = `/api/v1/tenants/${a.slug}`;
  await expectProblem(await req.patch(`${aApi}/members/${bOwnerMembership}`, { headers: FROM_CONSOLE, data: { role: 'viewer' } }), 404, 'not_found');
  await expectProblem(await req.delete(`${aApi}/members/${bOwnerMembership}`, { headers: FROM_CONSOLE }), 404, 'not_found');
  await expectProblem(await req.delete(`${aApi}/invitations/${invitationId}`, { headers: FROM_CONSOLE }), 404, 'not_found');

  // Nothing of B changed.
  const after = await (await b.page.request.get(`/api/v1/tenants/${b.slug}/members`)).json();
  expect(after).toEqual(before);

  // The admin area does not exist for a user who is not a platform admin.
  const admin = await a.page.goto('/admin/tenants');
  expect(admin?.status()).toBe(404);
  await expect(a.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(await a.page.content()).not.toContain(b.organisation);
  await expectProblem(await req.get('/api/v1/admin/tenants'), 404, 'not_found');
  await expectProblem(await req.patch('/api/v1/admin/settings', { headers: FROM_CONSOLE, data: { signupEnabled: false } }), 404, 'not_found');

  await a.context.close();
  await b.context.close();
});

test('a user in two tenants sees both in the switcher and switching keeps the section', async ({ browser }) => {
  const a = await newAccount(browser, 'anna');
  const b = await newAccount(browser, 'boris');

  // A invites B's owner to A's organisation as a member, and B accepts.
  await a.page.goto(`/t/${a.slug}/settings/members`);
  await hydrated(a.page.getByRole('button', { name: 'Invite', exact: true }));
  await a.page.getByLabel('Email').fill(b.email);
  await a.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(a.page.getByTestId('invite-message')).toContainText(`${b.email} is invited as member`);
  await b.page.goto(`/t/${b.slug}/dashboard`);
  await acceptInvitation(b.page, a.slug);

  await b.page.goto(`/t/${b.slug}/instances`);
  const switcher = b.page.locator('select#tenant-switcher');
  await expect(switcher).toHaveValue(b.slug);
  await expect(switcher.locator('option')).toHaveText([a.organisation, b.organisation].sort());
  await (await hydrated(switcher)).selectOption(a.slug);
  await b.page.waitForURL(`**/t/${a.slug}/instances`);
  await expect(b.page.getByRole('heading', { level: 1, name: 'Instances' })).toBeVisible();
  await expect(b.page.locator('select#tenant-switcher')).toHaveValue(a.slug);
  await expect(b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instances' })).toHaveAttribute(
    'aria-current',
    'page',
  );

  // In A's organisation B is a member: settings say so and there is no Billing.
  await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await b.page.waitForURL(`**/t/${a.slug}/settings`);
  await expect(b.page.getByTestId('my-role')).toHaveText('member');
  await expect(b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' })).toHaveCount(0);

  // And back, to the same section of B's own organisation, where B is the owner.
  await (await hydrated(b.page.locator('select#tenant-switcher'))).selectOption(b.slug);
  await b.page.waitForURL(`**/t/${b.slug}/settings`);
  await expect(b.page.getByTestId('my-role')).toHaveText('owner');

  // A, in one tenant only, sees just their own.
  await a.page.goto(`/t/${a.slug}/dashboard`);
  await expect(a.page.locator('select#tenant-switcher option')).toHaveText([a.organisation]);

  await a.context.close();
  await b.context.close();
});
