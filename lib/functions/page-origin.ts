// The console's origin as the browser reached it, for invoke URLs shown on server-rendered pages.
import 'server-only';
import { headers } from 'next/headers';
import { originOf } from './origin';

export async function pageOrigin(): Promise<string> {
  return originOf(await headers(), 'http://localhost:3000');
}
