// What a tenant's Dockerfile may name. BuildKit in the engine resolves FROM, COPY --from and RUN --mount from= against
// the engine's local image store, which holds every tenant's results and the console's own images: left alone, a
// Dockerfile could start FROM another tenant's image. So each image reference must be a built-in base image,
// `scratch`, an earlier stage, or one of the tenant's own repositories. A `# syntax=` directive (a frontend image
// fetched and run by the engine) and RUN's --network/--security flags (host network, insecure mode) are refused too.
import { AppError } from '@/lib/errors';

/** Images every tenant may start FROM (built by scripts/build-images.ts; see lib/providers/docker/images.ts). */
export const BASE_IMAGES = ['overcast/node:20', 'overcast/static-web:1', 'overcast/shell:1'] as const;

export function dockerfileError(message: string): AppError {
  return new AppError('invalid_build_context', message, { dockerfile: message });
}

type Instruction = { line: number; keyword: string; args: string };

/** Instructions with their continuation lines joined; comments and parser directives apart. */
export function instructions(text: string): { directives: Record<string, string>; list: Instruction[] } {
  const directives: Record<string, string> = {};
  const list: Instruction[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let escape = '\\';
  let inHeader = true;
  let current: Instruction | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (inHeader) {
      const d = /^#\s*([a-zA-Z]+)\s*=\s*(.*?)\s*$/.exec(raw);
      if (d) {
        directives[d[1].toLowerCase()] = d[2];
        if (d[1].toLowerCase() === 'escape') escape = d[2] === '`' ? '`' : '\\';
        continue;
      }
      inHeader = false;
    }
    const t = raw.trim();
    if (!current && (t === '' || t.startsWith('#'))) continue;
    if (current && t.startsWith('#')) continue;
    const continued = t.endsWith(escape);
    const body = continued ? t.slice(0, -1) : t;
    if (current) current.args += ` ${body}`;
    else {
      const m = /^(\S+)\s*(.*)$/.exec(body);
      current = { line: i + 1, keyword: (m?.[1] ?? '').toUpperCase(), args: m?.[2] ?? '' };
    }
    if (!continued) {
      list.push(current);
      current = null;
    }
  }
  if (current) list.push(current);
  return { directives, list };
}

const subst = (s: string, vars: Record<string, string>) =>
  s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string, b: string) => vars[a ?? b] ?? '');

/** Docker's normal form of a reference: docker.io/library/x:latest → x:latest; no tag → :latest. */
export function normaliseRef(ref: string): string {
  let r = ref.trim().toLowerCase();
  r = r.replace(/^docker\.io\//, '').replace(/^index\.docker\.io\//, '').replace(/^library\//, '');
  if (!/@/.test(r) && !/:[^/]+$/.test(r)) r += ':latest';
  return r;
}

/**
 * Checks the Dockerfile's image references. `own` tells whether a reference is one of the tenant's repositories.
 * Throws invalid_build_context naming the line.
 */
export function checkDockerfile(text: string, buildArgs: Record<string, string>, own: (ref: string) => boolean): void {
  const { directives, list } = instructions(text);
  if (directives.syntax !== undefined) throw dockerfileError('A "# syntax=" directive is not allowed: builds use the engine’s built-in Dockerfile frontend.');
  if (!list.some((i) => i.keyword === 'FROM')) throw dockerfileError('The Dockerfile has no FROM instruction.');
  const globals: Record<string, string> = {};
  const stages: string[] = [];
  const allowed = new Set(BASE_IMAGES.map(normaliseRef));
  const checkImage = (ref: string, line: number, what: string) => {
    if (ref.includes('$')) throw dockerfileError(`Line ${line}: ${what} must name an image without variables.`);
    const lower = ref.toLowerCase();
    if (lower === 'scratch' || stages.includes(lower) || /^\d+$/.test(lower)) return;
    if (allowed.has(normaliseRef(ref)) || own(ref)) return;
    throw dockerfileError(`Line ${line}: ${what} ${ref} is not allowed. Use one of the built-in images (${BASE_IMAGES.join(', ')}), scratch, an earlier stage, or one of this organisation's images.`);
  };
  for (const key of Object.keys(buildArgs)) {
    // BUILDKIT_SYNTAX and its kin choose the frontend (an image the engine runs), like a "# syntax=" line.
    if (/^buildkit_/i.test(key)) throw dockerfileError(`The build argument ${key} is not allowed.`);
  }
  let seenFrom = false;
  for (const ins of list) {
    if (ins.keyword === 'ARG' && /^\s*buildkit_/i.test(ins.args)) throw dockerfileError(`Line ${ins.line}: BUILDKIT_ arguments are not allowed.`);
    if (ins.keyword === 'ARG' && !seenFrom) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(ins.args.trim());
      if (m) globals[m[1]] = buildArgs[m[1]] ?? (m[2] ?? '').replace(/^"(.*)"$/, '$1');
    } else if (ins.keyword === 'FROM') {
      seenFrom = true;
      const parts = ins.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      if (ins.args.split(/\s+/).some((p) => p.startsWith('--') && !p.startsWith('--platform='))) throw dockerfileError(`Line ${ins.line}: FROM flags other than --platform are not allowed.`);
      // ${X:+word} and ${X:-word} pick the word where this check would see X's value: only plain variables.
      if (/\$\{[^}]*[:+-][^}]*\}/.test(parts[0] ?? '')) throw dockerfileError(`Line ${ins.line}: FROM may use plain \${VAR} build arguments only, without :- or :+ forms.`);
      const image = subst(parts[0] ?? '', globals);
      checkImage(image, ins.line, 'FROM');
      if (parts[1]?.toLowerCase() === 'as' && parts[2]) stages.push(parts[2].toLowerCase());
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      for (const m of ins.args.matchAll(/--from=(\S+)/gi)) checkImage(m[1], ins.line, 'COPY --from');
      // The engine fetches an ADD source URL itself, on the host's network (RUN's "no network" does not cover it);
      // a variable could hide one.
      if (ins.keyword === 'ADD' && /:\/\/|\$/.test(ins.args)) throw dockerfileError(`Line ${ins.line}: ADD from a URL or with variables is not allowed (builds have no network; use COPY).`);
    } else if (ins.keyword === 'RUN') {
      if (/--(network|security)\b/i.test(ins.args)) throw dockerfileError(`Line ${ins.line}: RUN --network and --security are not allowed.`);
      for (const m of ins.args.matchAll(/--mount=(\S+)/gi)) {
        // Options as BuildKit reads them: comma-separated, each maybe quoted, keys in any case.
        const opts = m[1].split(',').map((o) => o.replace(/^["']+|["']+$/g, ''));
        for (const o of opts) {
          const eq = o.indexOf('=');
          const key = (eq < 0 ? o : o.slice(0, eq)).trim().toLowerCase();
          const value = eq < 0 ? '' : o.slice(eq + 1).trim();
          if (key === 'from') checkImage(value, ins.line, 'RUN --mount from=');
          if (key === 'type' && /^(ssh|secret)$/i.test(value)) throw dockerfileError(`Line ${ins.line}: RUN --mount of ssh or secret is not available.`);
        }
      }
    } else if (ins.keyword === 'ONBUILD') {
      if (/--from|--mount|--network|--security|:\/\/|^\s*add\b.*\$/i.test(ins.args)) throw dockerfileError(`Line ${ins.line}: ONBUILD may not name images, URLs, mounts or network modes.`);
    }
  }
}
