// Limits the gateway enforces on every invocation (the domain validates code size, memory and timeout on deploy).
export const MAX_REQUEST_BYTES = 1024 * 1024;
export { MAX_RESPONSE_BYTES } from '@/lib/providers/functions/bootstrap';
