// Checks a function's code before a version is written: it must parse as an ES module and have a default export
// (the handler). Parsing only — the console never runs tenant code in its own process. A failure is `invalid_code`
// with the parser's message and the line, so the editor can point at it; `code_too_large` beyond 256 KiB.
import { parse } from 'acorn';
import { AppError } from '@/lib/errors';
import { CODE_MAX_BYTES } from './schemas';

export type CodeProblem = { message: string; line: number; column: number };

type Node = { type: string; start: number; end: number; specifiers?: { exported?: { type: string; name?: string; value?: string } }[] };

/** Null when the code is a module with a default export; otherwise what is wrong and where. */
export function codeProblem(code: string): CodeProblem | null {
  let program: { body: Node[] };
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true }) as unknown as { body: Node[] };
  } catch (err) {
    const e = err as SyntaxError & { loc?: { line: number; column: number } };
    // acorn appends "(line:column)"; the line is reported on its own.
    const message = e.message.replace(/\s*\(\d+:\d+\)$/, '');
    return { message: `SyntaxError: ${message}`, line: e.loc?.line ?? 1, column: (e.loc?.column ?? 0) + 1 };
  }
  const hasDefault = program.body.some(
    (n) =>
      n.type === 'ExportDefaultDeclaration' ||
      (n.type === 'ExportNamedDeclaration' && n.specifiers?.some((s) => (s.exported?.name ?? s.exported?.value) === 'default')),
  );
  if (!hasDefault) {
    return { message: 'The code has no default export: export the handler with `export default async function (req) { … }`.', line: 1, column: 1 };
  }
  return null;
}

export function codeBytes(code: string): number {
  return Buffer.byteLength(code, 'utf8');
}

/** Throws code_too_large or invalid_code (with `line` and `column` in the problem) unless the code may be deployed. */
export function assertDeployableCode(code: unknown): void {
  if (typeof code !== 'string' || code === '') return; // the schema reports a missing, empty or non-text code
  const bytes = codeBytes(code);
  if (bytes > CODE_MAX_BYTES) {
    const msg = `The code may be at most ${CODE_MAX_BYTES / 1024} KiB (this is ${Math.ceil(bytes / 1024)} KiB).`;
    throw new AppError('code_too_large', msg, { code: msg });
  }
  const problem = codeProblem(code);
  if (problem) {
    const msg = `Line ${problem.line}: ${problem.message}`;
    throw new AppError('invalid_code', `The code cannot be deployed. ${msg}`, { code: msg }, { line: problem.line, column: problem.column });
  }
}
