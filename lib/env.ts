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
  /** Failed sign-ins allowed from one client address, whatever the emails, inside the same window. */
  OVERCAST_LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  /** Proxies whose X-Forwarded-For is believed (addresses/CIDRs); read by scripts/web-server.ts. */
  /** /api/v1 requests per minute from one client address, and with one API token (0 = no limit). */
  OVERCAST_API_RATE_PER_ADDRESS: z.coerce.number().int().min(0).default(1200),
  OVERCAST_API_RATE_PER_TOKEN: z.coerce.number().int().min(0).default(600),
  OVERCAST_TRUSTED_PROXIES: z.string().optional(),
  /** Legacy: `1` means a proxy on this host (loopback) only. */
  OVERCAST_TRUST_PROXY: z.string().optional(),
  /** A web terminal without keystrokes for this long is closed. */
  OVERCAST_TERMINAL_IDLE_MINUTES: z.coerce.number().min(0.01).max(24 * 60).default(15),
  /** The key that encrypts secrets at rest (32 bytes, base64); unset: `<data dir>/secrets-key`, made by setup. */
  OVERCAST_SECRETS_KEY: z.string().trim().min(1).optional(),
  /** Earlier keys, comma-separated, still accepted for decryption while secrets are re-encrypted (rotation). */
  OVERCAST_SECRETS_OLD_KEYS: z.string().optional(),
  /** How often an open web terminal re-checks its session, user and membership (changes made in this process also
   * close it at once). */
  OVERCAST_TERMINAL_RECHECK_SECONDS: z.coerce.number().min(0.1).max(300).default(5),
  // Functions: what one caller — anyone with a public function's URL — can make the console store and run.
  /** Console output kept per invocation: lines, bytes (UTF-8 text), and the longest line (longer ones are cut). */
  OVERCAST_FN_LOG_MAX_LINES: z.coerce.number().int().min(1).max(10_000).default(100),
  OVERCAST_FN_LOG_MAX_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(64 * 1024),
  OVERCAST_FN_LOG_MAX_LINE_BYTES: z.coerce.number().int().min(256).max(1024 * 1024).default(4096),
  /** Retention per function: console output and invocations older than this, or beyond these sizes, are pruned. */
  OVERCAST_FN_LOG_RETENTION_DAYS: z.coerce.number().min(0.001).max(3650).default(7),
  OVERCAST_FN_INVOCATION_RETENTION_DAYS: z.coerce.number().min(0.001).max(3650).default(30),
  OVERCAST_FN_LOG_MAX_MIB_PER_FUNCTION: z.coerce.number().min(0.01).max(1_000_000).default(16),
  OVERCAST_FN_MAX_INVOCATIONS_PER_FUNCTION: z.coerce.number().int().min(100).default(100_000),
  /** How often the retention job runs. */
  OVERCAST_FN_RETENTION_EVERY_SECONDS: z.coerce.number().min(1).max(86_400).default(300),
  /** A tenant's log storage when its quota does not say (Quota.maxFnLogMib). */
  OVERCAST_FN_LOG_MIB_PER_TENANT: z.coerce.number().int().min(1).default(64),
  /** Invocations per second through the gateway (token buckets holding twice as many); 0 = no limit. */
  OVERCAST_FN_RATE_PER_FUNCTION: z.coerce.number().min(0).default(100),
  /** Per tenant when its quota does not say (Quota.maxFnRequestsPerSecond). */
  OVERCAST_FN_RATE_PER_TENANT: z.coerce.number().min(0).default(200),
  /** Function containers (warm or starting) per tenant when its quota does not say (Quota.maxFnContainers). */
  OVERCAST_FN_CONTAINERS_PER_TENANT: z.coerce.number().int().min(1).default(8),
  /** Cold starts one tenant may have in progress at once. */
  OVERCAST_FN_COLD_STARTS_PER_TENANT: z.coerce.number().int().min(1).default(2),
  /** Function containers on the host, all tenants and prewarmed stem cells together. */
  OVERCAST_FN_MAX_CONTAINERS: z.coerce.number().int().min(1).default(64),
  /** 1: leave the host's firewall alone (no INPUT rules for tenant bridges, no egress policy). */
  OVERCAST_SKIP_FIREWALL: z.enum(['0', '1']).optional(),
  /**
   * The console's public URL (e.g. https://console.example.com behind a TLS proxy). Optional: without it the console
   * is whatever host a request was addressed to. Cookie-authenticated writes must come from this origin or that host.
   */
  OVERCAST_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  /**
   * Where tenant content is served: containers' published ports, VMs' forwarded ports and the functions gateway bind
   * to this address. Another site than the console's (a second loopback address by default), so that a tenant's page
   * is cross-site to the console in the browser and never gets its cookies.
   */
  OVERCAST_APPS_HOST: z.ipv4({ error: 'must be an IPv4 address (Docker and QEMU bind to it)' }).default('127.0.0.2'),
  /** The functions gateway's port on OVERCAST_APPS_HOST (default: OVERCAST_PORT + 1). */
  OVERCAST_APPS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /**
   * The image registry's host[:port] (tenants' images are <registry>/<tenant-slug>/<repo>:<tag>). Optional: without
   * it tenants' images are the local engine's <tenant-slug>/<repo>:<tag>.
   */
  OVERCAST_REGISTRY: z
    .string()
    .regex(/^[a-z0-9.-]+(:[0-9]{1,5})?$/, { error: 'must be host or host:port' })
    .optional(),
});

export type TEnv = z.infer<typeof ZEnv>;

/** The functions gateway's port: OVERCAST_APPS_PORT, else the console's port + 1. */
export function appsPort(e: TEnv = env()): number {
  return e.OVERCAST_APPS_PORT ?? e.OVERCAST_PORT + 1;
}

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
