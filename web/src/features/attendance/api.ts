import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Allowance,
  AttendanceRecord,
  AttendanceRules,
  Board,
  CalendarDay,
  Location,
  MeetingRules,
  Monthly,
  MonthFigures,
  RulesView,
} from '../../../../contracts/attendance.ts';
import type { ImportResult } from '../../../../contracts/import.ts';
import { api, del, get, post, type QueryValue } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { currentLanguage } from '../../i18n/index.ts';

export const attendanceKey = ['attendance'] as const;
const boardKey = [...attendanceKey, 'board'] as const;
const monthlyKey = [...attendanceKey, 'monthly'] as const;
const trendKey = [...attendanceKey, 'trend'] as const;
const allowanceKey = [...attendanceKey, 'allowance'] as const;
const rulesKey = [...attendanceKey, 'rules'] as const;
const calendarKey = [...attendanceKey, 'calendar'] as const;
const locationsKey = [...attendanceKey, 'locations'] as const;

/** Every figure page reads records: after a record, a rule or a calendar change they all reload. */
function useInvalidateFigures() {
  const qc = useQueryClient();
  return () => {
    for (const key of [boardKey, monthlyKey, trendKey, allowanceKey])
      void qc.invalidateQueries({ queryKey: key });
  };
}

// ---- Daily board ------------------------------------------------------------------------------

export interface BoardParams {
  unitId: string;
  /** Omitted: today in the tenant's time zone (the server decides). */
  date?: string | undefined;
}

/**
 * The live board. While `live` (today's board on a visible page) it refetches every few seconds;
 * TanStack Query pauses the interval while the tab is hidden and refetches when it comes back.
 */
export function useBoard(p: BoardParams, live: boolean) {
  return useQuery({
    queryKey: [...boardKey, p.unitId, p.date ?? 'today'],
    queryFn: ({ signal }) => get<Board>('/attendance/board', { unitId: p.unitId, date: p.date }, signal),
    enabled: !!p.unitId,
    placeholderData: keepPreviousData,
    refetchInterval: live ? 5_000 : false,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  });
}

export interface ManualCheckIn {
  userId: string;
  /** ISO date-time with offset. */
  at: string;
  reason: string;
}

/** Staff record a check-in by hand (method manual, a reason required); the server audits it. */
export function useManualCheckIn() {
  const done = useInvalidateFigures();
  return useMutation({
    mutationFn: (b: ManualCheckIn) =>
      post<AttendanceRecord>('/attendance/check-ins', { method: 'manual', ...b }),
    onSuccess: done,
  });
}

// ---- Monthly figures --------------------------------------------------------------------------

export interface MonthlyFilters {
  unitId: string;
  month: string;
  q?: string | undefined;
}

export interface MonthlyParams extends MonthlyFilters {
  page: number;
  pageSize: number;
  sort?: string | undefined;
}

function monthlyQuery(f: MonthlyFilters & { sort?: string | undefined }): Record<string, QueryValue> {
  return { unitId: f.unitId, month: f.month, q: f.q?.trim(), sort: f.sort };
}

export function useMonthly(p: MonthlyParams | null) {
  return useQuery({
    queryKey: [...monthlyKey, p],
    queryFn: ({ signal }) =>
      get<Monthly>(
        '/attendance/monthly',
        { ...monthlyQuery(p!), page: p!.page, pageSize: p!.pageSize },
        signal,
      ),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}

/** The month's figures as .xlsx with the list's filters and order, headers in the UI language. */
export function exportMonthly(f: MonthlyFilters & { sort?: string | undefined }): Promise<void> {
  return downloadFile('/attendance/monthly/export', `attendance-${f.month}.xlsx`, {
    ...monthlyQuery(f),
    lang: currentLanguage(),
  });
}

export type TrendPoint = MonthFigures & { month: string };

export function useTrend(p: { unitId?: string; userId?: string; months: number } | null) {
  return useQuery({
    queryKey: [...trendKey, p],
    queryFn: ({ signal }) =>
      get<TrendPoint[]>(
        '/attendance/trend',
        { unitId: p!.unitId, userId: p!.userId, months: p!.months },
        signal,
      ),
    enabled: !!p && !!(p.unitId || p.userId),
  });
}

// ---- Supervisor allowance ---------------------------------------------------------------------

export interface AllowanceParams {
  month: string;
  unitId?: string | undefined;
}

export function useAllowance(p: AllowanceParams | null) {
  return useQuery({
    queryKey: [...allowanceKey, p],
    queryFn: ({ signal }) =>
      get<Allowance>('/attendance/allowance', { month: p!.month, unitId: p!.unitId }, signal),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}

export function exportAllowance(p: AllowanceParams): Promise<void> {
  return downloadFile('/attendance/allowance/export', `allowance-${p.month}.xlsx`, {
    month: p.month,
    unitId: p.unitId,
    lang: currentLanguage(),
  });
}

export function useSaveAllowanceBases() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { month: string; bases: { userId: string; baseFen: number | null }[] }) =>
      api<unknown>('/attendance/allowance/bases', { method: 'PUT', body: b }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: allowanceKey }),
  });
}

