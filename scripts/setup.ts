// `overcast setup`: opens the database (embedded by default), applies migrations, makes sure the auth secret, the
// secrets key and the first platform admin exist, and encrypts any secret still stored in plaintext (an upgraded
// installation) or under an older key. Prints the admin's credentials the one time they are created.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../lib/db/open';
import { standaloneClient } from '../lib/db/standalone';
import { ensureFirstAdmin } from '../lib/admin/first-admin';
import { seedContainerCatalog } from '../lib/providers/docker/seed';
import { seedVmCatalog } from '../lib/providers/qemu/seed';
import { seedPriceCatalogs } from '../lib/billing/seed';
import { ensureHostFirewall } from '../lib/providers/docker/host-firewall';
import { ensureKeyFile, loadKeyring } from '../lib/secrets/keyring';
import { resealAll } from '../lib/secrets/reseal';

const dataDir = path.resolve(process.env.OVERCAST_DATA_DIR ?? 'data');
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });

const secretFile = path.join(dataDir, 'auth-secret');
if (!process.env.AUTH_SECRET && !fs.existsSync(secretFile)) {
  fs.writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  console.log(`created ${path.relative(process.cwd(), secretFile)} (session signing key)`);
}

// The key that encrypts secrets at rest: like the session key, beside the database, never in it.
const secretsKeyFile = ensureKeyFile(dataDir, !!process.env.OVERCAST_SECRETS_KEY);
if (secretsKeyFile) console.log(`created ${path.relative(process.cwd(), secretsKeyFile)} (secrets encryption key: back it up with the database)`);
const secretsRing = loadKeyring({ key: process.env.OVERCAST_SECRETS_KEY, oldKeys: process.env.OVERCAST_SECRETS_OLD_KEYS, dataDir });

const database = await openDatabase({ dataDir, url: process.env.DATABASE_URL });
const client = standaloneClient(database.url);
try {
  console.log(
    `database: ${database.kind === 'embedded' ? `embedded PGlite in ${path.join(dataDir, 'db')}` : 'PostgreSQL (DATABASE_URL)'}; ` +
      (database.applied.length ? `applied ${database.applied.length} migration(s): ${database.applied.join(', ')}` : 'schema up to date'),
  );
  await seedContainerCatalog(client);
  await seedVmCatalog(client);
  await seedPriceCatalogs(client);
  const sealed = await resealAll(client, secretsRing);
  const resealed = sealed.instances.resealed + sealed.functionVersions.resealed;
  if (resealed) console.log(`secrets: encrypted ${resealed} record(s) with key ${secretsRing.current.kid}`);
  for (const f of [...sealed.instances.failed, ...sealed.functionVersions.failed]) console.error(`secrets: ${f.id}: ${f.error}`);
  if (process.env.OVERCAST_SKIP_FIREWALL !== '1') console.log(ensureHostFirewall());
  const admin = await ensureFirstAdmin(client, {
    email: process.env.OVERCAST_ADMIN_EMAIL,
    password: process.env.OVERCAST_ADMIN_PASSWORD,
  });
  if (admin.created) {
    console.log('');
    console.log('  First platform admin created. Sign in with:');
    console.log(`    email:    ${admin.email}`);
    console.log(`    password: ${admin.generated ? admin.password : '(the one in OVERCAST_ADMIN_PASSWORD)'}`);
    if (admin.generated) console.log('  This password is shown only now: keep it somewhere safe.');
    console.log('');
  }
} finally {
  await client.$disconnect();
  await database.close();
}
