// Runs this process's build runner until the process exits (started by instrumentation.ts with the other loops).
import { db } from '@/lib/db/client';
import { BuildRunner } from './runner';
import { contextDir } from './service';

export function startBuildRunner(): () => Promise<void> {
  const r = new BuildRunner(db(), { contextDir: contextDir(), log: (m) => console.error(m) });
  void r.start().catch((err) => console.error('[builds] the runner did not start:', err));
  return () => r.stop();
}
