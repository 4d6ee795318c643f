// CSV for the audit log's export (RFC 4180), safe to open in a spreadsheet: a cell that a spreadsheet would read as a
// formula (starting with = + - @, or a tab or carriage return that some strip before looking) gets a leading
// apostrophe, so that an actor who wrote `=HYPERLINK(…)` into a name or a path cannot run it on the admin's machine.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
