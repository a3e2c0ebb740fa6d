import type { ActivitySettings, ActivityStage, ActivityType } from '../../../contracts/activity.ts';
import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { ActivityTypeTable } from '../../db/schema.ts';
import { businessDate, nowIso } from '../../lib/clock.ts';
import { tenantConfig } from '../attendance/config.service.ts';
import { DEFAULT_SETTINGS, DEFAULT_TYPES, fromMilli, pointsOn } from './activity.rules.ts';
import * as repo from './config.repository.ts';

/**
 * A tenant's activity configuration — settings, types and their dated points — read once and kept
 * for a few seconds: every activity logged needs the type's points on its date. Writes in this
 * process drop the entry (`invalidateActivityConfig`); another process sees them within
 * CONFIG_CACHE_MS. A tenant without types gets the defaults of practice on first read.
 */

export interface TypeConfig {
  row: ActivityTypeTable;
  stage: ActivityStage;
  /** Dated points, oldest first. */
  history: { effectiveFrom: string; pointsMilli: number }[];
}

export interface ActivityConfig {
  tenantId: string;
  timeZone: string;
  settings: ActivitySettings;
  /** In the tenant's order (sort order, then code). */
  types: TypeConfig[];
  typesById: Map<string, TypeConfig>;
}

const CONFIG_CACHE_MS = 5_000;
const cache = new Map<string, Promise<ActivityConfig>>();

export function invalidateActivityConfig(tenantId: string): void {
  cache.delete(tenantId);
}

export function activityConfig(db: Queryable, tenantId: string): Promise<ActivityConfig> {
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

/** Stored settings are read over the current defaults, so a setting added later has its default. */
function parseSettings(json: string | undefined): ActivitySettings {
  return json ? { ...DEFAULT_SETTINGS, ...(JSON.parse(json) as Partial<ActivitySettings>) } : DEFAULT_SETTINGS;
}

async function loadConfig(db: Queryable, tenantId: string): Promise<ActivityConfig> {
  let types = await repo.findTypes(db, tenantId);
  if (types.length === 0) {
    await ensureDefaultTypes(db, tenantId);
    types = await repo.findTypes(db, tenantId);
  }
  const [settingsRow, points, attendance] = await Promise.all([
    repo.findSettingsRow(db, tenantId),
    repo.findTypePoints(db, tenantId),
    tenantConfig(db, tenantId),
  ]);
  const history = new Map<string, { effectiveFrom: string; pointsMilli: number }[]>();
  for (const p of points) {
    const list = history.get(p.type_id) ?? [];
    list.push({ effectiveFrom: p.effective_from, pointsMilli: p.points_milli });
    history.set(p.type_id, list);
  }
  const typeConfigs = types.map((row) => ({ row, stage: row.stage as ActivityStage, history: history.get(row.id) ?? [] }));
  return {
    tenantId,
    timeZone: attendance.timeZone,
    settings: parseSettings(settingsRow?.settings),
    types: typeConfigs,
    typesById: new Map(typeConfigs.map((t) => [t.row.id, t])),
  };
}

/**
 * The defaults of practice, effective from 2000-01-01 so that any backdated or imported history
 * earns them. Not audited: nobody made a choice; the first change by an admin is.
 */
async function ensureDefaultTypes(db: Queryable, tenantId: string): Promise<void> {
  const at = nowIso();
  const types: ActivityTypeTable[] = DEFAULT_TYPES.map((t, i) => ({
    id: newId(),
    tenant_id: tenantId,
    code: t.code,
    name: t.name,
    name_en: t.nameEn,
    stage: t.stage,
    active: 1,
    sort_order: (i + 1) * 10,
    created_at: at,
    updated_at: at,
  }));
  const points = types.map((t, i) => ({
    tenant_id: tenantId,
    type_id: t.id,
    effective_from: DEFAULT_POINTS_FROM,
    points_milli: DEFAULT_TYPES[i]!.pointsMilli,
    created_by: null,
    created_at: at,
  }));
  await repo.insertTypesIfAbsent(db, types, points);
}

export const DEFAULT_POINTS_FROM = '2000-01-01';

/** The points (thousandths) a type earns on a date. */
export function typePointsOn(type: TypeConfig, date: string): number {
  return pointsOn(type.history, date);
}

export function toActivityType(t: TypeConfig, today: string): ActivityType {
  return {
    id: t.row.id,
    code: t.row.code,
    name: t.row.name,
    nameEn: t.row.name_en,
    stage: t.stage,
    points: fromMilli(typePointsOn(t, today)),
    pointsHistory: t.history.map((h) => ({ effectiveFrom: h.effectiveFrom, points: fromMilli(h.pointsMilli) })),
    active: t.row.active === 1,
    sortOrder: t.row.sort_order,
  };
}

/** Today in the tenant's zone. */
export function todayOf(cfg: ActivityConfig): string {
  return businessDate(undefined, cfg.timeZone);
}
