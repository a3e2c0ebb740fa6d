import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { PlanNameTable } from '../../db/schema.ts';
import { nowIso } from '../../lib/clock.ts';

/** Test fixtures of the card tests: Plan 100 names written straight into plan_names. */

export interface NameFixture {
  name?: string;
  grade?: 'A' | 'B' | 'C' | null;
  score?: number | null;
  phone?: string | null;
  excluded?: boolean;
  category?: string;
}

let seq = 0;

/** A name on the owner's list (in the owner's team), graded as asked; returns its id. */
export async function insertPlanName(
  db: Queryable,
  owner: { id: string; tenantId: string; unitId: string },
  f: NameFixture = {},
): Promise<string> {
  const id = newId();
  const at = nowIso();
  const name = f.name ?? `名单${seq++}`;
  const grade = f.grade === undefined ? 'A' : f.grade;
  const score = f.score !== undefined ? f.score : grade === 'A' ? 21 : grade === 'B' ? 17 : grade === 'C' ? 12 : null;
  const row: PlanNameTable = {
    id,
    tenant_id: owner.tenantId,
    owner_id: owner.id,
    unit_id: owner.unitId,
    name,
    name_key: name.replace(/\s+/g, '').toLowerCase(),
    category: f.category ?? 'friend',
    phone: f.phone ?? null,
    note: null,
    excluded: f.excluded ? 1 : 0,
    score,
    grade,
    rubric_version: grade === null ? null : 1,
    answers: null,
    scored_at: grade === null ? null : at,
    prospect_id: null,
    erased_at: null,
    created_by: owner.id,
    created_at: at,
    updated_at: at,
  };
  await db.insertInto('plan_names').values(row).execute();
  return id;
}
