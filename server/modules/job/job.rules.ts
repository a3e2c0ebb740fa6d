import { Cron } from 'croner';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Parses a cron pattern (5 fields, or 6 with seconds) for a time zone; throws on a bad pattern or zone. */
export function parseCron(pattern: string, timeZone = DEFAULT_TIME_ZONE): Cron {
  const cron = new Cron(pattern, { timezone: timeZone, paused: true });
  // croner accepts an unknown zone until it computes a date: compute one now so a typo fails at boot.
  cron.nextRun(new Date(0));
  return cron;
}

/** The first occurrence strictly after `after`; throws when the pattern never fires again. */
export function nextOccurrence(cron: Cron, after: Date): Date {
  const next = cron.nextRun(after);
  if (!next) throw new Error(`Cron pattern "${cron.getPattern() ?? ''}" has no occurrence after ${after.toISOString()}`);
  return next;
}

/**
 * The occurrence to fire when `due` (the stored next run) has passed: the latest occurrence at or
 * before `now`. After downtime the missed occurrences coalesce into this one run (as anacron does):
 * a reminder is not sent three times at once after three days down. Bounded so a per-second pattern
 * after a long outage cannot spin; past the bound the stored occurrence itself fires.
 */
export function latestDueOccurrence(cron: Cron, due: Date, now: Date, maxSteps = 10_000): Date {
  let latest = due;
  for (let i = 0; i < maxSteps; i++) {
    const next = cron.nextRun(latest);
    if (!next || next.getTime() > now.getTime()) return latest;
    latest = next;
  }
  return due;
}

/** The unique key of one occurrence of a recurring job: a restart or a second runner cannot fire it twice. */
export function occurrenceKey(name: string, occurrence: Date | string): string {
  return `${name}@${typeof occurrence === 'string' ? occurrence : occurrence.toISOString()}`;
}

/** The occurrence a job fired by a schedule stands for, read back from its unique key; else null. */
export function occurrenceOf(name: string, uniqueKey: string | null): string | null {
  if (!uniqueKey?.startsWith(`${name}@`)) return null;
  const at = uniqueKey.slice(name.length + 1);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) ? at : null;
}

/** Delay before retry n (1-based attempt that just failed): exponential from base, capped. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  const exp = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(baseMs * 2 ** exp, maxMs);
}

/** Normalises a run time to the stored form (ISO-8601 UTC with milliseconds) so text comparison orders it. */
export function toInstant(value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) throw new Error(`Invalid instant: ${String(value)}`);
  return d.toISOString();
}

/** A stored, bounded description of a handler's failure. */
export function describeError(err: unknown, max = 4000): string {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return text.length <= max ? text : text.slice(0, max);
}
