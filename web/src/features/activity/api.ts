import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActivitySettings,
  ActivityTrendSchema,
  ActivityType,
  ActivityTypeCreateSchema,
  ActivityTypePatchSchema,
  Leaderboard,
  Standard,
  StandardPutSchema,
  Summary,
} from '../../../../contracts/activity.ts';
import { completeLeanRow, type LeanSummaryRow } from '../../../../contracts/activity.ts';
import type { z } from 'zod';
import { api, del, get, patch, post, type QueryValue } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { currentLanguage } from '../../i18n/index.ts';
import type { SummaryPeriod, SummaryRowsMode } from './enums.ts';

export const activityKey = ['activity'] as const;
const summaryKey = [...activityKey, 'summary'] as const;
const trendKey = [...activityKey, 'trend'] as const;
const leaderboardKey = [...activityKey, 'leaderboard'] as const;
const typesKey = [...activityKey, 'types'] as const;
const standardsKey = [...activityKey, 'standards'] as const;
const settingsKey = [...activityKey, 'settings'] as const;

export type ActivityTrend = z.infer<typeof ActivityTrendSchema>;
export type TrendPoint = ActivityTrend[number];
export type ActivityTypeCreate = z.input<typeof ActivityTypeCreateSchema>;
export type ActivityTypePatch = z.input<typeof ActivityTypePatchSchema>;
export type StandardPut = z.input<typeof StandardPutSchema>;
export type SummaryRow = Summary['rows'][number];
export type SummaryTotals = Summary['totals'];

/** Points, plans and standards feed every figure: after a configuration change they all reload. */
function useInvalidateFigures() {
  const qc = useQueryClient();
  return () => {
    for (const key of [summaryKey, trendKey, leaderboardKey]) void qc.invalidateQueries({ queryKey: key });
  };
}

// ---- Summary (analysis) -------------------------------------------------------------------------

export interface SummaryFilters {
  unitId: string;
  period: SummaryPeriod;
  /** The day, or any day of the week / work month / quarter; omitted: today (the server decides). */
  date?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  rows: SummaryRowsMode;
  q?: string | undefined;
  sort?: string | undefined;
}

export interface SummaryParams extends SummaryFilters {
  page: number;
  pageSize: number;
  /**
   * Each row's counts per type: asked for only when they are shown. Without them the lean form is
   * asked, a third of the size, and its rows are completed here (completeLeanRow).
   */
  withTypes?: boolean;
}

function summaryQuery(f: SummaryFilters): Record<string, QueryValue> {
  const custom = f.period === 'custom';
  return {
    unitId: f.unitId,
    period: f.period,
    date: custom ? undefined : f.date,
    from: custom ? f.from : undefined,
    to: custom ? f.to : undefined,
    rows: f.rows,
    q: f.q?.trim(),
    sort: f.sort,
  };
}

/** A custom period needs both ends before it can be asked for. */
export function summaryReady(f: SummaryFilters): boolean {
  return !!f.unitId && (f.period !== 'custom' || (!!f.from && !!f.to));
}

export function useSummary(p: SummaryParams | null) {
  return useQuery({
    queryKey: [...summaryKey, p],
    queryFn: async ({ signal }) => {
      const form = p!.withTypes ? 'full' : 'lean';
      const s = await get<Omit<Summary, 'rows'> & { rows: LeanSummaryRow[] }>(
        '/activity/summary',
        { ...summaryQuery(p!), page: p!.page, pageSize: p!.pageSize, form },
        signal,
      );
      return { ...s, rows: form === 'lean' ? s.rows.map(completeLeanRow) : (s.rows as Summary['rows']) };
    },
    enabled: !!p && summaryReady(p),
    placeholderData: keepPreviousData,
  });
}

/** The summary as .xlsx with the page's filters and order, headers in the UI language. */
export function exportSummary(
  f: SummaryFilters,
  range: { from: string; to: string } | undefined,
): Promise<void> {
  const name = range ? `activity-${range.from}-${range.to}.xlsx` : 'activity.xlsx';
  return downloadFile('/activity/summary/export', name, { ...summaryQuery(f), lang: currentLanguage() });
}

