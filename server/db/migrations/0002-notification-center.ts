import { sql, type Kysely } from 'kysely';

/**
 * Notification center and scheduler support:
 * - notifications.dedupe_key lets a retried job (or a repeated reminder) notify a person at most
 *   once per key; NULL keys never collide on either database.
 * - notifications_unread is a partial index over unread rows only: the unread count every open
 *   browser polls each minute is an index-only count of a few rows, however long the history.
 * - login_attempts_at serves the daily cleanup, which deletes attempts by age alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('dedupe_key', 'text').execute();
  await db.schema
    .createIndex('notifications_dedupe')
    .on('notifications')
    .columns(['tenant_id', 'user_id', 'dedupe_key'])
    .unique()
    .execute();
  // read_at is always NULL in this index, but listing it lets SQLite answer the count from the index
  // alone (it does not count a partial index's WHERE columns as covered).
  await db.schema
    .createIndex('notifications_unread')
    .on('notifications')
    .columns(['tenant_id', 'user_id', 'created_at', 'read_at'])
    .where(sql.ref('read_at'), 'is', null)
    .execute();
  await db.schema.createIndex('login_attempts_at').on('login_attempts').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('login_attempts_at').execute();
  await db.schema.dropIndex('notifications_unread').execute();
  await db.schema.dropIndex('notifications_dedupe').execute();
  await db.schema.alterTable('notifications').dropColumn('dedupe_key').execute();
}
