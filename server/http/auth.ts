import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Ctx } from '../access/actor.ts';
import { defaultScopes } from '../access/permissions.ts';
import { resolveVisibility } from '../access/scope.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { preparedQuery } from '../db/prepared.ts';
import { now } from '../lib/clock.ts';
import type { Role, ScopeKind } from '../../contracts/roles.ts';
import { AppError } from './errors.ts';

export const SESSION_COOKIE = 'sb_session';

export function newSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** Only a hash of the token is stored, so a leaked database does not leak live sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// last_seen_at is refreshed at most once a minute: the idle timeout needs no finer grain, and
// every authenticated read would otherwise also be a write.
const TOUCH_INTERVAL_MS = 60_000;

// The one query of every authenticated request: session, person, tenant and unit in one read.
const selectSession = preparedQuery((db, tokenHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('tenants', 'tenants.id', 'sessions.tenant_id')
    .innerJoin('org_units', 'org_units.id', 'users.unit_id')
    .select([
      'sessions.id as session_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id as user_id',
      'users.tenant_id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.unit_id',
      'users.status',
      'users.must_change_password',
      'tenants.settings',
      'tenants.name as tenant_name',
      'org_units.name as unit_name',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null),
);

interface CachedSession {
  actor: Actor;
  lastSeen: number;
  expiresAt: number;
  cachedAt: number;
  generation: number;
}

// Sessions resolved in the last moments, by token hash. Every audited write (logout, a password
// change, a move, a new leader, a person leaving …) starts a new generation, which empties the
// cache at once in this process; other processes of a PostgreSQL deployment see such a change
// within SESSION_CACHE_MS. The idle and absolute timeouts are still checked on every request.
const sessionCache = new Map<string, CachedSession>();
const SESSION_CACHE_MAX = 10_000;
let generation = 0;

/** Moves with every invalidateSessionCache: what was derived from people or the org before is old. */
export function sessionGeneration(): number {
  return generation;
}

/** Forget every cached session: called for every audited write (see recordSystemAudit). */
export function invalidateSessionCache(): void {
  generation++;
  sessionCache.clear();
}

async function loadSession(db: DB, hash: string, t: number): Promise<CachedSession | null> {
  const [row] = await selectSession(db, hash);
  if (!row || row.status !== 'active') return null;
  const role = row.role as Role;
  const who = { userId: row.user_id, tenantId: row.tenant_id, unitId: row.unit_id };
  const actor: Actor = {
    userId: row.user_id,
    tenantId: row.tenant_id,
    username: row.username,
    displayName: row.display_name,
    role,
    unitId: row.unit_id,
    tenantName: row.tenant_name,
    unitName: row.unit_name,
    sessionId: row.session_id,
    visibility: await resolveVisibility(db, who, scopeFor(role, row.settings)),
    mustChangePassword: row.must_change_password === 1,
  };
  return { actor, lastSeen: Date.parse(row.last_seen_at), expiresAt: Date.parse(row.expires_at), cachedAt: t, generation };
}

/** Resolves the session cookie to an actor, or null when absent, unknown, revoked or timed out. */
export async function resolveActor(
  db: DB,
  config: Config,
  token: string | undefined,
  touch = true,
): Promise<Actor | null> {
  if (!token) return null;
  const hash = hashToken(token);
  const t = now().getTime();
  let session = sessionCache.get(hash) ?? null;
  if (!session || session.generation !== generation || t - session.cachedAt >= config.sessionCacheMs) {
    const gen = generation;
    session = await loadSession(db, hash, t);
    if (!session) {
      sessionCache.delete(hash);
      return null;
    }
    // A write that landed while this was read makes it stale before it is stored.
    if (gen === generation) {
      if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
      sessionCache.set(hash, session);
    }
  }
  if (session.expiresAt <= t || session.lastSeen + config.sessionIdleMinutes * 60_000 <= t) {
    sessionCache.delete(hash);
    return null;
  }
  if (touch && t - session.lastSeen > TOUCH_INTERVAL_MS) {
    session.lastSeen = t;
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(t).toISOString() })
      .where('id', '=', session.actor.sessionId)
      .execute();
  }
  return session.actor;
}

function scopeFor(role: Role, settingsJson: string): ScopeKind {
  try {
    const settings = JSON.parse(settingsJson) as { scopes?: Partial<Record<Role, ScopeKind>> };
    return settings.scopes?.[role] ?? defaultScopes[role];
  } catch {
    return defaultScopes[role];
  }
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  void reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence by same-origin check: a state-changing request must carry an Origin (or Referer)
 * whose host is the host it was sent to. Browsers always send Origin on cross-site POSTs, and a
 * page on another site cannot forge it. SameSite=Lax on the cookie is a second layer.
 */
export function assertSameOrigin(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const source = req.headers.origin ?? req.headers.referer;
  const host =
    req.headers['x-forwarded-host'] && req.server.deps.config.trustProxy
      ? req.headers['x-forwarded-host']
      : req.headers.host;
  let sourceHost: string | null = null;
  try {
    sourceHost = source ? new URL(source).host : null;
  } catch {
    sourceHost = null;
  }
  if (!sourceHost || !host || sourceHost !== host) {
    throw new AppError(
      'CSRF_REJECTED',
      403,
      'Cross-site request refused: send an Origin header of this site',
    );
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The service context of an authenticated request; 401 when nobody is logged in. */
export function ctxOf(req: FastifyRequest, db: DB): Ctx {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 401, 'Log in first');
  return { db, actor: req.actor, requestId: req.id, ip: req.ip };
}
