import { describe, expect, it } from 'vitest';
import { latestDueOccurrence, nextOccurrence, occurrenceKey, occurrenceOf, parseCron, retryDelayMs, toInstant } from './job.rules.ts';

describe('job rules', () => {
  it('computes cron occurrences in Asia/Shanghai by default', () => {
    const daily3am = parseCron('0 3 * * *');
    // 03:00 in Shanghai (UTC+8) is 19:00 UTC the day before.
    expect(nextOccurrence(daily3am, new Date('2024-05-01T12:00:00Z')).toISOString()).toBe('2024-05-01T19:00:00.000Z');
    // Strictly after: at the occurrence itself the next one is a day later.
    expect(nextOccurrence(daily3am, new Date('2024-05-01T19:00:00Z')).toISOString()).toBe('2024-05-02T19:00:00.000Z');
    expect(nextOccurrence(parseCron('0 3 * * *', 'UTC'), new Date('2024-05-01T12:00:00Z')).toISOString()).toBe(
      '2024-05-02T03:00:00.000Z',
    );
  });

  it('refuses bad patterns and time zones at once', () => {
    expect(() => parseCron('every day')).toThrow();
    expect(() => parseCron('0 3 * * *', 'Mars/Olympus')).toThrow();
  });

  it.each([
    // stored due occurrence, now, expected occurrence to fire
    ['2024-05-01T19:00:00.000Z', '2024-05-01T19:00:00.000Z', '2024-05-01T19:00:00.000Z'],
    ['2024-05-01T19:00:00.000Z', '2024-05-02T18:59:59.999Z', '2024-05-01T19:00:00.000Z'],
    // Three days down: the missed occurrences coalesce into the latest one.
    ['2024-05-01T19:00:00.000Z', '2024-05-04T18:00:00.000Z', '2024-05-03T19:00:00.000Z'],
  ])('fires the latest due occurrence (due %s, now %s)', (due, now, expected) => {
    expect(latestDueOccurrence(parseCron('0 3 * * *'), new Date(due), new Date(now)).toISOString()).toBe(expected);
  });

  it('bounds the catch-up search', () => {
    const everySecond = parseCron('* * * * * *');
    const due = new Date('2024-05-01T00:00:00.000Z');
    expect(latestDueOccurrence(everySecond, due, new Date('2024-06-01T00:00:00.000Z'), 100)).toEqual(due);
  });

  it('keys occurrences and reads them back', () => {
    const key = occurrenceKey('reminder', new Date('2024-05-01T19:00:00Z'));
    expect(key).toBe('reminder@2024-05-01T19:00:00.000Z');
    expect(occurrenceOf('reminder', key)).toBe('2024-05-01T19:00:00.000Z');
    expect(occurrenceOf('other', key)).toBeNull();
    expect(occurrenceOf('reminder', 'reminder@plan-7')).toBeNull();
    expect(occurrenceOf('reminder', null)).toBeNull();
  });

  it.each([
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [10, 3_600_000],
    [100, 3_600_000],
  ])('backs off exponentially with a cap (attempt %i → %i ms)', (attempt, ms) => {
    expect(retryDelayMs(attempt, 10_000, 3_600_000)).toBe(ms);
  });

  it('normalises instants so text order is time order', () => {
    expect(toInstant('2024-05-01T03:00:00+08:00')).toBe('2024-04-30T19:00:00.000Z');
    expect(() => toInstant('soon')).toThrow();
  });
});
