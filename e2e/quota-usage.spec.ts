// Settings → Quota shows what the organisation the person is working in uses — the same numbers as its dashboard:
// instances, vCPUs, memory, disk and functions. Issue 14 item 2: someone in two organisations opened their SSH keys
// (an account page, outside any organisation), and the sidebar's Settings there led to their alphabetically first
// organisation, which uses nothing: "0 in use for everything" while the dashboard they came from said 1.
import { expect, test, type Page } from '@playwright/test';
import { acceptInvitation, FROM_CONSOLE, newAccount } from './helpers';

/** The "In use" cell of each quota row on the page shown. */
async function inUse(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of ['instances', 'vcpus', 'memoryMib', 'diskGib', 'functions']) {
    out[key] = (await page.getByTestId(`quota-${key}`).locator('td').first().innerText()).trim();
  }
  return out;
}

async function open(page: Page, link: string, path: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: link, exact: true }).click();
  await page.waitForURL(`**${path}`);
}

test('Settings → Quota shows in use what the dashboard shows, also when reached from an account page', async ({ browser }) => {
  const me = await newAccount(browser, 'quotause');
  // Another organisation, whose name sorts before mine, invites me: I belong to two.
  const other = await newAccount(browser, 'aaquota');
  expect(other.organisation < me.organisation).toBe(true);
  const invite = await other.page.request.post(`/api/v1/tenants/${other.slug}/members`, { headers: FROM_CONSOLE, data: { email: me.email, role: 'owner' } });
  expect(invite.status(), await invite.text()).toBeLessThan(300);
  await acceptInvitation(me.page, other.slug);

  const { page, slug } = me;
  const inst = await page.request.post(`/api/v1/tenants/${slug}/instances`, {
    headers: FROM_CONSOLE,
    data: { name: 'counted', imageId: 'docker-static-web', flavorId: 'docker-nano' },
  });
  expect(inst.status(), await inst.text()).toBe(202);
  const fn = await page.request.post(`/api/v1/tenants/${slug}/functions`, {
    headers: FROM_CONSOLE,
    data: { name: 'counted-fn', access: 'public', code: 'export default () => ({ body: "ok" })' },
  });
  expect(fn.status(), await fn.text()).toBe(201);

  await page.goto(`/t/${slug}/dashboard`);
  await expect(page.getByTestId('instance-count')).toHaveText('1');
  await expect(page.getByTestId('function-count')).toHaveText('1');
  const dashboard = await inUse(page);
  // A container's flavor has no disk of its own: 0 GiB of disk is right for it.
  expect(dashboard).toEqual({ instances: '1', vcpus: expect.not.stringMatching(/^0$/), memoryMib: expect.not.stringMatching(/^0 GiB$/), diskGib: expect.any(String), functions: '1' });

  await open(page, 'Settings', `/t/${slug}/settings`);
  expect(await inUse(page)).toEqual(dashboard);

  // My SSH keys are mine, not an organisation's; the frame around them stays in the organisation I came from.
  await page.locator('summary[aria-label^="Account menu"]').click();
  await page.getByRole('link', { name: 'SSH keys' }).click();
  await page.waitForURL('**/account/ssh-keys');
  await open(page, 'Settings', '/settings');
  expect(await inUse(page)).toEqual(dashboard);
  expect(new URL(page.url()).pathname).toBe(`/t/${slug}/settings`);
  // The organisation switcher on account pages says which organisation the sidebar belongs to.
  await page.goBack();
  await expect(page.getByLabel('Organisation', { exact: true }).first()).toHaveValue(slug);
  await me.context.close();
  await other.context.close();
});
