import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * A department's search of cards by name prefix, first page by next follow-up: every card of the
 * prefix in the department's teams is sorted, a few thousand for a common surname. The index of
 * unit and name now carries the follow-up date and the id, so the sort reads the index alone and
 * only the page's twenty rows are read from the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // The prefix is a range of the pattern-ops index (byte order); the default-collation index of
    // unit and name stays for lists ordered by name.
    await sql`drop index prospects_unit_name_prefix`.execute(db);
    await sql`create index prospects_unit_name_prefix on prospects (tenant_id, unit_id, name text_pattern_ops) include (next_follow_up, id)`.execute(db);
  } else {
    // SQLite compares text by its bytes: one index serves the prefix and the order by name.
    await db.schema.dropIndex('prospects_unit_name').execute();
    await db.schema
      .createIndex('prospects_unit_name')
      .on('prospects')
      .columns(['tenant_id', 'unit_id', 'name', 'next_follow_up', 'id'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop index prospects_unit_name_prefix`.execute(db);
    await sql`create index prospects_unit_name_prefix on prospects (tenant_id, unit_id, name text_pattern_ops)`.execute(db);
  } else {
    await db.schema.dropIndex('prospects_unit_name').execute();
    await db.schema.createIndex('prospects_unit_name').on('prospects').columns(['tenant_id', 'unit_id', 'name']).execute();
  }
}
