// Small things a person notices (issue 14 item 6): dates written one way in the reader's locale, a version's
// "Made by" is a person or their API token, errors are drawn red, unit prices carry their currency sign.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { FROM_CONSOLE, hydrated, newAccount, setTheme } from './helpers';

/** Today as the console writes a day for an en-US reader (Playwright's default locale): "Dec 6, 2026". */
const today = () => new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date());

/** The colour an element is stroked with, as RGB (Tailwind 4 writes oklch; a canvas turns it into sRGB). */
async function strokeRgb(el: Locator): Promise<[number, number, number]> {
  return el.evaluate((node) => {
    const c = document.createElement('canvas').getContext('2d')!;
    c.fillStyle = getComputedStyle(node).stroke;
    c.fillRect(0, 0, 1, 1);
    const [r, g, b] = c.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!] as [number, number, number];
  });
}

async function expectRed(page: Page, legendItem: Locator): Promise<void> {
  const [r, g, b] = await strokeRgb(legendItem.locator('line'));
  expect(r, `errors drawn red, got rgb(${r}, ${g}, ${b})`).toBeGreaterThan(g + 60);
  expect(r).toBeGreaterThan(b + 60);
}

test('dates one way, Made by a person or a token, errors in red, prices with their currency sign', async ({ browser }) => {
  const { page, slug, context, name, email } = await newAccount(browser, 'polish');
  const fnRes = await page.request.post(`/api/v1/tenants/${slug}/functions`, {
    headers: FROM_CONSOLE,
    data: { name: 'made-by', access: 'public', code: 'export default () => ({ body: "v1" })' },
  });
  expect(fnRes.status(), await fnRes.text()).toBe(201);
  const { id } = (await fnRes.json()) as { id: string };
  // A second version deployed through an API token (no cookie counts with a Bearer header).
  const tok = await page.request.post('/api/v1/me/tokens', { headers: FROM_CONSOLE, data: { name: 'ci-deploy', tenant: slug, role: 'member', expiresInDays: 1 } });
  expect(tok.status(), await tok.text()).toBe(201);
  const { secret } = (await tok.json()) as { secret: string };
  const deployed = await page.request.post(`/api/v1/tenants/${slug}/functions/${id}/deploy`, {
    headers: { authorization: `Bearer ${secret}` },
    data: { code: 'export default () => ({ body: "v2" })' },
  });
  expect(deployed.status(), await deployed.text()).toBe(201);

  await page.goto(`/t/${slug}/functions/${id}`);
  await expect(page.getByTestId('version-1').getByTestId('made-by')).toHaveText(`${name}${email}`);
  await expect(page.getByTestId('version-2').getByTestId('made-by')).toHaveText(`API token ci-deployof ${name}`);
  // Dates: the month in words, in the reader's locale; never the ISO or numeric forms.
  await expect(page.getByTestId('version-1')).toContainText(`${today()},`);
  await expect(page.getByTestId('versions')).not.toContainText(/\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4}/);

  // The Errors series of the invocations chart is red, in light and in dark.
  const errorsLegend = page.getByTestId('chart-invocations').getByRole('listitem').filter({ hasText: 'Errors' });
  await expectRed(page, errorsLegend);
  await setTheme(page, 'dark');
  await expectRed(page, errorsLegend);
  await setTheme(page, 'light');

  // An SSH key's "Added" day is written the same way as the version's.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-e2e-polish-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'polish@e2e', '-f', path.join(dir, 'id')]);
  const key = await page.request.post('/api/v1/me/ssh-keys', { headers: FROM_CONSOLE, data: { publicKey: fs.readFileSync(path.join(dir, 'id.pub'), 'utf8') } });
  expect(key.status(), await key.text()).toBe(201);
  fs.rmSync(dir, { recursive: true, force: true });
  await page.goto('/account/ssh-keys');
  await expect(page.getByText(`Added ${today()}`)).toBeVisible();

  // Unit prices carry the currency sign (the calculator's price lines, the same component as the wizard's).
  await page.goto(`/t/${slug}/calculator`);
  await hydrated(page.getByRole('button', { name: 'Add an instance' }));
  const unitPrices = page.getByTestId('unit-price');
  await expect(unitPrices.first()).toBeVisible();
  for (const text of await unitPrices.allInnerTexts()) expect(text).toMatch(/^\$\d/);
  await context.close();
});
