// Keeps a long-lived connection (a web terminal, an event stream) honest after it was opened: its access is checked
// again every `everyMs`, and at once when this process changes the user's access (lib/auth/revocation.ts), and
// `onLost` is called once when the check says the access is gone.
import { AppError } from '@/lib/errors';
import { onAccessChange } from '@/lib/auth/revocation';

/**
 * `check` resolves while the access holds and throws an AppError (signed out, no longer a member, role too low,
 * suspended …) once it does not; any other failure (the database briefly away) is not a verdict: the next check
 * decides. Returns the function that stops watching.
 */
export function watchAccess(opts: {
  userId: string;
  everyMs: number;
  check: () => Promise<void>;
  onLost: (err: AppError) => void;
  label: string;
}): () => void {
  let checking = false;
  let again = false;
  let stopped = false;
  const run = async (): Promise<void> => {
    if (stopped) return;
    if (checking) return void (again = true);
    checking = true;
    try {
      await opts.check();
    } catch (err) {
      if (err instanceof AppError) {
        if (!stopped) opts.onLost(err);
        stop();
      } else console.error(`[${opts.label}] access re-check failed`, err);
    } finally {
      checking = false;
      if (again && !stopped) {
        again = false;
        void run();
      }
    }
  };
  const timer = setInterval(() => void run(), opts.everyMs);
  const unsubscribe = onAccessChange((change) => {
    if (change.userId === opts.userId) void run();
  });
  function stop(): void {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
  }
  return stop;
}
