// Slugs appear in URLs: lower-case ASCII letters, digits and single hyphens, 2–40 characters.
import { describe, expect, it } from 'vitest';
import { RESERVED_SLUGS, slugify, withSuffix } from './slug';

describe('slugify', () => {
  it.each([
    { name: 'Acme Corp', want: 'acme-corp', reason: 'spaces become hyphens, lower case' },
    { name: 'Café Münster', want: 'cafe-munster', reason: 'accents are folded to ASCII' },
    { name: '  --Hello,   World!--  ', want: 'hello-world', reason: 'runs of punctuation collapse; no edge hyphens' },
    { name: 'R&D 2026', want: 'r-d-2026', reason: 'digits are kept' },
    { name: 'ACME', want: 'acme', reason: 'upper case is lowered' },
    { name: 'X', want: 'org-x', reason: 'one character is too short: prefixed' },
    { name: '!!!', want: 'org', reason: 'nothing usable left: a generic base' },
    { name: '東京', want: 'org', reason: 'non-Latin scripts leave nothing usable' },
    { name: 'a'.repeat(39) + ' b', want: 'a'.repeat(39), reason: 'cut at 40 without leaving a trailing hyphen' },
    { name: 'b'.repeat(60), want: 'b'.repeat(40), reason: 'at most 40 characters' },
  ])('$name → $want ($reason)', ({ name, want }) => {
    const slug = slugify(name);
    expect(slug).toBe(want);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('withSuffix appends six hex characters, differently each time', () => {
    const a = withSuffix('acme');
    expect(a).toMatch(/^acme-[0-9a-f]{6}$/);
    expect(new Set(Array.from({ length: 20 }, () => withSuffix('acme'))).size).toBeGreaterThan(1);
  });

  it('reserves the words that name console routes', () => {
    for (const word of ['admin', 'api', 'login', 'signup']) expect(RESERVED_SLUGS.has(word)).toBe(true);
  });
});
