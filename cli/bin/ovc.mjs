#!/usr/bin/env node
// The `ovc` command. The CLI is TypeScript (cli/src); it needs no build step: on first run (and after the sources
// change) it is bundled into one JavaScript file with esbuild — the one tsx, a dependency of the repository, brings —
// and kept in $XDG_CACHE_HOME/overcast (~/.cache/overcast), so later runs start as fast as plain Node. Install it from
// a checkout whose dependencies are installed (`npm ci`, or `./overcast run`), then `npm install -g ./cli`: npm links
// the folder, so the checkout's node_modules are found from here.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'src', 'main.ts');

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

/** Whether no file the bundle was built from (listed beside it) changed since the build began. */
function fresh(bundle) {
  try {
    const { startedAt, inputs } = JSON.parse(fs.readFileSync(`${bundle}.inputs.json`, 'utf8'));
    return fs.existsSync(bundle) && inputs.length > 0 && inputs.every((f) => fs.statSync(f).mtimeMs <= startedAt);
  } catch {
    return false;
  }
}

async function build() {
  let esbuild;
  try {
    // esbuild as tsx depends on it (not a dependency of the repository in its own right).
    const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
    esbuild = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);
  } catch {
    fail('ovc needs the repository’s dependencies: run `npm ci` in the Overcast checkout, then `npm install -g ./cli`.');
  }
  const startedAt = Date.now();
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: root,
  });
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.resolve(root, f));
  return { code: result.outputFiles[0].text, inputs, startedAt };
}

/** Where this checkout's bundle is kept (one per checkout: the path's hash is in the name). */
function cacheFile() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const id = createHash('sha256').update(root).digest('hex').slice(0, 16);
  return path.join(base, 'overcast', `ovc-${id}.mjs`);
}

async function load() {
  const bundle = cacheFile();
  if (fresh(bundle)) return import(pathToFileURL(bundle).href);
  const { code, inputs, startedAt } = await build();
  try {
    fs.mkdirSync(path.dirname(bundle), { recursive: true, mode: 0o700 });
    // Written beside and renamed, so that a run at the same moment reads a whole file.
    const tmp = `${bundle}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code, { mode: 0o600 });
    fs.writeFileSync(`${bundle}.inputs.json`, JSON.stringify({ startedAt, inputs }));
    fs.renameSync(tmp, bundle);
    return import(pathToFileURL(bundle).href);
  } catch {
    // No writable cache directory: run the bundle from memory (it imports only Node's own modules).
    return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  }
}

const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
