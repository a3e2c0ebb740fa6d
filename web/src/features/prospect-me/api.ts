import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActivityToday } from '../../../../contracts/activity.ts';
import type { Page } from '../../../../contracts/common.ts';
import type {
  Customer,
  CustomerCreate,
  CustomerDetail,
  CustomerPatch,
  Household,
  HouseholdCreate,
  HouseholdPatch,
  Policy,
  PolicyCreate,
  PolicyPatch,
  ReviewCard,
  ServiceRequest,
  ServiceRequestCreate,
  ServiceRequestPatch,
  TodoList,
} from '../../../../contracts/customer.ts';
import type { ImportResult } from '../../../../contracts/import.ts';
import type {
  PlanName,
  PlanNameBulkResult,
  PlanNameCategory,
  PlanNameCreate,
  PlanNameImportResult,
  PlanNamePage,
  PlanNamePatch,
  Rubric,
} from '../../../../contracts/plan100.ts';
import type {
  Prospect,
  ProspectBoard,
  ProspectCreate,
  ProspectDetail,
  ProspectGrade,
  ProspectPage,
  ProspectPatch,
  ProspectStage,
} from '../../../../contracts/prospect.ts';
import type { PiiEntity, Reveal, RevealResult } from '../../../../contracts/privacy.ts';
import type { SpotCheckMinePage } from '../../../../contracts/spot-check.ts';
import type { Activity } from '../../../../contracts/activity.ts';
import { api, del, get, patch, post, type QueryValue } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** Every query of the agent's names, cards and customers pages. */
export const prospectMeKey = ['prospectMe'] as const;
const namesKey = [...prospectMeKey, 'names'] as const;
const rubricKey = [...prospectMeKey, 'rubric'] as const;
const cardsKey = [...prospectMeKey, 'cards'] as const;
const boardKey = [...prospectMeKey, 'board'] as const;
const customersKey = [...prospectMeKey, 'customers'] as const;
const todosKey = [...prospectMeKey, 'todos'] as const;
const checksKey = [...prospectMeKey, 'checks'] as const;
/** The activity pages show recent prospects and today's counts: a logged visit moves them. */
const activityMeKey = ['activityMe'] as const;
/** The desk pages (funnel, accumulation, spot-checks) read the same rows. */
const deskKey = ['prospect'] as const;

const enc = encodeURIComponent;

// ---- Plan 100 -----------------------------------------------------------------------------------

export interface NameFilters {
  grade?: 'A' | 'B' | 'C' | 'none' | undefined;
  excluded?: '0' | '1' | undefined;
  category?: PlanNameCategory | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

function nameQuery(f: Omit<NameFilters, 'page' | 'pageSize'>): Record<string, QueryValue> {
  return { grade: f.grade, excluded: f.excluded, category: f.category, q: f.q };
}

export function useNames(f: NameFilters) {
  return useQuery({
    queryKey: [...namesKey, f],
    queryFn: ({ signal }) =>
      get<PlanNamePage>('/names', { ...nameQuery(f), page: f.page, pageSize: f.pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The tenant's current rubric (criteria, options and their points, the grade thresholds). */
export function useRubric() {
  return useQuery({
    queryKey: rubricKey,
    queryFn: ({ signal }) => get<Rubric>('/prospect-rubric', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return (...keys: (readonly string[])[]) => {
    for (const k of keys) void qc.invalidateQueries({ queryKey: k });
  };
}

export interface BulkRequest {
  names: { name: string; category?: string; phone?: string; note?: string }[];
  defaultCategory: PlanNameCategory;
}

/** Many names at once (all or nothing: a bad line answers 400 with `lines.<n>.<field>` details). */
export function useBulkNames() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: BulkRequest) => post<PlanNameBulkResult>('/names/bulk', body),
    onSuccess: () => invalidate(namesKey, deskKey),
  });
}

export function useCreateName() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: PlanNameCreate) => post<PlanName>('/names', body),
    onSuccess: () => invalidate(namesKey, deskKey),
  });
}

export function usePatchName() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: PlanNamePatch }) =>
      patch<PlanName>(`/names/${enc(id)}`, body),
    onSuccess: () => invalidate(namesKey, deskKey),
  });
}

export function useDeleteName() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => del<void>(`/names/${enc(id)}`),
    onSuccess: () => invalidate(namesKey, deskKey),
  });
}

export function useScoreName() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, answers }: { id: string; answers: Record<string, string> }) =>
      post<PlanName>(`/names/${enc(id)}/score`, { answers }),
    onSuccess: () => invalidate(namesKey, deskKey),
  });
}

