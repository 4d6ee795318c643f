// Forms' text into the numbers the API's strict schemas take; text that is not a plain number is left for them to refuse.
import { describe, expect, it } from 'vitest';
import { formNumber } from './form-number';

describe('formNumber', () => {
  it.each([
    ['12', 12],
    [' 0.5 ', 0.5],
    ['-3', -3],
    ['', undefined],
    ['   ', undefined],
    [null, undefined],
    ['12abc', '12abc'],
    ['1e3', '1e3'],
    ['0x10', '0x10'],
    ['Infinity', 'Infinity'],
    ['true', 'true'],
    [7, 7],
  ])('%j → %j', (input, out) => {
    expect(formNumber(input)).toEqual(out);
  });
});
