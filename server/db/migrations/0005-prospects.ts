import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Prospects and customers (客户积累, 客户管理): Plan 100 name lists, the grading rubric, prospect
 * cards and their funnel stages, supervisors' spot-checks, customers in households, policies,
 * after-sales service requests and handovers.
 *
 * Every row an agent owns carries `owner_id` and `unit_id`, the owner's current team: scope
 * filters and the department search read that column through an index, so it is rewritten when a
 * handover or a team move changes the owner or their team (history tables keep the unit of the day).
 * Money is integer fen. `erased_at` marks a person whose personal fields were erased (PIPL): the
 * row stays, anonymised, so counts and funnel figures do not change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A rubric is versioned: a card keeps the version it was scored under, and a new version never
  // rewrites old grades (re-scoring is an explicit action).
  await db.schema
    .createTable('prospect_rubrics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('grade_a_min', 'integer', (c) => c.notNull())
    .addColumn('grade_b_min', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('prospect_rubrics_version', ['tenant_id', 'version'])
    .execute();

  // Plan 100: one row per name on an agent's list. name_key is the name normalised (trimmed,
  // inner spaces removed, lower case) so duplicates within a list are found by an index.
  await db.schema
    .createTable('plan_names')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('note', 'text')
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('score', 'integer')
    .addColumn('grade', 'text')
    .addColumn('rubric_version', 'integer')
    .addColumn('answers', 'text')
    .addColumn('scored_at', 'text')
    .addColumn('prospect_id', 'text')
    .addColumn('erased_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_names_owner').on('plan_names').columns(['tenant_id', 'owner_id', 'created_at']).execute();
  await db.schema.createIndex('plan_names_owner_key').on('plan_names').columns(['tenant_id', 'owner_id', 'name_key']).execute();
  await db.schema.createIndex('plan_names_unit_name').on('plan_names').columns(['tenant_id', 'unit_id', 'name']).execute();

  await db.schema
    .createTable('prospects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('name_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('id_number', 'text')
    .addColumn('gender', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('family', 'text')
    .addColumn('occupation', 'text')
    .addColumn('income_band', 'text')
    .addColumn('needs', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('referrer_prospect_id', 'text')
    .addColumn('referrer_customer_id', 'text')
    .addColumn('campaign_ref', 'text')
    .addColumn('grade', 'text')
    .addColumn('score', 'integer')
    .addColumn('rubric_version', 'integer')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_reason', 'text')
    .addColumn('stage_changed_at', 'text', (c) => c.notNull())
    .addColumn('next_follow_up', 'text')
    .addColumn('tags', 'text')
    .addColumn('consent_note', 'text')
    .addColumn('consent_date', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('erased_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prospects_owner_follow_up')
    .on('prospects')
    .columns(['tenant_id', 'owner_id', 'next_follow_up'])
    .execute();
  await db.schema.createIndex('prospects_unit_name').on('prospects').columns(['tenant_id', 'unit_id', 'name']).execute();
  // A department's search by name prefix (name LIKE '王%'): SQLite reads it as a range of the index
  // above; PostgreSQL's collations give LIKE no range there, a pattern-ops index does.
  if (dialectOf(db) === 'postgres') {
    await sql`create index prospects_unit_name_prefix on prospects (tenant_id, unit_id, name text_pattern_ops)`.execute(db);
    await sql`create index plan_names_unit_name_prefix on plan_names (tenant_id, unit_id, name text_pattern_ops)`.execute(db);
  }
  await db.schema.createIndex('prospects_unit_created').on('prospects').columns(['tenant_id', 'unit_id', 'created_at']).execute();

  // Every stage move, timestamped: conversion and time-in-stage are read from here. unit_id is the
  // owner's team at the time of the move.
  await db.schema
    .createTable('prospect_stage_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('prospect_id', 'text', (c) => c.notNull().references('prospects.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prospect_stage_changes_prospect')
    .on('prospect_stage_changes')
    .columns(['prospect_id', 'changed_at'])
    .execute();
  await db.schema
    .createIndex('prospect_stage_changes_unit')
    .on('prospect_stage_changes')
    .columns(['tenant_id', 'unit_id', 'changed_at'])
    .execute();
  // A card's contact history: the activities that name it, newest first.
  await db.schema.createIndex('activities_prospect').on('activities').columns(['prospect_id', 'occurred_at']).execute();

  await db.schema
    .createTable('spot_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('supervisor_id', 'text', (c) => c.notNull())
    .addColumn('sample_size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('spot_checks_agent').on('spot_checks').columns(['tenant_id', 'agent_id', 'created_at']).execute();
  await db.schema
    .createTable('spot_check_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('spot_check_id', 'text', (c) => c.notNull().references('spot_checks.id'))
    .addColumn('prospect_id', 'text', (c) => c.notNull().references('prospects.id'))
    .addColumn('comment', 'text')
    .addColumn('commented_at', 'text')
    .addColumn('seen_at', 'text')
    .execute();
  await db.schema.createIndex('spot_check_items_check').on('spot_check_items').columns(['spot_check_id']).execute();
  await db.schema.createIndex('spot_check_items_prospect').on('spot_check_items').columns(['prospect_id']).execute();

  await db.schema
    .createTable('households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('households_owner').on('households').columns(['tenant_id', 'owner_id']).execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.references('households.id'))
    .addColumn('household_role', 'text')
    .addColumn('prospect_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('id_number', 'text')
    .addColumn('gender', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('address', 'text')
    .addColumn('notes', 'text')
    .addColumn('erased_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_owner_name').on('customers').columns(['tenant_id', 'owner_id', 'name']).execute();
  await db.schema.createIndex('customers_unit_name').on('customers').columns(['tenant_id', 'unit_id', 'name']).execute();
  await db.schema.createIndex('customers_household').on('customers').columns(['household_id']).execute();
  if (dialectOf(db) === 'postgres')
    await sql`create index customers_unit_name_prefix on customers (tenant_id, unit_id, name text_pattern_ops)`.execute(db);

  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('household_id', 'text')
    .addColumn('policy_no', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('coverage_kind', 'text', (c) => c.notNull())
    .addColumn('sum_assured_fen', 'bigint')
    .addColumn('insured_name', 'text', (c) => c.notNull())
    .addColumn('beneficiary_name', 'text')
    .addColumn('premium_fen', 'bigint', (c) => c.notNull())
    .addColumn('payment_mode', 'text', (c) => c.notNull())
    .addColumn('payment_term_years', 'integer')
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('policies_number', ['tenant_id', 'policy_no'])
    .execute();
  await db.schema.createIndex('policies_customer').on('policies').columns(['customer_id']).execute();
  await db.schema.createIndex('policies_household').on('policies').columns(['household_id']).execute();
  await db.schema.createIndex('policies_owner').on('policies').columns(['tenant_id', 'owner_id', 'effective_date']).execute();

  await db.schema
    .createTable('service_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('policy_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('activity_id', 'text')
    .addColumn('satisfaction', 'integer')
    .addColumn('completed_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_requests_owner')
    .on('service_requests')
    .columns(['tenant_id', 'owner_id', 'status', 'due_date'])
    .execute();
  await db.schema
    .createIndex('service_requests_unit')
    .on('service_requests')
    .columns(['tenant_id', 'unit_id', 'status', 'due_date'])
    .execute();

  // A handover and exactly what it moved: the history of each card and customer stays with it.
  await db.schema
    .createTable('handovers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('from_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('to_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('handovers_tenant').on('handovers').columns(['tenant_id', 'created_at']).execute();
  await db.schema
    .createTable('handover_items')
    .addColumn('handover_id', 'text', (c) => c.notNull().references('handovers.id'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('handover_items_pk', ['handover_id', 'entity', 'entity_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('activities_prospect').execute();
  for (const table of [
    'handover_items',
    'handovers',
    'service_requests',
    'policies',
    'customers',
    'households',
    'spot_check_items',
    'spot_checks',
    'prospect_stage_changes',
    'prospects',
    'plan_names',
    'prospect_rubrics',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
