import type { Queryable } from '../../db/database.ts';
import { purgeAuthRecordsBefore } from '../auth/auth.service.ts';
import { ACTIVITY_REMINDERS_JOB, sendActivityReminders } from '../activity/reminder.service.ts';
import { CLOSE_DAYS_JOB, closeDueDays } from '../attendance/close.service.ts';
import { CARE_REMINDERS_CRON, CARE_REMINDERS_JOB, sendCareReminders } from '../customer/care.service.ts';
import { now } from '../../lib/clock.ts';
import type { JobQueue, JobQueueDeps } from './job.queue.ts';
import * as repo from './job.repository.ts';
import { TableJobQueue, type TableJobQueueOptions } from './job.table-queue.ts';

/**
 * The application's job queue: the table-backed queue on the application database (both dialects).
 * On the embedded SQLite database this process is the only runner, so jobs it finds running at start
 * are put back at once; on PostgreSQL several processes may run jobs and recovery goes by lease.
 */
export function createJobQueue(deps: JobQueueDeps, opts: TableJobQueueOptions = {}): JobQueue {
  return new TableJobQueue(deps.db, deps.dialect, {
    exclusive: deps.dialect === 'sqlite',
    ...(deps.log ? { log: deps.log } : {}),
    ...opts,
  });
}

export const DAILY_CLEANUP_JOB = 'maintenance.dailyCleanup';
/** Login attempts, dead sessions and finished jobs are kept this long, then deleted. */
export const RETENTION_DAYS = 30;

export interface CleanupResult {
  loginAttempts: number;
  sessions: number;
  jobs: number;
}

/** Deletes login attempts, revoked or expired sessions, and finished jobs older than the retention. */
export async function runDailyCleanup(db: Queryable, at: Date = now()): Promise<CleanupResult> {
  const cutoff = new Date(at.getTime() - RETENTION_DAYS * 24 * 3600 * 1000).toISOString();
  return { ...(await purgeAuthRecordsBefore(db, cutoff)), jobs: await repo.deleteFinishedJobsBefore(db, cutoff) };
}

/**
 * Registers the handlers and declares the schedules of the system's jobs. Later modules add theirs
 * here (reminders, approvals, rollups), each idempotent: see JobInfo. Call once at boot, before start().
 */
export async function registerCoreJobs(queue: JobQueue, deps: Pick<JobQueueDeps, 'db' | 'log'>): Promise<void> {
  // Deleting by age is idempotent by nature: a re-run after a crash deletes what is left.
  queue.register(DAILY_CLEANUP_JOB, async () => {
    const deleted = await runDailyCleanup(deps.db);
    deps.log?.info({ deleted }, 'daily cleanup done');
  });
  await queue.schedule(DAILY_CLEANUP_JOB, '0 3 * * *', {});

  // Closing a meeting day inserts only what is missing: a re-run closes nothing twice.
  queue.register(CLOSE_DAYS_JOB, async () => {
    const closed = await closeDueDays(deps.db);
    if (closed.length > 0) deps.log?.info({ closed }, 'attendance days closed');
  });
  await queue.schedule(CLOSE_DAYS_JOB, '*/5 * * * *', {});

  // Activity reminders carry dedupe keys (the day, the log): a re-run sends nothing twice.
  queue.register(ACTIVITY_REMINDERS_JOB, async () => {
    const sent = await sendActivityReminders(deps.db);
    if (sent.length > 0) deps.log?.info({ sent }, 'activity reminders sent');
  });
  await queue.schedule(ACTIVITY_REMINDERS_JOB, '*/15 * * * *', {});

  // Care reminders act in each tenant's morning hour (judged at the occurrence, so a delayed run
  // still counts) and carry the day as dedupe key: one digest per agent and day, however often run.
  queue.register(CARE_REMINDERS_JOB, async (_payload, job) => {
    const sent = await sendCareReminders(deps.db, job.occurrence ? new Date(job.occurrence) : undefined);
    if (sent.length > 0) deps.log?.info({ sent }, 'care reminders sent');
  });
  await queue.schedule(CARE_REMINDERS_JOB, CARE_REMINDERS_CRON, {});
}
