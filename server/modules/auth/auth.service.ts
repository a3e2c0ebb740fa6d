import { setTimeout as sleep } from 'node:timers/promises';
import type { Ctx } from '../../access/actor.ts';
import { actionsOf, assertCan } from '../../access/permissions.ts';
import { assertUserVisible } from '../../access/scope.ts';
import type { Config } from '../../config.ts';
import type { DB, Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { inTx } from '../../db/tx.ts';
import { now, nowIso } from '../../lib/clock.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { newSessionToken } from '../../http/auth.ts';
import type { Login, Me, PasswordChange, PasswordReset, SessionInfo } from '../../../contracts/auth.ts';
import { recordAudit, recordSystemAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import { checkPassword, failureDelayMs } from './auth.rules.ts';
import { dummyHash, hashPassword, verifyPassword } from './password.ts';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  userId: string;
}

interface RequestInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

const HOUR_MS = 3_600_000;

/** Verifies a password and opens a session; throttled per account and per IP. */
export async function login(db: DB, config: Config, input: Login, req: RequestInfo): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const since = new Date(now().getTime() - HOUR_MS).toISOString();
  const [byAccount, byIp] = await Promise.all([
    repo.countFailuresSince(db, 'username', username, since),
    repo.countFailuresSince(db, 'ip', req.ip, since),
  ]);
  if (byAccount >= config.maxFailuresPerAccountHour || byIp >= config.maxFailuresPerIpHour) {
    throw new AppError('LOGIN_THROTTLED', 429, 'Too many failed logins; try again later', { retryAfterSeconds: 3600 });
  }
  const user = await repo.findLoginUser(db, username);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), input.password);
  const at = nowIso();
  if (!user || !ok || user.status !== 'active') {
    await db.transaction().execute(async (trx) => {
      await repo.insertLoginAttempt(trx, { id: newId(), username, ip: req.ip, at, success: 0 });
      if (user) {
        await recordSystemAudit({ db: trx, requestId: req.requestId, ip: req.ip }, user.tenant_id, user.id, {
          entity: 'session',
          entityId: user.id,
          action: 'loginFailed',
        });
      }
    });
    await sleep(failureDelayMs(byAccount + 1, config.loginDelayBaseMs));
    throw new AppError('INVALID_CREDENTIALS', 401, 'Wrong username or password');
  }
  const { token, hash } = newSessionToken();
  const expiresAt = new Date(now().getTime() + config.sessionAbsoluteHours * HOUR_MS);
  const sessionId = newId();
  await db.transaction().execute(async (trx) => {
    await repo.insertLoginAttempt(trx, { id: newId(), username, ip: req.ip, at, success: 1 });
    await repo.insertSession(trx, {
      id: sessionId,
      tenant_id: user.tenant_id,
      user_id: user.id,
      token_hash: hash,
      created_at: at,
      last_seen_at: at,
      expires_at: expiresAt.toISOString(),
      ip: req.ip,
      user_agent: req.userAgent?.slice(0, 300) ?? null,
      revoked_at: null,
    });
    await recordSystemAudit({ db: trx, requestId: req.requestId, ip: req.ip }, user.tenant_id, user.id, {
      entity: 'session',
      entityId: sessionId,
      action: 'login',
    });
  });
  return { token, expiresAt, userId: user.id };
}

/** Ends the current session. */
export async function logout(ctx: Ctx): Promise<void> {
  await inTx(ctx, async (tx) => {
    await repo.revokeSession(tx.db, tx.actor.userId, tx.actor.sessionId, nowIso());
    await recordAudit(tx, { entity: 'session', entityId: tx.actor.sessionId, action: 'logout' });
  });
}

/** Who the actor is, from the session already resolved for this request: no further query. */
export function getMe(ctx: Ctx): Me {
  const a = ctx.actor;
  return {
    id: a.userId,
    tenantId: a.tenantId,
    tenantName: a.tenantName,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    unitId: a.unitId,
    unitName: a.unitName,
    scope: a.visibility.kind,
    actions: actionsOf(a.role),
    mustChangePassword: a.mustChangePassword,
  };
}

