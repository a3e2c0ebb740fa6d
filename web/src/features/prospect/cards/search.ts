import {
  ProspectGrades,
  ProspectSorts,
  ProspectStages,
  type ProspectGrade,
  type ProspectStage,
} from '../../../../../contracts/prospect.ts';
import type { QueryValue } from '../../../api/client.ts';

/**
 * Pure helpers of the leads' card search: the URL's comma-separated lists read back to known
 * values, the filters as the query of GET /api/prospects and its export, the sort choices of the
 * phone list, and how a next follow-up stands against today.
 */

/** The server's default order: next follow-up first, cards without one last. */
export const DEFAULT_SORT = 'nextFollowUp';

/** Every sort the server knows, ascending then descending ("-"): the phone list's choices. */
export const SORT_CHOICES: string[] = ProspectSorts.flatMap((s) => [s, `-${s}`]);

/** "A,x,B,A" → ["A", "B"]: known values only, once each, in the order of `allowed`. */
export function listParam<T extends string>(raw: string | null | undefined, allowed: readonly T[]): T[] {
  const given = new Set((raw ?? '').split(',').map((s) => s.trim()));
  return allowed.filter((v) => given.has(v));
}

/** A list as the URL keeps it: comma-separated, undefined when empty. */
export function joinList(values: readonly string[]): string | undefined {
  return values.length > 0 ? values.join(',') : undefined;
}

export const gradesOf = (raw: string | null | undefined): ProspectGrade[] => listParam(raw, ProspectGrades);
export const stagesOf = (raw: string | null | undefined): ProspectStage[] => listParam(raw, ProspectStages);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A follow-up bound from the URL: a YYYY-MM-DD date, or nothing. */
export function dateParam(raw: string | null | undefined): string | undefined {
  return raw && DATE.test(raw) ? raw : undefined;
}

export interface CardSearchFilters {
  unitId?: string | undefined;
  q?: string | undefined;
  grade?: readonly ProspectGrade[] | undefined;
  stage?: readonly ProspectStage[] | undefined;
  followUpBefore?: string | undefined;
  sort?: string | undefined;
}

/** The filters as GET /api/prospects (and its export) reads them; unset ones stay out. */
export function cardSearchQuery(f: CardSearchFilters): Record<string, QueryValue> {
  const q = f.q?.trim();
  return {
    unitId: f.unitId,
    q: q ? q.slice(0, 60) : undefined,
    grade: joinList(f.grade ?? []),
    stage: joinList(f.stage ?? []),
    followUpBefore: dateParam(f.followUpBefore),
    sort: f.sort && f.sort !== DEFAULT_SORT ? f.sort : undefined,
  };
}

/** Whether any filter narrows the list (the empty state then says so rather than "no cards"). */
export function isFiltered(f: CardSearchFilters): boolean {
  return !!(f.q?.trim() || f.grade?.length || f.stage?.length || f.followUpBefore);
}

export type FollowUpState = 'none' | 'overdue' | 'today' | 'later';

/** A next follow-up against today (both YYYY-MM-DD in the tenant's time zone). */
export function followUpState(date: string | null, today: string): FollowUpState {
  if (!date) return 'none';
  if (date < today) return 'overdue';
  return date === today ? 'today' : 'later';
}
