import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AttendanceRecord,
  AttendanceRequest,
  AttendanceRequestCreate,
  Board,
  CalendarDay,
  MonthFigures,
  MyAttendanceSchema,
} from '../../../../contracts/attendance.ts';
import type { Page } from '../../../../contracts/common.ts';
import { ApiError, errorFromResponse, get, post } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { currentLanguage } from '../../i18n/index.ts';
import type { PendingCheck } from './pending.ts';
import type { RequestKind, RequestStatus } from './enums.ts';

export type MyAttendance = z.infer<typeof MyAttendanceSchema>;
export type MyDay = MyAttendance['days'][number];
export type TrendMonth = MonthFigures & { month: string };

export const attendanceMeKey = ['attendanceMe'] as const;
const myKey = [...attendanceMeKey, 'me'] as const;
const requestsKey = [...attendanceMeKey, 'requests'] as const;
/** The manager pages' queries (features/attendance): a check-in or a decision changes their figures. */
const figuresKey = ['attendance'] as const;

// ---- Today and the work month ---------------------------------------------------------------

/** Today's meeting and record, the work month's figures and days; `month` omitted: the current one. */
export function useMyAttendance(month?: string) {
  return useQuery({
    queryKey: [...myKey, month ?? 'current'],
    queryFn: ({ signal }) => get<MyAttendance>('/attendance/me', { month }, signal),
    placeholderData: keepPreviousData,
    // Today's state changes with the clock (opening, late, absent): fresh when the page is opened.
    staleTime: 10_000,
    refetchOnWindowFocus: true,
  });
}

function fetchMine(qc: QueryClient, month: string | undefined): Promise<MyAttendance> {
  return qc.fetchQuery({
    queryKey: [...myKey, month ?? 'current'],
    queryFn: ({ signal }) => get<MyAttendance>('/attendance/me', { month }, signal),
    staleTime: 10_000,
  });
}

/** YYYY-MM plus n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** The key (YYYY-MM) of the current work month, as the server counts work months for this person. */
export function useCurrentWorkMonth() {
  const qc = useQueryClient();
  return useQuery({
    queryKey: [...myKey, 'currentKey'],
    queryFn: async () => (await fetchMine(qc, undefined)).workMonth.current,
    staleTime: 10 * 60_000,
  });
}

/** The caller's own figures for the last `months` work months, oldest first. */
export function useMyTrend(userId: string, months = 6) {
  return useQuery({
    queryKey: [...myKey, 'trend', userId, months],
    queryFn: ({ signal }) => get<TrendMonth[]>('/attendance/trend', { userId, months }, signal),
    retry: false,
  });
}

/** The work calendar of a year (statutory holidays, adjusted workdays, which days have a meeting). */
export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: [...attendanceMeKey, 'calendar', year],
    queryFn: ({ signal }) => get<CalendarDay[]>('/attendance/calendar', { year }, signal),
    staleTime: 60 * 60_000,
    retry: false,
  });
}

// ---- Check-in and check-out -----------------------------------------------------------------

/**
 * Sends a check-in with its Idempotency-Key header (the shared client has no per-call headers).
 * Throws ApiError like every other call: code NETWORK when nothing came back.
 */
async function postWithKey<T>(path: string, body: unknown, key: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError('NETWORK', 0, e instanceof Error ? e.message : 'Network error');
  }
  if (!res.ok) throw await errorFromResponse(res);
  return (await res.json()) as T;
}

/** One attempt to deliver a pending check-in or check-out; `withTime: false` lets the server's clock decide. */
export function sendPending(p: PendingCheck, withTime = true): Promise<AttendanceRecord> {
  const at = withTime ? p.at : undefined;
  if (p.kind === 'out') return post<AttendanceRecord>('/attendance/check-outs', at ? { at } : {});
  return postWithKey<AttendanceRecord>(
    '/attendance/check-ins',
    {
      ...(at ? { at } : {}),
      method: p.method,
      ...(p.qrToken ? { qrToken: p.qrToken } : {}),
      ...(p.position ? { position: p.position } : {}),
    },
    p.key,
  );
}

// ---- Leave and make-up requests -------------------------------------------------------------

export interface RequestListParams {
  view: 'mine' | 'toApprove';
  status?: RequestStatus | undefined;
  kind?: RequestKind | undefined;
  page: number;
  pageSize: number;
}

export function useRequests(p: RequestListParams) {
  return useQuery({
    queryKey: [...requestsKey, 'list', p],
    queryFn: ({ signal }) =>
      get<Page<AttendanceRequest>>(
        '/attendance/requests',
        { view: p.view, status: p.status, kind: p.kind, page: p.page, pageSize: p.pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/** Every request of the list's view and filters as .xlsx, headers in the UI language. */
export function exportRequests(p: Pick<RequestListParams, 'view' | 'status' | 'kind'>): Promise<void> {
  return downloadFile('/attendance/requests/export', `attendance-requests-${p.view}.xlsx`, {
    view: p.view,
    status: p.status,
    kind: p.kind,
    lang: currentLanguage(),
  });
}

function useInvalidateRequests() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: requestsKey });
    // An approved leave or make-up changes the days and figures.
    void qc.invalidateQueries({ queryKey: myKey });
    void qc.invalidateQueries({ queryKey: figuresKey });
  };
}

export function useCreateRequest() {
  const done = useInvalidateRequests();
  return useMutation({
    mutationFn: (body: AttendanceRequestCreate) => post<AttendanceRequest>('/attendance/requests', body),
    onSuccess: done,
  });
}

export function useCancelRequest() {
  const done = useInvalidateRequests();
  return useMutation({
    mutationFn: (id: string) =>
      post<AttendanceRequest>(`/attendance/requests/${encodeURIComponent(id)}/cancel`),
    onSuccess: done,
  });
}

export type Decision = 'approve' | 'reject';

export function useDecideRequest() {
  const done = useInvalidateRequests();
  return useMutation({
    mutationFn: ({ id, decision, comment }: { id: string; decision: Decision; comment?: string }) =>
      post<AttendanceRequest>(
        `/attendance/requests/${encodeURIComponent(id)}/${decision}`,
        comment ? { comment } : {},
      ),
    onSuccess: done,
  });
}

// ---- The meeting-room screen ----------------------------------------------------------------

export interface QrToken {
  token: string;
  url: string;
  expiresAt: string;
  refreshInMs: number;
}

/** The meeting code of a unit, fetched again as soon as the server says it rotates. */
export function useQrToken(unitId: string | undefined) {
  return useQuery({
    queryKey: [...attendanceMeKey, 'qr', unitId],
    queryFn: ({ signal }) => get<QrToken>('/attendance/qr', { unitId }, signal),
    enabled: !!unitId,
    staleTime: 0,
    gcTime: 0,
    refetchInterval: (q) => Math.max(1_000, q.state.data?.refreshInMs ?? 5_000),
    refetchIntervalInBackground: true,
    retry: true,
    retryDelay: 3_000,
  });
}

/** Live count beside the code; a failure (board not available) just hides it. */
export function useBoardTotals(unitId: string | undefined) {
  return useQuery({
    queryKey: [...attendanceMeKey, 'board', unitId],
    queryFn: ({ signal }) => get<Board>('/attendance/board', { unitId }, signal),
    enabled: !!unitId,
    select: (b) => b.totals,
    refetchInterval: 10_000,
    refetchIntervalInBackground: true,
    retry: false,
  });
}
