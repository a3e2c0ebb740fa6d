import { z } from 'zod';
import { DateSchema, IdSchema, PageQuerySchema } from './common.ts';
import { ImportResultSchema, ImportRowSchema } from './import.ts';
import { Roles } from './roles.ts';

/**
 * Attendance (差勤): the morning meeting is what is tracked. One record per person and meeting day;
 * every threshold, limit and tier below is tenant data with the seed's practice as its default.
 */

export const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:mm');
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected YYYY-MM');

// ---- Statuses and methods -------------------------------------------------------------------

/** A day's status: present (on time), late, absent (no check-in or beyond the absent threshold), leave. */
export const DayStatuses = ['present', 'late', 'absent', 'leave'] as const;
export type DayStatus = (typeof DayStatuses)[number];
/** On the live board a person without a record is `pending` until the absent threshold passes. */
export const BoardStatuses = [...DayStatuses, 'pending'] as const;
export type BoardStatus = (typeof BoardStatuses)[number];

export const CheckInMethods = ['app', 'qr', 'manual', 'import', 'makeUp', 'system'] as const;
export type CheckInMethod = (typeof CheckInMethods)[number];

export const LeaveTypes = ['personal', 'sick', 'annual', 'field'] as const;
export type LeaveType = (typeof LeaveTypes)[number];
/** How an approved leave day counts: as attended (field work), off the required days, or required but missed. */
export const LeaveCounts = ['attended', 'excused', 'notAttended'] as const;

// ---- Rules ----------------------------------------------------------------------------------

export const LeaveTypeRuleSchema = z.object({
  type: z.enum(LeaveTypes),
  enabled: z.boolean(),
  /** Whole days ahead the request must be made (0: the same day, e.g. sick leave). */
  advanceNoticeDays: z.number().int().min(0).max(30),
  /** Leave days of this type a person may take in a work month; null: no limit. */
  monthlyLimitDays: z.number().int().min(0).max(31).nullable(),
  countsAs: z.enum(LeaveCounts),
});
export type LeaveTypeRule = z.infer<typeof LeaveTypeRuleSchema>;

export const FineRuleSchema = z.object({
  /** Fen per event (late, absent, early leave); 500 = 5 元. */
  perEventFen: z.number().int().min(0).max(1_000_000),
  /** Fen a month at most; null: no cap. */
  monthlyCapFen: z.number().int().min(0).max(100_000_000).nullable(),
});

export const AllowanceTierSchema = z.object({
  /** The tier applies when the rate is at least this (0–1). */
  minRate: z.number().min(0).max(1),
  /** Share of the allowance cut (0–1). */
  cut: z.number().min(0).max(1),
});

export const GeofenceModes = ['off', 'flag', 'refuse'] as const;
export const SelfCheckInModes = ['tap', 'qrOnly'] as const;

/** The part of the rules a department may override: when its meeting is and how strictly it is judged. */
export const MeetingRulesSchema = z.object({
  meetingStart: TimeOfDaySchema,
  meetingEnd: TimeOfDaySchema,
  /** Check-ins up to this many minutes after the start are on time (a grace period; default 0). */
  lateAfterMinutes: z.number().int().min(0).max(240),
  /** Check-ins more than this many minutes after the start count as absent (default 10: late up to 10 min). */
  absentAfterMinutes: z.number().int().min(0).max(480),
  /** Leaving this many minutes or more before the end is early leave (default 10). */
  earlyLeaveMinutes: z.number().int().min(1).max(240),
  /** Check-in opens this many minutes before the start. */
  opensBeforeMinutes: z.number().int().min(0).max(240),
  selfCheckIn: z.enum(SelfCheckInModes),
  geofence: z.enum(GeofenceModes),
});
export type MeetingRules = z.infer<typeof MeetingRulesSchema>;

