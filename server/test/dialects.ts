import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';

export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probePostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgReachable = await probePostgres();
if (!pgReachable && process.env.CI === 'true') {
  throw new Error(`PostgreSQL is required when CI=true but ${TEST_PG_URL} is not reachable`);
}

export const dialects: DialectName[] = pgReachable ? ['sqlite', 'postgres'] : ['sqlite'];

let counter = 0;

/**
 * A fresh, empty database: a temporary SQLite file, or a new database on the test PostgreSQL
 * server (so test files run in parallel without seeing each other). `drop` removes it.
 */
export async function createTestDatabase(
  dialect: DialectName,
  opts: { migrate?: boolean } = {},
): Promise<DatabaseHandle & { drop: () => Promise<void> }> {
  const tag = `t${process.pid}_${Date.now().toString(36)}_${counter++}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesbase-test-'));
    // NORMAL sync: test data need not survive power loss, and FULL fsyncs would dominate run time.
    const handle = openDatabase({ sqliteFile: path.join(dir, 'test.db'), sqliteSynchronous: 'NORMAL' });
    if (opts.migrate !== false) await migrateToLatest(handle.db);
    return {
      ...handle,
      drop: async () => {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  // A database of its own, not a schema: Kysely's migrator introspects every schema of its
  // database, and would trip over schemas that other test files create and drop meanwhile.
  const name = `sb_${tag}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  const drop = async () => {
    await handle.close();
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  try {
    if (opts.migrate !== false) await migrateToLatest(handle.db);
  } catch (err) {
    // Leave no half-built database behind to confuse later runs.
    await drop();
    throw err;
  }
  return { ...handle, drop };
}

/**
 * Runs the same suite on every available database. The body receives a getter for the
 * database of the current dialect (created before and dropped after the suite).
 */
export function forEachDialect(title: string, body: (get: () => DatabaseHandle, dialect: DialectName) => void): void {
  for (const dialect of dialects) {
    describe(`${title} [${dialect}]`, () => {
      let handle: (DatabaseHandle & { drop: () => Promise<void> }) | undefined;
      beforeAll(async () => {
        handle = await createTestDatabase(dialect);
      });
      afterAll(async () => {
        await handle?.drop();
      });
      body(() => {
        if (!handle) throw new Error('database not ready');
        return handle;
      }, dialect);
    });
  }
}
