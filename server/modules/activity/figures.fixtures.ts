import type { Ctx } from '../../access/actor.ts';
import { resolveVisibility } from '../../access/scope.ts';
import { defaultScopes } from '../../access/permissions.ts';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { ActivityTable } from '../../db/schema.ts';
import type { TestUser } from '../../test/factories.ts';
import { activityConfig, typePointsOn } from './config.service.ts';
import { applyActivity, applyLog } from './rollup.repository.ts';

/**
 * Test data for the figures: activities and work logs written as the recording side writes them
 * (the raw row and its rollups), and a service context for a person (to call services that have no
 * route, such as the raw summary).
 */

export interface ActivitySpec {
  /** Activity type code (the tenant's defaults: phoneAppointment, interview, proposal, closing, sale…). */
  type: string;
  date: string;
  /** The team the activity is filed under (default: the person's unit). */
  unitId?: string;
  premiumFen?: number;
  prospectName?: string;
  time?: string;
}

export async function addActivity(db: DB, user: TestUser, spec: ActivitySpec): Promise<ActivityTable> {
  const cfg = await activityConfig(db, user.tenantId);
  const type = cfg.types.find((t) => t.row.code === spec.type);
  if (!type) throw new Error(`no type ${spec.type}`);
  const at = `${spec.date}T${spec.time ?? '02:00:00'}.000Z`;
  const row: ActivityTable = {
    id: newId(),
    tenant_id: user.tenantId,
    user_id: user.id,
    unit_id: spec.unitId ?? user.unitId,
    type_id: type.row.id,
    stage: type.stage,
    date: spec.date,
    occurred_at: at,
    points_milli: typePointsOn(type, spec.date),
    premium_fen: spec.premiumFen ?? null,
    prospect_id: null,
    prospect_name: spec.prospectName ?? null,
    outcome: null,
    notes: null,
    next_step: null,
    next_step_date: null,
    partner_id: null,
    late_entry: 0,
    created_by: user.id,
    created_at: at,
    updated_at: at,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('activities').values(row).execute();
    await applyActivity(tx, row, 1);
  });
  return row;
}

/** Several activities of one type on one day. */
export async function addActivities(
  db: DB,
  user: TestUser,
  type: string,
  date: string,
  n: number,
  extra: Partial<ActivitySpec> = {},
) {
  for (let i = 0; i < n; i++) await addActivity(db, user, { ...extra, type, date });
}

export interface LogSpec {
  date: string;
  unitId?: string;
  /** Submission instant (default: 20:00 Shanghai that day). */
  submittedAt?: string;
  /** Review instant, by `reviewer`. */
  reviewedAt?: string;
  reviewer?: TestUser;
  summary?: string;
}

export async function addLog(db: DB, user: TestUser, spec: LogSpec): Promise<string> {
  const id = newId();
  const submittedAt = spec.submittedAt ?? `${spec.date}T12:00:00.000Z`;
  const row = {
    id,
    tenant_id: user.tenantId,
    user_id: user.id,
    unit_id: spec.unitId ?? user.unitId,
    date: spec.date,
    status: 'submitted',
    summary: spec.summary ?? null,
    tomorrow_plan: null,
    no_activity: 0,
    submitted_at: submittedAt,
    reviewed_at: spec.reviewedAt ?? null,
    reviewed_by: spec.reviewer?.id ?? null,
    created_at: submittedAt,
    updated_at: spec.reviewedAt ?? submittedAt,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('work_logs').values(row).execute();
    await applyLog(tx, row);
  });
  return id;
}

/** A service context acting as `user`, with their role's default scope. */
export async function ctxAs(db: DB, user: TestUser): Promise<Ctx> {
  const u = await db
    .selectFrom('users')
    .select(['display_name', 'username'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  const unit = await db
    .selectFrom('org_units')
    .select('name')
    .where('id', '=', user.unitId)
    .executeTakeFirstOrThrow();
  const visibility = await resolveVisibility(
    db,
    { userId: user.id, tenantId: user.tenantId, unitId: user.unitId },
    defaultScopes[user.role],
  );
  return {
    db,
    actor: {
      userId: user.id,
      tenantId: user.tenantId,
      username: u.username,
      displayName: u.display_name,
      role: user.role,
      unitId: user.unitId,
      tenantName: '',
      unitName: unit.name,
      sessionId: 'test',
      visibility,
      mustChangePassword: false,
    },
    requestId: null,
    ip: null,
  };
}
