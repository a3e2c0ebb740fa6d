import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { preparedStatement } from '../../db/prepared.ts';
import { toNumber } from '../../db/dialect.ts';
import type { ActivityDayTable, ActivityDayTypeTable, ActivityTable } from '../../db/schema.ts';
import { reviewedWithin24h } from './activity.rules.ts';
import { activityChanged, activityChangedAll } from './changes.ts';

/**
 * The per-person-per-day rollups (activity_days, activity_day_types). Every activity and work-log
 * write calls into this file inside its own transaction, so the rollups move with the raw rows or
 * not at all; team and department figures are sums over these rows and never scan activities.
 *
 * A day row may be left with every counter at zero (all its activities deleted): that is the same
 * figure as no row, and `readRollups` leaves such rows out so a rebuild compares equal.
 */

/** The part of an activity the rollups count. */
export type ActivityFacts = Pick<
  ActivityTable,
  'tenant_id' | 'user_id' | 'unit_id' | 'date' | 'type_id' | 'stage' | 'points_milli' | 'premium_fen'
>;

/** Funnel stage → the day row's counter. Stages outside the funnel only count as activities. */
const STAGE_COLUMN = {
  contact: 'contacts',
  interview: 'interviews',
  proposal: 'proposals',
  closing: 'closings',
  sale: 'sales',
} as const satisfies Record<string, keyof ActivityDayTable>;

const DAY_COUNTERS = [
  'activities',
  'points_milli',
  'contacts',
  'interviews',
  'proposals',
  'closings',
  'sales',
  'premium_fen',
  'log_submitted',
  'log_reviewed',
  'log_reviewed_24h',
] as const;

/**
 * The two upserts of an activity, compiled once per dialect (every activity written runs them):
 * every stage counter is added to, by 0 for the stages the activity is not of, so that one
 * statement serves every stage.
 */
const upsertDay = preparedStatement(
  (
    db,
    tenantId: string,
    userId: string,
    date: string,
    unitId: string,
    activities: number,
    pointsMilli: number,
    contacts: number,
    interviews: number,
    proposals: number,
    closings: number,
    sales: number,
    premiumFen: number,
  ) =>
    db
      .insertInto('activity_days')
      .values({
        tenant_id: tenantId,
        user_id: userId,
        date,
        unit_id: unitId,
        activities,
        points_milli: pointsMilli,
        contacts,
        interviews,
        proposals,
        closings,
        sales,
        premium_fen: premiumFen,
        log_submitted: 0,
        log_reviewed: 0,
        log_reviewed_24h: 0,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id', 'date']).doUpdateSet((eb) => ({
          unit_id: unitId,
          activities: eb('activity_days.activities', '+', activities),
          points_milli: eb('activity_days.points_milli', '+', pointsMilli),
          contacts: eb('activity_days.contacts', '+', contacts),
          interviews: eb('activity_days.interviews', '+', interviews),
          proposals: eb('activity_days.proposals', '+', proposals),
          closings: eb('activity_days.closings', '+', closings),
          sales: eb('activity_days.sales', '+', sales),
          premium_fen: eb('activity_days.premium_fen', '+', premiumFen),
        })),
      ),
);

const upsertDayType = preparedStatement(
  (
    db,
    tenantId: string,
    userId: string,
    date: string,
    typeId: string,
    unitId: string,
    count: number,
    pointsMilli: number,
  ) =>
    db
      .insertInto('activity_day_types')
      .values({
        tenant_id: tenantId,
        user_id: userId,
        date,
        type_id: typeId,
        unit_id: unitId,
        count,
        points_milli: pointsMilli,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id', 'date', 'type_id']).doUpdateSet((eb) => ({
          unit_id: unitId,
          count: eb('activity_day_types.count', '+', count),
          points_milli: eb('activity_day_types.points_milli', '+', pointsMilli),
        })),
      ),
);

/** Adds (sign 1) or takes away (sign −1) one activity from its person's day and type rows. */
export async function applyActivity(db: Queryable, a: ActivityFacts, sign: 1 | -1): Promise<void> {
  const stageCol = STAGE_COLUMN[a.stage as keyof typeof STAGE_COLUMN] as (typeof STAGE_COLUMN)[keyof typeof STAGE_COLUMN] | undefined;
  const of = (col: (typeof STAGE_COLUMN)[keyof typeof STAGE_COLUMN]) => (stageCol === col ? sign : 0);
  await upsertDay(
    db,
    a.tenant_id,
    a.user_id,
    a.date,
    a.unit_id,
    sign,
    sign * a.points_milli,
    of('contacts'),
    of('interviews'),
    of('proposals'),
    of('closings'),
    of('sales'),
    sign * (a.premium_fen ?? 0),
  );
  await upsertDayType(db, a.tenant_id, a.user_id, a.date, a.type_id, a.unit_id, sign, sign * a.points_milli);
  activityChanged(a.tenant_id, a.date);
}

