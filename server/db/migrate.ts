/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any schema */
import { Migrator, NO_MIGRATIONS, sql, type Kysely, type MigrationProvider } from 'kysely';
import { dialectOf } from './dialect.ts';
import { migrations } from './migrations/index.ts';

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/**
 * On PostgreSQL the migration tables are pinned to the current schema: Kysely otherwise finds a
 * `schema_migrations` of any schema on the search path's server and takes it for its own.
 */
async function migrator(db: Kysely<unknown>): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  return new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
}

async function run(db: Kysely<unknown>, how: (m: Migrator) => ReturnType<Migrator['migrateToLatest']>) {
  const { error, results } = await how(await migrator(db));
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

export function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return run(db, (m) => m.migrateToLatest());
}

export function migrateDownToZero(db: Kysely<any>): Promise<string[]> {
  return run(db, (m) => m.migrateTo(NO_MIGRATIONS));
}
