import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Activity,
  ActivityCreate,
  ActivityPatch,
  ActivityToday,
  ActivityType,
  Coaching,
  Leaderboard,
  Plan,
  PlanItem,
  PlanKind,
  ReviewQueueItemSchema,
  SkillAssessment,
  SkillRatings,
  TeamPlans,
  WorkLog,
} from '../../../../contracts/activity.ts';
import type { Page } from '../../../../contracts/common.ts';
import { del, get, patch, post, api } from '../../api/client.ts';

export type ReviewQueueItem = z.infer<typeof ReviewQueueItemSchema>;
export type FeedbackItem = ActivityToday['feedback'][number];

/** Every query of the agent's and the supervisor's activity pages. */
export const activityMeKey = ['activityMe'] as const;
const todayKey = [...activityMeKey, 'today'] as const;
const logKey = [...activityMeKey, 'log'] as const;
const queueKey = [...activityMeKey, 'queue'] as const;
const coachingKey = [...activityMeKey, 'coaching'] as const;
const planKey = [...activityMeKey, 'plan'] as const;
const teamPlansKey = [...activityMeKey, 'teamPlans'] as const;
const skillsKey = [...activityMeKey, 'skills'] as const;
const boardKey = [...activityMeKey, 'leaderboard'] as const;
/** The manager pages' queries (features/activity): anything logged or reviewed moves their figures. */
const figuresKey = ['activity'] as const;

const enc = encodeURIComponent;

// ---- Reading ------------------------------------------------------------------------------------

/** The agent's today page: plan vs done, the day's log, week points, rank, feedback, quick picks. */
export function useToday() {
  return useQuery({
    queryKey: todayKey,
    queryFn: ({ signal }) => get<ActivityToday>('/activity/today', undefined, signal),
    staleTime: 10_000,
    refetchOnWindowFocus: true,
  });
}

