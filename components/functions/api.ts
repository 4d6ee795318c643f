// Calls to the console's own /api/v1 from the function pages: JSON in, JSON or a problem (with field errors) out.
import type { EnvEntry } from '@/lib/env-text';
export type Problem = { code: string; title: string; status: number; errors?: Record<string, string>; line?: number; column?: number; errorId?: string };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

export async function callApi<T>(url: string, method: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      cache: 'no-store',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, problem: { code: 'network', title: 'The console is not reachable. Try again.', status: 0 } };
  }
  if (res.status === 204) return { ok: true, data: undefined as T };
  const data = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, data: data as T };
  const p = (data ?? {}) as Partial<Problem>;
  return { ok: false, problem: { code: p.code ?? 'internal', title: p.title ?? `The console answered ${res.status}.`, status: res.status, ...p } as Problem };
}

export function envText(env: EnvEntry[], secret: boolean): string {
  return env
    .filter((e) => e.secret === secret)
    .map((e) => `${e.name}=${e.value}`)
    .join('\n');
}
