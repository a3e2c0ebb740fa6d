import type { DB, Queryable } from '../../db/database.ts';
import type { ActivityTable, AuditLogTable } from '../../db/schema.ts';
import { GroupCommit, groupedTransaction } from '../../db/write-batcher.ts';
import { recordAuditRows } from '../audit/audit.service.ts';
import { clearNoActivity, insertActivity } from './entry.repository.ts';
import { applyActivity } from './rollup.repository.ts';

/**
 * New activities, grouped: the evening rush of agents logging their visits commits many activities
 * per transaction (see GroupCommit), so the database syncs its log once per batch rather than once
 * per activity. Each activity still moves its own day's rollups; a batch that fails is written
 * again activity by activity, so one bad write never fails another.
 */
export interface ActivityWrite {
  row: ActivityTable;
  audit: AuditLogTable;
}

const writers = new WeakMap<object, GroupCommit<ActivityWrite, true>>();

/** Writes one new activity with its rollups and audit row; resolves once it is durable. */
export async function writeNewActivity(db: DB, write: ActivityWrite): Promise<void> {
  // Inside a caller's transaction (an import, a test) the write joins that transaction instead.
  if (db.isTransaction) {
    await writeActivities(db, [write]);
    return;
  }
  let w = writers.get(db);
  if (!w) {
    w = new GroupCommit<ActivityWrite, true>(groupedTransaction(db, writeActivities));
    writers.set(db, w);
  }
  await w.submit(write);
}

async function writeActivities(trx: Queryable, items: ActivityWrite[]): Promise<true[]> {
  for (const { row } of items) {
    await insertActivity(trx, row);
    await applyActivity(trx, row, 1);
    await clearNoActivity(trx, row.tenant_id, row.user_id, row.date);
  }
  await recordAuditRows(
    trx,
    items.map((i) => i.audit),
    { sessionNeutral: true },
  );
  return items.map(() => true as const);
}
