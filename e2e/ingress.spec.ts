// An app's https URL through the ingress, in Chromium: shown on the instance page and in the list next to the
// loopback URL, opened on its own *.localhost host (no DNS), answered by the container through nginx, never sent the
// console's session cookie; stopped → nginx's 404. Chromium here does not trust the console's CA (its authorities
// are not installed in this throw-away profile), so this spec accepts the certificate (ignoreHTTPSErrors); the
// integration tests verify it against the CA.
import { expect, test } from '@playwright/test';
import { expectAccessible, FROM_CONSOLE, screenshot, signUp, uniqueEmail, uniqueOrg } from './helpers';

test.use({ ignoreHTTPSErrors: true });

const INGRESS_PORT = Number(process.env.E2E_INGRESS_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 6);

test('a container’s https URL opens through the ingress on a site of its own, and goes away when it stops', async ({ page, context }) => {
  test.setTimeout(120_000);
  const slug = await signUp(page, { name: 'Ada Ingress', email: uniqueEmail('ingress'), organisation: uniqueOrg('Shops') });
  const res = await page.request.post(`/api/v1/tenants/${slug}/instances`, {
    headers: FROM_CONSOLE,
    data: { name: 'shop', imageId: 'docker-static-web', flavorId: 'docker-nano', ports: [8080] },
  });
  expect(res.status()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/t/${slug}/instances/${id}`);
  await expect(page.getByTestId('instance-status').locator('[data-status="running"]')).toBeVisible({ timeout: 45_000 });
  const link = page.getByTestId('https-endpoint-8080');
  await expect(link).toBeVisible({ timeout: 15_000 });
  const url = (await link.getAttribute('href'))!;
  expect(url).toBe(`https://shop-${slug}.localhost:${INGRESS_PORT}/`);
  await expect(page.getByTestId('endpoint-8080')).toHaveAttribute('href', /^http:\/\/127\.0\.0\.2:\d+\/$/);
  await expectAccessible(page);
  await screenshot(page, 'instance-https-url');

  // The console's session cookie is host-only (127.0.0.1): the app's site never gets it.
  const consoleCookies = await context.cookies('http://127.0.0.1');
  expect(consoleCookies.length).toBeGreaterThan(0);
  for (const c of consoleCookies) expect(c.domain.startsWith('.')).toBe(false);
  expect(await context.cookies(url)).toEqual([]);

  const app = await context.newPage();
  const sent = app.waitForRequest(url);
  const answer = await app.goto(url);
  expect(answer?.status()).toBe(200);
  await expect(app.locator('body')).toContainText('Hello from an Overcast container');
  expect((await (await sent).allHeaders()).cookie).toBeUndefined();

  // The list shows it too.
  await page.goto(`/t/${slug}/instances`);
  await expect(page.getByRole('link', { name: `shop-${slug}.localhost:${INGRESS_PORT}` })).toHaveAttribute('href', url);

  const stop = await page.request.post(`/api/v1/tenants/${slug}/instances/${id}/actions`, { headers: FROM_CONSOLE, data: { action: 'stop' } });
  expect(stop.ok()).toBe(true);
  await expect(async () => {
    const r = await app.goto(url);
    expect(r?.status()).toBe(404);
  }).toPass({ timeout: 30_000 });
});