/** The tenant's active activity types, in the tenant's order (activities carry their own type names). */
export function useActivityTypes() {
  return useQuery({
    queryKey: [...activityMeKey, 'types'],
    queryFn: ({ signal }) => get<ActivityType[]>('/activity/types', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

/** A person's day: the log (status `none` when not started) and its activities; own when no userId. */
export function useWorkLog(date: string | undefined, userId?: string) {
  return useQuery({
    queryKey: [...logKey, date, userId ?? 'me'],
    queryFn: ({ signal }) => get<WorkLog>(`/work-logs/${enc(date!)}`, { userId }, signal),
    enabled: !!date,
  });
}

/** The seven days of a week (Monday first), each its own query so they arrive as they come. */
export function useWeekLogs(days: string[]) {
  return useQueries({
    queries: days.map((d) => ({
      queryKey: [...logKey, d, 'me'],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        get<WorkLog>(`/work-logs/${enc(d)}`, undefined, signal),
    })),
  });
}

export interface QueueParams {
  reviewed?: 'yes' | 'no' | undefined;
  userId?: string | undefined;
  unitId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** The supervisor's review queue: the team's submitted logs, newest first, paged on the server. */
export function useReviewQueue(p: QueueParams) {
  return useQuery({
    queryKey: [...queueKey, p],
    queryFn: ({ signal }) =>
      get<Page<ReviewQueueItem>>(
        '/work-logs',
        {
          reviewed: p.reviewed,
          userId: p.userId,
          unitId: p.unitId,
          from: p.from,
          to: p.to,
          page: p.page,
          pageSize: p.pageSize,
        },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/** Coaching records of a person (the supervisor's view of one log's person, or the agent's own). */
export function useCoaching(p: { userId?: string | undefined; from?: string; to?: string }, enabled = true) {
  return useQuery({
    queryKey: [...coachingKey, p],
    queryFn: ({ signal }) =>
      get<Page<Coaching>>('/coaching', { userId: p.userId, from: p.from, to: p.to, pageSize: 100 }, signal),
    enabled,
  });
}

/** One coaching record (its notifications link here). */
export function useCoachingRecord(id: string | undefined) {
  return useQuery({
    queryKey: [...coachingKey, 'one', id],
    queryFn: ({ signal }) => get<Coaching>(`/coaching/${enc(id!)}`, undefined, signal),
    enabled: !!id,
  });
}

/** A week's (period = its Monday) or work month's (period = YYYY-MM) plan; own when no userId. */
export function usePlan(kind: PlanKind, period: string | undefined, userId?: string) {
  return useQuery({
    queryKey: [...planKey, kind, period, userId ?? 'me'],
    queryFn: ({ signal }) => get<Plan>(`/activity/plans/${kind}/${enc(period!)}`, { userId }, signal),
    enabled: !!period,
  });
}

/** The plans of everyone in a team for one week or work month. */
export function useTeamPlans(unitId: string | undefined, kind: PlanKind, period: string | undefined) {
  return useQuery({
    queryKey: [...teamPlansKey, unitId, kind, period],
    queryFn: ({ signal }) => get<TeamPlans>('/activity/plans', { unitId, kind, period }, signal),
    enabled: !!unitId && !!period,
    placeholderData: keepPreviousData,
  });
}

/** Monthly skill assessments, newest last as the server sends them. */
export function useSkills(userId?: string, months = 6) {
  return useQuery({
    queryKey: [...skillsKey, userId ?? 'me', months],
    queryFn: ({ signal }) => get<SkillAssessment[]>('/activity/skills', { userId, months }, signal),
  });
}

export interface BoardParams {
  unitId?: string | undefined;
  period: 'week' | 'month';
  by: 'points' | 'sales';
}

export function useLeaderboard(p: BoardParams, enabled = true) {
  return useQuery({
    queryKey: [...boardKey, p],
    queryFn: ({ signal }) =>
      get<Leaderboard>(
        '/activity/leaderboard',
        { unitId: p.unitId, period: p.period, by: p.by, limit: 50 },
        signal,
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

// ---- Writing ------------------------------------------------------------------------------------

/** After any write of the agent's own day: today, the day's log, the week, the rank. */
function useRefreshOwn() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: todayKey });
    void qc.invalidateQueries({ queryKey: logKey });
    void qc.invalidateQueries({ queryKey: boardKey });
    void qc.invalidateQueries({ queryKey: figuresKey });
  };
}

export function useCreateActivity() {
  const done = useRefreshOwn();
  return useMutation({
    mutationFn: (body: ActivityCreate) => post<Activity>('/activities', body),
    onSuccess: done,
  });
}

export function useUpdateActivity() {
  const done = useRefreshOwn();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ActivityPatch }) =>
      patch<Activity>(`/activities/${enc(id)}`, body),
    onSuccess: done,
  });
}

export function useDeleteActivity() {
  const done = useRefreshOwn();
  return useMutation({
    mutationFn: (id: string) => del<unknown>(`/activities/${enc(id)}`),
    onSuccess: done,
  });
}

export interface LogText {
  summary?: string | null;
  tomorrowPlan?: string | null;
}

export function useSaveLog() {
  const done = useRefreshOwn();
  return useMutation({
    mutationFn: ({ date, body }: { date: string; body: LogText }) =>
      api<WorkLog>(`/work-logs/${enc(date)}`, { method: 'PUT', body }),
    onSuccess: done,
  });
}

export function useSubmitLog() {
  const done = useRefreshOwn();
  return useMutation({
    mutationFn: ({ date, body }: { date: string; body: LogText & { noActivity: boolean } }) =>
      post<WorkLog>(`/work-logs/${enc(date)}/submit`, body),
    onSuccess: done,
  });
}

/** Everything a review, a comment or a coaching record shows up in, for both sides. */
function useRefreshThread() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: queueKey });
    void qc.invalidateQueries({ queryKey: logKey });
    void qc.invalidateQueries({ queryKey: coachingKey });
    void qc.invalidateQueries({ queryKey: todayKey });
    void qc.invalidateQueries({ queryKey: figuresKey });
  };
}

/** A comment on a log or one of its activities: the supervisor's note or the owner's answer. */
export function useAddComment() {
  const done = useRefreshThread();
  return useMutation({
    mutationFn: ({
      logId,
      body,
      activityId,
    }: {
      logId: string;
      body: string;
      activityId?: string | undefined;
    }) => post<unknown>(`/work-logs/${enc(logId)}/comments`, { body, ...(activityId ? { activityId } : {}) }),
    onSuccess: done,
  });
}

/** Marks a log reviewed, with an optional comment that joins the thread. */
export function useReview() {
  const done = useRefreshThread();
  return useMutation({
    mutationFn: ({ logId, comment }: { logId: string; comment?: string | undefined }) =>
      post<unknown>(`/work-logs/${enc(logId)}/reviews`, comment ? { comment } : {}),
    onSuccess: done,
  });
}

export interface CoachingInput {
  userId: string;
  logId?: string | undefined;
  topic: string;
  agreed: string;
  followUpDate?: string | undefined;
}

export function useCreateCoaching() {
  const done = useRefreshThread();
  return useMutation({
    mutationFn: (body: CoachingInput) => post<Coaching>('/coaching', body),
    onSuccess: done,
  });
}

/** The coached person's answer to a coaching record. */
export function useReplyCoaching() {
  const done = useRefreshThread();
  return useMutation({
    mutationFn: ({ id, reply }: { id: string; reply: string }) =>
      patch<Coaching>(`/coaching/${enc(id)}`, { reply }),
    onSuccess: done,
  });
}

/** The coach marks the follow-up of a coaching record done. */
export function useFollowUpCoaching() {
  const done = useRefreshThread();
  return useMutation({
    mutationFn: (id: string) => patch<Coaching>(`/coaching/${enc(id)}`, { followedUp: true }),
    onSuccess: done,
  });
}

export interface PlanInput {
  items: PlanItem[];
  note?: string | null;
}

function useRefreshPlans() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: planKey });
    void qc.invalidateQueries({ queryKey: teamPlansKey });
    void qc.invalidateQueries({ queryKey: todayKey });
    void qc.invalidateQueries({ queryKey: figuresKey });
  };
}

