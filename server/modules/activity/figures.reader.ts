import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { dialectOf } from '../../db/dialect.ts';

/**
 * Long reads of the figures (a company's quarter sums a million rollup rows) off the event loop.
 *
 * better-sqlite3 runs a statement synchronously: a read of seconds would hold every other request
 * for as long. On SQLite such a read is compiled here and run by a worker thread holding its own
 * read-only connection to the same file (WAL: it reads the last committed state and never blocks the
 * writer), so the server keeps answering meanwhile — the figures cache serves the previous answer
 * while a recomputation runs. One worker per database file runs the reads one after another, and
 * ends after IDLE_MS without any. PostgreSQL runs reads in its own processes: they go as they are,
 * as do reads inside a transaction (they must see it) and reads of an in-memory database.
 *
 * If the worker fails, the read runs on the event loop instead: slower for everyone, never wrong.
 */

const IDLE_MS = 10_000;

// A CommonJS script: eval'd workers have `require`; better-sqlite3 is passed by its resolved path.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
// Scans of large ranges: a larger page cache than the default 2 MB.
db.pragma('cache_size = -65536');
const statements = new Map();
parentPort.on('message', (m) => {
  if (m === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    let st = statements.get(m.sql);
    if (!st) {
      st = db.prepare(m.sql);
      statements.set(m.sql, st);
    }
    parentPort.postMessage({ id: m.id, rows: st.all(...m.params) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

interface Pending {
  resolve: (rows: unknown[]) => void;
  reject: (err: Error) => void;
}

class Reader {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private idle: NodeJS.Timeout | undefined;
  broken = false;

  constructor(
    file: string,
    private readonly onEnd: () => void,
  ) {
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), file },
    });
    this.worker.unref();
    this.worker.on('message', (m: { id: number; rows?: unknown[]; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.rows ?? []);
      this.scheduleEnd();
    });
    const fail = (err: unknown) => {
      this.broken = true;
      for (const p of this.pending.values()) p.reject(err instanceof Error ? err : new Error(String(err)));
      this.pending.clear();
      this.onEnd();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('figures reader stopped')));
  }

  run(q: CompiledQuery): Promise<unknown[]> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, sql: q.sql, params: q.parameters });
    });
  }

  private scheduleEnd(): void {
    if (this.pending.size > 0 || this.idle) return;
    this.idle = setTimeout(() => {
      if (this.pending.size > 0) return;
      this.broken = true;
      this.onEnd();
      this.worker.postMessage('stop');
    }, IDLE_MS);
    this.idle.unref();
  }
}

const readers = new Map<string, Reader>();
/** The file of each SQLite database (null: in memory, or PostgreSQL). */
const files = new WeakMap<object, Promise<string | null>>();

function fileOf(db: Queryable): Promise<string | null> {
  const key = db as object;
  let f = files.get(key);
  if (!f) {
    f = (async () => {
      if (dialectOf(db as unknown as Kysely<never>) !== 'sqlite') return null;
      const r = await sql<{
        file: string;
      }>`select file from pragma_database_list where name = 'main'`.execute(db);
      return r.rows[0]?.file || null;
    })();
    files.set(key, f);
  }
  return f;
}

function readerFor(file: string): Reader {
  let r = readers.get(file);
  if (!r || r.broken) {
    const created: Reader = new Reader(file, () => {
      if (readers.get(file) === created) readers.delete(file);
    });
    readers.set(file, created);
    r = created;
  }
  return r;
}

/** Reads run by a reader thread, and reads it failed that ran on the event loop instead (tests, diagnostics). */
export const readerStats = { inWorker: 0, fallback: 0 };

/** Runs a (long) read: on SQLite in the figures reader's thread, elsewhere as it is. */
export async function readRows<R>(
  db: Queryable,
  query: { compile(): CompiledQuery<R>; execute(): Promise<R[]> },
): Promise<R[]> {
  if (db.isTransaction) return query.execute();
  const file = await fileOf(db);
  if (!file) return query.execute();
  let rows: R[];
  try {
    rows = (await readerFor(file).run(query.compile())) as R[];
  } catch {
    readerStats.fallback++;
    return query.execute();
  }
  readerStats.inWorker++;
  return rows;
}
