import fsp from 'node:fs/promises';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DB, Queryable } from './database.ts';
import { dialectOf } from './dialect.ts';

interface Pending<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for small, hot writes (the morning check-in). Writes that arrive while a batch is
 * being committed wait for the next batch; `commit` writes all the items of a batch at once (one
 * transaction, multi-row statements), so the database syncs its log once per batch rather than once
 * per write, and each caller is answered only after the commit that holds its write is durable.
 * A batch that throws is committed again item by item, so one bad write never fails (or delays the
 * answer of) another. See `groupedTransaction` for the commit of a batch.
 */
export class GroupCommit<I, R> {
  private queue: Pending<I, R>[] = [];
  private draining = false;

  constructor(
    private readonly commit: (items: I[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Let the requests already read in this turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        let results: R[];
        try {
          results = await this.commit(batch.map((p) => p.item));
          if (results.length !== batch.length) throw new Error('GroupCommit: one result per item expected');
        } catch {
          await this.commitAlone(batch);
          continue;
        }
        batch.forEach((p, i) => p.resolve(results[i]!));
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitAlone(batch: Pending<I, R>[]): Promise<void> {
    for (const p of batch) {
      try {
        const [result] = await this.commit([p.item]);
        p.resolve(result!);
      } catch (error) {
        p.reject(error);
      }
    }
  }
}

/**
 * The commit of a GroupCommit batch: `execute` in one transaction of `db`, resolved once the commit
 * is durable. On SQLite in WAL mode with synchronous=FULL the sync is done off the event loop (see
 * DeferredWalSync): while it runs, the event loop serves other requests, and the next batch grows.
 */
export function groupedTransaction<I, R>(
  db: DB,
  execute: (trx: Queryable, items: I[]) => Promise<R[]>,
): (items: I[]) => Promise<R[]> {
  return async (items) => {
    const durability = await durabilityOf(db);
    const results = await durability.transaction((trx) => execute(trx, items));
    await durability.synced();
    return results;
  };
}

// ---- Durability of grouped commits ------------------------------------------------------------

interface Durability {
  /** Runs fn in a transaction; its commit may not be durable yet when this resolves. */
  transaction<T>(fn: (trx: Queryable) => Promise<T>): Promise<T>;
  /** Resolves once every commit made through `transaction` so far is durable. */
  synced(): Promise<void>;
}

/** PostgreSQL, and SQLite below FULL: a commit is as durable as the database makes it when it returns. */
function plain(db: DB): Durability {
  return {
    transaction: (fn) => db.transaction().execute(fn),
    synced: () => Promise.resolve(),
  };
}

const RELAXED = CompiledQuery.raw('pragma synchronous = normal');

/**
 * SQLite in WAL mode with synchronous=FULL syncs the WAL file inside COMMIT, and better-sqlite3 runs
 * COMMIT on the event loop: every request would wait while the disk syncs. FULL differs from NORMAL
 * only by that sync of the WAL file after each commit (https://sqlite.org/pragma.html#pragma_synchronous),
 * so a grouped commit runs at NORMAL and the WAL file is then synced on the thread pool; callers are
 * answered after that sync, as durable as with FULL, while the event loop goes on serving requests.
 * One sync covers every commit made before it started. Every other write of the connection keeps
 * FULL. Readers may see a grouped write in the moment before its sync completes (as with any group
 * commit); a check-in that finds an earlier record waits for `synced` before answering with it.
 */
class DeferredWalSync implements Durability {
  private commits = 0;
  private syncedCommits = 0;
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private syncing = false;
  private file: fsp.FileHandle | null = null;
  private inode = -1;
  private checkedAt = 0;
  private readonly restore: CompiledQuery;

  constructor(
    private readonly db: DB,
    private readonly walPath: string,
    level: number,
  ) {
    this.restore = CompiledQuery.raw(`pragma synchronous = ${level}`);
  }

  async transaction<T>(fn: (trx: Queryable) => Promise<T>): Promise<T> {
    const result = await this.db.connection().execute(async (conn) => {
      // The level cannot change inside a transaction: set around it, on the one connection.
      await conn.executeQuery(RELAXED);
      try {
        return await conn.transaction().execute(fn);
      } finally {
        await conn.executeQuery(this.restore);
      }
    });
    this.commits++;
    return result;
  }

  synced(): Promise<void> {
    if (this.syncedCommits >= this.commits) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.syncing) void this.syncLoop();
    });
  }

  private async syncLoop(): Promise<void> {
    this.syncing = true;
    try {
      while (this.waiters.length > 0) {
        // Every commit counted now was written to the WAL file before this sync starts.
        const upTo = this.commits;
        const group = this.waiters;
        this.waiters = [];
        try {
          await this.syncWal();
          this.syncedCommits = Math.max(this.syncedCommits, upTo);
          for (const w of group) w.resolve();
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      this.syncing = false;
    }
  }

  private async syncWal(): Promise<void> {
    // fsync syncs the file, whichever descriptor names it. SQLite keeps the WAL file while the
    // database is open; should it be replaced all the same, the descriptor follows within a second.
    const t = Date.now();
    if (!this.file || t - this.checkedAt >= 1000) {
      const { ino } = await fsp.stat(this.walPath);
      if (!this.file || ino !== this.inode) {
        await this.file?.close();
        this.file = await fsp.open(this.walPath, 'r');
        this.inode = (await this.file.stat()).ino;
      }
      this.checkedAt = t;
    }
    await this.file.sync();
  }
}

const durabilities = new WeakMap<object, Promise<Durability>>();

function durabilityOf(db: DB): Promise<Durability> {
  let d = durabilities.get(db);
  if (!d) {
    d = detectDurability(db);
    durabilities.set(db, d);
  }
  return d;
}

async function detectDurability(db: DB): Promise<Durability> {
  if (dialectOf(db as unknown as Kysely<never>) !== 'sqlite') return plain(db);
  const [mode] = (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db)).rows;
  const [sync] = (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows;
  const files = (await sql<{ name: string; file: string }>`pragma database_list`.execute(db)).rows;
  const file = files.find((f) => f.name === 'main')?.file;
  // FULL is 2; EXTRA (3) also syncs the directory, which this does not replace.
  if (mode?.journal_mode !== 'wal' || Number(sync?.synchronous) !== 2 || !file) return plain(db);
  return new DeferredWalSync(db, `${file}-wal`, 2);
}

/** Resolves once every grouped write committed so far on this database is durable. */
export async function groupedWritesDurable(db: DB): Promise<void> {
  if (db.isTransaction) return;
  await (await durabilityOf(db)).synced();
}
