import type { CheckInMethod, DayStatus, PunchImportResult } from '../../../contracts/attendance.ts';
import type { ImportMapping } from '../../../contracts/import.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { ownedRowVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { AttendanceRecordTable } from '../../db/schema.ts';
import { now, nowIso } from '../../lib/clock.ts';
import {
  headerPicker,
  runImport,
  type ImportField,
  type ImportRow,
  type MappedRow,
  type RowError,
} from '../../lib/import-pipeline.ts';
import { DEFAULT_MAX_ROWS, normaliseDate, parseSpreadsheet } from '../../lib/spreadsheet.ts';
import type { Upload } from '../../lib/upload.ts';
import { buildTemplateXlsx, type Locale } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { judgeCheckIn, meetingTimes, workMonthOf, zonedInstant } from './attendance.rules.ts';
import { dayOf, rulesForUnit, tenantConfig, type TenantConfig } from './config.service.ts';
import { personField } from './import-fields.ts';
import * as repo from './record.repository.ts';

/**
 * Punch-clock (打卡机) import: a machine's export of punches becomes check-ins. Machines list every
 * punch of the day, so per person and date the earliest punch is the check-in and later ones are
 * shown but not used. A check-in already made (in the app, by QR, by hand) is kept; a day without
 * one (nothing yet, a closed day's absence) gets the punch.
 */

/**
 * What the earliest punch of a day does to the day's record. An approved leave gives way only to a
 * punch that attended the meeting (the leave was not taken): a machine also logs people coming back
 * from field work at noon, and that must not turn their leave into an absence.
 */
export function outcomeOf(
  existing: Pick<AttendanceRecordTable, 'status' | 'check_in_at'> | undefined,
  judged: 'present' | 'late' | 'absent',
): 'create' | 'replace' | 'keep' {
  if (!existing) return 'create';
  if (existing.check_in_at !== null) return 'keep';
  if (existing.status === 'leave' && judged === 'absent') return 'keep';
  return 'replace';
}

export const PunchFieldKeys = ['username', 'date', 'time', 'datetime', 'note'] as const;
type K = (typeof PunchFieldKeys)[number];

export const PUNCH_FIELDS: readonly ImportField<K>[] = [
  personField('username', ['员工号', '人员编号', '考勤号', '考勤号码', 'user id', 'employee id', 'account']),
  {
    key: 'date',
    header: { 'zh-CN': '日期', 'en-US': 'Date' },
    aliases: ['打卡日期', '考勤日期', '签到日期', 'punch date'],
    example: '2026-03-02',
    width: 12,
    text: true,
  },
  {
    key: 'time',
    header: { 'zh-CN': '时间', 'en-US': 'Time' },
    aliases: ['打卡时刻', '签到时刻', '刷卡时刻', 'punch time of day', 'clock time'],
    example: '08:21:35',
    width: 12,
    text: true,
  },
  {
    key: 'datetime',
    header: { 'zh-CN': '打卡时间', 'en-US': 'Date and time' },
    aliases: ['签到时间', '刷卡时间', '考勤时间', '日期时间', 'punch time', 'check-in time', 'timestamp'],
    width: 20,
    text: true,
  },
  {
    key: 'note',
    header: { 'zh-CN': '备注', 'en-US': 'Note' },
    aliases: ['说明', 'remark', 'remarks', 'comment'],
    width: 20,
  },
];

const FUTURE_SKEW_MS = 2 * 60_000;
const NOTE_MAX = 200;

interface Person {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  join_date: string | null;
  leave_date: string | null;
  status: string;
}

type Preview = NonNullable<PunchImportResult['rows'][number]['punch']>;

interface PunchContext {
  cfg: TenantConfig;
  errors: Map<number, RowError<K>[]>;
  previews: Map<number, Preview>;
  /** The earliest punches that become records (create or replace), one per person and day. */
  writes: { rowNumber: number; person: Person; date: string; at: Date; notes: string[] }[];
  existing: Map<string, AttendanceRecordTable>;
}

// ---- Values ---------------------------------------------------------------------------------

