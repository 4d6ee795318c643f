// Build args from "NAME=value" lines (the form's text area, the query string's buildArg values). No imports: the
// browser's form uses it too.
export function parseBuildArgLines(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return `Line ${i + 1}: write NAME=value.`;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return out;
}
