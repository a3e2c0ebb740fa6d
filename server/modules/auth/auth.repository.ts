import type { Queryable } from '../../db/database.ts';
import type { LoginAttemptTable, SessionTable } from '../../db/schema.ts';

export function findLoginUser(db: Queryable, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'username', 'password_hash', 'status'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function insertLoginAttempt(db: Queryable, row: LoginAttemptTable): Promise<void> {
  await db.insertInto('login_attempts').values(row).execute();
}

export async function countFailuresSince(
  db: Queryable,
  by: 'username' | 'ip',
  value: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(by, '=', value)
    .where('success', '=', 0)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(db: Queryable, row: SessionTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function revokeSession(
  db: Queryable,
  userId: string,
  sessionId: string,
  at: string,
): Promise<number> {
  const res = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function revokeOtherSessions(
  db: Queryable,
  userId: string,
  keepId: string | null,
  at: string,
): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepId) q = q.where('id', '!=', keepId);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export function findLiveSessions(db: Queryable, userId: string, nowIso: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** What a password change needs: the username (the policy refuses it inside a password) and the hash. */
export function findCredentials(db: Queryable, userId: string) {
  return db
    .selectFrom('users')
    .select(['username', 'password_hash'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function updatePasswordHash(
  db: Queryable,
  userId: string,
  hash: string,
  mustChange: boolean,
  at: string,
) {
  await db
    .updateTable('users')
    .set({
      password_hash: hash,
      must_change_password: mustChange ? 1 : 0,
      password_changed_at: at,
      updated_at: at,
    })
    .where('id', '=', userId)
    .execute();
}

export async function deleteLoginAttemptsBefore(db: Queryable, cutoff: string): Promise<number> {
  const res = await db.deleteFrom('login_attempts').where('at', '<', cutoff).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Sessions revoked, or expired, before the cutoff: live sessions are never touched. */
export async function deleteDeadSessionsBefore(db: Queryable, cutoff: string): Promise<number> {
  const res = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('revoked_at', '<', cutoff), eb('expires_at', '<', cutoff)]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