export async function listSessions(ctx: Ctx): Promise<SessionInfo[]> {
  const rows = await repo.findLiveSessions(ctx.db, ctx.actor.userId, nowIso());
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === ctx.actor.sessionId,
  }));
}

/** Ends one of the actor's own sessions; another user's session id answers 404. */
export async function endSession(ctx: Ctx, sessionId: string): Promise<void> {
  await inTx(ctx, async (tx) => {
    const n = await repo.revokeSession(tx.db, tx.actor.userId, sessionId, nowIso());
    if (n === 0) throw notFound('Session');
    await recordAudit(tx, { entity: 'session', entityId: sessionId, action: 'end' });
  });
}

/** Ends every session of the actor but the current one. */
export async function endOtherSessions(ctx: Ctx): Promise<number> {
  return inTx(ctx, async (tx) => {
    const n = await repo.revokeOtherSessions(tx.db, tx.actor.userId, tx.actor.sessionId, nowIso());
    await recordAudit(tx, { entity: 'session', entityId: tx.actor.userId, action: 'endOthers', after: { ended: n } });
    return n;
  });
}

export function assertPasswordAcceptable(password: string, config: Config, username?: string): void {
  const problem = checkPassword(password, { minLength: config.passwordMinLength, ...(username ? { username } : {}) });
  if (problem) {
    throw new AppError('WEAK_PASSWORD', 400, 'Password does not meet the policy', [
      { path: 'body.newPassword', message: problem, code: problem },
    ]);
  }
}

/** Changes the actor's password; other sessions are ended so a stolen session dies with the old password. */
export async function changePassword(ctx: Ctx, config: Config, input: PasswordChange): Promise<void> {
  const me = await repo.findCredentials(ctx.db, ctx.actor.userId);
  if (!(await verifyPassword(me.password_hash, input.currentPassword))) {
    throw new AppError('WRONG_PASSWORD', 400, 'Current password is wrong', [
      { path: 'body.currentPassword', message: 'wrong' },
    ]);
  }
  assertPasswordAcceptable(input.newPassword, config, me.username);
  const hashed = await hashPassword(input.newPassword);
  await inTx(ctx, async (tx) => {
    const at = nowIso();
    await repo.updatePasswordHash(tx.db, tx.actor.userId, hashed, false, at);
    await repo.revokeOtherSessions(tx.db, tx.actor.userId, tx.actor.sessionId, at);
    await recordAudit(tx, { entity: 'user', entityId: tx.actor.userId, action: 'changePassword' });
  });
}

/** An admin sets a new password for a user in scope; the user must change it at next login. */
export async function resetPassword(ctx: Ctx, config: Config, userId: string, input: PasswordReset): Promise<void> {
  assertCan(ctx.actor, 'user.resetPassword');
  await assertUserVisible(ctx.db, ctx.actor, userId);
  const target = await repo.findCredentials(ctx.db, userId);
  assertPasswordAcceptable(input.newPassword, config, target.username);
  const hashed = await hashPassword(input.newPassword);
  await inTx(ctx, async (tx) => {
    const at = nowIso();
    await repo.updatePasswordHash(tx.db, userId, hashed, true, at);
    await repo.revokeOtherSessions(tx.db, userId, null, at);
    await recordAudit(tx, { entity: 'user', entityId: userId, action: 'resetPassword' });
  });
}

/** Housekeeping for the daily cleanup job: drops login attempts and dead sessions older than the cutoff. */
export async function purgeAuthRecordsBefore(db: Queryable, cutoff: string): Promise<{ loginAttempts: number; sessions: number }> {
  return {
    loginAttempts: await repo.deleteLoginAttemptsBefore(db, cutoff),
    sessions: await repo.deleteDeadSessionsBefore(db, cutoff),
  };
}
