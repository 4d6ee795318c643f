// The fixed-window counter behind the /api/v1 rate limits: the limit, Retry-After, a new window, keys apart, 0 = off.
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { countRequest, resetApiRateLimits } from './api-rate-limit';

function refusal(fn: () => void): AppError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  return undefined;
}

describe('countRequest', () => {
  beforeEach(() => resetApiRateLimits());

  it('allows `limit` requests a minute, then refuses with the seconds until the window ends', () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(refusal(() => countRequest('k', 3, t0 + i))).toBeUndefined();
    const err = refusal(() => countRequest('k', 3, t0 + 20_500));
    expect(err?.code).toBe('rate_limited');
    expect(err?.status).toBe(429);
    expect(err?.details.retryAfter).toBe(40);
    // Another key has its own count; the next window starts afresh.
    expect(refusal(() => countRequest('other', 3, t0 + 20_500))).toBeUndefined();
    expect(refusal(() => countRequest('k', 3, t0 + 60_000))).toBeUndefined();
  });

  it('0 means no limit', () => {
    for (let i = 0; i < 100; i++) countRequest('k', 0, 5);
  });
});
