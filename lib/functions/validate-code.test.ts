// Which code a deploy accepts: an ES module with a default export, parsed (never run); what it rejects and where.
import { describe, expect, it } from 'vitest';
import { assertDeployableCode, codeProblem } from './validate-code';
import { CODE_MAX_BYTES } from './schemas';

describe('codeProblem', () => {
  it.each([
    { code: 'export default async function (req) { return { status: 200, body: "hi" } }', reason: 'an anonymous async default function' },
    { code: 'const h = async () => ({ body: 1 });\nexport default h;', reason: 'a default-exported binding' },
    { code: 'async function h() {}\nexport { h as default };', reason: 'export { h as default }' },
    { code: 'import { createHash } from "node:crypto";\nexport default (req) => ({ body: createHash("sha256").update(req.body).digest("hex") });', reason: 'imports are allowed' },
    { code: '#!/usr/bin/env node\nexport default () => ({})', reason: 'a hashbang line' },
    { code: 'const x = await Promise.resolve(1);\nexport default () => ({ body: String(x) })', reason: 'top-level await (a module)' },
  ])('accepts $reason', ({ code }) => {
    expect(codeProblem(code)).toBeNull();
  });

  it.each([
    { code: 'export default async function (req) {\n  return { status: 200,, }\n}', line: 2, match: /SyntaxError: Unexpected token/, reason: 'a syntax error on line 2' },
    { code: 'export default function (req) {\n  return 1;\n', line: 3, match: /SyntaxError/, reason: 'an unclosed function (reported at the end)' },
    { code: 'module.exports = async () => ({})', line: 1, match: /no default export/, reason: 'CommonJS has no default export' },
    { code: 'export async function handler() {}', line: 1, match: /no default export/, reason: 'a named export only' },
    { code: 'export default 1;\nexport default 2;', line: 2, match: /Duplicate export 'default'/, reason: 'two default exports' },
    { code: 'with (a) {}\nexport default 1', line: 1, match: /SyntaxError/, reason: 'modules are strict: no `with`' },
  ])('rejects $reason, at line $line', ({ code, line, match }) => {
    const p = codeProblem(code);
    expect(p).not.toBeNull();
    expect(p!.line).toBe(line);
    expect(p!.message).toMatch(match);
  });
});

describe('assertDeployableCode', () => {
  it('throws code_too_large beyond 256 KiB, counting UTF-8 bytes (not characters)', () => {
    const head = 'export default () => ({});\n//';
    const fits = head + 'x'.repeat(CODE_MAX_BYTES - head.length);
    expect(() => assertDeployableCode(fits)).not.toThrow();
    // "é" is 2 bytes: fewer characters than the limit, more bytes.
    const over = head + 'é'.repeat((CODE_MAX_BYTES - head.length) / 2 + 1);
    expect(over.length).toBeLessThan(CODE_MAX_BYTES);
    expect(() => assertDeployableCode(over)).toThrow(expect.objectContaining({ code: 'code_too_large', fields: { code: expect.stringMatching(/at most 256 KiB/) } }));
  });

  it('throws invalid_code with the line and column as problem details', () => {
    try {
      assertDeployableCode('export default () => {\n  let = ;\n}');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid_code', details: { line: 2 }, fields: { code: expect.stringMatching(/^Line 2: SyntaxError/) } });
    }
  });
});
