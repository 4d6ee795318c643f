// Which console installation made an engine object. Every driver stamps it on what it makes (a Docker label, a
// VM directory's config), and the orphan sweep only ever removes its own console's objects, so a test console
// never touches a real one on the same host.

/** serve.ts sets OVERCAST_CONSOLE_ID from data/console-id; read at each call (tests set their own). */
export function consoleId(): string {
  return process.env.OVERCAST_CONSOLE_ID ?? 'default';
}
