// Where `ovc login` keeps the console's address and the API token: $XDG_CONFIG_HOME/overcast/config.json (or
// ~/.config/overcast/config.json), readable by its owner only. OVERCAST_URL and OVERCAST_TOKEN override it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Config = {
  url: string;
  token: string;
  /** The organisation the token belongs to, learned at login: the default for --org. */
  org?: string | null;
};

export type Env = Record<string, string | undefined>;

export function configPath(env: Env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'overcast', 'config.json');
}

/** The stored configuration, or null when there is none (a damaged file counts as none). */
export function readConfig(env: Env): Config | null {
  let text: string;
  try {
    text = fs.readFileSync(configPath(env), 'utf8');
  } catch {
    return null;
  }
  try {
    const c = JSON.parse(text) as Partial<Config>;
    return typeof c.url === 'string' && typeof c.token === 'string' ? { url: c.url, token: c.token, org: typeof c.org === 'string' ? c.org : null } : null;
  } catch {
    return null;
  }
}

/** Writes the configuration with mode 0600 in a directory with mode 0700 (also when the file existed before). */
export function writeConfig(env: Env, config: Config): string {
  const file = configPath(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  return file;
}

/** Forgets the token; true when there was one. */
export function removeConfig(env: Env): boolean {
  try {
    fs.unlinkSync(configPath(env));
    return true;
  } catch {
    return false;
  }
}

/** The console URL without a trailing slash; a bare host gets http://. Throws on something that is not a URL. */
export function normaliseUrl(input: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `http://${input}`;
  const u = new URL(withScheme);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('The console URL must start with http:// or https://.');
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** The credentials in force: the environment's over the stored ones. */
export function credentials(env: Env): { url: string | null; token: string | null; org: string | null } {
  const stored = readConfig(env);
  const url = env.OVERCAST_URL ? normaliseUrl(env.OVERCAST_URL) : (stored?.url ?? null);
  const token = env.OVERCAST_TOKEN || stored?.token || null;
  // The stored organisation belongs to the stored token: not used with another token from the environment.
  const org = env.OVERCAST_TOKEN && env.OVERCAST_TOKEN !== stored?.token ? null : (stored?.org ?? null);
  return { url, token, org };
}
