import { describe, expect, it } from 'vitest';
import { describeCheck, dockerHealthcheck, needsProbe, unhealthyReason } from './health';

const timing = { intervalS: 2, timeoutS: 3, retries: 3, startPeriodS: 5 };
const http = { type: 'http' as const, port: 8080, path: '/healthz', ...timing };

describe('health checks on Docker', () => {
  it('HTTP and TCP probe with the console’s busybox; a command runs as given; durations in nanoseconds', () => {
    expect(dockerHealthcheck(http)).toEqual({
      Test: ['CMD', '/.overcast/busybox', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/healthz'],
      Interval: 2e9,
      Timeout: 3e9,
      Retries: 3,
      StartPeriod: 5e9,
    });
    expect(dockerHealthcheck({ type: 'tcp', port: 5432, ...timing }).Test).toEqual(['CMD', '/.overcast/busybox', 'nc', '-w', '3', '127.0.0.1', '5432']);
    expect(dockerHealthcheck({ type: 'command', command: ['pg_isready', '-q'], ...timing }).Test).toEqual(['CMD', 'pg_isready', '-q']);
    expect([needsProbe(http), needsProbe({ type: 'command', command: ['x'], ...timing }), needsProbe(undefined)]).toEqual([true, false, false]);
    expect(describeCheck(http)).toBe('GET /healthz on port 8080');
  });

  it('says why a check fails, from the engine’s last result', () => {
    const log = (Output: string, ExitCode = 1) => ({ Status: 'unhealthy', FailingStreak: 3, Log: [{ ExitCode, Output }] });
    expect(unhealthyReason(http, log('wget: server returned error: HTTP/1.1 500 Internal Server Error\n'))).toBe('unhealthy: GET /healthz returned 500 3 times');
    expect(unhealthyReason(http, log('wget: can\'t connect to remote host (127.0.0.1): Connection refused\n'))).toBe(
      'unhealthy: GET /healthz was refused (nothing listens on port 8080) 3 times',
    );
    expect(unhealthyReason(http, log('Health check exceeded timeout (3s)', -1))).toBe('unhealthy: GET /healthz timed out after 3 s 3 times');
    expect(unhealthyReason({ type: 'command', command: ['check.sh'], ...timing }, { FailingStreak: 1, Log: [{ ExitCode: 2, Output: 'db down\n' }] })).toBe(
      'unhealthy: check.sh exited with code 2 (db down)',
    );
  });
});