export function exportNames(f: Omit<NameFilters, 'page' | 'pageSize'>): Promise<void> {
  return downloadFile('/names/export', 'plan100.xlsx', { ...nameQuery(f), lang: currentLanguage() });
}

// ---- Imports (names, policies) ------------------------------------------------------------------

export interface ImportEndpoint {
  upload: string;
  template: string;
  templateName: string;
}

export const IMPORTS = {
  names: {
    upload: '/names/import',
    template: '/names/import/template',
    templateName: 'plan100-template.xlsx',
  },
  policies: {
    upload: '/policies/import',
    template: '/policies/import/template',
    templateName: 'policies-template.xlsx',
  },
} satisfies Record<string, ImportEndpoint>;

export type AnyImportResult = ImportResult | PlanNameImportResult;

export function downloadTemplate(e: ImportEndpoint): Promise<void> {
  return downloadFile(e.template, e.templateName, { lang: currentLanguage() });
}

export function useImport(e: ImportEndpoint) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (r: { file: File; dryRun: boolean; mapping?: Record<string, string | null> }) => {
      const fd = new FormData();
      fd.append('dryRun', r.dryRun ? 'true' : 'false');
      if (r.mapping) fd.append('mapping', JSON.stringify(r.mapping));
      fd.append('file', r.file, r.file.name);
      return api<AnyImportResult>(e.upload, { method: 'POST', body: fd });
    },
    onSuccess: (res) => {
      if (res.committed) invalidate(namesKey, customersKey, deskKey);
    },
  });
}

// ---- Cards --------------------------------------------------------------------------------------

export interface CardFilters {
  /** Always the reader: a lead's plain list would hold the team's cards. */
  ownerId: string;
  grade?: ProspectGrade[] | undefined;
  stage?: ProspectStage[] | undefined;
  q?: string | undefined;
  followUpBefore?: string | undefined;
  sort?: string | undefined;
  page: number;
  pageSize: number;
}

function cardQuery(f: Omit<CardFilters, 'page' | 'pageSize'>): Record<string, QueryValue> {
  return {
    ownerId: f.ownerId,
    grade: f.grade?.length ? f.grade.join(',') : undefined,
    stage: f.stage?.length ? f.stage.join(',') : undefined,
    q: f.q,
    followUpBefore: f.followUpBefore,
    sort: f.sort,
  };
}

export function useCards(f: CardFilters) {
  return useQuery({
    queryKey: [...cardsKey, 'list', f],
    queryFn: ({ signal }) =>
      get<ProspectPage>('/prospects', { ...cardQuery(f), page: f.page, pageSize: f.pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function exportCards(f: Omit<CardFilters, 'page' | 'pageSize'>): Promise<void> {
  return downloadFile('/prospects/export', 'prospects.xlsx', { ...cardQuery(f), lang: currentLanguage() });
}

export function useCard(id: string | undefined) {
  return useQuery({
    queryKey: [...cardsKey, 'one', id],
    queryFn: ({ signal }) => get<ProspectDetail>(`/prospects/${enc(id!)}`, undefined, signal),
    enabled: !!id,
  });
}

/** The card's activities, newest first. */
export function useCardActivities(id: string | undefined, pageSize = 50) {
  return useQuery({
    queryKey: [...cardsKey, 'activities', id, pageSize],
    queryFn: ({ signal }) => get<Page<Activity>>(`/prospects/${enc(id!)}/activities`, { pageSize }, signal),
    enabled: !!id,
  });
}

export function useCreateCard() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ProspectCreate) => post<Prospect>('/prospects', body),
    onSuccess: () => invalidate(cardsKey, boardKey, namesKey, deskKey),
  });
}

export function usePatchCard() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ProspectPatch }) =>
      patch<Prospect>(`/prospects/${enc(id)}`, body),
    onSuccess: () => invalidate(cardsKey, boardKey, todosKey, deskKey),
  });
}

export function useMoveStage() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, stage, reason }: { id: string; stage: ProspectStage; reason?: string | undefined }) =>
      post<Prospect>(`/prospects/${enc(id)}/stage`, reason ? { stage, reason } : { stage }),
    onSuccess: () => invalidate(cardsKey, boardKey, customersKey, deskKey),
  });
}

export function useBoard() {
  return useQuery({
    queryKey: boardKey,
    queryFn: ({ signal }) => get<ProspectBoard>('/prospects/board', undefined, signal),
  });
}

/** Cards by name prefix, for pickers (a referrer). */
export function useCardSearch(ownerId: string, q: string) {
  return useQuery({
    queryKey: [...cardsKey, 'search', ownerId, q],
    queryFn: ({ signal }) =>
      get<ProspectPage>('/prospects', { ownerId, q: q || undefined, pageSize: 20 }, signal),
    placeholderData: keepPreviousData,
  });
}

