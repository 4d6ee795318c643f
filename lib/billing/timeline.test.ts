import { describe, expect, it } from 'vitest';
import { hourlyUsage, monthOf, monthRange, type StatusPoint } from './timeline';

const t = (hhmm: string) => new Date(`2026-11-03T${hhmm}:00.000Z`);
const pts = (...p: [string, StatusPoint['status']][]): StatusPoint[] => p.map(([at, status]) => ({ at: t(at), status }));
const none = { status: null, diskExists: false };
const min = (m: number) => m * 60_000;

describe('hourlyUsage', () => {
  it('splits 90 running minutes over the hours they touch', () => {
    const u = hourlyUsage(pts(['10:00', 'creating'], ['10:30', 'running'], ['12:00', 'stopping'], ['12:01', 'stopped'], ['12:05', 'deleted']), t('10:00'), t('13:00'), none);
    expect(u.map((h) => [h.hourStart.toISOString().slice(11, 16), h.runningMs, h.diskMs])).toEqual([
      ['10:00', min(30), min(60)],
      ['11:00', min(60), min(60)],
      ['12:00', 0, min(5)],
    ]);
  });

  it('counts an instance still running up to `to` and nothing after', () => {
    const u = hourlyUsage(pts(['10:15', 'running']), t('10:00'), t('10:45'), none);
    expect(u).toEqual([{ hourStart: t('10:00'), runningMs: min(30), diskMs: min(30) }]);
  });

  it('continues from the state in force at `from` (metering resumes where it stopped)', () => {
    const whole = hourlyUsage(pts(['09:10', 'running'], ['11:20', 'stopped']), t('09:00'), t('12:00'), none);
    const resumed = [
      ...hourlyUsage(pts(['09:10', 'running']), t('09:00'), t('10:00'), none),
      ...hourlyUsage(pts(['11:20', 'stopped']), t('10:00'), t('12:00'), { status: 'running', diskExists: true }),
    ];
    expect(resumed).toEqual(whole);
  });

  it('errors and stops are not running time', () => {
    const u = hourlyUsage(pts(['10:00', 'running'], ['10:10', 'error'], ['10:20', 'running'], ['10:30', 'stopped']), t('10:00'), t('11:00'), none);
    expect(u[0].runningMs).toBe(min(20));
  });

  it('returns nothing for an instance that never ran', () => {
    expect(hourlyUsage(pts(['10:00', 'pending'], ['10:01', 'deleted']), t('10:00'), t('11:00'), none)).toEqual([]);
  });
});

describe('months', () => {
  it('uses UTC calendar months', () => {
    expect(monthOf(new Date('2026-11-30T23:59:59Z'))).toBe('2026-11');
    expect(monthRange('2026-12')).toEqual({ start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
    expect(() => monthRange('2026-13')).toThrow();
  });
});
