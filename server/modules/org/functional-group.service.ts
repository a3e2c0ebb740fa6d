import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUnitVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { FunctionalGroup, FunctionalGroupCreate, FunctionalGroupUpdate } from '../../../contracts/org.ts';
import type { FunctionalGroupTable } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './functional-group.repository.ts';

type MemberInput = NonNullable<FunctionalGroupCreate['members']>;

async function withMembers(ctx: Ctx, rows: repo.GroupRow[]): Promise<FunctionalGroup[]> {
  const members = await repo.findMembers(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    name: r.name,
    system: r.system as FunctionalGroup['system'],
    leadUserId: r.lead_user_id,
    duties: r.duties,
    members: members
      .filter((m) => m.group_id === r.id)
      .map((m) => ({ userId: m.user_id, displayName: m.display_name, duty: m.duty })),
  }));
}

/** Functional groups (功能组) the actor may see, optionally those in a unit and its sub-units. */
export async function listGroups(ctx: Ctx, q: { unitId?: string | undefined }): Promise<FunctionalGroup[]> {
  assertCan(ctx.actor, 'group.read');
  const rows = await repo.findVisibleGroups(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, ctx.actor.unitId, q.unitId);
  return withMembers(ctx, rows);
}

export async function getGroup(ctx: Ctx, id: string): Promise<FunctionalGroup> {
  assertCan(ctx.actor, 'group.read');
  const row = await repo.findVisibleGroup(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, ctx.actor.unitId, id);
  if (!row) throw notFound('Group');
  const [group] = await withMembers(ctx, [row]);
  return group!;
}

/** The lead and every member must be active people of the tenant whom the actor sees; no one twice. */
async function checkPeople(ctx: Ctx, leadUserId: string | null | undefined, members: MemberInput | undefined): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const ids = [...(leadUserId ? [leadUserId] : []), ...(members ?? []).map((m) => m.userId)];
  const known = await repo.findUsersInScope(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, [...new Set(ids)]);
  if (leadUserId && !known.has(leadUserId)) errors.push({ path: 'body.leadUserId', message: 'Unknown user', code: 'unknown' });
  const seen = new Set<string>();
  (members ?? []).forEach((m, i) => {
    if (!known.has(m.userId)) errors.push({ path: `body.members.${i}.userId`, message: 'Unknown user', code: 'unknown' });
    else if (seen.has(m.userId)) errors.push({ path: `body.members.${i}.userId`, message: 'Listed twice', code: 'duplicate' });
    seen.add(m.userId);
  });
  return errors;
}

function memberRows(ctx: Ctx, groupId: string, members: MemberInput, at: string) {
  return members.map((m) => ({ group_id: groupId, tenant_id: ctx.actor.tenantId, user_id: m.userId, duty: m.duty ?? '', created_at: at }));
}

async function assertNameFree(ctx: Ctx, unitId: string, name: string, exceptId?: string): Promise<void> {
  const same = await repo.findGroupIdByName(ctx.db, ctx.actor.tenantId, unitId, name);
  if (same && same !== exceptId) {
    throw new AppError('CONFLICT', 409, 'A group of that name exists in this unit', [
      { path: 'body.name', message: 'Duplicate', code: 'duplicate' },
    ]);
  }
}

/** Creates a group in a unit within the actor's scope, with its lead and members. */
export async function createGroup(ctx: Ctx, input: FunctionalGroupCreate): Promise<FunctionalGroup> {
  assertCan(ctx.actor, 'group.write');
  const errors: FieldError[] = [];
  try {
    await assertUnitVisible(ctx.db, ctx.actor, input.unitId);
  } catch {
    errors.push({ path: 'body.unitId', message: 'Unknown unit', code: 'unknown' });
  }
  errors.push(...(await checkPeople(ctx, input.leadUserId, input.members)));
  if (errors.length) throw invalid(errors);
  const id = await inTx(ctx, async (tx) => {
    await assertNameFree(tx, input.unitId, input.name);
    const at = nowIso();
    const row: FunctionalGroupTable = {
      id: newId(),
      tenant_id: tx.actor.tenantId,
      unit_id: input.unitId,
      name: input.name,
      system: input.system,
      lead_user_id: input.leadUserId ?? null,
      duties: input.duties ?? '',
      created_at: at,
      updated_at: at,
    };
    await repo.insertGroup(tx.db, row);
    const members = memberRows(tx, row.id, input.members ?? [], at);
    await repo.replaceMembers(tx.db, row.id, members);
    await recordAudit(tx, { entity: 'functionalGroup', entityId: row.id, action: 'create', after: { ...row, members } });
    return row.id;
  });
  return getGroup(ctx, id);
}

/** Changes a group in the actor's scope; a given member list replaces the old one. */
export async function updateGroup(ctx: Ctx, id: string, input: FunctionalGroupUpdate): Promise<FunctionalGroup> {
  assertCan(ctx.actor, 'group.write');
  const current = await repo.findGroupInScope(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, ctx.actor.unitId, id);
  if (!current) throw notFound('Group');
  const errors = await checkPeople(ctx, input.leadUserId, input.members);
  if (errors.length) throw invalid(errors);
  await inTx(ctx, async (tx) => {
    const before = await repo.findGroupInScope(tx.db, tx.actor.tenantId, tx.actor.visibility, tx.actor.unitId, id);
    if (!before) throw notFound('Group');
    if (input.name !== undefined && input.name !== before.name) await assertNameFree(tx, before.unit_id, input.name, id);
    const beforeMembers = await repo.findMembers(tx.db, [id]);
    const at = nowIso();
    const patch: Partial<FunctionalGroupTable> = { updated_at: at };
    if (input.name !== undefined) patch.name = input.name;
    if (input.system !== undefined) patch.system = input.system;
    if (input.leadUserId !== undefined) patch.lead_user_id = input.leadUserId;
    if (input.duties !== undefined) patch.duties = input.duties;
    await repo.updateGroupRow(tx.db, id, patch);
    let members: unknown = undefined;
    if (input.members !== undefined) {
      const rows = memberRows(tx, id, input.members, at);
      await repo.replaceMembers(tx.db, id, rows);
      members = rows.map((m) => ({ user_id: m.user_id, duty: m.duty }));
    }
    await recordAudit(tx, {
      entity: 'functionalGroup',
      entityId: id,
      action: 'update',
      before: { ...before, members: beforeMembers.map((m) => ({ user_id: m.user_id, duty: m.duty })) },
      after: { ...before, ...patch, ...(members !== undefined ? { members } : {}) },
    });
  });
  return getGroup(ctx, id);
}

/** Deletes a group and its member list. */
export async function deleteGroup(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'group.write');
  await inTx(ctx, async (tx) => {
    const before = await repo.findGroupInScope(tx.db, tx.actor.tenantId, tx.actor.visibility, tx.actor.unitId, id);
    if (!before) throw notFound('Group');
    const members = await repo.findMembers(tx.db, [id]);
    await repo.deleteGroupRow(tx.db, id);
    await recordAudit(tx, {
      entity: 'functionalGroup',
      entityId: id,
      action: 'delete',
      before: { ...before, members: members.map((m) => ({ user_id: m.user_id, duty: m.duty })) },
    });
  });
}
