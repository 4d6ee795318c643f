// `./overcast registry-gc`: frees the image registry's storage that deleted tags left behind (lib/registry/daemon.ts
// garbageCollect: the registry is stopped for the collection and started again).
import path from 'node:path';
import { registrySettings } from '../lib/registry/settings';
import { garbageCollect } from '../lib/registry/daemon';

const settings = registrySettings({ ...process.env, OVERCAST_DATA_DIR: path.resolve(process.env.OVERCAST_DATA_DIR ?? 'data') });
const r = await garbageCollect(settings);
const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
console.log(`registry storage: ${mib(r.beforeBytes)} MiB → ${mib(r.afterBytes)} MiB (freed ${mib(r.beforeBytes - r.afterBytes)} MiB in ${r.ms} ms)`);
