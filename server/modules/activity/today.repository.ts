import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';

/** What the agent's today page reads beside the day's log: feedback received, habits. */

/** Comments by others on the person's logs since an instant, newest first. */
export function findCommentsReceived(
  db: Queryable,
  tenantId: string,
  userId: string,
  since: string,
  limit: number,
) {
  return db
    .selectFrom('work_log_comments as c')
    .innerJoin('work_logs as w', 'w.id', 'c.log_id')
    .innerJoin('users as a', 'a.id', 'c.author_id')
    .select(['c.id', 'c.log_id', 'w.date', 'c.body', 'c.created_at', 'a.display_name as author_name'])
    .where('c.tenant_id', '=', tenantId)
    .where('w.tenant_id', '=', tenantId)
    .where('w.user_id', '=', userId)
    .where('c.author_id', '!=', userId)
    .where('c.created_at', '>=', since)
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** The person's logs reviewed since an instant, with the reviewer's name. */
export function findReviewsReceived(
  db: Queryable,
  tenantId: string,
  userId: string,
  since: string,
  limit: number,
) {
  return db
    .selectFrom('work_logs as w')
    .leftJoin('users as r', 'r.id', 'w.reviewed_by')
    .select(['w.id', 'w.date', 'w.reviewed_at', 'r.display_name as reviewer_name'])
    .where('w.tenant_id', '=', tenantId)
    .where('w.user_id', '=', userId)
    .where('w.reviewed_at', '>=', since)
    .orderBy('w.reviewed_at', 'desc')
    .limit(limit)
    .execute();
}

/** Coaching records of the person written since an instant, with the coach's name. */
export function findCoachingReceived(
  db: Queryable,
  tenantId: string,
  userId: string,
  since: string,
  limit: number,
) {
  return db
    .selectFrom('coaching_records as k')
    .innerJoin('users as c', 'c.id', 'k.coach_id')
    .select([
      'k.id',
      'k.log_id',
      'k.date',
      'k.topic',
      'k.agreed',
      'k.created_at',
      'c.display_name as coach_name',
    ])
    .where('k.tenant_id', '=', tenantId)
    .where('k.user_id', '=', userId)
    .where('k.created_at', '>=', since)
    .orderBy('k.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** The person's types by how often they logged them since a date (from the rollups). */
export async function findTypeUse(
  db: Queryable,
  tenantId: string,
  userId: string,
  from: string,
): Promise<{ type_id: string; n: number }[]> {
  const rows = await db
    .selectFrom('activity_day_types')
    .select(['type_id', sql<number>`sum(count)`.as('n')])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date', '>=', from)
    .groupBy('type_id')
    .execute();
  return rows
    .map((r) => ({ type_id: r.type_id, n: toNumber(r.n) }))
    .sort((a, b) => b.n - a.n || (a.type_id < b.type_id ? -1 : 1));
}

/** Distinct prospects of the person's activities since a date, the most recently seen first. */
export function findRecentProspects(
  db: Queryable,
  tenantId: string,
  userId: string,
  from: string,
  limit: number,
) {
  return db
    .selectFrom('activities')
    .select(['prospect_id', 'prospect_name', sql<string>`max(occurred_at)`.as('last_at')])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date', '>=', from)
    .where('prospect_name', 'is not', null)
    .groupBy(['prospect_id', 'prospect_name'])
    .orderBy(sql`max(occurred_at)`, 'desc')
    .limit(limit)
    .execute();
}
