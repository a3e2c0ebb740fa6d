import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { ProspectTable } from '../../db/schema.ts';
import { nowIso } from '../../lib/clock.ts';

/** Prospect cards written straight into the table, for the spot-check tests (no dependency on the card module). */

export interface CardSpec {
  tenantId: string;
  ownerId: string;
  unitId: string;
  grade?: 'A' | 'B' | 'C' | null;
  stage?: string;
  createdAt?: string;
  phone?: string | null;
  name?: string;
  erased?: boolean;
}

let seq = 0;

export function cardRow(spec: CardSpec): ProspectTable {
  const at = spec.createdAt ?? nowIso();
  return {
    id: newId(),
    tenant_id: spec.tenantId,
    owner_id: spec.ownerId,
    unit_id: spec.unitId,
    name_id: null,
    name: spec.name ?? `客户${++seq}`,
    phone: spec.phone === undefined ? '13700001234' : spec.phone,
    id_number: null,
    gender: null,
    birth_date: null,
    family: null,
    occupation: null,
    income_band: null,
    needs: null,
    source: 'plan100',
    referrer_prospect_id: null,
    referrer_customer_id: null,
    campaign_ref: null,
    grade: spec.grade === undefined ? 'B' : spec.grade,
    score: null,
    rubric_version: null,
    stage: spec.stage ?? 'lead',
    stage_reason: null,
    stage_changed_at: at,
    next_follow_up: null,
    tags: null,
    consent_note: null,
    consent_date: null,
    customer_id: null,
    erased_at: spec.erased ? at : null,
    created_by: spec.ownerId,
    created_at: at,
    updated_at: at,
  };
}

/** Inserts `count` cards of one spec; returns their ids. */
export async function insertCards(db: Queryable, spec: CardSpec, count = 1): Promise<string[]> {
  const rows = Array.from({ length: count }, () => cardRow(spec));
  for (let i = 0; i < rows.length; i += 20) await db.insertInto('prospects').values(rows.slice(i, i + 20)).execute();
  return rows.map((r) => r.id);
}
