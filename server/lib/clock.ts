/** The one source of "now", so tests can move time without touching the system clock. */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function nowIso(): string {
  return now().toISOString();
}

/** Tests only: shift the clock forward (or back) by ms. */
export function advanceClock(ms: number): void {
  offsetMs += ms;
}

/** Tests only: make "now" the given instant (the clock keeps running from there). */
export function setClock(at: Date | string): void {
  offsetMs = new Date(at).getTime() - Date.now();
}

export function resetClock(): void {
  offsetMs = 0;
}

/** Business date YYYY-MM-DD in a time zone (default Asia/Shanghai). */
export function businessDate(at: Date = now(), timeZone = 'Asia/Shanghai'): string {
  // Every zone's offset is a whole number of minutes, so the date cannot change within a minute of
  // UTC: the last minute's answer per zone is kept (formatting costs more than a hot write's arithmetic).
  const minute = Math.floor(at.getTime() / 60_000);
  const hit = lastDates.get(timeZone);
  if (hit && hit.minute === minute) return hit.date;
  const date = dateFormatter(timeZone).format(at);
  lastDates.set(timeZone, { minute, date });
  return date;
}

const lastDates = new Map<string, { minute: number; date: string }>();

// Building an Intl formatter costs far more than using one: keep one per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}
