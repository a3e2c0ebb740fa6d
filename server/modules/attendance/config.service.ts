import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type {
  AttendanceRules,
  CalendarDay,
  CalendarDayInputSchema,
  Location,
  LocationInputSchema,
  MeetingRules,
  RulesView,
} from '../../../contracts/attendance.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUnitVisible } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AttendanceLocationTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { DEFAULT_RULES, addDays, calendarDay, meetingRulesOf, type TenantDay } from './attendance.rules.ts';
import * as repo from './config.repository.ts';
import { rebuildMonthStats } from './record.repository.ts';

/**
 * A tenant's attendance configuration, read once and kept for a few seconds: every check-in needs
 * the rules, the calendar and the locations, and they change a few times a year. Writes in this
 * process drop the entry at once; another process sees them within CONFIG_CACHE_MS.
 */
export interface TenantConfig {
  tenantId: string;
  timeZone: string;
  rules: AttendanceRules;
  overrides: Map<string, MeetingRules>;
  ownDays: Map<string, TenantDay>;
  locations: Location[];
  loadedAt: number;
  /** Effective rules per unit, filled as units are asked for. */
  unitRules: Map<string, AttendanceRules>;
}

const CONFIG_CACHE_MS = 5_000;
const cache = new Map<string, Promise<TenantConfig>>();

export function invalidateTenantConfig(tenantId: string): void {
  cache.delete(tenantId);
}

export function tenantConfig(db: Queryable, tenantId: string): Promise<TenantConfig> {
  const hit = cache.get(tenantId);
  if (hit) return hit;
  const p = loadConfig(db, tenantId).then((cfg) => {
    setTimeout(() => {
      if (cache.get(tenantId) === p) cache.delete(tenantId);
    }, CONFIG_CACHE_MS).unref();
    return cfg;
  });
  p.catch(() => cache.delete(tenantId));
  cache.set(tenantId, p);
  return p;
}

/** Stored rules are read over the current defaults, so a rule added later has its default. */
function parseRules(json: string): AttendanceRules {
  return { ...DEFAULT_RULES, ...(JSON.parse(json) as Partial<AttendanceRules>) };
}

async function loadConfig(db: Queryable, tenantId: string): Promise<TenantConfig> {
  const [sets, days, locations, timeZone] = await Promise.all([
    repo.findRuleSets(db, tenantId),
    repo.findCalendarDays(db, tenantId),
    repo.findLocations(db, tenantId),
    repo.findTenantTimeZone(db, tenantId),
  ]);
  const tenantSet = sets.find((s) => s.scope_key === repo.TENANT_SCOPE);
  const rules = tenantSet ? parseRules(tenantSet.rules) : DEFAULT_RULES;
  const overrides = new Map<string, MeetingRules>();
  for (const s of sets) {
    if (s.scope_key !== repo.TENANT_SCOPE)
      overrides.set(s.scope_key, { ...meetingRulesOf(rules), ...(JSON.parse(s.rules) as MeetingRules) });
  }
  return {
    tenantId,
    timeZone,
    rules,
    overrides,
    ownDays: new Map(days.map((d) => [d.date, { kind: d.kind as TenantDay['kind'], name: d.name }])),
    locations: locations.filter((l) => l.active === 1).map(toLocation),
    loadedAt: Date.now(),
    unitRules: new Map(),
  };
}

/** The rules for members of a unit: the tenant's, with the nearest department override's meeting rules. */
export async function rulesForUnit(
  db: Queryable,
  cfg: TenantConfig,
  unitId: string,
): Promise<AttendanceRules> {
  if (cfg.overrides.size === 0) return cfg.rules;
  const hit = cfg.unitRules.get(unitId);
  if (hit) return hit;
  const ancestors = await repo.findAncestorIds(db, unitId);
  const nearest = ancestors.find((id) => cfg.overrides.has(id));
  const rules = nearest ? { ...cfg.rules, ...cfg.overrides.get(nearest) } : cfg.rules;
  cfg.unitRules.set(unitId, rules);
  return rules;
}

export function dayOf(cfg: TenantConfig, date: string): CalendarDay {
  return calendarDay(date, cfg.ownDays.get(date), cfg.rules);
}

export function daysOf(cfg: TenantConfig, from: string, to: string): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(dayOf(cfg, d));
  return out;
}

export function meetingDaysOf(cfg: TenantConfig, from: string, to: string): string[] {
  return daysOf(cfg, from, to)
    .filter((d) => d.meetingDay)
    .map((d) => d.date);
}

// ---- Rules ----------------------------------------------------------------------------------

export async function getRulesView(ctx: Ctx): Promise<RulesView> {
  assertCan(ctx.actor, 'attendance.read');
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  const ids = [...cfg.overrides.keys()];
  const units =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom('org_units')
          .select(['id', 'name'])
          .where('tenant_id', '=', ctx.actor.tenantId)
          .where('id', 'in', ids)
          .execute();
  const names = new Map(units.map((u) => [u.id, u.name]));
  return {
    tenant: cfg.rules,
    overrides: ids.map((unitId) => ({
      unitId,
      unitName: names.get(unitId) ?? '',
      rules: cfg.overrides.get(unitId)!,
    })),
  };
}

