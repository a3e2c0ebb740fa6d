import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, dialects } from '../test/dialects.ts';
import { planEachTime } from './database.ts';

describe.runIf(dialects.includes('postgres'))('PostgreSQL statements [postgres]', () => {
  it('selects go as named prepared statements, except those ending with planEachTime', async () => {
    const handle = await createTestDatabase('postgres', { migrate: false });
    try {
      // One transaction: one connection, whose prepared statements pg_prepared_statements lists.
      const statements = await handle.db.transaction().execute(async (trx) => {
        const named = await trx.selectNoFrom(sql<number>`41 + 1`.as('named')).execute();
        const planned = await trx
          .selectNoFrom(sql<number>`40 + 2`.as('planned'))
          .modifyEnd(planEachTime)
          .execute();
        expect([named[0]?.named, planned[0]?.planned]).toEqual([42, 42]);
        return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx))
          .rows;
      });
      const texts = statements.map((s) => s.statement);
      expect(texts.some((t) => t.includes('41 + 1'))).toBe(true);
      expect(texts.some((t) => t.includes('40 + 2'))).toBe(false);
    } finally {
      await handle.drop();
    }
  });
});
