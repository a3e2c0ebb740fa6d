import type { Queryable } from '../../db/database.ts';
import type { DialectName } from '../../db/dialect.ts';
import type { JobScheduleTable, JobTable } from '../../db/schema.ts';

export async function insertJob(db: Queryable, row: JobTable): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
}

/** Inserts unless a job with the same unique_key exists; returns the new id, or undefined when it existed. */
export async function insertJobIfAbsent(db: Queryable, row: JobTable): Promise<string | undefined> {
  const inserted = await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function findJobIdByUniqueKey(db: Queryable, uniqueKey: string): Promise<string | undefined> {
  const row = await db.selectFrom('jobs').select('id').where('unique_key', '=', uniqueKey).executeTakeFirst();
  return row?.id;
}

export function findJobById(db: Queryable, id: string) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Atomically takes the next due job of the given names: one UPDATE whose WHERE re-checks
 * status = 'pending', so of two runners racing for a job exactly one gets it. On PostgreSQL the
 * candidate is chosen FOR UPDATE SKIP LOCKED, so a runner that loses a race moves on to the next
 * job instead of coming back empty; on SQLite the single statement is atomic by itself.
 */
export async function claimNextDueJob(
  db: Queryable,
  dialect: DialectName,
  names: string[],
  now: string,
): Promise<JobTable | undefined> {
  if (names.length === 0) return undefined;
  // A read first: an idle poll then takes no write lock (on SQLite any UPDATE does, even of no rows).
  const due = await db
    .selectFrom('jobs')
    .select('id')
    .where('status', '=', 'pending')
    .where('run_at', '<=', now)
    .where('name', 'in', names)
    .limit(1)
    .executeTakeFirst();
  if (!due) return undefined;
  return db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), locked_at: now }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'pending')
        .where('run_at', '<=', now)
        .where('name', 'in', names)
        .orderBy('run_at')
        .orderBy('id')
        .limit(1)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/**
 * The claim is fenced by the attempt number: if a runner was presumed dead and its job handed to
 * another, the first runner's late "done" or heartbeat no longer matches and changes nothing.
 */
function fenced(db: Queryable, id: string, attempt: number) {
  return db.updateTable('jobs').where('id', '=', id).where('status', '=', 'running').where('attempts', '=', attempt);
}

export async function markJobDone(db: Queryable, id: string, attempt: number, at: string): Promise<void> {
  await fenced(db, id, attempt).set({ status: 'done', locked_at: null, finished_at: at }).execute();
}

export async function markJobRetry(db: Queryable, id: string, attempt: number, runAt: string, error: string): Promise<void> {
  await fenced(db, id, attempt).set({ status: 'pending', locked_at: null, run_at: runAt, last_error: error }).execute();
}

export async function markJobFailed(db: Queryable, id: string, attempt: number, at: string, error: string): Promise<void> {
  await fenced(db, id, attempt).set({ status: 'failed', locked_at: null, finished_at: at, last_error: error }).execute();
}

/** Heartbeat of a running job: keeps its lease fresh so other runners do not take it for abandoned. */
export async function touchJob(db: Queryable, id: string, attempt: number, at: string): Promise<void> {
  await fenced(db, id, attempt).set({ locked_at: at }).execute();
}

/**
 * Puts running jobs back to pending (or fails those out of attempts: a job that kills its process
 * every time must not loop forever). With `lockedBefore`, only jobs whose lease has expired;
 * without it, every running job (a single runner at start: whatever runs is from a dead process).
 */
export async function recoverAbandonedJobs(db: Queryable, now: string, lockedBefore: string | null): Promise<number> {
  const abandoned = () =>
    db
      .updateTable('jobs')
      .where('status', '=', 'running')
      .$if(lockedBefore !== null, (q) =>
        q.where((eb) => eb.or([eb('locked_at', 'is', null), eb('locked_at', '<', lockedBefore ?? '')])),
      );
  const failed = await abandoned()
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .set({ status: 'failed', locked_at: null, finished_at: now, last_error: 'Abandoned: the runner stopped while the job ran' })
    .executeTakeFirst();
  const requeued = await abandoned()
    .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
    .set({ status: 'pending', locked_at: null, run_at: now })
    .executeTakeFirst();
  return Number(failed.numUpdatedRows) + Number(requeued.numUpdatedRows);
}

export function findSchedule(db: Queryable, name: string) {
  return db.selectFrom('job_schedules').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertScheduleIfAbsent(db: Queryable, row: JobScheduleTable): Promise<boolean> {
  const res = await db
    .insertInto('job_schedules')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateSchedule(db: Queryable, name: string, patch: Partial<JobScheduleTable>): Promise<void> {
  await db.updateTable('job_schedules').set(patch).where('name', '=', name).execute();
}

/** Moves a schedule on from the occurrence it was at; only one of several racing runners succeeds. */
export async function advanceSchedule(db: Queryable, name: string, from: string, to: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('job_schedules')
    .set({ next_run_at: to, updated_at: at })
    .where('name', '=', name)
    .where('next_run_at', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function deleteSchedule(db: Queryable, name: string): Promise<void> {
  await db.deleteFrom('job_schedules').where('name', '=', name).execute();
}

/** Finished jobs (done or failed) older than the cutoff; pending and running ones are never touched. */
export async function deleteFinishedJobsBefore(db: Queryable, cutoff: string): Promise<number> {
  const res = await db
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'failed'])
    .where('finished_at', '<', cutoff)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
