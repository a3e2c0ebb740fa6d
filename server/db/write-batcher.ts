import type { DB, Queryable } from './database.ts';

interface Item {
  work: (db: Queryable) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for small, hot writes (the morning check-in). Writes that arrive while a batch is
 * committing wait for the next batch; a batch runs all its writes in one transaction, so the
 * database syncs its log once per batch rather than once per write, and each caller is answered
 * only after the commit that holds its write. A write that throws makes the batch run each write
 * alone, so one bad write never fails (or delays the answer of) another.
 */
export class WriteBatcher {
  private queue: Item[] = [];
  private draining = false;

  constructor(
    private readonly db: DB,
    private readonly maxBatch = 500,
  ) {}

  run<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    // Inside a caller's transaction there is nothing to group: write there.
    if (this.db.isTransaction) return work(this.db);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
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
        let results: unknown[];
        try {
          results = await this.db.transaction().execute(async (trx) => {
            const out: unknown[] = [];
            for (const item of batch) out.push(await item.work(trx));
            return out;
          });
        } catch {
          await this.runAlone(batch);
          continue;
        }
        batch.forEach((item, i) => item.resolve(results[i]));
      }
    } finally {
      this.draining = false;
    }
  }

  private async runAlone(batch: Item[]): Promise<void> {
    for (const item of batch) {
      try {
        item.resolve(await this.db.transaction().execute((trx) => item.work(trx)));
      } catch (error) {
        item.reject(error);
      }
    }
  }
}

const batchers = new WeakMap<object, WriteBatcher>();

/** One batcher per database handle. */
export function batcherFor(db: DB): WriteBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new WriteBatcher(db);
    batchers.set(db, b);
  }
  return b;
}
