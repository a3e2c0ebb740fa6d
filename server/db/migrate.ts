/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any schema */
import { Migrator, NO_MIGRATIONS, type Kysely, type MigrationProvider } from 'kysely';
import { migrations } from './migrations/index.ts';

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
}

async function run(db: Kysely<unknown>, how: (m: Migrator) => ReturnType<Migrator['migrateToLatest']>) {
  const { error, results } = await how(migrator(db));
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

export function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return run(db, (m) => m.migrateToLatest());
}

export function migrateDownToZero(db: Kysely<any>): Promise<string[]> {
  return run(db, (m) => m.migrateTo(NO_MIGRATIONS));
}
