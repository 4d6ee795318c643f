// Limits the gateway enforces on every invocation (the domain validates code size, memory and timeout on deploy).
export const MAX_REQUEST_BYTES = 1024 * 1024;
import { functionsProvider } from '@/lib/providers/registry';

/** The runtime's own limit (its bootstrap enforces it in the worker). */
export const MAX_RESPONSE_BYTES = functionsProvider().maxResponseBytes;
