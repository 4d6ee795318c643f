// BuildKit's progress, as the Engine API streams it for a BuildKit build (`version: '2'`): JSON messages whose
// `{ id: 'moby.buildkit.trace', aux }` carries a base64 protobuf `moby.buildkit.v1.StatusResponse`. This is a small
// protobuf reader for the fields a build log needs, and the turn of those records into readable lines:
// "[2/3] RUN …" when a step starts, its output, "CACHED"/"DONE 0.4s"/"ERROR: …" when it ends.
//
//   StatusResponse { repeated Vertex vertexes = 1; repeated VertexStatus statuses = 2; repeated VertexLog logs = 3; }
//   Vertex { string digest = 1; string name = 3; bool cached = 4; Timestamp started = 5; Timestamp completed = 6; string error = 7; }
//   VertexLog { string vertex = 1; int64 stream = 3; bytes msg = 4; }
//   Timestamp { int64 seconds = 1; int32 nanos = 2; }

type Field = { no: number; wire: number; value: bigint | Uint8Array };

function* fields(buf: Uint8Array): Generator<Field> {
  let i = 0;
  const varint = (): bigint => {
    let out = BigInt(0);
    let shift = BigInt(0);
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++];
      out |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return out;
      shift += BigInt(7);
      if (shift > BigInt(63)) throw new Error('varint too long');
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { no, wire, value: varint() };
    else if (wire === 2) {
      const len = Number(varint());
      if (i + len > buf.length) throw new Error('truncated field');
      yield { no, wire, value: buf.subarray(i, i + len) };
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (v: bigint | Uint8Array) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : '');
const bytes = (v: bigint | Uint8Array) => (v instanceof Uint8Array ? v : new Uint8Array());

function timestamp(buf: Uint8Array): number {
  let s = 0;
  let n = 0;
  for (const f of fields(buf)) {
    if (f.no === 1 && f.wire === 0) s = Number(f.value);
    if (f.no === 2 && f.wire === 0) n = Number(f.value);
  }
  return s * 1000 + Math.floor(n / 1e6);
}

export type TraceVertex = { digest: string; name: string; cached: boolean; started?: number; completed?: number; error?: string };
export type TraceLog = { vertex: string; stream: number; msg: string };
export type TraceRecord = { vertexes: TraceVertex[]; logs: TraceLog[] };

/** Decodes one `aux` payload (base64) of a moby.buildkit.trace message. Throws on a malformed one. */
export function decodeTrace(aux: string): TraceRecord {
  const out: TraceRecord = { vertexes: [], logs: [] };
  for (const f of fields(Buffer.from(aux, 'base64'))) {
    if (f.no === 1 && f.wire === 2) {
      const v: TraceVertex = { digest: '', name: '', cached: false };
      for (const g of fields(bytes(f.value))) {
        if (g.no === 1) v.digest = text(g.value);
        else if (g.no === 3) v.name = text(g.value);
        else if (g.no === 4 && g.wire === 0) v.cached = g.value !== BigInt(0);
        else if (g.no === 5 && g.wire === 2) v.started = timestamp(bytes(g.value));
        else if (g.no === 6 && g.wire === 2) v.completed = timestamp(bytes(g.value));
        else if (g.no === 7) v.error = text(g.value);
      }
      out.vertexes.push(v);
    } else if (f.no === 3 && f.wire === 2) {
      const l: TraceLog = { vertex: '', stream: 1, msg: '' };
      for (const g of fields(bytes(f.value))) {
        if (g.no === 1) l.vertex = text(g.value);
        else if (g.no === 3 && g.wire === 0) l.stream = Number(g.value);
        else if (g.no === 4) l.msg = text(g.value);
      }
      out.logs.push(l);
    }
  }
  return out;
}

/**
 * Turns trace records into log lines. BuildKit repeats a vertex in several records as it progresses (started, then
 * completed): each state change is printed once. Output lines are prefixed with their step's number when it has one.
 */
export class TraceLines {
  private readonly seen = new Map<string, { started: boolean; done: boolean; step: string }>();
  private partial = new Map<string, string>();

  lines(rec: TraceRecord): string[] {
    const out: string[] = [];
    for (const v of rec.vertexes) {
      let s = this.seen.get(v.digest);
      if (!s) {
        s = { started: false, done: false, step: /^\[[^\]]+\]/.exec(v.name)?.[0] ?? '' };
        this.seen.set(v.digest, s);
      }
      if (!s.started && (v.started !== undefined || v.cached)) {
        s.started = true;
        out.push(`${v.name}`);
      }
      if (!s.done && (v.completed !== undefined || v.error)) {
        s.done = true;
        const prefix = s.step ? `${s.step} ` : '';
        if (v.error) out.push(`${prefix}ERROR: ${v.error}`);
        else if (v.cached) out.push(`${prefix}CACHED`);
        else if (v.started !== undefined && v.completed !== undefined) out.push(`${prefix}DONE ${((v.completed - v.started) / 1000).toFixed(1)}s`);
      }
    }
    for (const l of rec.logs) {
      const step = this.seen.get(l.vertex)?.step ?? '';
      const text = (this.partial.get(l.vertex) ?? '') + l.msg;
      const parts = text.split(/\r?\n/);
      this.partial.set(l.vertex, parts.pop() ?? '');
      for (const p of parts) out.push(step ? `${step} ${p}` : p);
    }
    return out;
  }

  /** Output of steps that did not end with a newline. */
  flush(): string[] {
    const out: string[] = [];
    for (const [vertex, rest] of this.partial) {
      if (!rest) continue;
      const step = this.seen.get(vertex)?.step ?? '';
      out.push(step ? `${step} ${rest}` : rest);
    }
    this.partial.clear();
    return out;
  }
}
