// The base of functions' invoke URLs: the functions gateway's public address on the apps side (never the console's
// origin — tenant code is served from another site), as a platform admin set it or by default the apps listener.
import 'server-only';
import { appsAddress } from '@/lib/admin/apps-address';

export async function functionsOrigin(): Promise<string> {
  return (await appsAddress()).functionsBaseUrl;
}
