import type { Actor } from '../../access/actor.ts';
import { defaultScopes } from '../../access/permissions.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { nowIso } from '../../lib/clock.ts';
import { AppError } from '../../http/errors.ts';
import { recordSystemAudit } from '../audit/audit.service.ts';
import { assertPasswordAcceptable } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/password.ts';
import { insertUnit } from '../org/org.repository.ts';
import { findUsernamesTaken } from '../user/user.repository.ts';
import { insertNewUser } from '../user/user.service.ts';

export interface TenantCreate {
  code: string;
  name: string;
  adminUsername: string;
  adminPassword: string;
  timeZone?: string;
}

/**
 * Creates a company: the tenant, its root unit and a first administrator, who then builds the
 * org tree and the roster in the app. Used by the CLI for a deployment without demo data.
 */
export async function createTenant(db: DB, config: Config, input: TenantCreate): Promise<{ tenantId: string; adminId: string }> {
  const code = input.code.trim().toLowerCase();
  const username = input.adminUsername.trim().toLowerCase();
  if (!/^[a-z0-9-]{2,30}$/.test(code)) throw new AppError('VALIDATION_FAILED', 400, 'Tenant code: 2–30 letters, digits or dashes');
  if (!input.name.trim()) throw new AppError('VALIDATION_FAILED', 400, 'Tenant name is required');
  assertPasswordAcceptable(input.adminPassword, config, username);
  if ((await findUsernamesTaken(db, [username])).size > 0) throw new AppError('USERNAME_TAKEN', 409, `Username ${username} is taken`);
  const existing = await db.selectFrom('tenants').select('id').where('code', '=', code).executeTakeFirst();
  if (existing) throw new AppError('CONFLICT', 409, `Tenant ${code} exists`);
  const hash = await hashPassword(input.adminPassword);
  return db.transaction().execute(async (trx) => {
    const at = nowIso();
    const tenantId = newId();
    const rootId = newId();
    await trx
      .insertInto('tenants')
      .values({ id: tenantId, code, name: input.name.trim(), time_zone: input.timeZone ?? 'Asia/Shanghai', settings: '{}', created_at: at })
      .execute();
    await insertUnit(trx, {
      id: rootId,
      tenant_id: tenantId,
      parent_id: null,
      name: input.name.trim(),
      kind: 'company',
      leader_user_id: null,
      sort_order: 0,
      created_at: at,
      updated_at: at,
    });
    // The first administrator is created by the system itself, so the audit rows name no actor.
    const system: Actor = {
      userId: '',
      tenantId,
      username: 'system',
      displayName: 'system',
      role: 'admin',
      unitId: rootId,
      tenantName: input.name.trim(),
      unitName: input.name.trim(),
      sessionId: '',
      visibility: { kind: defaultScopes.admin, tenantId, selfId: '', all: true, roots: [], subtree: true },
      mustChangePassword: false,
    };
    const ctx = { db: trx, actor: system, requestId: null, ip: null };
    const adminId = await insertNewUser(ctx, { username, password: '', displayName: '系统管理员', role: 'admin', unitId: rootId }, hash);
    await trx.updateTable('users').set({ must_change_password: 0 }).where('id', '=', adminId).execute();
    // The new tenant's only audit rows so far are this bootstrap: file them under no actor.
    await trx.updateTable('audit_log').set({ actor_id: null }).where('tenant_id', '=', tenantId).execute();
    await recordSystemAudit(ctx, tenantId, null, { entity: 'tenant', entityId: tenantId, action: 'create', after: { code, name: input.name } });
    return { tenantId, adminId };
  });
}
