import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, dialects } from '../test/dialects.ts';
import { migrateDownToZero, migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

async function tableNames(db: Parameters<typeof migrateToLatest>[0], dialect: string): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
  return rows.rows.map((r) => r.name).filter((n) => !n.startsWith('schema_migrations')).sort();
}

describe.each(dialects)('migrations [%s]', (dialect) => {
  it('migrate up, down to zero and up again', async () => {
    const handle = await createTestDatabase(dialect, { migrate: false });
    try {
      const up = await migrateToLatest(handle.db);
      expect(up).toHaveLength(Object.keys(migrations).length);
      const tables = await tableNames(handle.db, dialect);
      expect(tables).toContain('users');
      expect(tables).toContain('org_unit_closure');
      expect(tables).toContain('audit_log');

      await migrateDownToZero(handle.db);
      expect(await tableNames(handle.db, dialect)).toEqual([]);

      await migrateToLatest(handle.db);
      expect(await tableNames(handle.db, dialect)).toEqual(tables);
    } finally {
      await handle.drop();
    }
  });
});
