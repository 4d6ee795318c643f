// The program every function container runs (written into the runtime image as /srv/bootstrap.mjs). It starts
// empty — a "stem cell" — and takes one function version's code once (POST /init, as Apache OpenWhisk's action
// containers do), then serves invocations of it (POST /run), many at once. Console output is captured per
// invocation (AsyncLocalStorage) and returned with the response, so the gateway records it without reading the
// container's log stream. It speaks only to the gateway: the function network lets nothing else reach it.

/** Port the bootstrap listens on inside the container. */
export const BOOTSTRAP_PORT = 8080;
/** The largest response body the runtime hands back (the gateway answers 413 beyond it). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
export const BOOTSTRAP_PATH = '/srv/bootstrap.mjs';

export const BOOTSTRAP_JS = String.raw`// Overcast function runtime bootstrap (see lib/providers/functions/bootstrap.ts).
import http from 'node:http';
import fs from 'node:fs';
import util from 'node:util';
import { AsyncLocalStorage } from 'node:async_hooks';
import { pathToFileURL } from 'node:url';

const PORT = ${BOOTSTRAP_PORT};
const MAX_RESPONSE = ${MAX_RESPONSE_BYTES};
const MAX_INPUT = 8 * 1024 * 1024;
const MAX_LINES = 200;
const MAX_LINE = 8192;
const als = new AsyncLocalStorage();
const outside = { logs: [], dropped: 0 };
let handler = null;
let loadedVersion = null;

function capture(stream, args) {
  const sink = als.getStore() || outside;
  if (sink.logs.length >= MAX_LINES) { sink.dropped++; return; }
  let text = util.format(...args);
  if (text.length > MAX_LINE) text = text.slice(0, MAX_LINE) + ' …';
  sink.logs.push({ at: new Date().toISOString(), stream, text });
}
for (const m of ['log', 'info', 'debug']) console[m] = (...a) => capture('stdout', a);
for (const m of ['error', 'warn', 'trace']) console[m] = (...a) => capture('stderr', a);
process.on('uncaughtException', (e) => capture('stderr', ['Uncaught exception:', e]));
process.on('unhandledRejection', (e) => capture('stderr', ['Unhandled rejection:', e]));

function take(sink) {
  const logs = sink.logs;
  if (sink.dropped) logs.push({ at: new Date().toISOString(), stream: 'stderr', text: '(' + sink.dropped + ' more lines of output dropped)' });
  sink.logs = [];
  sink.dropped = 0;
  return logs;
}

function errorOf(e) {
  if (e instanceof Error) return { message: e.message || e.name, stack: String(e.stack || e.message) };
  return { message: util.inspect(e), stack: util.inspect(e) };
}

function reply(res, status, doc) {
  const body = JSON.stringify(doc);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => { size += c.length; if (size > MAX_INPUT) { reject(new Error('input too large')); req.destroy(); } else chunks.push(c); });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function init(doc) {
  if (loadedVersion) return [409, { error: { message: 'this container already runs version ' + loadedVersion } }];
  for (const [k, v] of Object.entries(doc.env || {})) process.env[k] = String(v);
  const file = '/tmp/fn-' + String(doc.versionId).replace(/[^A-Za-z0-9_-]/g, '') + '.mjs';
  fs.writeFileSync(file, doc.code, { mode: 0o400 });
  try {
    const mod = await import(pathToFileURL(file).href);
    if (typeof mod.default !== 'function') return [422, { error: { message: 'The code has no default-exported handler function.' }, logs: take(outside) }];
    handler = mod.default;
    loadedVersion = String(doc.versionId);
    return [200, { ok: true, logs: take(outside) }];
  } catch (e) {
    return [422, { error: errorOf(e), logs: take(outside) }];
  }
}

function normalize(out) {
  if (out === undefined || out === null) return { status: 200, headers: {}, body: '' };
  if (typeof out !== 'object') throw new TypeError('The handler must return an object { status, headers, body }, not ' + typeof out);
  const status = out.status === undefined ? 200 : Number(out.status);
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new TypeError('The handler returned an invalid status: ' + util.inspect(out.status));
  const headers = {};
  for (const [k, v] of Object.entries(out.headers || {})) headers[k.toLowerCase()] = String(v);
  let body = out.body;
  if (body === undefined || body === null) body = '';
  else if (typeof body !== 'string') {
    body = JSON.stringify(body);
    if (!headers['content-type']) headers['content-type'] = 'application/json';
  }
  return { status, headers, body };
}

async function run(doc) {
  const sink = { logs: [], dropped: 0 };
  return als.run(sink, async () => {
    try {
      const r = normalize(await handler(doc));
      const bytes = Buffer.byteLength(r.body);
      if (bytes > MAX_RESPONSE) return { tooLarge: bytes, logs: take(sink) };
      return { ...r, logs: take(sink) };
    } catch (e) {
      capture('stderr', [e]);
      return { error: errorOf(e), logs: take(sink) };
    }
  });
}

http.createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url === '/health') return reply(res, 200, { loaded: loadedVersion });
    if (req.method !== 'POST') return reply(res, 404, { error: { message: 'not found' } });
    const doc = JSON.parse(await readBody(req));
    if (req.url === '/init') { const [s, d] = await init(doc); return reply(res, s, d); }
    if (req.url === '/run') {
      if (!handler) return reply(res, 503, { error: { message: 'no code loaded' } });
      return reply(res, 200, await run(doc));
    }
    reply(res, 404, { error: { message: 'not found' } });
  } catch (e) {
    if (!res.headersSent) reply(res, 400, { error: errorOf(e) });
  }
}).listen(PORT, '0.0.0.0');
`;
