import type { AttendanceRequest } from '../../../../contracts/attendance.ts';
import { BOARD_STATUS_COLORS, type BoardStatus } from '../../lib/enums.ts';

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

// Leave types and day statuses are shared with the management pages (lib/enums.ts).
export { LEAVE_TYPES, type LeaveType } from '../../lib/enums.ts';

export type DayStatus = BoardStatus;
export const DAY_STATUS_COLORS = BOARD_STATUS_COLORS;
