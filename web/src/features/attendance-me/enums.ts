import type { AttendanceRecord, AttendanceRequest } from '../../../../contracts/attendance.ts';

// Zod-free mirrors of the attendance enums this module shows (see lib/enums.ts for why);
// `satisfies Record<…, true>` breaks the build when the contract changes.
const keysOf = <K extends string>(rec: Record<K, true>) => Object.keys(rec) as K[];

export type RequestKind = AttendanceRequest['kind'];
export const REQUEST_KINDS = keysOf({ leave: true, makeUp: true } satisfies Record<RequestKind, true>);

export type RequestStatus = AttendanceRequest['status'];
export const REQUEST_STATUSES = keysOf({
  pending: true,
  approved: true,
  rejected: true,
  cancelled: true,
} satisfies Record<RequestStatus, true>);
export const REQUEST_STATUS_COLORS: Record<RequestStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
};

export type LeaveType = NonNullable<AttendanceRequest['leaveType']>;
export const LEAVE_TYPES = keysOf({
  personal: true,
  sick: true,
  annual: true,
  field: true,
} satisfies Record<LeaveType, true>);

export type DayStatus = AttendanceRecord['status'] | 'pending';
export const DAY_STATUS_COLORS: Record<DayStatus, string> = {
  present: 'success',
  late: 'orange',
  absent: 'error',
  leave: 'purple',
  pending: 'default',
};
