import type { AttendanceRules, Board, LeaveTypeRule } from '../../../contracts/attendance.ts';
import type { FunctionalGroup } from '../../../contracts/org.ts';
import type { ArchiveDocument, Honour, User } from '../../../contracts/user.ts';
import { Roles, UnitKinds, type Role } from '../../../contracts/roles.ts';

// contracts/roles.ts has no zod import, so its arrays come straight from the contract. The other
// contract files build zod schemas at import time; copying their small enums here keeps zod out of
// the bundle, and `satisfies Record<…, true>` makes the compiler fail when the contract changes.
const keysOf = <K extends string>(rec: Record<K, true>) => Object.keys(rec) as K[];

export const ROLES = Roles;
export const UNIT_KINDS = UnitKinds;

export type UserStatus = User['status'];
export const USER_STATUSES = keysOf({ active: true, left: true } satisfies Record<UserStatus, true>);

export type Gender = NonNullable<User['gender']>;
export const GENDERS = keysOf({ male: true, female: true } satisfies Record<Gender, true>);

export type DocType = ArchiveDocument['docType'];
export const DOC_TYPES = keysOf({
  contract: true,
  licence: true,
  idCopy: true,
  training: true,
  other: true,
} satisfies Record<DocType, true>);

export type HonourKind = Honour['kind'];
export const HONOUR_KINDS = keysOf({ honour: true, penalty: true } satisfies Record<HonourKind, true>);

export type FunctionalSystem = FunctionalGroup['system'];
export const FUNCTIONAL_SYSTEMS = keysOf({
  activity: true,
  recruitment: true,
  training: true,
  meeting: true,
} satisfies Record<FunctionalSystem, true>);

/** Mirrors the server rule (user.service ADMIN_ONLY_ROLES): only an admin hands out these roles. */
const ADMIN_ONLY_ROLES: readonly Role[] = ['admin', 'executive', 'manager', 'staff'];
export function assignableRoles(actorRole: Role): Role[] {
  return actorRole === 'admin' ? [...ROLES] : ROLES.filter((r) => !ADMIN_ONLY_ROLES.includes(r));
}

export const ROLE_COLORS: Record<Role, string> = {
  agent: 'blue',
  supervisor: 'cyan',
  manager: 'geekblue',
  staff: 'purple',
  executive: 'gold',
  admin: 'red',
};

export const UNIT_KIND_COLORS: Record<(typeof UnitKinds)[number], string> = {
  company: 'red',
  branch: 'volcano',
  department: 'blue',
  team: 'green',
};

/** Same rules as contracts/user.ts, repeated so forms can check before a round trip. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,49}$/;
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
export const ID_NUMBER_PATTERN = /^\d{17}[\dXx]$/;
export const PASSWORD_MIN_LENGTH = 12;

// ---- Attendance (contracts/attendance.ts) ---------------------------------------------------------

export type BoardStatus = Board['teams'][number]['people'][number]['status'];
export const BOARD_STATUSES = keysOf({
  present: true,
  late: true,
  absent: true,
  leave: true,
  pending: true,
} satisfies Record<BoardStatus, true>);
/** Colour of each status tag; the word is always shown beside it. */
export const BOARD_STATUS_COLORS: Record<BoardStatus, string> = {
  present: 'success',
  late: 'orange',
  absent: 'error',
  leave: 'purple',
  pending: 'default',
};

export type LeaveType = LeaveTypeRule['type'];
export const LEAVE_TYPES = keysOf({
  personal: true,
  sick: true,
  annual: true,
  field: true,
} satisfies Record<LeaveType, true>);

export type LeaveCount = LeaveTypeRule['countsAs'];
export const LEAVE_COUNTS = keysOf({
  attended: true,
  excused: true,
  notAttended: true,
} satisfies Record<LeaveCount, true>);

export type CheckInMethod = NonNullable<Board['teams'][number]['people'][number]['method']>;
export const CHECK_IN_METHODS = keysOf({
  app: true,
  qr: true,
  manual: true,
  import: true,
  makeUp: true,
  system: true,
} satisfies Record<CheckInMethod, true>);

export type GeofenceMode = AttendanceRules['geofence'];
export const GEOFENCE_MODES = keysOf({ off: true, flag: true, refuse: true } satisfies Record<GeofenceMode, true>);

export type SelfCheckInMode = AttendanceRules['selfCheckIn'];
export const SELF_CHECK_IN_MODES = keysOf({ tap: true, qrOnly: true } satisfies Record<SelfCheckInMode, true>);

export type WorkMonthKind = AttendanceRules['workMonth']['kind'];
export const WORK_MONTH_KINDS = keysOf({ day26: true, calendar: true } satisfies Record<WorkMonthKind, true>);