export function useSavePlan() {
  const done = useRefreshPlans();
  return useMutation({
    mutationFn: ({ kind, period, body }: { kind: PlanKind; period: string; body: PlanInput }) =>
      api<Plan>(`/activity/plans/${kind}/${enc(period)}`, { method: 'PUT', body }),
    onSuccess: done,
  });
}

/** Saves and submits the plan for the supervisor's approval. */
export function useSubmitPlan() {
  const done = useRefreshPlans();
  return useMutation({
    mutationFn: async ({ kind, period, body }: { kind: PlanKind; period: string; body: PlanInput }) => {
      await api<Plan>(`/activity/plans/${kind}/${enc(period)}`, { method: 'PUT', body });
      return post<Plan>(`/activity/plans/${kind}/${enc(period)}/submit`);
    },
    onSuccess: done,
  });
}

export interface PlanDecisionInput {
  userId: string;
  kind: PlanKind;
  period: string;
  decision: 'approve' | 'return';
  comment?: string | undefined;
  items?: PlanItem[] | undefined;
}

/** The supervisor approves a plan (optionally adjusting its counts) or returns it with a comment. */
export function useDecidePlan() {
  const done = useRefreshPlans();
  return useMutation({
    mutationFn: ({ userId, kind, period, ...body }: PlanDecisionInput) =>
      api<Plan>(`/activity/plans/${kind}/${enc(period)}/decision?userId=${enc(userId)}`, {
        method: 'POST',
        body,
      }),
    onSuccess: done,
  });
}

export function useSaveSkills() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      period,
      ratings,
      note,
    }: {
      period: string;
      ratings: SkillRatings;
      note?: string | undefined;
    }) =>
      api<SkillAssessment>(`/activity/skills/${enc(period)}`, {
        method: 'PUT',
        body: { ratings, ...(note ? { note } : {}) },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: skillsKey }),
  });
}
