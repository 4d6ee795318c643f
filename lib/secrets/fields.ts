// Which stored fields are secrets, and what each is bound to: a container's or function's secret variables and a
// VM's user-data. Each is sealed under an AAD naming its row and field, so a value copied to another row — another
// tenant's — does not open. Values are sealed when written and opened only where the engine or an authorized
// reader needs them.
import { isSealed, open, seal, sealedKid, SecretsError, type Keyring } from './envelope';
import { secretsKeyring } from './keyring';

export type EnvVar = { name: string; value: string; secret: boolean };

export const aad = {
  instanceEnv: (instanceId: string, name: string) => `instance:${instanceId}:env:${name}`,
  instanceUserData: (instanceId: string) => `instance:${instanceId}:user-data`,
  /** Bound to the function, not the version: versions of one function carry its secrets over unchanged. */
  functionEnv: (functionId: string, name: string) => `function:${functionId}:env:${name}`,
};

/** The ring only when there is something to seal or open: a row without secrets needs no key. */
type RingOf = () => Keyring;
const ringOf = (ring?: Keyring): RingOf => () => ring ?? secretsKeyring();

function openStored(value: string, context: string, ring: RingOf): string {
  if (!isSealed(value)) {
    throw new SecretsError('malformed', `The secret for ${context} is stored unencrypted: run scripts/setup.ts (or scripts/rotate-secrets.ts) to encrypt it.`);
  }
  return open(value, context, ring());
}

function envList(env: unknown): EnvVar[] {
  if (!Array.isArray(env)) return [];
  return env.filter((e): e is EnvVar => typeof e?.name === 'string' && typeof e?.value === 'string').map((e) => ({ name: e.name, value: e.value, secret: e.secret === true }));
}

/** Plaintext in, stored form out: every secret value sealed. */
export function sealEnv(env: EnvVar[], context: (name: string) => string, ring?: Keyring): EnvVar[] {
  const r = ringOf(ring);
  return env.map((e) => (e.secret ? { ...e, value: seal(e.value, context(e.name), r()) } : e));
}

/** Stored form in, plaintext out (for the engine): throws a SecretsError rather than return a wrong value. */
export function openEnv(env: unknown, context: (name: string) => string, ring?: Keyring): EnvVar[] {
  const r = ringOf(ring);
  return envList(env).map((e) => (e.secret ? { ...e, value: openStored(e.value, context(e.name), r) } : e));
}

export function sealInstanceEnv(instanceId: string, env: EnvVar[], ring?: Keyring): EnvVar[] {
  return sealEnv(env, (n) => aad.instanceEnv(instanceId, n), ring);
}
export function openInstanceEnv(instanceId: string, env: unknown, ring?: Keyring): EnvVar[] {
  return openEnv(env, (n) => aad.instanceEnv(instanceId, n), ring);
}
export function sealUserData(instanceId: string, userData: string, ring?: Keyring): string {
  return seal(userData, aad.instanceUserData(instanceId), ring ?? secretsKeyring());
}
export function openUserData(instanceId: string, stored: string, ring?: Keyring): string {
  return openStored(stored, aad.instanceUserData(instanceId), ringOf(ring));
}

export function sealFunctionEnv(functionId: string, env: EnvVar[], ring?: Keyring): EnvVar[] {
  return sealEnv(env, (n) => aad.functionEnv(functionId, n), ring);
}
export function openFunctionEnv(functionId: string, env: unknown, ring?: Keyring): EnvVar[] {
  return openEnv(env, (n) => aad.functionEnv(functionId, n), ring);
}

/**
 * A stored value brought under the ring's current key: plaintext (written before encryption existed) is sealed,
 * another key's envelope is opened and sealed again; null when it already is under the current key.
 */
export function resealValue(value: string, context: string, ring: Keyring): string | null {
  if (!isSealed(value)) return seal(value, context, ring);
  if (sealedKid(value) === ring.current.kid) return null;
  return seal(open(value, context, ring), context, ring);
}

type Json = Record<string, unknown>;

function resealEnvJson(env: unknown, context: (name: string) => string, ring: Keyring): unknown[] | null {
  if (!Array.isArray(env)) return null;
  let changed = false;
  const out = env.map((e: unknown) => {
    const v = e as Json;
    if (v?.secret !== true || typeof v.value !== 'string' || typeof v.name !== 'string') return e;
    const next = resealValue(v.value, context(v.name), ring);
    if (next === null) return e;
    changed = true;
    return { ...v, value: next };
  });
  return changed ? out : null;
}

/** An instance's spec JSON with its secrets under the current key (other fields untouched); null when unchanged. */
export function resealInstanceSpec(instanceId: string, spec: unknown, ring: Keyring): Json | null {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return null;
  const s = spec as Json;
  const env = resealEnvJson(s.env, (n) => aad.instanceEnv(instanceId, n), ring);
  const userData = typeof s.userData === 'string' ? resealValue(s.userData, aad.instanceUserData(instanceId), ring) : null;
  if (env === null && userData === null) return null;
  return { ...s, ...(env ? { env } : {}), ...(userData !== null ? { userData } : {}) };
}

/** A function version's env JSON with its secrets under the current key; null when unchanged. */
export function resealFunctionEnv(functionId: string, env: unknown, ring: Keyring): unknown[] | null {
  return resealEnvJson(env, (n) => aad.functionEnv(functionId, n), ring);
}
