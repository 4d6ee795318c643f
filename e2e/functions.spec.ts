import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, screenshot, setTheme, signUp, uniqueEmail, FROM_CONSOLE } from './helpers';

const V2 = `export default async function (req) {
  console.log('v2 saw ' + req.method + ' ' + req.path);
  return { status: 201, headers: { 'x-version': 'two' }, body: { version: 2, who: req.query.who ?? 'nobody', body: req.body } };
}
`;
const BROKEN = `export default async function (req) {
  const x = ;
  return { body: 'never' };
}
`;

/** Replaces the editor's whole text the way a person would: select all, then type (insertText: no auto-indent). */
async function replaceCode(page: Page, code: string) {
  const content = page.getByTestId('code-editor-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

test('write a function in the editor, deploy it, test it from the panel, call its URL; a syntax error keeps the previous version serving; roll back', async ({ page }) => {
  test.setTimeout(180_000);
  const slug = await signUp(page, { name: 'Ada Lovelace', email: uniqueEmail('ada-fn'), organisation: 'Analytical Engines' });
  await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Functions' }).click();
  await page.waitForURL(`**/t/${slug}/functions`);
  await page.getByRole('link', { name: 'Create function' }).click();
  await page.getByLabel('Name', { exact: true }).fill('hello');
  // The editor comes prefilled with a working example, highlighted, with line numbers.
  await expect(page.getByTestId('code-editor-content')).toContainText('export default async function (req)');
  await expect(page.locator('.cm-lineNumbers')).toBeVisible();
  await expect(page.getByTestId('price-monthly')).toBeVisible();
  const priceAt3M = await page.getByTestId('price-monthly').textContent();
  await page.getByTestId('price-requests').fill('50000000');
  await expect(page.getByTestId('price-monthly')).not.toHaveText(priceAt3M!);
  await expectAccessible(page);
  await screenshot(page, 'function-create');
  await page.getByRole('button', { name: 'Create and deploy' }).first().click();

  await page.waitForURL(new RegExp(`/t/${slug}/functions/(?!new$)[a-z0-9]+$`));
  await expect(page.getByTestId('fn-active-version')).toContainText('v1');
  const url = (await page.getByTestId('fn-url').textContent())!;
  expect(url).toMatch(new RegExp(`/fn/${slug}/hello$`));

  // Write v2 in the editor and deploy it.
  await replaceCode(page, V2);
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await expect(page.getByText('Deployed version 2.')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('fn-active-version')).toContainText('v2');

  // Test it from the panel: the response and this invocation's console output.
  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('Path').fill('/greet');
  await page.getByLabel('Query (name=value per line)').fill('who=panel');
  await page.getByLabel('Body', { exact: true }).fill('ping');
  await page.getByRole('button', { name: 'Run test' }).click();
  await expect(page.getByTestId('test-status')).toHaveText('201', { timeout: 30_000 });
  await expect(page.getByTestId('test-body')).toContainText('"who":"panel"');
  await expect(page.getByTestId('test-body')).toContainText('"body":"ping"');
  await expect(page.getByTestId('test-logs')).toContainText('v2 saw POST /greet');
  await screenshot(page, 'function-tested');
  await expectAccessible(page);

  // Call its URL like any client.
  const res = await page.request.get(`${url}/from-outside?who=curl`);
  expect(res.status()).toBe(201);
  expect(res.headers()['x-version']).toBe('two');
  expect(await res.json()).toMatchObject({ version: 2, who: 'curl' });
  // The live log follows the invocations.
  await expect(page.getByTestId('logs')).toContainText('v2 saw GET /from-outside', { timeout: 15_000 });

  // A syntax error: shown at its line, no new version, v2 keeps serving.
  await replaceCode(page, BROKEN);
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await expect(page.getByTestId('deploy-error')).toContainText('Line 2: SyntaxError');
  await expect(page.locator('.cm-error-line')).toHaveCount(1);
  await expect(page.locator('.cm-error-line')).toContainText('const x = ;');
  await expect(page.getByTestId('versions').locator('tbody tr')).toHaveCount(2);
  // The versions table: a row per version, newest first, named by its number; the one serving says so.
  await expect(page.getByRole('table', { name: 'Versions' }).getByRole('rowheader')).toHaveText([/^v2 active$/, /^v1$/]);
  // The panel's test run started a container: the histogram of cold starts has it (the figures refresh every 5 s).
  await expect(page.getByRole('table', { name: 'Cold starts by start-up time' }).getByRole('rowheader').first()).toHaveText(/^≤ \d+ ms$/, { timeout: 20_000 });
  const still = await page.request.get(`${url}?who=after-error`);
  expect(await still.json()).toMatchObject({ version: 2, who: 'after-error' });
  await screenshot(page, 'function-deploy-error');

  // Roll back to v1 (confirmed): the example answers again.
  await page.getByRole('button', { name: 'Roll back to version 1' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Roll back to v1' }).click();
  await expect(page.getByText('Rolled back to version 1.')).toBeVisible();
  await expect(page.getByTestId('fn-active-version')).toContainText('v1');
  const back = await page.request.get(`${url}?name=again`);
  expect(back.status()).toBe(200);
  expect(await back.json()).toMatchObject({ message: 'Hello, again!' });

  // The list shows it with today's invocations; the dashboard counts it.
  await page.goto(`/t/${slug}/functions`);
  await expect(page.getByTestId('function-table')).toContainText('hello');
  await expect(page.getByTestId('function-table')).toContainText(`/fn/${slug}/hello`);
  await page.goto(`/t/${slug}/dashboard`);
  await expect(page.getByTestId('function-count')).toHaveText('1');
});

test('the code editor is labelled and keyboard friendly: Tab indents, Escape then Tab leaves it', async ({ page }) => {
  const slug = await signUp(page, { name: 'Key Board', email: uniqueEmail('kb-fn'), organisation: 'Keys Ltd' });
  await page.goto(`/t/${slug}/functions/new`);
  const content = page.getByTestId('code-editor-content');
  await expect(content).toHaveAttribute('aria-labelledby', 'f-code-label');
  await expect(content).toHaveAccessibleName(/Code \(Node\.js/);
  await content.click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Tab');
  // Tab indented the first line instead of leaving.
  await expect(content).toBeFocused();
  await expect(content.locator('.cm-line').first()).toHaveText(/^\s+\/\/ A function receives/);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(content).not.toBeFocused();
});

test('bad input is shown next to the field and creates nothing; axe in light and dark on the create and function pages', async ({ page }) => {
  const slug = await signUp(page, { name: 'Bad Fn', email: uniqueEmail('bad-fn'), organisation: 'Typos Fn' });
  await page.goto(`/t/${slug}/functions/new`);
  await setTheme(page, 'dark');
  await expect(page.getByTestId('code-editor-content')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'function-create-dark');
  await page.getByLabel('Name', { exact: true }).fill('Not_Valid');
  await page.getByLabel('Timeout (ms)').fill('50');
  await page.getByRole('button', { name: 'Create and deploy' }).first().click();
  await expect(page.locator('[data-field-error="name"]')).toContainText('lowercase letters');
  await expect(page.locator('[data-field-error="timeoutMs"]')).toContainText('100 ms to 60 s');
  expect((await (await page.request.get(`/api/v1/tenants/${slug}/functions`)).json()).functions).toEqual([]);

  const created = await page.request.post(`/api/v1/tenants/${slug}/functions`, { headers: FROM_CONSOLE, data: { name: 'private-one', access: 'token', code: 'export default () => ({ body: "ok" })' } });
  expect(created.status()).toBe(201);
  const { id, token, invokeUrl } = await created.json();
  expect((await page.request.get(invokeUrl)).status()).toBe(401);
  expect(await (await page.request.get(invokeUrl, { headers: { authorization: `Bearer ${token}` } })).text()).toBe('ok');
  await page.goto(`/t/${slug}/functions/${id}`);
  await expect(page.getByTestId('fn-active-version')).toContainText('v1');
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await expect(page.getByTestId('code-editor-content')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `function-page-${theme}`);
  }
});

test('a private function: token shown once, settings make a new version with secrets masked, another tenant sees nothing, delete with confirmation', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const slug = await signUp(page, { name: 'Priv Ate', email: uniqueEmail('priv-fn'), organisation: 'Private Functions' });
  await page.goto(`/t/${slug}/functions/new`);
  await page.getByLabel('Name', { exact: true }).fill('vault');
  await page.getByLabel(/^Token: callers send/).check();
  await page.getByLabel('Secret variables').fill('SECRET=swordfish');
  await replaceCode(page, "export default async (req) => ({ body: 'secret is ' + process.env.SECRET.length + ' long' })\n");
  await page.getByRole('button', { name: 'Create and deploy' }).first().click();
  const token = (await page.getByTestId('fn-token').textContent())!;
  expect(token.length).toBeGreaterThan(20);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Open vault' }).click();
  await page.waitForURL(new RegExp(`/t/${slug}/functions/(?!new$)[a-z0-9]+$`));
  const fnPath = page.url().split('/t/')[1]!;
  const url = (await page.getByTestId('fn-url').textContent())!;
  expect((await page.request.get(url)).status()).toBe(401);
  const ok = await page.request.get(url, { headers: { authorization: `Bearer ${token}` } });
  expect(await ok.text()).toBe('secret is 9 long');
  // The token is not on the page any more, and the secret's value never is.
  await page.reload();
  await expect(page.locator('body')).not.toContainText(token);
  await expect(page.locator('body')).not.toContainText('swordfish');
  await expect(page.getByLabel('Secret variables')).toHaveValue('SECRET=••••••••');

  // Settings: more memory makes version 2 with the same code; the masked secret keeps its value.
  await page.getByLabel('Memory', { exact: true }).selectOption('256');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved as version 2: memoryMib.')).toBeVisible();
  await expect(page.getByTestId('fn-active-version')).toContainText('v2 · 256 MiB');
  expect(await (await page.request.get(url, { headers: { authorization: `Bearer ${token}` } })).text()).toBe('secret is 9 long');

  // A new token replaces the old one at once.
  await page.getByRole('button', { name: 'New token' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Make a new token' }).click();
  const token2 = (await page.getByTestId('fn-token').textContent())!;
  expect(token2).not.toBe(token);
  expect((await page.request.get(url, { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
  expect((await page.request.get(url, { headers: { authorization: `Bearer ${token2}` } })).status()).toBe(200);

  // Another organisation: the page and the API say not found, the URL without the token says 401 as for anyone.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const otherSlug = await signUp(otherPage, { name: 'Out Sider', email: uniqueEmail('out-fn'), organisation: 'Outsiders' });
  const id = fnPath.split('/').pop()!;
  expect((await otherPage.goto(`/t/${otherSlug}/functions/${id}`))!.status()).toBe(404);
  expect((await otherPage.request.get(`/api/v1/tenants/${otherSlug}/functions/${id}`)).status()).toBe(404);
  expect((await otherPage.request.get(`/api/v1/tenants/${slug}/functions/${id}`)).status()).toBe(404);
  expect((await otherPage.request.post(`/api/v1/tenants/${otherSlug}/functions/${id}/test`, { headers: FROM_CONSOLE, data: {} })).status()).toBe(404);
  await other.close();

  // Delete, confirmed: the URL answers 404 from then on.
  await page.getByRole('button', { name: 'Delete vault' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await page.waitForURL(`**/t/${slug}/functions`);
  await expect(page.getByText('No functions yet', { exact: true })).toBeVisible();
  expect((await page.request.get(url, { headers: { authorization: `Bearer ${token2}` } })).status()).toBe(404);
});
