// Child process of the functions benchmarks that holds their in-memory embedded database, as the console's serve.ts
// holds its own apart from the web server: the invocation records the gateway writes then cost a process of their
// own, not the one that drives the load. Prints the database's URL, then serves until its stdin closes.
import { openEmbeddedDatabase } from '../../lib/db/embedded';
import { migrate } from '../../lib/db/migrate';

const database = await openEmbeddedDatabase();
await migrate(database.url);
process.stdout.write(`${database.url}\n`);
await new Promise<void>((r) => {
  process.stdin.resume();
  process.stdin.on('end', r);
  process.stdin.on('close', r);
});
await database.close();
process.exit(0);
