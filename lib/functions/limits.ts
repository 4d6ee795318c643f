// Limits the gateway enforces on every invocation (the domain validates code size, memory and timeout on deploy).
export const MAX_REQUEST_BYTES = 1024 * 1024;
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
