import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createHash } from 'node:crypto';
import {
  Kysely,
  PostgresDialect,
  sql,
  SqliteDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type SqliteDatabase,
  type Transaction,
} from 'kysely';
import type { Database } from './schema.ts';
import type { DialectName } from './dialect.ts';
import { BACKSTOP_CHECKPOINT_PAGES, startCheckpointer } from './checkpointer.ts';

export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or an open transaction: repositories accept both. */
export type Queryable = Kysely<Database>;

export interface DatabaseHandle {
  db: DB;
  dialect: DialectName;
  close: () => Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  sqliteFile?: string;
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** SQLite: checkpoint the WAL from a worker thread, off the event loop (the server's database). */
  backgroundCheckpoints?: boolean;
  poolSize?: number;
}

// Return bigint/numeric aggregates as JS numbers; counts and sums of points/fen fit in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDatabase(opts: DatabaseOptions): DatabaseHandle {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
    });
    // An idle connection the server ends (a restart, a failover, a dropped database) emits 'error'
    // on the pool; unhandled, that would end the process. The pool discards the connection and
    // the next query opens a new one, so there is nothing else to do.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL on every commit so an
  // acknowledged write survives power loss (NORMAL would only survive an application crash).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.sqliteSynchronous ?? 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Statement journals (kept while a multi-row write inside a transaction may still fail) and temp
  // b-trees (large sorts) in memory: on disk, a grouped insert of a few dozen rows spills its
  // journal to a temporary file, created, written and deleted for every batch.
  sqlite.pragma('temp_store = MEMORY');
  const synchronous = opts.sqliteSynchronous ?? 'FULL';
  // Checkpoints in a worker thread rather than in the middle of a request (see startCheckpointer).
  const checkpointer =
    opts.backgroundCheckpoints && file !== ':memory:' ? startCheckpointer(file, synchronous) : null;
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * Ends a select that PostgreSQL should plan for its values each time (Kysely:
 * `.modifyEnd(planEachTime)`): see withNamedStatements. A comment, so SQLite ignores it.
 */
export const PLAN_EACH_TIME = '/* plan each time */';
export const planEachTime = sql.raw(PLAN_EACH_TIME);

/**
 * PostgreSQL plans every unnamed statement anew, and for the joined, scoped queries of a request
 * planning costs more than running them. Reads are sent as named prepared statements (the name is
 * a hash of the SQL), so each connection plans a query shape once and reuses the plan.
 *
 * Except the selects that end with PLAN_EACH_TIME: after five runs of a named statement PostgreSQL
 * may switch to a generic plan, one made without the values, and for the large reports (the board's
 * people, the monthly totals and pages, over a unit's closure subtree and the tenant's users) the
 * generic plan hash-joins every user of the tenant: on 10,000 agents the board query took 9.3 ms
 * named against 2.3 ms unnamed, the monthly totals 12.6 against 9.1 ms. Those are sent unnamed and
 * planned with their values each time; their planning costs little beside their running.
 */
function withNamedStatements(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      return {
        query: (sql: string, values: unknown[]) =>
          /^\s*select\b/i.test(sql) && !sql.endsWith(PLAN_EACH_TIME)
            ? client.query({ name: statementName(sql), text: sql, values })
            : client.query(sql, values),
        release: () => client.release(),
      } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

function statementName(sql: string): string {
  return `sb_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; preparing costs more than running a small indexed query.
 * The SQL text of a query shape is stable (values are parameters), so prepared statements are
 * kept per text. Kysely runs one query at a time on the connection, so a statement is never in use twice.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        // Re-insert to keep the most recently used at the end; the oldest is evicted first.
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
