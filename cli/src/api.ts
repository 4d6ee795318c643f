// The console's /api/v1 over fetch with a Bearer token: JSON in and out, RFC 9457 problems turned into ApiError,
// and server-sent event streams (logs) read event by event.

export const VERSION = '0.1.0';

/** A problem the API answered with (or a failure to reach it: status 0). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    /** Per-field messages of a validation problem. */
    readonly fields: Record<string, string> = {},
    /** The problem document as received. */
    readonly body: unknown = null,
  ) {
    super(title);
  }
}

/** A problem+json body (or anything else) into an ApiError. */
export function problemFrom(status: number, body: unknown, fallbackText = ''): ApiError {
  if (body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
    const p = body as { code: string; title?: unknown; errors?: unknown };
    const fields = p.errors && typeof p.errors === 'object' ? Object.fromEntries(Object.entries(p.errors).map(([k, v]) => [k, String(v)])) : {};
    return new ApiError(status, p.code, typeof p.title === 'string' ? p.title : `HTTP ${status}`, fields, body);
  }
  const text = fallbackText.trim().slice(0, 200);
  return new ApiError(status, `http_${status}`, text ? `HTTP ${status}: ${text}` : `HTTP ${status}`, {}, body);
}

export type SseEvent = { event: string; data: unknown };

/** Splits a text/event-stream into events (`message` when unnamed); data lines are JSON. */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value, { stream: !done });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const ev = parseEvent(block);
        if (ev) yield ev;
      }
      if (done) break;
    }
  } finally {
    reader.releaseLock();
  }
}

export function parseEvent(block: string): SseEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return null;
  const text = data.join('\n');
  try {
    return { event, data: JSON.parse(text) };
  } catch {
    return { event, data: text };
  }
}

export type Fetch = typeof fetch;

export class Api {
  constructor(
    readonly url: string,
    private readonly token: string,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  private async send(method: string, path: string, body?: unknown, accept = 'application/json', raw?: { bytes: Uint8Array; type: string }): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept, 'user-agent': `ovc/${VERSION}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw) headers['content-type'] = raw.type;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.url}/api/v1/${path}`, { method, headers, body: raw ? new Uint8Array(raw.bytes) : body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError(0, 'unreachable', `Cannot reach ${this.url} (${cause?.code ?? cause?.message ?? (err as Error).message}).`);
    }
    if (!res.ok) {
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: the text itself says what happened
      }
      throw problemFrom(res.status, parsed, parsed ? '' : text);
    }
    return res;
  }

  /** A JSON answer (null for 204). */
  async call<T = unknown>(method: string, path: string, body?: unknown, raw?: { bytes: Uint8Array; type: string }): Promise<T> {
    const res = await this.send(method, path, body, 'application/json', raw);
    if (res.status === 204) return null as T;
    const text = await res.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'invalid_response', `The console answered something that is not JSON (HTTP ${res.status}).`);
    }
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  put<T = unknown>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  delete<T = unknown>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** POSTs bytes as they are (an archive), with their content type; the JSON answer. */
  upload<T = unknown>(path: string, bytes: Uint8Array, type: string): Promise<T> {
    return this.call<T>('POST', path, undefined, { bytes, type });
  }

  /** A plain-text answer (a log). */
  async text(path: string): Promise<string> {
    return (await this.send('GET', path, undefined, 'text/plain')).text();
  }

  /** The events of a server-sent event stream, until it ends. */
  async *events(path: string): AsyncGenerator<SseEvent> {
    const res = await this.send('GET', path, undefined, 'text/event-stream');
    if (!res.body) return;
    yield* readEvents(res.body);
  }
}

/** A path segment, escaped. */
export const seg = (s: string) => encodeURIComponent(s);
