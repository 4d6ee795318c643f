// Runs this process's reconciler until the process exits.
import { hostname } from 'node:os';
import { db } from '@/lib/db/client';
import { Reconciler } from './reconciler';
import { setRunningReconciler } from './runtime';

export function startReconciler(): Reconciler {
  const r = new Reconciler(db(), { owner: `${hostname()}:${process.pid}` });
  r.start();
  setRunningReconciler(r);
  const stop = () => void r.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return r;
}
