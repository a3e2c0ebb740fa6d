import type { Household, HouseholdCreate, HouseholdPatch } from '../../../contracts/customer.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import type { CustomerTable, HouseholdTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { forbidden, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { readVisibility, writeVisibility } from './customer.access.ts';
import { toHouseholdDto } from './customer.dto.ts';
import * as repo from './customer.repository.ts';

/**
 * Households (家庭): customers of one owner grouped as a family, for the review card. A customer is
 * in at most one household: joining another takes them out of the first. Their policies follow.
 */

async function dtoOf(ctx: Ctx, h: HouseholdTable): Promise<Household> {
  return toHouseholdDto(h, await repo.findHouseholdMembers(ctx.db, ctx.actor.tenantId, h.id));
}

/**
 * The customers named, each one the caller may change and all of `ownerId` (or of one owner when
 * not given); else 400 with the position of each bad id.
 */
async function membersOf(
  ctx: Ctx,
  ids: string[],
  path: string,
  ownerId: string | undefined,
): Promise<CustomerTable[]> {
  const unique = [...new Set(ids)];
  const found = await repo.findCustomers(ctx.db, ctx.actor.tenantId, unique, writeVisibility(ctx.actor));
  const byId = new Map(found.map((c) => [c.id, c]));
  const owner = ownerId ?? found[0]?.owner_id;
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    const c = byId.get(id);
    if (!c) errors.push({ path: `${path}.${i}`, message: 'No such customer', code: 'unknown' });
    else if (c.owner_id !== owner)
      errors.push({ path: `${path}.${i}`, message: 'Members of a household share one owner', code: 'otherOwner' });
  });
  if (errors.length) throw invalid(errors);
  return unique.map((id) => byId.get(id)!);
}

export async function createHousehold(ctx: Ctx, input: HouseholdCreate): Promise<Household> {
  assertCan(ctx.actor, 'prospect.own');
  return inTx(ctx, async (tx) => {
    const members = await membersOf(tx, input.memberIds, 'body.memberIds', undefined);
    const first = members[0]!;
    const stamp = nowIso();
    const row: HouseholdTable = {
      id: newId(),
      tenant_id: tx.actor.tenantId,
      owner_id: first.owner_id,
      unit_id: first.unit_id,
      name: input.name,
      created_at: stamp,
      updated_at: stamp,
    };
    await repo.insertHousehold(tx.db, row);
    await repo.setHousehold(tx.db, tx.actor.tenantId, members.map((m) => m.id), row.id, stamp);
    const dto = await dtoOf(tx, row);
    await recordAudit(tx, { entity: 'household', entityId: row.id, action: 'create', after: dto, sessionNeutral: true });
    return dto;
  });
}

async function writableHousehold(ctx: Ctx, id: string): Promise<HouseholdTable> {
  const { tenantId } = ctx.actor;
  const h = await repo.findHousehold(ctx.db, tenantId, id, writeVisibility(ctx.actor));
  if (h) return h;
  if (await repo.findHousehold(ctx.db, tenantId, id, readVisibility(ctx.actor))) {
    throw forbidden('Only the owner (or a manager of their unit) may change this household');
  }
  throw notFound('Household');
}

export async function patchHousehold(ctx: Ctx, id: string, patch: HouseholdPatch): Promise<Household> {
  assertCan(ctx.actor, 'prospect.own');
  return inTx(ctx, async (tx) => {
    const h = await writableHousehold(tx, id);
    const before = await dtoOf(tx, h);
    const stamp = nowIso();
    const add = patch.addMemberIds ?? [];
    const remove = patch.removeMemberIds ?? [];
    const both = add.filter((a) => remove.includes(a));
    if (both.length) {
      throw invalid([{ path: 'body.removeMemberIds', message: 'Added and removed at once', code: 'conflict' }]);
    }
    const added = add.length ? await membersOf(tx, add, 'body.addMemberIds', h.owner_id) : [];
    const memberIds = new Set(before.members.map((m) => m.id));
    const errors: FieldError[] = [];
    remove.forEach((rid, i) => {
      if (!memberIds.has(rid))
        errors.push({ path: `body.removeMemberIds.${i}`, message: 'Not a member of this household', code: 'notMember' });
    });
    if (errors.length) throw invalid(errors);
    if (patch.name !== undefined) await repo.renameHousehold(tx.db, tx.actor.tenantId, id, patch.name, stamp);
    else await repo.renameHousehold(tx.db, tx.actor.tenantId, id, h.name, stamp);
    await repo.setHousehold(tx.db, tx.actor.tenantId, added.map((m) => m.id), id, stamp);
    await repo.setHousehold(tx.db, tx.actor.tenantId, [...new Set(remove)], null, stamp);
    const after = await dtoOf(tx, { ...h, name: patch.name ?? h.name, updated_at: stamp });
    await recordAudit(tx, { entity: 'household', entityId: id, action: 'update', before, after, sessionNeutral: true });
    return after;
  });
}

export async function getHousehold(ctx: Ctx, id: string): Promise<Household> {
  assertCan(ctx.actor, 'prospect.own');
  const h = await repo.findHousehold(ctx.db, ctx.actor.tenantId, id, readVisibility(ctx.actor));
  if (!h) throw notFound('Household');
  return dtoOf(ctx, h);
}
