// Environment variables as people type them in a form: lines of NAME=value, plain and secret in two boxes. Pure, so
// that server actions (containers) and client forms (functions) read them the same way.

export type EnvEntry = { name: string; value: string; secret: boolean };

/** Lines of NAME=value (blank lines skipped; CRLF as LF); a line without "=" is an error naming it. */
export function parseEnvLines(text: string, secret: boolean): { env: EnvEntry[] } | { error: string } {
  const env: EnvEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq < 1) return { error: `“${line.slice(0, 40)}” is not NAME=value.` };
    env.push({ name: line.slice(0, eq).trim(), value: line.slice(eq + 1), secret });
  }
  return { env };
}

/** The plain box (field `env`) and the secrets box (field `secrets`) together, or the error of each bad one. */
export function envFromFields(plain: string, secrets: string): { env: EnvEntry[] } | { errors: { env?: string; secrets?: string } } {
  const p = parseEnvLines(plain, false);
  const s = parseEnvLines(secrets, true);
  if ('error' in p || 'error' in s) return { errors: { ...('error' in p ? { env: p.error } : {}), ...('error' in s ? { secrets: s.error } : {}) } };
  return { env: [...p.env, ...s.env] };
}