export async function putTenantRules(ctx: Ctx, rules: AttendanceRules): Promise<RulesView> {
  assertCan(ctx.actor, 'attendance.configure');
  const before = (await tenantConfig(ctx.db, ctx.actor.tenantId)).rules;
  await inTx(ctx, async (tx) => {
    await repo.upsertRuleSet(tx.db, {
      tenant_id: ctx.actor.tenantId,
      scope_key: repo.TENANT_SCOPE,
      rules: JSON.stringify(rules),
      updated_by: ctx.actor.userId,
      updated_at: nowIso(),
    });
    await recordAudit(tx, {
      entity: 'attendanceRules',
      entityId: ctx.actor.tenantId,
      action: 'update',
      before,
      after: rules,
      sessionNeutral: true,
    });
    // The monthly rollups are filed by work month: a new way of counting months refiles them.
    if (JSON.stringify(before.workMonth) !== JSON.stringify(rules.workMonth)) {
      await rebuildMonthStats(tx.db, ctx.actor.tenantId, rules.workMonth);
    }
  });
  invalidateTenantConfig(ctx.actor.tenantId);
  return getRulesView(ctx);
}

export async function putUnitRules(ctx: Ctx, unitId: string, rules: MeetingRules): Promise<RulesView> {
  assertCan(ctx.actor, 'attendance.configure');
  await assertUnitVisible(ctx.db, ctx.actor, unitId);
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  await inTx(ctx, async (tx) => {
    await repo.upsertRuleSet(tx.db, {
      tenant_id: ctx.actor.tenantId,
      scope_key: unitId,
      rules: JSON.stringify(rules),
      updated_by: ctx.actor.userId,
      updated_at: nowIso(),
    });
    await recordAudit(tx, {
      entity: 'attendanceRules',
      entityId: unitId,
      action: cfg.overrides.has(unitId) ? 'update' : 'create',
      before: cfg.overrides.get(unitId) ?? null,
      after: rules,
      sessionNeutral: true,
    });
  });
  invalidateTenantConfig(ctx.actor.tenantId);
  return getRulesView(ctx);
}

export async function deleteUnitRules(ctx: Ctx, unitId: string): Promise<RulesView> {
  assertCan(ctx.actor, 'attendance.configure');
  await assertUnitVisible(ctx.db, ctx.actor, unitId);
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  if (!cfg.overrides.has(unitId)) throw notFound('Unit rules');
  await inTx(ctx, async (tx) => {
    await repo.deleteRuleSet(tx.db, ctx.actor.tenantId, unitId);
    await recordAudit(tx, {
      entity: 'attendanceRules',
      entityId: unitId,
      action: 'delete',
      before: cfg.overrides.get(unitId) ?? null,
      sessionNeutral: true,
    });
  });
  invalidateTenantConfig(ctx.actor.tenantId);
  return getRulesView(ctx);
}

// ---- Calendar -------------------------------------------------------------------------------

export async function getCalendar(ctx: Ctx, year: number): Promise<CalendarDay[]> {
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  return daysOf(cfg, `${year}-01-01`, `${year}-12-31`);
}

export type CalendarDayInput = z.output<typeof CalendarDayInputSchema>;

export async function putCalendarDay(ctx: Ctx, date: string, input: CalendarDayInput): Promise<CalendarDay> {
  assertCan(ctx.actor, 'attendance.configure');
  assertRealDate(date);
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  const before = dayOf(cfg, date);
  await inTx(ctx, async (tx) => {
    await repo.upsertCalendarDay(tx.db, {
      tenant_id: ctx.actor.tenantId,
      date,
      kind: input.kind,
      name: input.name,
      updated_by: ctx.actor.userId,
      updated_at: nowIso(),
    });
    await recordAudit(tx, {
      entity: 'calendarDay',
      entityId: date,
      action: 'update',
      before,
      after: input,
      sessionNeutral: true,
    });
  });
  invalidateTenantConfig(ctx.actor.tenantId);
  return dayOf(await tenantConfig(ctx.db, ctx.actor.tenantId), date);
}

/** Drops the tenant's entry: the day follows the statutory calendar again. */
export async function resetCalendarDay(ctx: Ctx, date: string): Promise<CalendarDay> {
  assertCan(ctx.actor, 'attendance.configure');
  assertRealDate(date);
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  const own = cfg.ownDays.get(date);
  if (!own) throw notFound('Calendar entry');
  await inTx(ctx, async (tx) => {
    await repo.deleteCalendarDay(tx.db, ctx.actor.tenantId, date);
    await recordAudit(tx, {
      entity: 'calendarDay',
      entityId: date,
      action: 'delete',
      before: own,
      sessionNeutral: true,
    });
  });
  invalidateTenantConfig(ctx.actor.tenantId);
  return dayOf(await tenantConfig(ctx.db, ctx.actor.tenantId), date);
}