export type TrendGrain = 'day' | 'week' | 'month';

export function useActivityTrend(p: { unitId?: string; userId?: string; grain: TrendGrain } | null) {
  return useQuery({
    queryKey: [...trendKey, p],
    queryFn: ({ signal }) =>
      get<ActivityTrend>(
        '/activity/trend',
        { unitId: p!.unitId, userId: p!.userId, grain: p!.grain },
        signal,
      ),
    enabled: !!p && !!(p.unitId || p.userId),
    placeholderData: keepPreviousData,
  });
}

// ---- Leaderboard ----------------------------------------------------------------------------------

export interface LeaderboardParams {
  unitId?: string | undefined;
  period: 'week' | 'month';
  date?: string | undefined;
  by: 'points' | 'sales';
  limit: number;
}

export function useLeaderboard(p: LeaderboardParams | null) {
  return useQuery({
    queryKey: [...leaderboardKey, p],
    queryFn: ({ signal }) =>
      get<Leaderboard>(
        '/activity/leaderboard',
        { unitId: p!.unitId, period: p!.period, date: p!.date, by: p!.by, limit: p!.limit },
        signal,
      ),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}

// ---- Activity types -----------------------------------------------------------------------------

/** The tenant's types in its order; `all` adds the inactive ones (for the settings). */
export function useActivityTypes(all = false) {
  return useQuery({
    queryKey: [...typesKey, all ? 'all' : 'active'],
    queryFn: ({ signal }) => get<ActivityType[]>('/activity/types', all ? { all: '1' } : undefined, signal),
    staleTime: 60_000,
  });
}

function useTypeWrite<T>(fn: (v: T) => Promise<ActivityType>) {
  const qc = useQueryClient();
  const figures = useInvalidateFigures();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: typesKey });
      void qc.invalidateQueries({ queryKey: standardsKey });
      figures();
    },
  });
}

export function useCreateActivityType() {
  return useTypeWrite((body: ActivityTypeCreate) => post<ActivityType>('/activity/types', body));
}

export function usePatchActivityType() {
  return useTypeWrite(({ id, body }: { id: string; body: ActivityTypePatch }) =>
    patch<ActivityType>(`/activity/types/${encodeURIComponent(id)}`, body),
  );
}

// ---- Team standards -----------------------------------------------------------------------------

/** The tenant's standard is stored under this key; a unit's under its id. */
export const TENANT_SCOPE = 'tenant';

/** The standard that applies to a unit (its own, an ancestor's, the tenant's or the default). */
export function useStandard(scopeKey: string | null) {
  return useQuery({
    queryKey: [...standardsKey, scopeKey],
    queryFn: ({ signal }) =>
      get<Standard>(`/activity/standards/${encodeURIComponent(scopeKey!)}`, undefined, signal),
    enabled: !!scopeKey,
  });
}

export function usePutStandard() {
  const qc = useQueryClient();
  const figures = useInvalidateFigures();
  return useMutation({
    mutationFn: ({ scopeKey, body }: { scopeKey: string; body: StandardPut }) =>
      api<Standard>(`/activity/standards/${encodeURIComponent(scopeKey)}`, { method: 'PUT', body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: standardsKey });
      figures();
    },
  });
}

export function useDeleteStandard() {
  const qc = useQueryClient();
  const figures = useInvalidateFigures();
  return useMutation({
    mutationFn: (scopeKey: string) => del<Standard>(`/activity/standards/${encodeURIComponent(scopeKey)}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: standardsKey });
      figures();
    },
  });
}

// ---- Settings -------------------------------------------------------------------------------------

export function useActivitySettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => get<ActivitySettings>('/activity/settings', undefined, signal),
  });
}

export function useSaveActivitySettings() {
  const qc = useQueryClient();
  const figures = useInvalidateFigures();
  return useMutation({
    mutationFn: (body: Partial<ActivitySettings>) => patch<ActivitySettings>('/activity/settings', body),
    onSuccess: (s) => {
      qc.setQueryData(settingsKey, s);
      figures();
    },
  });
}
