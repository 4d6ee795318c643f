// The console's configuration, read from the environment once and validated, so a typo fails at start-up.
import { z } from 'zod';

const ZEnv = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  OVERCAST_DATA_DIR: z.string().default('data'),
  OVERCAST_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  OVERCAST_HOST: z.string().default('127.0.0.1'),
  OVERCAST_ADMIN_EMAIL: z.email().optional(),
  OVERCAST_ADMIN_PASSWORD: z.string().min(12).optional(),
  OVERCAST_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** Failed sign-ins allowed per email+IP inside the window before further attempts are refused. */
  OVERCAST_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  OVERCAST_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** A web terminal without keystrokes for this long is closed. */
  OVERCAST_TERMINAL_IDLE_MINUTES: z.coerce.number().min(0.01).max(24 * 60).default(15),
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

export function env(): TEnv {
  if (!cached) {
    const parsed = ZEnv.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
      throw new Error(`Invalid Overcast configuration:\n${lines}`);
    }
    cached = parsed.data;
  }
  return cached;
}
