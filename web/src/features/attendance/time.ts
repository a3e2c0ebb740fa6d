/**
 * Pure date helpers of the attendance pages. Business dates are plain YYYY-MM-DD strings in the
 * tenant's time zone (the product default is Asia/Shanghai); they never pass through a Date in the
 * browser's own zone.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Today's date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone = DEFAULT_TIME_ZONE, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export type WorkMonthRule = { kind: 'day26' | 'calendar'; startDay: number };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The work month (工作月) a date falls in, as the server counts it: with day26 the month M runs from
 * the startDay of M−1 to the day before it in M; January starts on 1 January and December ends on
 * 31 December.
 */
export function workMonthOf(date: string, rule: WorkMonthRule): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (rule.kind === 'calendar' || m === 12 || d < rule.startDay) return `${y}-${pad(m)}`;
  return `${y}-${pad(m + 1)}`;
}

/** The month `n` months after (negative: before) a YYYY-MM month. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${pad((idx % 12) + 1)}`;
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Integer fen → yuan as a number for an input (12345 → 123.45). */
export function fenToYuan(fen: number | null | undefined): number | null {
  if (fen === null || fen === undefined) return null;
  return fen / 100;
}

/** Yuan typed into an input → integer fen, rounded to the fen (123.456 → 12346). */
export function yuanToFen(yuan: number | null | undefined): number | null {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return null;
  return Math.round(yuan * 100);
}

/** A share 0–1 ↔ a percentage typed into an input (0.8 ↔ 80). */
export function toPercent(ratio: number): number {
  return Math.round(ratio * 1000) / 10;
}
export function fromPercent(percent: number): number {
  return Math.round(percent * 10) / 1000;
}

/** The weeks of a month for a calendar grid: rows of 7 cells, Monday first, null outside the month. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) cells.push(`${year}-${pad(month)}-${pad(d)}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
  return rows;
}

/** The UTC offset of a time zone on a date, as "+08:00" (from Intl, so summer time is right). */
export function offsetOf(timeZone: string, date: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-]\d{2}:\d{2})/.exec(part ?? '');
  return m?.[1] ?? '+00:00';
}

/** A business date and a wall-clock time (HH:mm) in the tenant's zone → ISO with its offset. */
export function zonedIso(date: string, time: string, timeZone = DEFAULT_TIME_ZONE): string {
  return `${date}T${time}:00${offsetOf(timeZone, date)}`;
}

/** The wall-clock time (HH:mm, or HH:mm:ss) of an instant in a time zone. */
export function timeIn(
  iso: string | null | undefined,
  timeZone = DEFAULT_TIME_ZONE,
  seconds = false,
): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(d);
}
