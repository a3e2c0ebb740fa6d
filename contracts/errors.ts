/** Stable error codes of the API. The web translates them by code (errors.<CODE>). */
export const ErrorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'LOGIN_THROTTLED',
  'FORBIDDEN',
  'CSRF_REJECTED',
  'NOT_FOUND',
  'CONFLICT',
  'USERNAME_TAKEN',
  'WEAK_PASSWORD',
  'WRONG_PASSWORD',
  'PASSWORD_CHANGE_REQUIRED',
  'UNIT_NOT_EMPTY',
  'UNIT_CYCLE',
  'IMPORT_HAS_ERRORS',
  'FILE_TOO_LARGE',
  'UNSUPPORTED_FILE',
  'RATE_LIMITED',
  'INTERNAL',
  'IMPORT_TOO_MANY_ROWS',
  'EXPORT_TOO_LARGE',
  'NOT_A_MEETING_DAY',
  'CHECK_IN_NOT_OPEN',
  'CHECK_IN_TOO_OLD',
  'QR_REQUIRED',
  'QR_INVALID',
  'QR_EXPIRED',
  'OUTSIDE_GEOFENCE',
  'POSITION_REQUIRED',
  'NOT_CHECKED_IN',
  'LEAVE_NOTICE_TOO_SHORT',
  'LEAVE_LIMIT_REACHED',
  'MAKE_UP_LIMIT_REACHED',
  'MAKE_UP_TOO_LATE',
  'REQUEST_OVERLAPS',
  'REQUEST_NOT_PENDING',
  'OWN_REQUEST',
  'ACTIVITY_DATE_IN_FUTURE',
  'ACTIVITY_DATE_TOO_OLD',
  'ACTIVITY_TYPE_INACTIVE',
  'ACTIVITY_TYPE_CODE_TAKEN',
  'POINTS_DATE_IN_PAST',
  'WORK_LOG_EMPTY',
  'WORK_LOG_REVIEWED',
  'WORK_LOG_NOT_SUBMITTED',
  'OWN_WORK_LOG',
  'PLAN_LOCKED',
  'PLAN_NOT_SUBMITTED',
  'PLAN_PERIOD_ENDED',
  'OWN_PLAN',
  'PROSPECT_NAME_UNSCORED',
  'PROSPECT_NAME_EXCLUDED',
  'PROSPECT_NAME_HAS_CARD',
  'PROSPECT_GRADE_C',
  'PROSPECT_SAME_STAGE',
  'NAME_HAS_CARD',
  'SPOT_CHECK_NO_CARDS',
  'POLICY_NUMBER_TAKEN',
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

export interface FieldError {
  /** Dotted path of the field, e.g. "body.phone" or "rows.3.username". */
  path: string;
  message: string;
  code?: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: FieldError[] | Record<string, unknown> };
}
