import type { Kysely } from 'kysely';

/**
 * Attendance (差勤): calendar overrides, rules, workplace locations, QR keys, one record per person
 * and meeting day, leave and make-up requests, monthly rollups, closed days and allowance bases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Only the tenant's own entries: the statutory calendar is read from the bundled package and
  // plain weekdays/weekends need no row.
  await db.schema
    .createTable('attendance_calendar_days')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_calendar_days_pk', ['tenant_id', 'date'])
    .execute();

  // scope_key is 'tenant' for the tenant's rules, or the id of a department overriding its meeting rules.
  await db.schema
    .createTable('attendance_rule_sets')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_rule_sets_pk', ['tenant_id', 'scope_key'])
    .execute();

  await db.schema
    .createTable('attendance_locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('radius_m', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attendance_locations_tenant').on('attendance_locations').column('tenant_id').execute();

  await db.schema
    .createTable('attendance_qr_keys')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // One row per person and meeting day: the unique key is what makes a check-in idempotent however
  // many times, and from however many connections, it is sent.
  await db.schema
    .createTable('attendance_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('check_in_at', 'text')
    .addColumn('check_out_at', 'text')
    .addColumn('early_leave', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('leave_type', 'text')
    .addColumn('leave_counts', 'text')
    .addColumn('request_id', 'text')
    .addColumn('delayed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outside_geofence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('attendance_records_person_day', ['tenant_id', 'user_id', 'date'])
    .execute();
  // NULL keys never collide on either database.
  await db.schema
    .createIndex('attendance_records_idempotency')
    .on('attendance_records')
    .columns(['tenant_id', 'user_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema.createIndex('attendance_records_day').on('attendance_records').columns(['tenant_id', 'date', 'unit_id']).execute();

  // Per person and work month, kept current in the transaction of every record write, so monthly
  // figures for thousands of people read one row each rather than every day's record.
  await db.schema
    .createTable('attendance_month_stats')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('present', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('absent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('leave_attended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('leave_excused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('leave_unexcused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('early_leave', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('attendance_month_stats_pk', ['tenant_id', 'month', 'user_id'])
    .execute();

  await db.schema
    .createTable('attendance_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('leave_type', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('time', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decision_comment', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attendance_requests_user').on('attendance_requests').columns(['tenant_id', 'user_id', 'start_date']).execute();
  await db.schema.createIndex('attendance_requests_status').on('attendance_requests').columns(['tenant_id', 'status', 'created_at']).execute();

  // A meeting day is closed once its absent threshold has passed: everyone expected without a
  // record gets an absent one, so monthly figures are sums of rows.
  await db.schema
    .createTable('attendance_day_closes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('absent_count', 'integer', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_day_closes_pk', ['tenant_id', 'date'])
    .execute();

  await db.schema
    .createTable('attendance_allowance_bases')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('base_fen', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_allowance_bases_pk', ['tenant_id', 'month', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'attendance_allowance_bases',
    'attendance_day_closes',
    'attendance_requests',
    'attendance_month_stats',
    'attendance_records',
    'attendance_qr_keys',
    'attendance_locations',
    'attendance_rule_sets',
    'attendance_calendar_days',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
