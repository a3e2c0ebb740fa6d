import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUnitVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import { inTx } from '../../db/tx.ts';
import { nowIso } from '../../lib/clock.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import type { Rank, Unit, UnitCreate, UnitUpdate } from '../../../contracts/org.ts';
import type { UnitKind } from '../../../contracts/roles.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './org.repository.ts';

/** Every unit the actor may see, flat with depth; the web builds the tree from parentId. */
export async function listUnits(ctx: Ctx): Promise<Unit[]> {
  assertCan(ctx.actor, 'org.read');
  const rows = await repo.findVisibleUnits(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, ctx.actor.unitId);
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind as UnitKind,
    leaderUserId: r.leader_user_id,
    leaderName: r.leader_name ?? null,
    sortOrder: r.sort_order,
    depth: Number(r.ancestors) - 1,
    memberCount: Number(r.members),
  }));
}

export async function getUnit(ctx: Ctx, id: string): Promise<Unit> {
  await assertUnitVisible(ctx.db, ctx.actor, id);
  const unit = (await listUnits(ctx)).find((u) => u.id === id);
  if (!unit) throw notFound('Unit');
  return unit;
}

async function assertLeaderInTenant(ctx: Ctx, leaderUserId: string | null | undefined): Promise<void> {
  if (!leaderUserId) return;
  const user = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('id', '=', leaderUserId)
    .where('tenant_id', '=', ctx.actor.tenantId)
    .executeTakeFirst();
  if (!user) throw invalid([{ path: 'body.leaderUserId', message: 'Unknown user' }]);
}

async function assertParentExists(ctx: Ctx, parentId: string): Promise<void> {
  const parent = await repo.findUnitById(ctx.db, ctx.actor.tenantId, parentId);
  if (!parent) throw invalid([{ path: 'body.parentId', message: 'Unknown unit' }]);
}

/** Adds a unit under a parent of the same tenant. */
export async function createUnit(ctx: Ctx, input: UnitCreate): Promise<Unit> {
  assertCan(ctx.actor, 'org.write');
  const id = await inTx(ctx, async (tx) => {
    await assertParentExists(tx, input.parentId);
    await assertLeaderInTenant(tx, input.leaderUserId);
    const at = nowIso();
    const row = {
      id: newId(),
      tenant_id: tx.actor.tenantId,
      parent_id: input.parentId,
      name: input.name,
      kind: input.kind,
      leader_user_id: input.leaderUserId ?? null,
      sort_order: input.sortOrder ?? 0,
      created_at: at,
      updated_at: at,
    };
    await repo.insertUnit(tx.db, row);
    await recordAudit(tx, { entity: 'unit', entityId: row.id, action: 'create', after: row });
    return row.id;
  });
  return getUnit(ctx, id);
}

/** Renames, re-parents (refusing cycles) or changes the leader of a unit. */
export async function updateUnit(ctx: Ctx, id: string, input: UnitUpdate): Promise<Unit> {
  assertCan(ctx.actor, 'org.write');
  await inTx(ctx, async (tx) => {
    const before = await repo.findUnitById(tx.db, tx.actor.tenantId, id);
    if (!before) throw notFound('Unit');
    if (input.parentId !== undefined && input.parentId !== before.parent_id) {
      if (before.parent_id === null) throw invalid([{ path: 'body.parentId', message: 'The root unit has no parent' }]);
      await assertParentExists(tx, input.parentId);
      if (await repo.isDescendant(tx.db, id, input.parentId)) {
        throw new AppError('UNIT_CYCLE', 400, 'A unit cannot move under itself', [
          { path: 'body.parentId', message: 'Would create a cycle' },
        ]);
      }
      await repo.moveSubtree(tx.db, tx.actor.tenantId, id, input.parentId);
    }
    await assertLeaderInTenant(tx, input.leaderUserId);
    const patch = {
      ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.leaderUserId !== undefined ? { leader_user_id: input.leaderUserId } : {}),
      ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
      updated_at: nowIso(),
    };
    await repo.updateUnitRow(tx.db, id, patch);
    await recordAudit(tx, { entity: 'unit', entityId: id, action: 'update', before, after: { ...before, ...patch } });
  });
  return getUnit(ctx, id);
}

/** Deletes an empty unit: no sub-units, no members now or in the membership history. */
export async function deleteUnit(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'org.write');
  await inTx(ctx, async (tx) => {
    const before = await repo.findUnitById(tx.db, tx.actor.tenantId, id);
    if (!before) throw notFound('Unit');
    if (before.parent_id === null || (await repo.countChildren(tx.db, id)) > 0 || (await repo.countUnitReferences(tx.db, id)) > 0) {
      throw new AppError('UNIT_NOT_EMPTY', 409, 'Only an empty unit without history can be deleted');
    }
    await repo.deleteUnitRow(tx.db, id);
    await recordAudit(tx, { entity: 'unit', entityId: id, action: 'delete', before });
  });
}

export async function listRanks(ctx: Ctx): Promise<Rank[]> {
  return repo.findRanks(ctx.db, ctx.actor.tenantId);
}

export async function createRank(ctx: Ctx, input: { name: string; level: number }): Promise<Rank> {
  assertCan(ctx.actor, 'rank.write');
  return inTx(ctx, async (tx) => {
    const existing = await repo.findRanks(tx.db, tx.actor.tenantId);
    if (existing.some((r) => r.name === input.name)) {
      throw new AppError('CONFLICT', 409, 'A rank of that name exists', [{ path: 'body.name', message: 'Duplicate' }]);
    }
    const row = { id: newId(), tenant_id: tx.actor.tenantId, name: input.name, level: input.level, created_at: nowIso() };
    await repo.insertRank(tx.db, row);
    await recordAudit(tx, { entity: 'rank', entityId: row.id, action: 'create', after: row });
    return { id: row.id, name: row.name, level: row.level };
  });
}
