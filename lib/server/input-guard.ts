// Refuses text the database cannot store or no identifier needs, before any domain code sees it: PostgreSQL rejects
// U+0000 in text and a lone UTF-16 surrogate has no UTF-8 encoding, so either used to reach Prisma and answer 500.
// One check for every way input arrives: path parameters, query strings, JSON bodies (deep, keys too), form fields.
import { AppError } from '@/lib/errors';

/**
 * NUL, and UTF-16 code units that do not form a code point (a high surrogate without its low half, or the reverse).
 * These are refused everywhere, including free text (code, scripts, env values): nothing can store or show them.
 */
const NEVER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * In addition, in path parameters and query values (ids, slugs, months, kinds — never free text): every C0 and C1
 * control character and DEL. They serve no identifier and only help forge log lines or confuse a terminal.
 */
const NOT_IN_IDS = /[\u0000-\u001F\u007F-\u009F]/;

export const INVALID_CHARACTERS_MESSAGE = 'Contains characters that are not allowed (NUL, a control character or broken Unicode).';

export type Where = 'path' | 'query' | 'body' | 'form';

/** `s` with each NUL and lone surrogate replaced by U+FFFD (for echoing refused input back into a form). */
export function replaceInvalidText(s: string): string {
  return s.replace(new RegExp(NEVER.source, 'g'), '\uFFFD');
}

/** Whether `s` may be stored: no NUL, no lone surrogate (and, for ids, no control character). */
export function isCleanText(s: string, opts: { id?: boolean } = {}): boolean {
  return !NEVER.test(s) && !(opts.id && NOT_IN_IDS.test(s));
}

/** The dotted path of the first string (value or object key) in `value` that is not clean, or null. */
export function findInvalidText(value: unknown, opts: { id?: boolean } = {}, path = '', depth = 0): string | null {
  if (typeof value === 'string') return isCleanText(value, opts) ? null : path || '_';
  // JSON.parse nests at most as deep as the text; 64 levels is far beyond any body this API takes.
  if (depth > 64) return path || '_';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findInvalidText(value[i], opts, path ? `${path}.${i}` : String(i), depth + 1);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (!isCleanText(k, opts)) return path || '_';
      const bad = findInvalidText(v, opts, at, depth + 1);
      if (bad !== null) return bad;
    }
  }
  return null;
}

/** The error for a bad field: 400 `invalid_characters`, naming the field (a form shows it next to the input). */
export function invalidCharacters(where: Where, field: string): AppError {
  const name = field === '_' ? where : field;
  const label = where === 'path' ? 'address part' : where === 'query' ? 'query parameter' : 'field';
  const fields: Record<string, string> = { [name]: INVALID_CHARACTERS_MESSAGE };
  // Forms show one message per input: `env.0.value` is also reported as `env`.
  if (name.includes('.')) fields[name.slice(0, name.indexOf('.'))] = INVALID_CHARACTERS_MESSAGE;
  return new AppError('invalid_characters', `The ${label} “${printable(name)}” contains characters that are not allowed (NUL, a control character or broken Unicode).`, fields, { in: where });
}

/** Throws `invalid_characters` when any string in a JSON body (values and keys, at any depth) is not clean. */
export function assertCleanInput(value: unknown): void {
  const bad = findInvalidText(value);
  if (bad !== null) throw invalidCharacters('body', bad);
}

/** Throws `invalid_characters` when a form's text field (any of a repeated name's values) is not clean. */
export function assertCleanForm(formData: FormData): void {
  for (const [k, v] of formData.entries()) {
    if (!isCleanText(k)) throw invalidCharacters('form', '_');
    if (typeof v === 'string' && !isCleanText(v)) throw invalidCharacters('form', k);
  }
}

/** Throws `invalid_characters` for a path parameter or query value that is not a clean identifier-like text. */
export async function assertCleanRequest(req: Request, params: Promise<unknown> | undefined): Promise<void> {
  const p = params ? await params : undefined;
  if (p && typeof p === 'object') {
    for (const [k, v] of Object.entries(p)) {
      for (const s of Array.isArray(v) ? v : [v]) if (typeof s === 'string' && !isCleanText(s, { id: true })) throw invalidCharacters('path', k);
    }
  }
  // URLSearchParams decodes %00 and turns broken UTF-8 into U+FFFD; the raw key is named in the error.
  for (const [k, v] of new URL(req.url).searchParams) {
    if (!isCleanText(k, { id: true })) throw invalidCharacters('query', '_');
    if (!isCleanText(v, { id: true })) throw invalidCharacters('query', k);
  }
}

/** A field name as it can be shown: control characters escaped, at most 64 characters. */
function printable(s: string): string {
  const shown = Array.from(s.slice(0, 64), (c) => (isCleanText(c, { id: true }) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
  return s.length > 64 ? `${shown}…` : shown;
}
