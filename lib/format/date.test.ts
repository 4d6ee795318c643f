import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime } from './date';
import { localeFrom } from './locale';

describe('localeFrom', () => {
  it.each([
    { header: null, want: 'en-GB', reason: 'no header: the default' },
    { header: 'en-US,en;q=0.9', want: 'en-US', reason: 'the first language' },
    { header: 'fr;q=0.5, de-DE', want: 'de-DE', reason: 'highest weight first, whatever the order' },
    { header: '*, en-US;q=0.2', want: 'en-US', reason: 'the wildcard is no locale' },
    { header: 'x!y, en-US', want: 'en-US', reason: 'a malformed tag is skipped' },
    { header: 'en-US;q=0', want: 'en-GB', reason: 'q=0 means "not this one"' },
  ])('$header → $want ($reason)', ({ header, want }) => {
    expect(localeFrom(header)).toBe(want);
  });
});

describe('date formatting', () => {
  const d = new Date('2026-12-05T14:05:09Z');
  it('writes the month in words, in the locale, in UTC', () => {
    expect(formatDate(d, 'en-GB')).toBe('5 Dec 2026');
    expect(formatDate(d, 'en-US')).toBe('Dec 5, 2026');
    expect(formatDate('2026-12-05T23:59:00Z', 'en-GB')).toBe('5 Dec 2026');
  });
  it('says UTC on moments and uses 24-hour clocks', () => {
    expect(formatDateTime(d, 'en-GB')).toBe('5 Dec 2026, 14:05 UTC');
    expect(formatDateTime(d, 'en-US', { seconds: true })).toBe('Dec 5, 2026, 14:05:09 UTC');
    expect(formatTime(d.getTime(), 'en-US')).toBe('14:05:09');
    expect(formatTime(d, 'en-GB', { seconds: false })).toBe('14:05');
  });
});
