import type { Actor, Ctx } from '../../access/actor.ts';
import { can } from '../../access/permissions.ts';
import type { Visibility } from '../../access/scope.ts';
import { forbidden, invalid, notFound } from '../../http/errors.ts';
import { businessDate } from '../../lib/clock.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';

/**
 * Who sees and who changes customers, households, policies and service requests.
 *
 * - Everyone keeps their own (prospect.own): an agent reads and writes only what they own, whatever
 *   scope their tenant gave their role.
 * - Leads (prospect.read: supervisors, managers, staff, executives) read what is filed under their
 *   scope.
 * - Those who manage the book of business (prospect.handover: managers, staff, admins) also
 *   correct and complete it within their scope (a policy import for the team, a service request).
 *
 * Anything outside what the reader may see answers 404; something they may see but not change, 403.
 */

const selfOnly = (actor: Actor): Visibility => ({ ...actor.visibility, all: false, roots: [] });

export function readVisibility(actor: Actor): Visibility {
  return can(actor, 'prospect.read') ? actor.visibility : selfOnly(actor);
}

export function writeVisibility(actor: Actor): Visibility {
  return can(actor, 'prospect.handover') ? actor.visibility : selfOnly(actor);
}

/**
 * A row the actor may change, read through `find` with the write scope; seen only with the read
 * scope it is a 403, not seen at all a 404 (`entity` names it in the messages).
 */
export async function writableRow<T>(
  actor: Actor,
  entity: string,
  find: (vis: Visibility) => Promise<T | undefined>,
): Promise<T> {
  const row = await find(writeVisibility(actor));
  if (row) return row;
  if (await find(readVisibility(actor))) {
    throw forbidden(`Only the owner (or a manager of their unit) may change this ${entity.toLowerCase()}`);
  }
  throw notFound(entity);
}

/** Today in the tenant's time zone. */
export async function tenantToday(ctx: Pick<Ctx, 'db' | 'actor'>): Promise<string> {
  return businessDate(undefined, await findTenantTimeZone(ctx.db, ctx.actor.tenantId));
}

/** Case-sensitive prefix pattern for LIKE, its wildcards escaped. */
export function prefixPattern(text: string): string {
  return `${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/** "field" / "-field" against the allowed keys, else 400 on querystring.sort. */
export function parseSortKey<K extends string>(
  sort: string | undefined,
  keys: readonly K[],
  fallback: { sort: K; desc: boolean },
): { sort: K; desc: boolean } {
  if (!sort) return fallback;
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  if (!(keys as readonly string[]).includes(key)) return invalidSort(keys);
  return { sort: key as K, desc };
}

function invalidSort(keys: readonly string[]): never {
  throw invalid([
    { path: 'querystring.sort', message: `One of ${keys.join(', ')}, "-" for descending`, code: 'invalid_value' },
  ]);
}