const TIME_TOKEN = /(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?/g;

/** Seconds after midnight of a time of day; null when it is not one. */
function secondsOf(h: string, m: string, s: string | undefined): number | null {
  const [hh, mm, ss] = [Number(h), Number(m), Number(s ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  return hh * 3600 + mm * 60 + ss;
}

/**
 * The earliest time of day in a cell, as seconds after midnight: "08:21", "8:21:35", a cell holding
 * several punches ("08:21 12:02 17:45", as some machines export a day), or an Excel time fraction.
 */
export function parseTimeOfDay(raw: string): number | null {
  const value = raw.trim();
  if (value === '') return null;
  if (/^0?\.\d+$/.test(value)) {
    const fraction = Number(value);
    return fraction < 1 ? Math.round(fraction * 86_400) % 86_400 : null;
  }
  const rest = value.replace(TIME_TOKEN, ' ').trim();
  // Anything but times and separators is not a time cell (a date, a word).
  if (rest !== '' && !/^[\s,;，；/|、]*$/.test(rest)) return null;
  let earliest: number | null = null;
  for (const m of value.matchAll(TIME_TOKEN)) {
    const s = secondsOf(m[1]!, m[2]!, m[3]);
    if (s === null) return null;
    if (earliest === null || s < earliest) earliest = s;
  }
  return earliest;
}

/** A date and time in one cell: "2026-03-02 08:21:35", "2026/3/2 8:21", ISO "…T08:21", or an Excel serial. */
export function parseDateTime(raw: string): { date: string; seconds: number } | null {
  const value = raw.trim();
  const serial = /^(\d{5})\.(\d+)$/.exec(value);
  if (serial) {
    const date = normaliseDate(serial[1]!);
    const seconds = Math.round(Number(`0.${serial[2]}`) * 86_400) % 86_400;
    return date ? { date, seconds } : null;
  }
  const m = /^(.+?)[\sT]+(\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)(?:\.\d+)?$/.exec(value);
  if (!m) return null;
  const date = normaliseDate(m[1]!);
  const seconds = parseTimeOfDay(m[2]!);
  return date && seconds !== null ? { date, seconds } : null;
}

function hhmmss(seconds: number): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(seconds / 3600))}:${p(Math.floor((seconds % 3600) / 60))}:${p(seconds % 60)}`;
}

/** The instant of a wall-clock time (to the second) on a date in the tenant's zone. */
function instantOf(date: string, seconds: number, timeZone: string): Date {
  const minute = zonedInstant(date, hhmmss(seconds).slice(0, 5), timeZone);
  return new Date(minute.getTime() + (seconds % 60) * 1000);
}

// ---- Look-ups -------------------------------------------------------------------------------

const normaliseUsername = (raw: string) => raw.normalize('NFKC').trim().toLowerCase();

/** The people of the file the actor may see, by username; anyone else is simply not found. */
async function findVisiblePeople(ctx: Ctx, usernames: string[]): Promise<Map<string, Person>> {
  const out = new Map<string, Person>();
  for (let i = 0; i < usernames.length; i += 500) {
    const rows = await ctx.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'unit_id', 'join_date', 'leave_date', 'status'])
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('username', 'in', usernames.slice(i, i + 500))
      .where(ownedRowVisible(ctx.actor.visibility, 'users.id', 'users.unit_id'))
      .execute();
    for (const r of rows) out.set(r.username, r);
  }
  return out;
}

async function findExisting(
  ctx: Ctx,
  userIds: string[],
  from: string,
  to: string,
): Promise<Map<string, AttendanceRecordTable>> {
  const out = new Map<string, AttendanceRecordTable>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await ctx.db
      .selectFrom('attendance_records')
      .selectAll()
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute();
    for (const r of rows) out.set(`${r.user_id}|${r.date}`, r);
  }
  return out;
}

// ---- Rows -----------------------------------------------------------------------------------

interface Parsed {
  rowNumber: number;
  person: Person;
  date: string;
  at: Date;
  note: string;
}

/** Parses every row, then groups the good ones by person and day: the earliest punch is the check-in. */
async function preparePunches(ctx: Ctx, rows: MappedRow<K>[]): Promise<PunchContext> {
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  const errors = new Map<number, RowError<K>[]>();
  const err = (row: number, field: K | 'row', code: string, message: string) => {
    const list = errors.get(row) ?? [];
    list.push({ field, code, message });
    errors.set(row, list);
  };
  const usernames = [...new Set(rows.map((r) => normaliseUsername(r.values.username)).filter(Boolean))];
  const people = await findVisiblePeople(ctx, usernames);
  const latest = now().getTime() + FUTURE_SKEW_MS;

  const parsed: Parsed[] = [];
  for (const row of rows) {
    const v = row.values;
    const before = errors.get(row.rowNumber)?.length ?? 0;
    const person = v.username ? people.get(normaliseUsername(v.username)) : undefined;
    // Out of scope and not existing read the same: the file must not tell who exists elsewhere.
    if (v.username && !person) err(row.rowNumber, 'username', 'unknown', 'Unknown person');

    let date: string | null = null;
    let seconds: number | null = null;
    let dateField: K = 'date';
    if (v.datetime) {
      dateField = 'datetime';
      const dt = parseDateTime(v.datetime);
      if (!dt) err(row.rowNumber, 'datetime', 'invalid', 'Expected a date and time such as 2026-03-02 08:21');
      else ({ date, seconds } = dt);
    } else if (!v.date && !v.time) {
      err(row.rowNumber, 'datetime', 'required', 'Required: a date and a time, or one date-and-time column');
    } else {
      if (!v.date) err(row.rowNumber, 'date', 'required', 'Required');
      else if (!(date = normaliseDate(v.date)))
        err(row.rowNumber, 'date', 'invalid', 'Expected a date such as 2026-03-02');
      if (!v.time) err(row.rowNumber, 'time', 'required', 'Required');
      // A machine may put the whole timestamp in its time column: its time of day is what counts.
      else if ((seconds = parseTimeOfDay(v.time) ?? parseDateTime(v.time)?.seconds ?? null) === null)
        err(row.rowNumber, 'time', 'invalid', 'Expected a time such as 08:21');
    }
    if (date === null || seconds === null) continue;

    const at = instantOf(date, seconds, cfg.timeZone);
    if (at.getTime() > latest) err(row.rowNumber, dateField, 'future', 'Lies in the future');
    else if (!dayOf(cfg, date).meetingDay)
      err(row.rowNumber, dateField, 'notMeetingDay', `${date} has no morning meeting`);
    if (!person) continue;
    if ((person.join_date && date < person.join_date) || (person.leave_date && date >= person.leave_date)) {
      err(row.rowNumber, dateField, 'notEmployed', 'Not on the roster on this date');
    }
    if ((errors.get(row.rowNumber)?.length ?? 0) === before) {
      parsed.push({ rowNumber: row.rowNumber, person, date, at, note: v.note.trim() });
    }
  }

  // Per person and day: exact repeats are refused, the earliest punch is the check-in.
  const groups = new Map<string, Parsed[]>();
  for (const p of parsed) {
    const key = `${p.person.id}|${p.date}`;
    const list = groups.get(key) ?? [];
    const same = list.find((q) => q.at.getTime() === p.at.getTime());
    if (same) {
      err(p.rowNumber, 'row', 'duplicateInFile', `Same punch as row ${same.rowNumber}`);
      continue;
    }
    list.push(p);
    groups.set(key, list);
  }
  const dates = parsed.map((p) => p.date).sort();
  const existing =
    dates.length === 0
      ? new Map<string, AttendanceRecordTable>()
      : await findExisting(ctx, [...new Set(parsed.map((p) => p.person.id))], dates[0]!, dates.at(-1)!);

  const previews = new Map<number, Preview>();
  const writes: PunchContext['writes'] = [];
  for (const [key, list] of groups) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime() || a.rowNumber - b.rowNumber);
    const first = list[0]!;
    const rules = await rulesForUnit(ctx.db, cfg, first.person.unit_id);
    const times = meetingTimes(first.date, rules, cfg.timeZone);
    const old = existing.get(key);
    const outcome = outcomeOf(old, judgeCheckIn(first.at, times));
    for (const p of list) {
      previews.set(p.rowNumber, {
        userId: p.person.id,
        displayName: p.person.display_name,
        date: p.date,
        at: p.at.toISOString(),
        status: judgeCheckIn(p.at, times),
        outcome: p === first ? outcome : 'later',
        existing: old
          ? {
              status: old.status as DayStatus,
              method: old.method as CheckInMethod,
              checkInAt: old.check_in_at,
            }
          : null,
      });
    }
    if (outcome !== 'keep') {
      const notes = [...new Set(list.map((p) => p.note).filter(Boolean))];
      writes.push({
        rowNumber: first.rowNumber,
        person: first.person,
        date: first.date,
        at: first.at,
        notes,
      });
    }
  }
  return { cfg, errors, previews, writes, existing };
}

/** Writes the check-ins of a valid file through the record repository, so the monthly rollups move. */
async function writePunches(tx: Ctx, context: PunchContext, fileName: string): Promise<number> {
  const stamp = nowIso();
  const written: { recordId: string; userId: string; date: string; status: string; replaced: boolean }[] = [];
  for (const w of context.writes) {
    const rules = await rulesForUnit(tx.db, context.cfg, w.person.unit_id);
    const old = context.existing.get(`${w.person.id}|${w.date}`);
    const row: AttendanceRecordTable = {
      id: old?.id ?? newId(),
      tenant_id: tx.actor.tenantId,
      user_id: w.person.id,
      unit_id: w.person.unit_id,
      date: w.date,
      month: workMonthOf(w.date, rules.workMonth),
      status: judgeCheckIn(w.at, meetingTimes(w.date, rules, context.cfg.timeZone)),
      check_in_at: w.at.toISOString(),
      check_out_at: null,
      early_leave: 0,
      method: 'import',
      leave_type: null,
      leave_counts: null,
      request_id: null,
      delayed: 0,
      outside_geofence: 0,
      lat: null,
      lng: null,
      note: w.notes.length ? w.notes.join('; ').slice(0, NOTE_MAX) : null,
      recorded_by: tx.actor.userId,
      idempotency_key: null,
      created_at: old?.created_at ?? stamp,
      updated_at: stamp,
    };
    if (old) {
      await repo.replaceRecord(tx.db, old, row);
    } else if (!(await repo.insertRecordIfAbsent(tx.db, row))) {
      // Written by someone else since the file was checked (a check-in arriving now): theirs stays.
      continue;
    }
    written.push({
      recordId: row.id,
      userId: row.user_id,
      date: row.date,
      status: row.status,
      replaced: !!old,
    });
  }
  // One audit row for the file, listing every record it wrote (as the roster import does).
  await recordAudit(tx, {
    entity: 'attendanceImport',
    entityId: newId(),
    action: 'import',
    after: {
      fileName,
      rows: context.previews.size,
      created: written.filter((w) => !w.replaced).length,
      replaced: written.filter((w) => w.replaced).length,
      kept: [...context.previews.values()].filter((p) => p.outcome === 'keep').length,
      records: written,
    },
    sessionNeutral: true,
  });
  return written.length;
}

export interface PunchImportFields {
  dryRun: boolean;
  mapping?: ImportMapping | undefined;
}

/**
 * Imports a punch-clock file: a dry run shows every row with its judged status and what it would
 * do; a commit writes every check-in in one transaction (method import, recorded by the importer),
 * or nothing when any row has an error.
 */
export async function importPunches(
  ctx: Ctx,
  readUpload: () => Promise<Upload<PunchImportFields>>,
): Promise<PunchImportResult> {
  assertCan(ctx.actor, 'attendance.record');
  const { file, fields } = await readUpload();
  const sheet = await parseSpreadsheet(file, {
    maxRows: DEFAULT_MAX_ROWS,
    pickHeader: headerPicker(PUNCH_FIELDS),
  });
  let context: PunchContext | undefined;
  const result = await runImport(
    ctx,
    sheet,
    {
      fields: PUNCH_FIELDS,
      prepare: async (c, rows) => (context = await preparePunches(c, rows)),
      validate: (row, c) => c.errors.get(row.rowNumber) ?? [],
    },
    {
      mapping: fields.mapping,
      commit: !fields.dryRun,
      write: (tx, _rows: ImportRow<K>[], c) => writePunches(tx, c, file.filename),
    },
  );
  const previews = context?.previews ?? new Map<number, Preview>();
  const summary = { create: 0, replace: 0, keep: 0, later: 0 };
  for (const p of previews.values()) summary[p.outcome]++;
  return {
    ...result,
    rows: result.rows.map((r) => ({ ...r, punch: previews.get(r.rowNumber) ?? null })),
    summary,
  };
}

const TEMPLATE_NOTES: Record<Locale, string[]> = {
  'zh-CN': [
    '填写说明（导入时只读取第一个工作表，示例行请删除或改写）',
    '工号：人员的用户名（登录账号）。只能导入您管辖范围内的人员。',
    '日期、时间：如 2026-03-02、08:21:35；也可只用一列“打卡时间”，如 2026-03-02 08:21:35。',
    '打卡机导出的每一次打卡都可以原样导入：同一人同一天取最早的一次作为签到，其余仅显示不使用。',
    '签到按所在部门的晨会规则判定为正常、迟到或缺勤；非晨会日的打卡会被提示。',
    '已在系统中签到（APP、扫码、补录）的记录保留不变；缺勤或尚无记录的由打卡记录补上。',
  ],
  'en-US': [
    'How to fill in (only the first sheet is read; delete or overwrite the example row)',
    "Username: the person's login name. Only people within your scope can be imported.",
    'Date and Time: such as 2026-03-02 and 08:21:35; or one "Date and time" column such as 2026-03-02 08:21:35.',
    'Every punch a machine exports may be imported as is: per person and day the earliest punch is the check-in.',
    "Check-ins are judged by the meeting rules of the person's department: on time, late or absent.",
    'A check-in already in the system (app, QR, manual) is kept; an absence or a missing day gets the punch.',
  ],
};

/** The punch template: 工号, 日期, 时间, 备注 (the one-column 打卡时间 is described in the notes). */
export async function buildPunchTemplate(
  ctx: Ctx,
  locale: Locale = 'zh-CN',
): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'attendance.record');
  const columns = PUNCH_FIELDS.filter((f) => f.key !== 'datetime');
  const buffer = await buildTemplateXlsx(columns, { locale, notes: TEMPLATE_NOTES[locale] });
  return { buffer, filename: locale === 'zh-CN' ? '打卡记录导入模板.xlsx' : 'punch-import-template.xlsx' };
}
