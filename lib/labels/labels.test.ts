// The form's labels box and the list pages' `?label=` parameters, read as the console reads them.
import { describe, expect, it } from 'vitest';
import { labelsFromText, pageLabelFilter, ZLabelFilters } from './labels';

describe('labelsFromText', () => {
  it.each([
    ['', {}, 'an empty box is no labels'],
    ['team=web', { team: 'web' }, 'one pair'],
    ['team=web\r\nenv=prod, tier', { team: 'web', env: 'prod', tier: '' }, 'lines, commas and a key alone'],
    ['a=b=c', { a: 'b=c' }, 'the first = splits (the value is then refused by ZLabels)'],
  ] as [string, Record<string, string>, string][])('%j → %j (%s)', (text, want) => {
    expect(labelsFromText(text)).toEqual(want);
  });
});

describe('label filters', () => {
  it('reads key and key=value, one or repeated', () => {
    expect(ZLabelFilters.parse('team')).toEqual([{ key: 'team' }]);
    expect(ZLabelFilters.parse(['team=web', 'tier='])).toEqual([{ key: 'team', value: 'web' }, { key: 'tier', value: '' }]);
    expect(ZLabelFilters.parse(undefined)).toEqual([]);
  });

  it('gives a list page the labels to filter by, or the reason it cannot', () => {
    expect(pageLabelFilter(['team=web'])).toEqual({ labels: ['team=web'] });
    expect(pageLabelFilter(undefined)).toEqual({ labels: [] });
    const bad = pageLabelFilter('bad key');
    expect(bad.labels).toEqual([]);
    expect(bad.error).toContain('Filter by label as key or key=value');
  });
});