// ---- Configuration ----------------------------------------------------------------------------

export function useRules(enabled = true) {
  return useQuery({
    queryKey: rulesKey,
    queryFn: ({ signal }) => get<RulesView>('/attendance/rules', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
}

function useRulesWrite<T>(fn: (v: T) => Promise<RulesView>) {
  const qc = useQueryClient();
  const figures = useInvalidateFigures();
  return useMutation({
    mutationFn: fn,
    onSuccess: (view) => {
      qc.setQueryData(rulesKey, view);
      figures();
    },
  });
}

export function useSaveTenantRules() {
  return useRulesWrite((rules: AttendanceRules) =>
    api<RulesView>('/attendance/rules', { method: 'PUT', body: rules }),
  );
}

export function useSaveUnitRules() {
  return useRulesWrite(({ unitId, rules }: { unitId: string; rules: MeetingRules }) =>
    api<RulesView>(`/attendance/rules/units/${encodeURIComponent(unitId)}`, { method: 'PUT', body: rules }),
  );
}

export function useDeleteUnitRules() {
  return useRulesWrite((unitId: string) =>
    del<RulesView>(`/attendance/rules/units/${encodeURIComponent(unitId)}`),
  );
}

export function useCalendar(year: number) {
  return useQuery({
    queryKey: [...calendarKey, year],
    queryFn: ({ signal }) => get<CalendarDay[]>('/attendance/calendar', { year }, signal),
    placeholderData: keepPreviousData,
  });
}

function useCalendarWrite<T>(fn: (v: T) => Promise<CalendarDay>) {
  const qc = useQueryClient();
  const figures = useInvalidateFigures();
  return useMutation({
    mutationFn: fn,
    onSuccess: (day) => {
      const year = Number(day.date.slice(0, 4));
      qc.setQueryData<CalendarDay[]>([...calendarKey, year], (old) =>
        old?.map((d) => (d.date === day.date ? day : d)),
      );
      figures();
    },
  });
}

export function usePutCalendarDay() {
  return useCalendarWrite(
    ({ date, kind, name }: { date: string; kind: 'workday' | 'holiday'; name: string | null }) =>
      api<CalendarDay>(`/attendance/calendar/${date}`, { method: 'PUT', body: { kind, name } }),
  );
}

export function useResetCalendarDay() {
  return useCalendarWrite((date: string) => del<CalendarDay>(`/attendance/calendar/${date}`));
}

export function useLocations() {
  return useQuery({
    queryKey: locationsKey,
    queryFn: ({ signal }) => get<Location[]>('/attendance/locations', undefined, signal),
  });
}

export type LocationInput = Omit<Location, 'id'>;

export function useSaveLocation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: LocationInput }) =>
      id
        ? api<Location>(`/attendance/locations/${encodeURIComponent(id)}`, { method: 'PUT', body })
        : post<Location>('/attendance/locations', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: locationsKey }),
  });
}

export function useDeleteLocation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del<{ ok: true }>(`/attendance/locations/${encodeURIComponent(id)}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: locationsKey }),
  });
}

// ---- Imports (punch clock, calendar, allowance bases) -----------------------------------------

/**
 * Where an import lives on the server: a template to download and one multipart endpoint that
 * answers a preview (dryRun "true") or commits (dryRun "false"), as the roster import does.
 */
export interface ImportEndpoint {
  template: string;
  upload: string;
  /** File name of the template when the server sends none. */
  templateName: string;
}

export const IMPORTS = {
  punch: {
    template: '/attendance/punch-imports/template',
    upload: '/attendance/punch-imports',
    templateName: 'punch-clock-template.xlsx',
  },
  calendar: {
    template: '/attendance/calendar/import/template',
    upload: '/attendance/calendar/import',
    templateName: 'calendar-template.xlsx',
  },
  allowanceBases: {
    template: '/attendance/allowance/bases/import/template',
    upload: '/attendance/allowance/bases/import',
    templateName: 'allowance-bases-template.xlsx',
  },
} satisfies Record<string, ImportEndpoint>;

export function downloadTemplate(e: ImportEndpoint, query: Record<string, QueryValue> = {}): Promise<void> {
  return downloadFile(e.template, e.templateName, { ...query, lang: currentLanguage() });
}

export interface ImportRun {
  file: File;
  dryRun: boolean;
  mapping?: Record<string, string | null>;
  /** Other text fields of the import (a month, a year). */
  fields?: Record<string, string>;
}

export function useImport(e: ImportEndpoint) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (r: ImportRun) => {
      const fd = new FormData();
      // Text fields first: a streaming multipart parser on the server sees them before the file.
      fd.append('dryRun', r.dryRun ? 'true' : 'false');
      for (const [k, v] of Object.entries(r.fields ?? {})) fd.append(k, v);
      if (r.mapping) fd.append('mapping', JSON.stringify(r.mapping));
      fd.append('file', r.file, r.file.name);
      return api<ImportResult>(e.upload, { method: 'POST', body: fd });
    },
    onSuccess: (res) => {
      if (res.committed) void qc.invalidateQueries({ queryKey: attendanceKey });
    },
  });
}
