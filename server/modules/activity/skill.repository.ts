import type { Queryable } from '../../db/database.ts';
import type { SkillAssessmentTable } from '../../db/schema.ts';

/** Skill assessments (skill_assessments), with the names of the person and of the supervisor who rated. */

export interface SkillRow {
  id: string;
  user_id: string;
  user_name: string;
  period: string;
  self_ratings: string | null;
  self_note: string | null;
  self_at: string | null;
  supervisor_ratings: string | null;
  supervisor_note: string | null;
  supervisor_name: string | null;
  supervisor_at: string | null;
}

function selectSkills(db: Queryable, tenantId: string) {
  return db
    .selectFrom('skill_assessments as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('users as sup', 'sup.id', 's.supervisor_id')
    .select([
      's.id',
      's.user_id',
      'u.display_name as user_name',
      's.period',
      's.self_ratings',
      's.self_note',
      's.self_at',
      's.supervisor_ratings',
      's.supervisor_note',
      'sup.display_name as supervisor_name',
      's.supervisor_at',
    ])
    .where('s.tenant_id', '=', tenantId);
}

export function findSkill(
  db: Queryable,
  tenantId: string,
  userId: string,
  period: string,
): Promise<SkillRow | undefined> {
  return selectSkills(db, tenantId)
    .where('s.user_id', '=', userId)
    .where('s.period', '=', period)
    .executeTakeFirst();
}

export function findSkills(
  db: Queryable,
  tenantId: string,
  userId: string,
  periods: string[],
): Promise<SkillRow[]> {
  return selectSkills(db, tenantId)
    .where('s.user_id', '=', userId)
    .where('s.period', 'in', periods)
    .orderBy('s.period')
    .execute();
}

type RatingColumns = Partial<
  Pick<
    SkillAssessmentTable,
    | 'self_ratings'
    | 'self_note'
    | 'self_at'
    | 'supervisor_ratings'
    | 'supervisor_note'
    | 'supervisor_id'
    | 'supervisor_at'
  >
>;

/** Writes one side of a month's assessment, creating the row on the first rating. */
export async function upsertSkill(
  db: Queryable,
  row: SkillAssessmentTable,
  part: RatingColumns,
): Promise<void> {
  await db
    .insertInto('skill_assessments')
    .values({ ...row, ...part })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'user_id', 'period']).doUpdateSet({ ...part, updated_at: row.updated_at }),
    )
    .execute();
}