const attendanceRulesObject = MeetingRulesSchema.extend({
  workMonth: z.object({ kind: z.enum(['day26', 'calendar']), startDay: z.number().int().min(2).max(28) }),
  /** ISO weekdays with a morning meeting (1 = Monday … 7 = Sunday) on workdays. */
  meetingWeekdays: z.array(z.number().int().min(1).max(7)).max(7),
  /** Adjusted workdays (调休, a weekend made a workday) have a meeting too. */
  meetingOnAdjustedWorkdays: z.boolean(),
  /** Roles expected at the meeting; the others may check in but are not counted. */
  attendeeRoles: z.array(z.enum(Roles)).min(1),
  /** An offline phone's queued check-in is judged by the time it was made, if sent within this many minutes. */
  offlineToleranceMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  leaveTypes: z.array(LeaveTypeRuleSchema),
  makeUp: z.object({
    monthlyLimit: z.number().int().min(0).max(31),
    /** A make-up must be requested within this many days after the meeting day. */
    deadlineDays: z.number().int().min(0).max(31),
  }),
  fines: z.object({ enabled: z.boolean(), agent: FineRuleSchema, supervisor: FineRuleSchema }),
  /** Full attendance (满勤): at least this rate. */
  fullAttendanceRate: z.number().min(0).max(1),
  /** Supervisor allowance cut by the supervisor's own rate: highest minRate first is the matching tier. */
  allowanceTiers: z.array(AllowanceTierSchema).min(1).max(10),
});
export const AttendanceRulesSchema = attendanceRulesObject.superRefine((r, ctx) => {
  if (r.absentAfterMinutes < r.lateAfterMinutes) {
    ctx.addIssue({
      code: 'custom',
      path: ['absentAfterMinutes'],
      message: 'Must be at least lateAfterMinutes',
    });
  }
  if (r.meetingEnd <= r.meetingStart)
    ctx.addIssue({ code: 'custom', path: ['meetingEnd'], message: 'Must be after meetingStart' });
  if (!r.allowanceTiers.some((t) => t.minRate === 0)) {
    ctx.addIssue({ code: 'custom', path: ['allowanceTiers'], message: 'One tier must start at 0' });
  }
  const types = r.leaveTypes.map((t) => t.type);
  if (new Set(types).size !== types.length)
    ctx.addIssue({ code: 'custom', path: ['leaveTypes'], message: 'Each leave type once' });
});
export type AttendanceRules = z.infer<typeof AttendanceRulesSchema>;

export const UnitRulesSchema = MeetingRulesSchema.superRefine((r, ctx) => {
  if (r.absentAfterMinutes < r.lateAfterMinutes) {
    ctx.addIssue({
      code: 'custom',
      path: ['absentAfterMinutes'],
      message: 'Must be at least lateAfterMinutes',
    });
  }
  if (r.meetingEnd <= r.meetingStart)
    ctx.addIssue({ code: 'custom', path: ['meetingEnd'], message: 'Must be after meetingStart' });
});
export const UnitRulesOverrideSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  rules: MeetingRulesSchema,
});
export const RulesViewSchema = z.object({
  tenant: attendanceRulesObject,
  overrides: z.array(UnitRulesOverrideSchema),
});
export type RulesView = z.infer<typeof RulesViewSchema>;

export const LocationSchema = z.object({
  id: z.string(),
  name: z.string(),
  lat: z.number(),
  lng: z.number(),
  radiusM: z.number().int(),
  active: z.boolean(),
});
export type Location = z.infer<typeof LocationSchema>;
export const LocationInputSchema = z.object({
  name: z.string().trim().min(1).max(60),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  radiusM: z.number().int().min(20).max(5000),
  active: z.boolean().default(true),
});

// ---- Calendar -------------------------------------------------------------------------------

export const DayKinds = ['workday', 'holiday'] as const;
export const CalendarDaySchema = z.object({
  date: z.string(),
  /** ISO weekday, 1 = Monday. */
  weekday: z.number().int(),
  workday: z.boolean(),
  /** Statutory holiday or adjusted workday (调休) name, or the admin's note. */
  name: z.string().nullable(),
  /** A weekend made a workday by the statutory calendar or the tenant. */
  adjusted: z.boolean(),
  meetingDay: z.boolean(),
  /** builtin: statutory calendar; tenant: the tenant's own entry; default: plain weekday/weekend. */
  source: z.enum(['builtin', 'tenant', 'default']),
});
export type CalendarDay = z.infer<typeof CalendarDaySchema>;
export const CalendarQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const CalendarDayInputSchema = z.object({
  kind: z.enum(DayKinds),
  name: z.string().trim().max(40).nullable().default(null),
});
export const DateParamsSchema = z.object({ date: DateSchema });

export const MonthFiguresSchema = z.object({
  /** Meeting days that count: attended + absent + leave not excused. */
  required: z.number().int(),
  attended: z.number().int(),
  present: z.number().int(),
  late: z.number().int(),
  absent: z.number().int(),
  leave: z.number().int(),
  earlyLeave: z.number().int(),
  /** attended / required, 0–1; null with nothing required. */
  rate: z.number().nullable(),
  finesFen: z.number().int(),
});
export type MonthFigures = z.infer<typeof MonthFiguresSchema>;

// ---- Check-in -------------------------------------------------------------------------------

export const PositionSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000).optional(),
});

/**
 * A check-in. Without userId it is the caller's own (method app or qr); with userId it is recorded by
 * staff for someone (method manual, reason required). `at` is when it happened: a phone that was
 * offline sends the time it was made. Header Idempotency-Key: a retry returns the first result.
 */
