// Bulk writing of benchmark data straight into a fresh database, bypassing Kysely: multi-row INSERTs
// of prepared statements on SQLite (better-sqlite3) and INSERT … SELECT FROM unnest($1::text[], …) on
// PostgreSQL (node-pg), with the secondary indexes of the loaded tables dropped for the load and built
// again afterwards, and foreign-key checks off during it (generated rows only reference rows written
// before them). Used by bench/activity-data.ts and bench/prospects-data.ts.
import SQLite from 'better-sqlite3';
import pg from 'pg';

export type ColumnType = 'text' | 'int8';
export interface TableSpec {
  table: string;
  columns: readonly string[];
  types: readonly ColumnType[];
}

export interface Sink {
  /** The PostgreSQL backend's process id (its CPU time is read from /proc); null for SQLite. */
  serverPid: number | null;
  /** Values of whole rows, row after row in the table's column order; may return before they are written. */
  write(spec: TableSpec, values: unknown[]): Promise<void>;
  flush(): Promise<void>;
  /** Secondary indexes (not backing a key) of the tables: dropped now, returned to be built again. */
  dropIndexes(tables: readonly string[]): Promise<string[]>;
  exec(statement: string): Promise<void>;
  close(): Promise<void>;
}

/** SQLite: one prepared multi-row INSERT per table and row count, a transaction per write. */
export function sqliteSink(file: string): Sink {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -524288');
  db.pragma('temp_store = MEMORY');
  const statements = new Map<string, SQLite.Statement>();
  const ROWS = 250;
  const stmt = (spec: TableSpec, n: number) => {
    const key = `${spec.table}|${n}`;
    let s = statements.get(key);
    if (!s) {
      const row = `(${spec.columns.map(() => '?').join(',')})`;
      s = db.prepare(
        `insert into "${spec.table}" (${spec.columns.map((c) => `"${c}"`).join(',')}) values ${Array(n).fill(row).join(',')}`,
      );
      statements.set(key, s);
    }
    return s;
  };
  const insertAll = db.transaction((spec: TableSpec, values: unknown[]) => {
    const width = spec.columns.length;
    for (let i = 0; i < values.length; i += ROWS * width) {
      const part = values.slice(i, i + ROWS * width);
      stmt(spec, part.length / width).run(part);
    }
  });
  return {
    serverPid: null,
    write(spec, values) {
      if (values.length) insertAll(spec, values);
      return Promise.resolve();
    },
    flush: () => Promise.resolve(),
    dropIndexes(tables) {
      const list = db
        .prepare(
          `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(',')})`,
        )
        .all(...tables) as { name: string; sql: string }[];
      for (const i of list) db.exec(`drop index "${i.name}"`);
      return Promise.resolve(list.map((i) => i.sql));
    },
    exec(statement) {
      db.exec(statement);
      return Promise.resolve();
    },
    close() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      return Promise.resolve();
    },
  };
}

/**
 * PostgreSQL: INSERT … SELECT FROM unnest of one array per column (a handful of parameters however
 * many rows), at most one statement in flight while the next chunk is generated.
 */
export async function postgresSink(url: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  // Foreign-key triggers off for the load where allowed (superuser); else they run.
  try {
    await client.query('set session_replication_role = replica');
  } catch {
    // not allowed: keep the checks
  }
  let inFlight: Promise<unknown> = Promise.resolve();
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  return {
    serverPid: pid,
    async write(spec, values) {
      if (values.length === 0) return;
      const width = spec.columns.length;
      // Array literals made here: node-pg's general array serialisation costs more than making the rows.
      // Generated values never hold a quote or a backslash; every element is quoted, NULL is not.
      const arrays = spec.columns.map((_, c) => {
        const parts: string[] = [];
        for (let i = c; i < values.length; i += width) {
          const v = values[i] as string | number | null | undefined;
          parts.push(v === null || v === undefined ? 'NULL' : `"${v}"`);
        }
        return `{${parts.join(',')}}`;
      });
      const text =
        `insert into "${spec.table}" (${spec.columns.map((c) => `"${c}"`).join(',')}) ` +
        `select * from unnest(${spec.types.map((t, i) => `$${i + 1}::${t}[]`).join(',')})`;
      await inFlight;
      inFlight = client.query(text, arrays);
      // Surface a failure at the next write or flush, not as an unhandled rejection.
      inFlight.catch(() => undefined);
    },
    async flush() {
      await inFlight;
    },
    async dropIndexes(tables) {
      await inFlight;
      const { rows } = await client.query<{ name: string; def: string }>(
        `select i.relname as name, pg_get_indexdef(i.oid) as def
           from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
          where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
            and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`,
        [tables],
      );
      for (const r of rows) await client.query(`drop index "${r.name}"`);
      return rows.map((r) => r.def);
    },
    async exec(statement) {
      await inFlight;
      await client.query(statement);
    },
    async close() {
      await inFlight;
      await client.end();
    },
  };
}

/**
 * Ids in UUIDv7 form: the day's instant, then a counter (unique, and increasing as rows are made), so
 * primary-key inserts append.
 */
export function idMaker(): (prefix: string) => string {
  let counter = 0;
  return (prefix: string) => prefix + (counter++).toString(16).padStart(12, '0');
}

/** The id prefix of a day: its instant in the first 48 bits, version 7, a fixed variant. */
export function idPrefix(ms: number): string {
  const t = ms.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7000-8000-`;
}

/** The sink of a benchmark's target database. */
export async function openSink(target: {
  dialect: 'sqlite' | 'postgres';
  sqliteFile?: string;
  databaseUrl?: string;
}): Promise<Sink> {
  return target.dialect === 'sqlite'
    ? sqliteSink(target.sqliteFile!)
    : await postgresSink(target.databaseUrl!);
}
