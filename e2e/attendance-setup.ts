import { request, type APIRequestContext } from 'playwright-core';
import { DEMO_PASSWORD } from './browser.ts';

/**
 * Attendance journeys run against the real clock, at any hour and on any weekday. This makes "now"
 * a meeting time for the demo tenant through the admin API: today (and, if asked, yesterday) are
 * meeting days, the meeting starts a little after now in Asia/Shanghai, and check-in is open.
 */

export const TENANT_TIME_ZONE = 'Asia/Shanghai';

export interface MeetingSetup {
  /** Today in the tenant's zone (YYYY-MM-DD). */
  today: string;
  /** The day before, a meeting day too when `yesterday` was asked for. */
  yesterday: string;
  meetingStart: string;
  meetingEnd: string;
}

/** A logged-in API client; state-changing calls carry the Origin the server's CSRF check wants. */
export async function apiSession(baseUrl: string, username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { Origin: baseUrl } });
  const res = await api.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  if (!res.ok()) throw new Error(`login ${username}: ${res.status()} ${await res.text()}`);
  return api;
}

async function call<T>(
  api: APIRequestContext,
  method: 'GET' | 'PUT',
  path: string,
  data?: unknown,
): Promise<T> {
  const res = await api.fetch(path, { method, ...(data === undefined ? {} : { data }) });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Date and minutes since midnight in the tenant's zone. */
export function zonedNow(at = new Date()): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TENANT_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface MeetingRules {
  meetingStart: string;
  meetingEnd: string;
  opensBeforeMinutes: number;
  selfCheckIn: string;
  geofence: string;
  [k: string]: unknown;
}
interface RulesView {
  tenant: MeetingRules & {
    meetingWeekdays: number[];
    makeUp: { monthlyLimit: number; deadlineDays: number };
  };
  overrides: { unitId: string; unitName: string; rules: MeetingRules }[];
}

/**
 * Makes now a meeting time: today (and yesterday with `yesterday: true`) a workday, a meeting every
 * weekday, the meeting starting two minutes from now (at most 23:58) and check-in open for hours.
 * Department overrides get the same times, so every agent's meeting is now. Check-in by tap without
 * a geofence, so a journey can tap; pass `keepModes` to leave selfCheckIn and geofence as they are.
 */
export async function makeMeetingNow(
  baseUrl: string,
  opts: { yesterday?: boolean; keepModes?: boolean } = {},
): Promise<MeetingSetup> {
  const admin = await apiSession(baseUrl, 'admin');
  try {
    const { date: today, minutes } = zonedNow();
    const yesterday = addDays(today, -1);
    const workday = { kind: 'workday', name: null };
    await call(admin, 'PUT', `/api/attendance/calendar/${today}`, workday);
    if (opts.yesterday) await call(admin, 'PUT', `/api/attendance/calendar/${yesterday}`, workday);

    const startMin = Math.min(minutes + 2, 23 * 60 + 58);
    const meetingStart = hhmm(startMin);
    const meetingEnd = hhmm(Math.min(startMin + 60, 23 * 60 + 59));
    const times = (r: MeetingRules): MeetingRules => ({
      ...r,
      meetingStart,
      meetingEnd,
      opensBeforeMinutes: 240,
      ...(opts.keepModes ? {} : { selfCheckIn: 'tap', geofence: 'off' }),
    });
    const view = await call<RulesView>(admin, 'GET', '/api/attendance/rules');
    await call(admin, 'PUT', '/api/attendance/rules', {
      ...times(view.tenant),
      meetingWeekdays: [1, 2, 3, 4, 5, 6, 7],
      meetingOnAdjustedWorkdays: true,
    });
    for (const o of view.overrides) {
      await call(admin, 'PUT', `/api/attendance/rules/units/${o.unitId}`, times(o.rules));
    }
    return { today, yesterday, meetingStart, meetingEnd };
  } finally {
    await admin.dispose();
  }
}

/**
 * A recent past meeting day that nobody has a record of, for a make-up request: the demo data has a
 * record for every past meeting day, so the latest day of the last two weeks that was not a workday
 * (a weekend or holiday, no records) is made one, and the make-up deadline is widened to reach it.
 * Call after makeMeetingNow (which makes every weekday a meeting weekday).
 */
export async function makeMissedMeetingDay(baseUrl: string): Promise<string> {
  const admin = await apiSession(baseUrl, 'admin');
  try {
    const { date: today } = zonedNow();
    const from = addDays(today, -14);
    const years = [...new Set([from.slice(0, 4), today.slice(0, 4)])];
    const days: { date: string; workday: boolean }[] = [];
    for (const y of years)
      days.push(...(await call<typeof days>(admin, 'GET', `/api/attendance/calendar?year=${y}`)));
    const day = days
      .filter((d) => d.date >= from && d.date < today && !d.workday)
      .map((d) => d.date)
      .sort()
      .at(-1);
    if (!day) throw new Error(`No day off between ${from} and ${today} to turn into a missed meeting`);
    await call(admin, 'PUT', `/api/attendance/calendar/${day}`, { kind: 'workday', name: null });
    const gap = Math.round((Date.parse(today) - Date.parse(day)) / 86_400_000);
    const view = await call<RulesView>(admin, 'GET', '/api/attendance/rules');
    if (view.tenant.makeUp.deadlineDays < gap) {
      await call(admin, 'PUT', '/api/attendance/rules', {
        ...view.tenant,
        makeUp: { ...view.tenant.makeUp, deadlineDays: gap },
      });
    }
    return day;
  } finally {
    await admin.dispose();
  }
}
