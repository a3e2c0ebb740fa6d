import type { Kysely } from 'kysely';

/**
 * Activity management (活动量管理): activity types and their dated points, activities, the daily
 * work log with its comments and review, coaching, plans, team standards, skill self-assessment,
 * the tenant's activity settings, and the per-person-per-day rollups every figure is read from.
 *
 * Points are integer thousandths (`points_milli`): 0.2 is 200, and sums of many 0.2s never drift.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('activity_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('activity_types_code', ['tenant_id', 'code'])
    .execute();

  // A type's points from a date on: an activity earns the points in force on its own date, and
  // keeps them (activities.points_milli) whatever changes later.
  await db.schema
    .createTable('activity_type_points')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull().references('activity_types.id'))
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('points_milli', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_type_points_pk', ['type_id', 'effective_from'])
    .execute();

  // unit_id is the person's team on the activity's date, stage and points are frozen at writing:
  // history keeps the team, funnel stage and points it was earned under.
  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull().references('activity_types.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('points_milli', 'integer', (c) => c.notNull())
    .addColumn('premium_fen', 'integer')
    .addColumn('prospect_id', 'text')
    .addColumn('prospect_name', 'text')
    .addColumn('outcome', 'text')
    .addColumn('notes', 'text')
    .addColumn('next_step', 'text')
    .addColumn('next_step_date', 'text')
    .addColumn('partner_id', 'text')
    .addColumn('late_entry', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_user_date').on('activities').columns(['tenant_id', 'user_id', 'date']).execute();
  await db.schema.createIndex('activities_unit_date').on('activities').columns(['tenant_id', 'unit_id', 'date']).execute();

  await db.schema
    .createTable('work_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('tomorrow_plan', 'text')
    .addColumn('no_activity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('work_logs_person_day', ['tenant_id', 'user_id', 'date'])
    .execute();
  await db.schema
    .createIndex('work_logs_review')
    .on('work_logs')
    .columns(['tenant_id', 'unit_id', 'status', 'submitted_at'])
    .execute();

  // Supervisor comments on a log (or one of its activities) and the agent's answers, one thread.
  await db.schema
    .createTable('work_log_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('log_id', 'text', (c) => c.notNull().references('work_logs.id'))
    .addColumn('activity_id', 'text')
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_log_comments_log').on('work_log_comments').columns(['log_id', 'created_at']).execute();

  await db.schema
    .createTable('coaching_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('coach_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('log_id', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('agreed', 'text', (c) => c.notNull())
    .addColumn('follow_up_date', 'text')
    .addColumn('reply', 'text')
    .addColumn('replied_at', 'text')
    .addColumn('followed_up_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coaching_records_user').on('coaching_records').columns(['tenant_id', 'user_id', 'date']).execute();

  // items: JSON [{typeId, target, sprint, challenge}] counts per type for the three tiers.
  await db.schema
    .createTable('activity_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('period_kind', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('date_from', 'text', (c) => c.notNull())
    .addColumn('date_to', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('target_points_milli', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sprint_points_milli', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('challenge_points_milli', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('review_comment', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('activity_plans_person_period', ['tenant_id', 'user_id', 'period_kind', 'period'])
    .execute();
  await db.schema.createIndex('activity_plans_unit').on('activity_plans').columns(['tenant_id', 'unit_id', 'period_kind', 'period']).execute();

  // scope_key: 'tenant' or a unit id; a person's standard is the nearest ancestor's, else the tenant's.
  await db.schema
    .createTable('activity_standards')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('points_per_workday_milli', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_standards_pk', ['tenant_id', 'scope_key'])
    .execute();

  await db.schema
    .createTable('skill_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('self_ratings', 'text')
    .addColumn('self_note', 'text')
    .addColumn('self_at', 'text')
    .addColumn('supervisor_ratings', 'text')
    .addColumn('supervisor_note', 'text')
    .addColumn('supervisor_id', 'text')
    .addColumn('supervisor_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('skill_assessments_person_period', ['tenant_id', 'user_id', 'period'])
    .execute();

  await db.schema
    .createTable('activity_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Rollups, per person and day, kept in the transaction of every activity and work-log write.
  // unit_id is the person's team on that date, so team and department figures of any period are
  // sums over these rows. Funnel counts are per frozen stage of the day's activities.
  await db.schema
    .createTable('activity_days')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('activities', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('points_milli', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('contacts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('interviews', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('proposals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closings', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sales', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('premium_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('log_submitted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('log_reviewed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('log_reviewed_24h', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('activity_days_pk', ['tenant_id', 'user_id', 'date'])
    .execute();
  await db.schema.createIndex('activity_days_unit').on('activity_days').columns(['tenant_id', 'unit_id', 'date']).execute();
  await db.schema.createIndex('activity_days_date').on('activity_days').columns(['tenant_id', 'date']).execute();

  await db.schema
    .createTable('activity_day_types')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('points_milli', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('activity_day_types_pk', ['tenant_id', 'user_id', 'date', 'type_id'])
    .execute();
  await db.schema.createIndex('activity_day_types_unit').on('activity_day_types').columns(['tenant_id', 'unit_id', 'date']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'activity_day_types',
    'activity_days',
    'activity_settings',
    'skill_assessments',
    'activity_standards',
    'activity_plans',
    'coaching_records',
    'work_log_comments',
    'work_logs',
    'activities',
    'activity_type_points',
    'activity_types',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