export const CheckInCreateSchema = z
  .object({
    at: z.string().datetime({ offset: true }).optional(),
    method: z.enum(['app', 'qr', 'manual']).default('app'),
    qrToken: z.string().max(512).optional(),
    position: PositionSchema.optional(),
    userId: IdSchema.optional(),
    reason: z.string().trim().max(200).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.method === 'qr' && !b.qrToken)
      ctx.addIssue({ code: 'custom', path: ['qrToken'], message: 'Required for a QR check-in' });
    if (b.method === 'manual' && !b.userId)
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'Required for a manual record' });
    if (b.method === 'manual' && !b.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Required for a manual record' });
    if (b.method !== 'manual' && b.userId)
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'Only with method manual' });
  });
export type CheckInCreate = z.input<typeof CheckInCreateSchema>;

export const AttendanceRecordSchema = z.object({
  id: z.string(),
  userId: z.string(),
  date: z.string(),
  status: z.enum(DayStatuses),
  checkInAt: z.string().nullable(),
  checkOutAt: z.string().nullable(),
  earlyLeave: z.boolean(),
  method: z.enum(CheckInMethods),
  leaveType: z.enum(LeaveTypes).nullable(),
  /** Sent later than it was made (an offline phone's queue). */
  delayed: z.boolean(),
  /** Made outside every workplace location while the geofence flags. */
  outsideGeofence: z.boolean(),
  note: z.string().nullable(),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AttendanceRecord = z.infer<typeof AttendanceRecordSchema>;

export const CheckOutCreateSchema = z.object({ at: z.string().datetime({ offset: true }).optional() });

/** The agent's page: today and the work month so far. */
export const MyAttendanceSchema = z.object({
  today: z.object({
    date: z.string(),
    meetingDay: z.boolean(),
    meetingStart: z.string(),
    meetingEnd: z.string(),
    opensAt: z.string(),
    lateAt: z.string(),
    absentAt: z.string(),
    selfCheckIn: z.enum(SelfCheckInModes),
    geofence: z.enum(GeofenceModes),
    record: AttendanceRecordSchema.nullable(),
  }),
  /** The work month shown (the current one unless asked for another), its first and last day, and the current one. */
  workMonth: z.object({ month: z.string(), from: z.string(), to: z.string(), current: z.string() }),
  month: MonthFiguresSchema,
  days: z.array(
    z.object({ date: z.string(), status: z.enum(BoardStatuses), record: AttendanceRecordSchema.nullable() }),
  ),
});

export const QrQuerySchema = z.object({ unitId: IdSchema });
export const QrTokenSchema = z.object({
  token: z.string(),
  url: z.string(),
  expiresAt: z.string(),
  refreshInMs: z.number().int(),
});

// ---- Leave and make-up ----------------------------------------------------------------------

export const RequestKinds = ['leave', 'makeUp'] as const;
export const RequestStatuses = ['pending', 'approved', 'rejected', 'cancelled'] as const;

export const AttendanceRequestCreateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('leave'),
    leaveType: z.enum(LeaveTypes),
    startDate: DateSchema,
    endDate: DateSchema,
    reason: z.string().trim().min(1).max(500),
  }),
  z.object({
    kind: z.literal('makeUp'),
    date: DateSchema,
    /** When the person says they arrived (HH:mm); judged by the day's rules. */
    time: TimeOfDaySchema,
    reason: z.string().trim().min(1).max(500),
  }),
]);
export type AttendanceRequestCreate = z.infer<typeof AttendanceRequestCreateSchema>;

export const AttendanceRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(RequestKinds),
  userId: z.string(),
  userName: z.string(),
  unitName: z.string(),
  leaveType: z.enum(LeaveTypes).nullable(),
  startDate: z.string(),
  endDate: z.string(),
  time: z.string().nullable(),
  reason: z.string(),
  status: z.enum(RequestStatuses),
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decisionComment: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AttendanceRequest = z.infer<typeof AttendanceRequestSchema>;

export const AttendanceRequestListQuerySchema = PageQuerySchema.extend({
  /** mine: the caller's own; toApprove: others' requests the caller may decide. */
  view: z.enum(['mine', 'toApprove']).default('mine'),
  status: z.enum(RequestStatuses).optional(),
  kind: z.enum(RequestKinds).optional(),
});
export const DecisionSchema = z.object({ comment: z.string().trim().max(500).optional() });

// ---- Board, monthly figures, allowance -------------------------------------------------------

