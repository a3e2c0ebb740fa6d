import type { Queryable } from '../../db/database.ts';
import type {
  AttendanceCalendarDayTable,
  AttendanceLocationTable,
  AttendanceRuleSetTable,
} from '../../db/schema.ts';

/** Attendance configuration rows: rule sets, the tenant's calendar entries, locations, the QR key. */

export const TENANT_SCOPE = 'tenant';

export function findRuleSets(db: Queryable, tenantId: string): Promise<AttendanceRuleSetTable[]> {
  return db.selectFrom('attendance_rule_sets').selectAll().where('tenant_id', '=', tenantId).execute();
}

export async function upsertRuleSet(db: Queryable, row: AttendanceRuleSetTable): Promise<void> {
  await db
    .insertInto('attendance_rule_sets')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'scope_key'])
        .doUpdateSet({ rules: row.rules, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

export async function deleteRuleSet(db: Queryable, tenantId: string, scopeKey: string): Promise<number> {
  const r = await db
    .deleteFrom('attendance_rule_sets')
    .where('tenant_id', '=', tenantId)
    .where('scope_key', '=', scopeKey)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export function findCalendarDays(db: Queryable, tenantId: string): Promise<AttendanceCalendarDayTable[]> {
  return db.selectFrom('attendance_calendar_days').selectAll().where('tenant_id', '=', tenantId).execute();
}

export async function upsertCalendarDay(db: Queryable, row: AttendanceCalendarDayTable): Promise<void> {
  await db
    .insertInto('attendance_calendar_days')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'date'])
        .doUpdateSet({
          kind: row.kind,
          name: row.name,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
    )
    .execute();
}

export async function deleteCalendarDay(db: Queryable, tenantId: string, date: string): Promise<number> {
  const r = await db
    .deleteFrom('attendance_calendar_days')
    .where('tenant_id', '=', tenantId)
    .where('date', '=', date)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export function findLocations(db: Queryable, tenantId: string): Promise<AttendanceLocationTable[]> {
  return db
    .selectFrom('attendance_locations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
}

export function findLocation(
  db: Queryable,
  tenantId: string,
  id: string,
): Promise<AttendanceLocationTable | undefined> {
  return db
    .selectFrom('attendance_locations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertLocation(db: Queryable, row: AttendanceLocationTable): Promise<void> {
  await db.insertInto('attendance_locations').values(row).execute();
}

export async function updateLocation(db: Queryable, row: AttendanceLocationTable): Promise<void> {
  await db
    .updateTable('attendance_locations')
    .set(row)
    .where('id', '=', row.id)
    .where('tenant_id', '=', row.tenant_id)
    .execute();
}

export async function deleteLocation(db: Queryable, tenantId: string, id: string): Promise<void> {
  await db
    .deleteFrom('attendance_locations')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function findQrSecret(db: Queryable, tenantId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('attendance_qr_keys')
    .select('secret')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.secret;
}

/** Stores a tenant's first QR key; a concurrent first caller's key wins and is read back. */
export async function insertQrSecret(
  db: Queryable,
  tenantId: string,
  secret: string,
  at: string,
): Promise<string> {
  await db
    .insertInto('attendance_qr_keys')
    .values({ tenant_id: tenantId, secret, created_at: at })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  return (await findQrSecret(db, tenantId)) ?? secret;
}

export async function findTenantTimeZone(db: Queryable, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  return row?.time_zone ?? 'Asia/Shanghai';
}

/** The unit and its ancestors, nearest first. */
export async function findAncestorIds(db: Queryable, unitId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('org_unit_closure')
    .select('ancestor_id')
    .where('descendant_id', '=', unitId)
    .orderBy('depth')
    .execute();
  return rows.map((r) => r.ancestor_id);
}