/** Writes many calendar entries in one transaction (the year import); one audit row lists them. */
export async function putCalendarDays(
  ctx: Ctx,
  days: { date: string; kind: 'workday' | 'holiday'; name: string | null }[],
): Promise<number> {
  assertCan(ctx.actor, 'attendance.configure');
  const at = nowIso();
  await inTx(ctx, async (tx) => {
    for (const d of days) {
      await repo.upsertCalendarDay(tx.db, {
        tenant_id: ctx.actor.tenantId,
        date: d.date,
        kind: d.kind,
        name: d.name,
        updated_by: ctx.actor.userId,
        updated_at: at,
      });
    }
    await recordAudit(tx, {
      entity: 'calendarDay',
      entityId: 'import',
      action: 'import',
      after: { days },
      sessionNeutral: true,
    });
  });
  invalidateTenantConfig(ctx.actor.tenantId);
  return days.length;
}

export function assertRealDate(date: string, path = 'params.date'): void {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
    throw new AppError('VALIDATION_FAILED', 400, 'Not a calendar date', [
      { path, message: 'Not a calendar date', code: 'invalidDate' },
    ]);
  }
}

// ---- Locations ------------------------------------------------------------------------------

function toLocation(r: AttendanceLocationTable): Location {
  return {
    id: r.id,
    name: r.name,
    lat: Number(r.lat),
    lng: Number(r.lng),
    radiusM: r.radius_m,
    active: r.active === 1,
  };
}

export type LocationInput = z.output<typeof LocationInputSchema>;

export async function listLocations(ctx: Ctx): Promise<Location[]> {
  return (await repo.findLocations(ctx.db, ctx.actor.tenantId)).map(toLocation);
}

export async function createLocation(ctx: Ctx, input: LocationInput): Promise<Location> {
  assertCan(ctx.actor, 'attendance.configure');
  const at = nowIso();
  const row: AttendanceLocationTable = {
    id: newId(),
    tenant_id: ctx.actor.tenantId,
    name: input.name,
    lat: input.lat,
    lng: input.lng,
    radius_m: input.radiusM,
    active: input.active ? 1 : 0,
    created_at: at,
    updated_at: at,
  };
  await inTx(ctx, async (tx) => {
    await repo.insertLocation(tx.db, row);
    await recordAudit(tx, {
      entity: 'attendanceLocation',
      entityId: row.id,
      action: 'create',
      after: toLocation(row),
      sessionNeutral: true,
    });
  });
  invalidateTenantConfig(ctx.actor.tenantId);
  return toLocation(row);
}

export async function updateLocation(ctx: Ctx, id: string, input: LocationInput): Promise<Location> {
  assertCan(ctx.actor, 'attendance.configure');
  const before = await repo.findLocation(ctx.db, ctx.actor.tenantId, id);
  if (!before) throw notFound('Location');
  const row: AttendanceLocationTable = {
    ...before,
    name: input.name,
    lat: input.lat,
    lng: input.lng,
    radius_m: input.radiusM,
    active: input.active ? 1 : 0,
    updated_at: nowIso(),
  };
  await inTx(ctx, async (tx) => {
    await repo.updateLocation(tx.db, row);
    await recordAudit(tx, {
      entity: 'attendanceLocation',
      entityId: id,
      action: 'update',
      before: toLocation(before),
      after: toLocation(row),
      sessionNeutral: true,
    });
  });
  invalidateTenantConfig(ctx.actor.tenantId);
  return toLocation(row);
}

export async function deleteLocation(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'attendance.configure');
  const before = await repo.findLocation(ctx.db, ctx.actor.tenantId, id);
  if (!before) throw notFound('Location');
  await inTx(ctx, async (tx) => {
    await repo.deleteLocation(tx.db, ctx.actor.tenantId, id);
    await recordAudit(tx, {
      entity: 'attendanceLocation',
      entityId: id,
      action: 'delete',
      before: toLocation(before),
      sessionNeutral: true,
    });
  });
  invalidateTenantConfig(ctx.actor.tenantId);
}

// ---- QR key ---------------------------------------------------------------------------------

const qrSecrets = new Map<string, Buffer>();

/** The tenant's key for signing meeting QR codes, made on first use and never sent to a client. */
export async function qrSecret(db: Queryable, tenantId: string): Promise<Buffer> {
  const hit = qrSecrets.get(tenantId);
  if (hit) return hit;
  const stored =
    (await repo.findQrSecret(db, tenantId)) ??
    (await repo.insertQrSecret(db, tenantId, randomBytes(32).toString('base64url'), nowIso()));
  const key = Buffer.from(stored, 'base64url');
  qrSecrets.set(tenantId, key);
  return key;
}