export interface LogFacts {
  tenant_id: string;
  user_id: string;
  date: string;
  unit_id: string;
  status: string;
  submitted_at: string | null;
  reviewed_at: string | null;
}

export function logFlags(log: LogFacts): Pick<ActivityDayTable, 'log_submitted' | 'log_reviewed' | 'log_reviewed_24h'> {
  const submitted = log.status === 'submitted' && log.submitted_at !== null;
  return {
    log_submitted: submitted ? 1 : 0,
    log_reviewed: submitted && log.reviewed_at ? 1 : 0,
    log_reviewed_24h: submitted && reviewedWithin24h(log.submitted_at!, log.reviewed_at) ? 1 : 0,
  };
}

export async function applyLog(db: Queryable, log: LogFacts): Promise<void> {
  const flags = logFlags(log);
  await db
    .insertInto('activity_days')
    .values({
      tenant_id: log.tenant_id,
      user_id: log.user_id,
      date: log.date,
      unit_id: log.unit_id,
      activities: 0,
      points_milli: 0,
      contacts: 0,
      interviews: 0,
      proposals: 0,
      closings: 0,
      sales: 0,
      premium_fen: 0,
      ...flags,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'date']).doUpdateSet(flags))
    .execute();
  activityChanged(log.tenant_id, log.date);
}

/** A tenant's rollups as stored, all-zero rows left out, in a stable order (for comparisons). */
export async function readRollups(
  db: Queryable,
  tenantId: string,
): Promise<{ days: ActivityDayTable[]; types: ActivityDayTypeTable[] }> {
  const days = await db
    .selectFrom('activity_days')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('user_id')
    .orderBy('date')
    .execute();
  const types = await db
    .selectFrom('activity_day_types')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('count', '!=', 0)
    .orderBy('user_id')
    .orderBy('date')
    .orderBy('type_id')
    .execute();
  const norm = <T extends object>(r: T): T =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) && k !== 'date' ? toNumber(v) : v])) as T;
  return {
    days: days.map(norm).filter((d) => DAY_COUNTERS.some((c) => d[c] !== 0)),
    types: types.map(norm),
  };
}

/**
 * Recomputes a tenant's rollups from the raw activities and work logs: what `npm run cli --
 * activity:rebuild` runs, and what the tests compare the kept rollups against.
 */
export async function rebuildRollups(db: Queryable, tenantId: string): Promise<void> {
  activityChangedAll(tenantId);
  await db.deleteFrom('activity_day_types').where('tenant_id', '=', tenantId).execute();
  await db.deleteFrom('activity_days').where('tenant_id', '=', tenantId).execute();
  const stageCount = (stage: string) => sql<number>`sum(case when stage = ${stage} then 1 else 0 end)`;
  await db
    .insertInto('activity_day_types')
    .columns(['tenant_id', 'user_id', 'date', 'type_id', 'unit_id', 'count', 'points_milli'])
    .expression(
      db
        .selectFrom('activities')
        .select([
          'tenant_id',
          'user_id',
          'date',
          'type_id',
          sql<string>`max(unit_id)`.as('unit_id'),
          sql<number>`count(*)`.as('count'),
          sql<number>`sum(points_milli)`.as('points_milli'),
        ])
        .where('tenant_id', '=', tenantId)
        .groupBy(['tenant_id', 'user_id', 'date', 'type_id']),
    )
    .execute();
  await db
    .insertInto('activity_days')
    .columns([
      'tenant_id',
      'user_id',
      'date',
      'unit_id',
      'activities',
      'points_milli',
      'contacts',
      'interviews',
      'proposals',
      'closings',
      'sales',
      'premium_fen',
      'log_submitted',
      'log_reviewed',
      'log_reviewed_24h',
    ])
    .expression(
      db
        .selectFrom('activities')
        .select([
          'tenant_id',
          'user_id',
          'date',
          sql<string>`max(unit_id)`.as('unit_id'),
          sql<number>`count(*)`.as('activities'),
          sql<number>`sum(points_milli)`.as('points_milli'),
          stageCount('contact').as('contacts'),
          stageCount('interview').as('interviews'),
          stageCount('proposal').as('proposals'),
          stageCount('closing').as('closings'),
          stageCount('sale').as('sales'),
          sql<number>`coalesce(sum(premium_fen), 0)`.as('premium_fen'),
          sql<number>`0`.as('log_submitted'),
          sql<number>`0`.as('log_reviewed'),
          sql<number>`0`.as('log_reviewed_24h'),
        ])
        .where('tenant_id', '=', tenantId)
        .groupBy(['tenant_id', 'user_id', 'date']),
    )
    .execute();
  // Log flags need the 24-hour rule, computed in code the same way as on each write.
  const logs = await db
    .selectFrom('work_logs')
    .select(['tenant_id', 'user_id', 'date', 'unit_id', 'status', 'submitted_at', 'reviewed_at'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'submitted')
    .execute();
  for (const log of logs) await applyLog(db, log);
}
