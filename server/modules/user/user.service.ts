import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { assertUnitVisible, assertUserVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import { inTx } from '../../db/tx.ts';
import { businessDate, nowIso } from '../../lib/clock.ts';
import { isChineseIdNumber, maskIdNumber, maskPhone } from '../../lib/pii.ts';
import { AppError, forbidden, invalid, notFound } from '../../http/errors.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { Page } from '../../../contracts/common.ts';
import type { Role } from '../../../contracts/roles.ts';
import type { Membership, User, UserCreate, UserListQuery, UserMove, UserUpdate } from '../../../contracts/user.ts';
import type { UserTable } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertPasswordAcceptable } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/password.ts';
import type { Config } from '../../config.ts';
import * as repo from './user.repository.ts';
import { refileOwnedRows } from '../handover/handover.repository.ts';

/** Roles only an admin may hand out; staff manage the sales force itself. */
const ADMIN_ONLY_ROLES: readonly Role[] = ['admin', 'executive', 'manager', 'staff'];

export function toUserDto(r: repo.UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    unitId: r.unit_id,
    unitName: r.unit_name,
    rankId: r.rank_id,
    rankName: r.rank_name ?? null,
    phone: maskPhone(r.phone),
    idNumber: maskIdNumber(r.id_number),
    gender: r.gender as User['gender'],
    birthDate: r.birth_date,
    joinDate: r.join_date,
    recruiterId: r.recruiter_id,
    recruiterName: r.recruiter_name ?? null,
    status: r.status as User['status'],
    leaveDate: r.leave_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listUsers(ctx: Ctx, q: UserListQuery): Promise<Page<User>> {
  assertCan(ctx.actor, 'user.read');
  const { total, rows } = await repo.findUsersPage(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, q);
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map(toUserDto) };
}

export async function getUser(ctx: Ctx, id: string): Promise<User> {
  assertCan(ctx.actor, 'user.read');
  const row = await repo.findVisibleUserById(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, id);
  if (!row) throw notFound('User');
  return toUserDto(row);
}

type ProfileInput = Partial<Pick<UserCreate, 'role' | 'rankId' | 'idNumber' | 'recruiterId'>> & { unitId?: string };

/** Checks the references and numbers of a profile against the tenant; returns per-field problems. */
export async function validateProfile(ctx: Ctx, input: ProfileInput, prefix = 'body'): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (input.idNumber && !isChineseIdNumber(input.idNumber)) {
    errors.push({ path: `${prefix}.idNumber`, message: 'Invalid ID number (check digit or birth date)' });
  }
  if (input.role && ADMIN_ONLY_ROLES.includes(input.role) && ctx.actor.role !== 'admin') {
    errors.push({ path: `${prefix}.role`, message: 'Only an administrator may assign this role' });
  }
  if (input.rankId) {
    const rank = await ctx.db
      .selectFrom('ranks')
      .select('id')
      .where('id', '=', input.rankId)
      .where('tenant_id', '=', ctx.actor.tenantId)
      .executeTakeFirst();
    if (!rank) errors.push({ path: `${prefix}.rankId`, message: 'Unknown rank' });
  }
  if (input.recruiterId && !(await repo.findUserRow(ctx.db, ctx.actor.tenantId, input.recruiterId))) {
    errors.push({ path: `${prefix}.recruiterId`, message: 'Unknown recruiter' });
  }
  if (input.unitId) {
    try {
      await assertUnitVisible(ctx.db, ctx.actor, input.unitId);
    } catch {
      errors.push({ path: `${prefix}.unitId`, message: 'Unknown unit' });
    }
  }
  return errors;
}

/** Inserts a validated new user with the opening membership and an audit row (shared by create and import). */
export async function insertNewUser(ctx: Ctx, input: UserCreate, passwordHash: string): Promise<string> {
  const at = nowIso();
  const row: UserTable = {
    id: newId(),
    tenant_id: ctx.actor.tenantId,
    username: input.username,
    password_hash: passwordHash,
    display_name: input.displayName,
    role: input.role,
    unit_id: input.unitId,
    rank_id: input.rankId ?? null,
    phone: input.phone ?? null,
    id_number: input.idNumber ?? null,
    gender: input.gender ?? null,
    birth_date: input.birthDate ?? null,
    join_date: input.joinDate ?? businessDate(),
    recruiter_id: input.recruiterId ?? null,
    status: 'active',
    leave_date: null,
    must_change_password: 1,
    password_changed_at: null,
    created_at: at,
    updated_at: at,
  };
  await repo.insertUser(ctx.db, row);
  await repo.insertMembership(ctx.db, {
    id: newId(),
    tenant_id: row.tenant_id,
    user_id: row.id,
    unit_id: row.unit_id,
    start_date: row.join_date ?? businessDate(),
    end_date: null,
    created_at: at,
  });
  await recordAudit(ctx, { entity: 'user', entityId: row.id, action: 'create', after: row });
  return row.id;
}

/** Creates a user in a unit within the actor's scope; the first login must change the password. */
export async function createUser(ctx: Ctx, config: Config, input: UserCreate): Promise<User> {
  assertCan(ctx.actor, 'user.write');
  const errors = await validateProfile(ctx, input);
  if (errors.length) throw invalid(errors);
  if ((await repo.findUsernamesTaken(ctx.db, [input.username])).size > 0) {
    throw new AppError('USERNAME_TAKEN', 409, 'Username taken', [{ path: 'body.username', message: 'Taken' }]);
  }
  assertPasswordAcceptable(input.password, config, input.username);
  const hash = await hashPassword(input.password);
  const id = await inTx(ctx, (tx) => insertNewUser(tx, input, hash));
  return getUser(ctx, id);
}

