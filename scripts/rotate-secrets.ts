// Re-encrypts every stored secret (secret variables of containers and functions, VMs' user-data) with the current
// secrets key, in batches; idempotent. `--new-key` first makes a new `<data dir>/secrets-key`, keeping the old one
// as `secrets-key.<kid>` so that what it sealed still opens. Run it with the console stopped (the embedded database
// allows one process; a running console would keep sealing with the key it started with). Usage:
//   node --import tsx scripts/rotate-secrets.ts [--new-key] [--batch-size N]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../lib/db/open';
import { standaloneClient } from '../lib/db/standalone';
import { loadKeyring, rotateKeyFile } from '../lib/secrets/keyring';
import { resealAll, secretsByKey } from '../lib/secrets/reseal';

const { values: args } = parseArgs({ options: { 'new-key': { type: 'boolean', default: false }, 'batch-size': { type: 'string', default: '200' } } });
const batchSize = Number(args['batch-size']);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
  console.error('--batch-size is a whole number from 1 to 10000');
  process.exit(2);
}
const dataDir = path.resolve(process.env.OVERCAST_DATA_DIR ?? 'data');
const keySources = { key: process.env.OVERCAST_SECRETS_KEY, oldKeys: process.env.OVERCAST_SECRETS_OLD_KEYS, dataDir };

if (args['new-key']) {
  if (process.env.OVERCAST_SECRETS_KEY) {
    console.error(
      'The key comes from OVERCAST_SECRETS_KEY: put the new key there and the old one in OVERCAST_SECRETS_OLD_KEYS, then run this without --new-key.',
    );
    process.exit(2);
  }
  const r = rotateKeyFile(dataDir);
  console.log(`new secrets key ${r.newKid} in ${path.join(dataDir, 'secrets-key')}; the old key ${r.oldKid} is kept as ${r.oldFile}`);
}

const ring = loadKeyring(keySources);
const database = await openDatabase({ dataDir, url: process.env.DATABASE_URL });
const client = standaloneClient(database.url);
let failed = 0;
try {
  console.log(`re-encrypting secrets with key ${ring.current.kid} (batches of ${batchSize})`);
  const report = await resealAll(client, ring, { batchSize, log: (line) => console.log(line) });
  for (const [table, t] of Object.entries(report)) {
    console.log(`${table}: ${t.resealed} re-encrypted, ${t.failed.length} could not be`);
    for (const f of t.failed) console.error(`  ${f.id}: ${f.error}`);
    failed += t.failed.length;
  }
  const byKey = await secretsByKey(client);
  console.log(`secrets by key: ${Object.entries(byKey).map(([kid, n]) => `${kid} ${n}`).join(', ') || 'none stored'}`);
  for (const k of ring.byKid.values()) {
    if (k.kid !== ring.current.kid && !byKey[k.kid]) console.log(`no secret uses the old key ${k.kid} any more: it may be removed (${k.source})`);
  }
} finally {
  await client.$disconnect();
  await database.close();
}
process.exit(failed ? 1 : 0);