// ---- Personal data ------------------------------------------------------------------------------

export type RevealEntity = PiiEntity;

/** Shows a full number: an explicit action the server records in the audit log. */
export function useRevealNumber() {
  return useMutation({
    mutationFn: (r: Reveal) => post<RevealResult>('/privacy/reveal', r),
  });
}

// ---- Customers, policies, service ----------------------------------------------------------------

export function useCustomers(f: { ownerId: string; q?: string | undefined; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...customersKey, 'list', f],
    queryFn: ({ signal }) =>
      get<Page<Customer>>(
        '/customers',
        { ownerId: f.ownerId, q: f.q, page: f.page, pageSize: f.pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/** The customer with their household, policies and open service requests. */
export function useCustomer(id: string | undefined) {
  return useQuery({
    queryKey: [...customersKey, 'one', id],
    queryFn: ({ signal }) => get<CustomerDetail>(`/customers/${enc(id!)}`, undefined, signal),
    enabled: !!id,
  });
}

export function useReviewCard(customerId: string | undefined) {
  return useQuery({
    queryKey: [...customersKey, 'review', customerId],
    queryFn: ({ signal }) => get<ReviewCard>(`/customers/${enc(customerId!)}/review-card`, undefined, signal),
    enabled: !!customerId,
  });
}

export function usePolicies(customerId: string | undefined) {
  return useQuery({
    queryKey: [...customersKey, 'policies', customerId],
    queryFn: ({ signal }) =>
      get<Page<Policy>>('/policies', { customerId, pageSize: 200, sort: '-effectiveDate' }, signal),
    enabled: !!customerId,
  });
}

export function useServiceRequests(customerId: string | undefined) {
  return useQuery({
    queryKey: [...customersKey, 'service', customerId],
    queryFn: ({ signal }) =>
      get<Page<ServiceRequest>>('/service-requests', { customerId, pageSize: 200 }, signal),
    enabled: !!customerId,
  });
}

export function useCreateCustomer() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CustomerCreate) => post<Customer>('/customers', body),
    onSuccess: () => invalidate(customersKey, deskKey),
  });
}

export function usePatchCustomer() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CustomerPatch }) =>
      patch<Customer>(`/customers/${enc(id)}`, body),
    onSuccess: () => invalidate(customersKey, todosKey, deskKey),
  });
}

/** A household made of customers of one owner; the first member is the customer it was made from. */
export function useCreateHousehold() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: HouseholdCreate) => post<Household>('/households', body),
    onSuccess: () => invalidate(customersKey),
  });
}

export function usePatchHousehold() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: HouseholdPatch }) =>
      patch<Household>(`/households/${enc(id)}`, body),
    onSuccess: () => invalidate(customersKey),
  });
}

export function useSavePolicy() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (r: { id?: string | undefined; body: PolicyCreate | PolicyPatch }) =>
      r.id ? patch<Policy>(`/policies/${enc(r.id)}`, r.body) : post<Policy>('/policies', r.body),
    onSuccess: () => invalidate(customersKey, todosKey, deskKey),
  });
}

export function useSaveServiceRequest() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (r: { id?: string | undefined; body: ServiceRequestCreate | ServiceRequestPatch }) =>
      r.id
        ? patch<ServiceRequest>(`/service-requests/${enc(r.id)}`, r.body)
        : post<ServiceRequest>('/service-requests', r.body),
    onSuccess: () => invalidate(customersKey, todosKey, deskKey),
  });
}

// ---- To-dos and spot-checks ----------------------------------------------------------------------

export function useTodos() {
  return useQuery({
    queryKey: todosKey,
    queryFn: ({ signal }) => get<TodoList>('/todos', undefined, signal),
    refetchOnWindowFocus: true,
  });
}

export function useMyChecks(page = 1, pageSize = 20) {
  return useQuery({
    queryKey: [...checksKey, page, pageSize],
    queryFn: ({ signal }) => get<SpotCheckMinePage>('/spot-checks/mine', { page, pageSize }, signal),
  });
}

export function useMarkCheckSeen() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => post<unknown>(`/spot-checks/${enc(id)}/seen`),
    onSuccess: () => invalidate(checksKey, deskKey),
  });
}

// ---- Logging a visit ------------------------------------------------------------------------------

/** After a visit is logged from a card, the card's history and the activity pages refresh. */
export function useAfterVisitLogged() {
  const invalidate = useInvalidate();
  return () => invalidate(cardsKey, activityMeKey, todosKey);
}

export type RecentProspect = ActivityToday['recentProspects'][number];