/** Updates profile fields; leaving sets the leave date (today unless given). */
export async function updateUser(ctx: Ctx, id: string, input: UserUpdate): Promise<User> {
  assertCan(ctx.actor, 'user.write');
  await assertUserVisible(ctx.db, ctx.actor, id);
  const errors = await validateProfile(ctx, input);
  if (input.recruiterId === id) errors.push({ path: 'body.recruiterId', message: 'A person cannot recruit themselves' });
  if (errors.length) throw invalid(errors);
  await inTx(ctx, async (tx) => {
    const before = await repo.findUserRow(tx.db, tx.actor.tenantId, id);
    if (!before) throw notFound('User');
    if (before.role === 'admin' && tx.actor.role !== 'admin') throw notFound('User');
    const patch: Partial<UserTable> = { updated_at: nowIso() };
    if (input.displayName !== undefined) patch.display_name = input.displayName;
    if (input.role !== undefined) patch.role = input.role;
    if (input.rankId !== undefined) patch.rank_id = input.rankId;
    if (input.phone !== undefined) patch.phone = input.phone;
    if (input.idNumber !== undefined) patch.id_number = input.idNumber;
    if (input.gender !== undefined) patch.gender = input.gender;
    if (input.birthDate !== undefined) patch.birth_date = input.birthDate;
    if (input.joinDate !== undefined) patch.join_date = input.joinDate;
    if (input.recruiterId !== undefined) patch.recruiter_id = input.recruiterId;
    if (input.status !== undefined) {
      patch.status = input.status;
      patch.leave_date = input.status === 'left' ? (input.leaveDate ?? before.leave_date ?? businessDate()) : null;
    } else if (input.leaveDate !== undefined) patch.leave_date = input.leaveDate;
    await repo.updateUserRow(tx.db, id, patch);
    if (patch.status === 'left') {
      await tx.db.updateTable('sessions').set({ revoked_at: nowIso() }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    }
    await recordAudit(tx, { entity: 'user', entityId: id, action: 'update', before, after: { ...before, ...patch } });
  });
  return getUser(ctx, id);
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Moves a person to another unit from a date: the open membership is closed, a new one opened. */
export async function moveUser(ctx: Ctx, id: string, input: UserMove): Promise<User> {
  assertCan(ctx.actor, 'user.move');
  await assertUserVisible(ctx.db, ctx.actor, id);
  const errors = await validateProfile(ctx, { unitId: input.unitId });
  const today = businessDate();
  const effective = input.effectiveDate ?? today;
  if (effective > today) errors.push({ path: 'body.effectiveDate', message: 'A move cannot take effect in the future' });
  if (errors.length) throw invalid(errors);
  await inTx(ctx, async (tx) => {
    const before = await repo.findUserRow(tx.db, tx.actor.tenantId, id);
    if (!before) throw notFound('User');
    if (before.unit_id === input.unitId) throw invalid([{ path: 'body.unitId', message: 'Already in this unit' }]);
    const open = await repo.findOpenMembership(tx.db, id);
    if (open && effective < open.start_date) {
      throw invalid([{ path: 'body.effectiveDate', message: `Must be on or after ${open.start_date}` }]);
    }
    if (open && open.start_date === effective) {
      // Moved on the day the membership began: that day belongs to the new unit, nothing to close.
      await tx.db.updateTable('unit_memberships').set({ unit_id: input.unitId }).where('id', '=', open.id).execute();
    } else {
      await repo.closeOpenMembership(tx.db, id, dayBefore(effective));
      await repo.insertMembership(tx.db, {
        id: newId(),
        tenant_id: tx.actor.tenantId,
        user_id: id,
        unit_id: input.unitId,
        start_date: effective,
        end_date: null,
        created_at: nowIso(),
      });
    }
    await repo.updateUserRow(tx.db, id, { unit_id: input.unitId, updated_at: nowIso() });
    // Names, cards and customers are filed under their owner's current team: they move along.
    await refileOwnedRows(tx.db, tx.actor.tenantId, id, input.unitId);
    await recordAudit(tx, {
      entity: 'user',
      entityId: id,
      action: 'move',
      before: { unit_id: before.unit_id },
      after: { unit_id: input.unitId, effective_date: effective },
    });
  });
  return getUser(ctx, id);
}

export async function listMemberships(ctx: Ctx, id: string): Promise<Membership[]> {
  await assertUserVisible(ctx.db, ctx.actor, id);
  const rows = await repo.findMemberships(ctx.db, id);
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id, unitName: r.unit_name, startDate: r.start_date, endDate: r.end_date }));
}

/** Shows one full personal number: allowed to roles with user.revealPii and to the person, always audited. */
export async function revealPersonalNumber(
  ctx: Ctx,
  id: string,
  field: 'phone' | 'idNumber',
): Promise<{ field: 'phone' | 'idNumber'; value: string | null }> {
  await assertUserVisible(ctx.db, ctx.actor, id);
  if (!can(ctx.actor, 'user.revealPii') && ctx.actor.userId !== id) throw forbidden('May not reveal personal numbers');
  return inTx(ctx, async (tx) => {
    const row = await repo.findUserRow(tx.db, tx.actor.tenantId, id);
    if (!row) throw notFound('User');
    await recordAudit(tx, { entity: 'user', entityId: id, action: 'reveal', after: { field } });
    return { field, value: field === 'phone' ? row.phone : row.id_number };
  });
}