export const BoardQuerySchema = z.object({ unitId: IdSchema, date: DateSchema.optional() });
export const BoardCountsSchema = z.object({
  expected: z.number().int(),
  present: z.number().int(),
  late: z.number().int(),
  absent: z.number().int(),
  leave: z.number().int(),
  pending: z.number().int(),
});
export const BoardPersonSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.enum(Roles),
  status: z.enum(BoardStatuses),
  checkInAt: z.string().nullable(),
  method: z.enum(CheckInMethods).nullable(),
  leaveType: z.enum(LeaveTypes).nullable(),
  delayed: z.boolean(),
  outsideGeofence: z.boolean(),
  earlyLeave: z.boolean(),
});
export const BoardSchema = z.object({
  date: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  meetingDay: z.boolean(),
  meetingStart: z.string(),
  lateAt: z.string(),
  absentAt: z.string(),
  generatedAt: z.string(),
  totals: BoardCountsSchema,
  teams: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      counts: BoardCountsSchema,
      people: z.array(BoardPersonSchema),
    }),
  ),
});
export type Board = z.infer<typeof BoardSchema>;

export const MonthlySorts = ['rate', 'absent', 'late', 'name', 'finesFen'] as const;
export const MonthlyQuerySchema = PageQuerySchema.extend({
  unitId: IdSchema,
  month: MonthSchema,
  q: z.string().trim().max(50).optional(),
});
export const MonthlyPersonSchema = MonthFiguresSchema.extend({
  userId: z.string(),
  displayName: z.string(),
  username: z.string(),
  role: z.enum(Roles),
  unitId: z.string(),
  unitName: z.string(),
  fullAttendance: z.boolean(),
});
export const MonthlySchema = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  people: z.number().int(),
  totals: MonthFiguresSchema,
  items: z.array(MonthlyPersonSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type Monthly = z.infer<typeof MonthlySchema>;

export const TrendQuerySchema = z.object({
  unitId: IdSchema.optional(),
  userId: IdSchema.optional(),
  months: z.coerce.number().int().min(1).max(24).default(6),
});
export const TrendSchema = z.array(MonthFiguresSchema.extend({ month: z.string() }));

export const AllowanceQuerySchema = z.object({ month: MonthSchema, unitId: IdSchema.optional() });
export const AllowanceRowSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  username: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  required: z.number().int(),
  attended: z.number().int(),
  rate: z.number().nullable(),
  /** Index into the tenant's tiers, highest minRate first. */
  tier: z.number().int(),
  cut: z.number(),
  baseFen: z.number().int().nullable(),
  cutFen: z.number().int().nullable(),
});
export const AllowanceSchema = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  tiers: z.array(AllowanceTierSchema),
  rows: z.array(AllowanceRowSchema),
});
export type Allowance = z.infer<typeof AllowanceSchema>;
export const AllowanceBasesSchema = z.object({
  month: MonthSchema,
  bases: z
    .array(z.object({ userId: IdSchema, baseFen: z.number().int().min(0).max(100_000_000).nullable() }))
    .min(1)
    .max(2000),
});

// ---- Imports: punch-clock files and the calendar year ---------------------------------------

/**
 * What a punch row does: `create` a record, `replace` one without a check-in (a closed day's
 * absence; a leave only when the punch is on time or late), `keep` an existing check-in (the app's,
 * a manual one) or leave, or nothing because it is a `later` punch of a person and day whose
 * earliest punch is the check-in.
 */
export const PunchOutcomes = ['create', 'replace', 'keep', 'later'] as const;
export const PunchPreviewSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  date: z.string(),
  /** The instant of this row's punch. */
  at: z.string(),
  /** How the punch is judged by the person's unit rules. */
  status: z.enum(['present', 'late', 'absent']),
  outcome: z.enum(PunchOutcomes),
  existing: z
    .object({ status: z.enum(DayStatuses), method: z.enum(CheckInMethods), checkInAt: z.string().nullable() })
    .nullable(),
});
export const PunchImportResultSchema = ImportResultSchema.extend({
  rows: z.array(ImportRowSchema.extend({ punch: PunchPreviewSchema.nullable() })),
  summary: z.object({
    create: z.number().int(),
    replace: z.number().int(),
    keep: z.number().int(),
    later: z.number().int(),
  }),
});
export type PunchImportResult = z.infer<typeof PunchImportResultSchema>;

export const CalendarImportResultSchema = ImportResultSchema.extend({
  rows: z.array(
    ImportRowSchema.extend({
      day: z
        .object({
          date: z.string(),
          kind: z.enum(DayKinds),
          name: z.string().nullable(),
          /** The day as it is now, before the import. */
          before: CalendarDaySchema,
        })
        .nullable(),
    }),
  ),
});
export type CalendarImportResult = z.infer<typeof CalendarImportResultSchema>;
