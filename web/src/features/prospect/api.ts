import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Rubric, RubricPut } from '../../../../contracts/plan100.ts';
import type { ProspectFunnel } from '../../../../contracts/prospect.ts';
import type { SpotCheck, SpotCheckDetail, SpotCheckOverview } from '../../../../contracts/spot-check.ts';
import type { Page } from '../../../../contracts/common.ts';
import type { Satisfaction, ServiceRequest } from '../../../../contracts/customer.ts';
import type {
  Handover,
  HandoverCreate,
  HandoverDetail,
  HandoverPreview,
} from '../../../../contracts/handover.ts';
import { api, get, post, type QueryValue } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { currentLanguage } from '../../i18n/index.ts';

/**
 * The supervisor's, manager's and administrator's prospect pages: spot-checks, the funnel, the
 * accumulation figures, the rubric, handovers and the team's service requests.
 */

/** The agent pages invalidate this key when they write names or cards (their own key is prospectMe). */
export const prospectDeskKey = ['prospect'] as const;
const agentPagesKey = ['prospectMe'] as const;
const overviewKey = [...prospectDeskKey, 'overview'] as const;
const checksKey = [...prospectDeskKey, 'spot-checks'] as const;
const rubricKey = [...prospectDeskKey, 'rubric'] as const;
const funnelKey = [...prospectDeskKey, 'funnel'] as const;
const serviceKey = [...prospectDeskKey, 'service'] as const;

const enc = encodeURIComponent;

// ---- Spot-check overview (per agent: cards on hand, new this week and month, A/B share) ----------

export interface OverviewFilters {
  unitId?: string | undefined;
  date?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

export interface OverviewParams extends OverviewFilters {
  page: number;
  pageSize: number;
}

function overviewQuery(f: OverviewFilters): Record<string, QueryValue> {
  return { unitId: f.unitId, date: f.date, q: f.q?.trim(), sort: f.sort };
}

export function useSpotCheckOverview(p: OverviewParams | null) {
  return useQuery({
    queryKey: [...overviewKey, p],
    queryFn: ({ signal }) =>
      get<SpotCheckOverview>(
        '/spot-checks/overview',
        { ...overviewQuery(p!), page: p!.page, pageSize: p!.pageSize },
        signal,
      ),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}

/** The largest page the server gives; the accumulation figures read every agent of the unit. */
export const MAX_PAGE_SIZE = 200;
/** A department larger than this is summed from its first pages only (and the page says so). */
export const MAX_OVERVIEW_PAGES = 10;

async function allOverviewRows(f: OverviewFilters, signal: AbortSignal): Promise<SpotCheckOverview> {
  const first = await get<SpotCheckOverview>(
    '/spot-checks/overview',
    { ...overviewQuery(f), page: 1, pageSize: MAX_PAGE_SIZE },
    signal,
  );
  const pages = Math.min(MAX_OVERVIEW_PAGES, Math.ceil(first.total / MAX_PAGE_SIZE));
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
      get<SpotCheckOverview>(
        '/spot-checks/overview',
        { ...overviewQuery(f), page: i + 2, pageSize: MAX_PAGE_SIZE },
        signal,
      ),
    ),
  );
  return { ...first, items: [first, ...rest].flatMap((p) => p.items) };
}

/** Every agent's row of the overview at one date (for team sums and charts). */
export function useOverviewAll(f: OverviewFilters | null) {
  return useQuery({
    queryKey: [...overviewKey, 'all', f],
    queryFn: ({ signal }) => allOverviewRows(f!, signal),
    enabled: !!f,
    placeholderData: keepPreviousData,
  });
}

/** The overview at several dates (one per week or month of a trend), every agent at each. */
export function useOverviewSeries(unitId: string | undefined, dates: string[]) {
  return useQueries({
    queries: dates.map((date) => ({
      queryKey: [...overviewKey, 'all', { unitId, date }],
      queryFn: ({ signal }: { signal: AbortSignal }) => allOverviewRows({ unitId, date }, signal),
      staleTime: 5 * 60_000,
    })),
  });
}

export function exportOverview(f: OverviewFilters, date: string | undefined): Promise<void> {
  return downloadFile('/spot-checks/overview/export', `spot-check-${date ?? 'today'}.xlsx`, {
    ...overviewQuery(f),
    lang: currentLanguage(),
  });
}

// ---- Spot-checks (samples and comments) -------------------------------------------------------------

export function useSpotChecks(p: { agentId?: string | undefined; page: number; pageSize: number } | null) {
  return useQuery({
    queryKey: [...checksKey, 'list', p],
    queryFn: ({ signal }) =>
      get<Page<SpotCheck>>(
        '/spot-checks',
        { agentId: p!.agentId, page: p!.page, pageSize: p!.pageSize },
        signal,
      ),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}

/** The history as .xlsx: the list's filter (one agent or all in scope), every row, newest first. */
export function exportSpotChecks(f: { agentId?: string | undefined }): Promise<void> {
  return downloadFile('/spot-checks/export', 'spot-checks.xlsx', { agentId: f.agentId, lang: currentLanguage() });
}

export function useSpotCheck(id: string | null) {
  return useQuery({
    queryKey: [...checksKey, 'one', id],
    queryFn: ({ signal }) => get<SpotCheckDetail>(`/spot-checks/${enc(id!)}`, undefined, signal),
    enabled: !!id,
  });
}

export function useDrawSample() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { agentId: string; size: number }) => post<SpotCheckDetail>('/spot-checks', body),
    onSuccess: (check) => {
      qc.setQueryData([...checksKey, 'one', check.id], check);
      void qc.invalidateQueries({ queryKey: [...checksKey, 'list'] });
      void qc.invalidateQueries({ queryKey: overviewKey });
    },
  });
}

