import type { Rubric, RubricCriterion, RubricPut } from '../../../contracts/plan100.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { ProspectRubricTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { conflict, invalid } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { DEFAULT_RUBRIC, maxScoreOf, rubricErrors } from './grading.rules.ts';
import * as repo from './rubric.repository.ts';

/**
 * The grading rubric (评分表), versioned per tenant: every change writes a new version, and a
 * scored name keeps the version it was scored under (its grade is never rewritten; re-scoring is
 * an explicit call). A tenant without a rubric gets the default of practice as version 1 on its
 * first read.
 */

export function toRubric(row: ProspectRubricTable): Rubric {
  const criteria = JSON.parse(row.criteria) as RubricCriterion[];
  return {
    id: row.id,
    version: row.version,
    criteria,
    gradeAMin: row.grade_a_min,
    gradeBMin: row.grade_b_min,
    maxScore: maxScoreOf({ criteria }),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** The tenant's current rubric, made from the default on the first read (concurrent first reads agree). */
export async function currentRubric(db: Queryable, tenantId: string): Promise<Rubric> {
  const row = await repo.findCurrentRubric(db, tenantId);
  if (row) return toRubric(row);
  await repo.insertRubricIfAbsent(db, {
    id: newId(),
    tenant_id: tenantId,
    version: 1,
    criteria: JSON.stringify(DEFAULT_RUBRIC.criteria),
    grade_a_min: DEFAULT_RUBRIC.gradeAMin,
    grade_b_min: DEFAULT_RUBRIC.gradeBMin,
    created_by: null,
    created_at: nowIso(),
  });
  const made = await repo.findCurrentRubric(db, tenantId);
  if (!made) throw new Error('rubric not created');
  return toRubric(made);
}

export async function getRubric(ctx: Ctx): Promise<Rubric> {
  assertCan(ctx.actor, 'prospect.own');
  return currentRubric(ctx.db, ctx.actor.tenantId);
}

/** A new version (prospect.configure): checked, stored, audited. Stored grades stay as they are. */
export async function putRubric(ctx: Ctx, input: RubricPut): Promise<Rubric> {
  assertCan(ctx.actor, 'prospect.configure');
  const errors = rubricErrors(input);
  if (errors.length) throw invalid(errors);
  return inTx(ctx, async (tx) => {
    const before = await currentRubric(tx.db, tx.actor.tenantId);
    const row: ProspectRubricTable = {
      id: newId(),
      tenant_id: tx.actor.tenantId,
      version: before.version + 1,
      criteria: JSON.stringify(
        input.criteria.map((c) => ({
          key: c.key,
          label: c.label,
          labelEn: c.labelEn,
          options: c.options.map((o) => ({ key: o.key, label: o.label, labelEn: o.labelEn, points: o.points })),
        })),
      ),
      grade_a_min: input.gradeAMin,
      grade_b_min: input.gradeBMin,
      created_by: tx.actor.userId,
      created_at: nowIso(),
    };
    if (!(await repo.insertRubricIfAbsent(tx.db, row))) {
      throw conflict('CONFLICT', 'The rubric was changed meanwhile: reload and try again');
    }
    const after = toRubric(row);
    await recordAudit(tx, {
      entity: 'prospectRubric',
      entityId: row.id,
      action: 'update',
      before,
      after,
      sessionNeutral: true,
    });
    return after;
  });
}
