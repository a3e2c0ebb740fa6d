import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Generated, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { GroupCommit, groupedTransaction, groupedWritesDurable } from './write-batcher.ts';

const open: { handle: DatabaseHandle; dir: string }[] = [];

/** A SQLite file database as the server opens it (WAL, synchronous=FULL). */
function fileDatabase(opts: { backgroundCheckpoints?: boolean } = {}): DatabaseHandle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesbase-batcher-'));
  const handle = openDatabase({ sqliteFile: path.join(dir, 'test.db'), sqliteSynchronous: 'FULL', ...opts });
  open.push({ handle, dir });
  return handle;
}

afterEach(async () => {
  for (const { handle, dir } of open.splice(0)) {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

interface TestTable {
  id: Generated<number>;
  v: string;
}
const raw = (db: unknown) => db as Kysely<{ t: TestTable }>;

async function createTable(handle: DatabaseHandle): Promise<void> {
  await sql`create table t (id integer primary key, v text not null)`.execute(handle.db);
}

async function count(handle: DatabaseHandle): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(handle.db);
  return Number(rows[0]!.n);
}

describe('GroupCommit', () => {
  it('commits the writes arriving together in one batch, each answered with its own result', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>((items) => {
      batches.push(items);
      return Promise.resolve(items.map((i) => i * 10));
    });
    const results = await Promise.all([1, 2, 3, 4].map((i) => group.submit(i)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('commits a failing batch again item by item: only the bad write fails', async () => {
    const group = new GroupCommit<number, number>((items) =>
      items.includes(3) ? Promise.reject(new Error('bad item 3')) : Promise.resolve(items),
    );
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => group.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('grouped transactions on SQLite with synchronous=FULL', () => {
  it('writes every batch, answers after the sync, and leaves the connection at FULL', async () => {
    const handle = fileDatabase();
    await createTable(handle);
    const group = new GroupCommit<string, number>(
      groupedTransaction(handle.db, async (trx, values) => {
        const rows = await raw(trx)
          .insertInto('t')
          .values(values.map((v) => ({ v })))
          .returning('id')
          .execute();
        return rows.map((r) => r.id);
      }),
    );
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => group.submit(`v${i}`)));
    expect(new Set(ids).size).toBe(50);
    expect(await count(handle)).toBe(50);
    await groupedWritesDurable(handle.db);
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(handle.db);
    expect(Number(rows[0]!.synchronous)).toBe(2);
  });

  it('rolls a failing batch back and commits the good writes alone', async () => {
    const handle = fileDatabase();
    await createTable(handle);
    const values = ['a', 'b', null, 'd'];
    // Each item inserts its value; the batch's transaction holds them all.
    const group = new GroupCommit<string | null, unknown>(
      groupedTransaction(handle.db, async (trx, items) => {
        const out: unknown[] = [];
        for (const v of items)
          out.push(
            await raw(trx)
              .insertInto('t')
              .values({ v: v as string })
              .execute(),
          );
        return out;
      }),
    );
    const results = await Promise.allSettled(values.map((v) => group.submit(v)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await count(handle)).toBe(3);
  });
});

describe('background checkpoints', () => {
  it('copy the WAL into the database file from the worker thread', async () => {
    const handle = fileDatabase({ backgroundCheckpoints: true });
    const file = path.join(open.at(-1)!.dir, 'test.db');
    await createTable(handle);
    const before = fs.statSync(file).size;
    await handle.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 20; i++) {
        await raw(trx)
          .insertInto('t')
          .values(Array.from({ length: 100 }, (_, j) => ({ v: `${i}-${j}-${'x'.repeat(200)}` })))
          .execute();
      }
    });
    // The main connection's own threshold is far above these pages: only the worker copies them.
    const deadline = Date.now() + 5_000;
    while (fs.statSync(file).size <= before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(fs.statSync(file).size).toBeGreaterThan(before);
    expect(await count(handle)).toBe(2000);
  });
});