export function useCommentItem(checkId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, comment }: { itemId: string; comment: string }) =>
      post<SpotCheckDetail>(`/spot-checks/${enc(checkId)}/items/${enc(itemId)}/comment`, { comment }),
    onSuccess: (check) => {
      qc.setQueryData([...checksKey, 'one', checkId], check);
      void qc.invalidateQueries({ queryKey: [...checksKey, 'list'] });
    },
  });
}

// ---- Rubric ---------------------------------------------------------------------------------------

export function useRubric() {
  return useQuery({
    queryKey: rubricKey,
    queryFn: ({ signal }) => get<Rubric>('/prospect-rubric', undefined, signal),
  });
}

export function useSaveRubric() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RubricPut) => api<Rubric>('/prospect-rubric', { method: 'PUT', body }),
    onSuccess: (r) => {
      qc.setQueryData(rubricKey, r);
      // Lists show "re-score" beside names scored under an older version.
      void qc.invalidateQueries({ queryKey: agentPagesKey });
    },
  });
}

// ---- Funnel -----------------------------------------------------------------------------------------

export interface FunnelParams {
  unitId?: string | undefined;
  from: string;
  to: string;
}

/** The totals and team rows, and one page of the agent rows (sorted and searched on the server). */
export interface FunnelPageParams extends FunnelParams {
  page: number;
  pageSize: number;
  sort?: string | undefined;
  q?: string | undefined;
  /** The rows the page shows: the answer carries only those beside the totals. */
  rows?: 'agents' | 'teams' | undefined;
}

export function useFunnel(p: FunnelPageParams | null) {
  return useQuery({
    queryKey: [...funnelKey, p],
    queryFn: ({ signal }) =>
      get<ProspectFunnel>(
        '/prospects/funnel',
        {
          unitId: p!.unitId,
          from: p!.from,
          to: p!.to,
          page: p!.page,
          pageSize: p!.pageSize,
          sort: p!.sort,
          q: p!.q,
          rows: p!.rows,
        },
        signal,
      ),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}

export function exportFunnel(p: FunnelParams): Promise<void> {
  return downloadFile('/prospects/funnel/export', `funnel-${p.from}-${p.to}.xlsx`, {
    unitId: p.unitId,
    from: p.from,
    to: p.to,
    lang: currentLanguage(),
  });
}

// ---- Service requests and satisfaction ----------------------------------------------------------------

export interface ServiceFilters {
  unitId?: string | undefined;
  ownerId?: string | undefined;
  kind?: string | undefined;
  overdue?: '1' | undefined;
  sort?: string | undefined;
}

export interface ServiceParams extends ServiceFilters {
  page: number;
  pageSize: number;
}

function serviceQuery(f: ServiceFilters): Record<string, QueryValue> {
  return { unitId: f.unitId, ownerId: f.ownerId, kind: f.kind, overdue: f.overdue, sort: f.sort };
}

export function useServiceRequests(p: ServiceParams | null) {
  return useQuery({
    queryKey: [...serviceKey, 'list', p],
    queryFn: ({ signal }) =>
      get<Page<ServiceRequest>>(
        '/service-requests',
        { ...serviceQuery(p!), page: p!.page, pageSize: p!.pageSize },
        signal,
      ),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}

export function exportServiceRequests(f: ServiceFilters): Promise<void> {
  return downloadFile('/service-requests/export', 'service-requests.xlsx', {
    ...serviceQuery(f),
    lang: currentLanguage(),
  });
}

export function useSatisfaction(p: { unitId?: string | undefined; from?: string; to?: string } | null) {
  return useQuery({
    queryKey: [...serviceKey, 'satisfaction', p],
    queryFn: ({ signal }) => get<Satisfaction>('/service-requests/satisfaction', { ...p }, signal),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}

// ---- Handovers -------------------------------------------------------------------------------------

const handoverKey = [...prospectDeskKey, 'handovers'] as const;

export function useHandoverPreview(fromUserId: string | null) {
  return useQuery({
    queryKey: [...handoverKey, 'preview', fromUserId],
    queryFn: ({ signal }) => get<HandoverPreview>('/handovers/preview', { fromUserId: fromUserId! }, signal),
    enabled: !!fromUserId,
  });
}

export function useHandovers(p: { userId?: string | undefined; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...handoverKey, 'list', p],
    queryFn: ({ signal }) =>
      get<Page<Handover>>('/handovers', { userId: p.userId, page: p.page, pageSize: p.pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The history as .xlsx: the list's filter (one agent, either side, or all in scope), every row, newest first. */
export function exportHandovers(f: { userId?: string | undefined }): Promise<void> {
  return downloadFile('/handovers/export', 'handovers.xlsx', { userId: f.userId, lang: currentLanguage() });
}

export function useHandover(id: string | null) {
  return useQuery({
    queryKey: [...handoverKey, 'one', id],
    queryFn: ({ signal }) => get<HandoverDetail>(`/handovers/${enc(id!)}`, undefined, signal),
    enabled: !!id,
  });
}

export function useCreateHandover() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HandoverCreate) => post<HandoverDetail>('/handovers', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: handoverKey });
      void qc.invalidateQueries({ queryKey: overviewKey });
      // Cards, names and customers changed hands: every list of them reloads.
      void qc.invalidateQueries({ queryKey: agentPagesKey });
      void qc.invalidateQueries({ queryKey: prospectDeskKey });
    },
  });
}
