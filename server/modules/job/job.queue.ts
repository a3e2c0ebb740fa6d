import type { Config } from '../../config.ts';
import type { DB, Queryable } from '../../db/database.ts';
import type { DialectName } from '../../db/dialect.ts';

/**
 * What a handler learns about the run. Delivery is at-least-once: a job whose process died while
 * it ran is run again, and a handler that succeeded may be re-run if marking it done failed. So
 * every handler must be idempotent: key side effects on `id` (one-off jobs) or `occurrence` (a
 * recurring job), e.g. notifyMany(db, tenantId, [{ ..., dedupeKey: `${name}@${occurrence}` }]).
 */
export interface JobInfo {
  id: string;
  name: string;
  /** 1 on the first try; a re-run after a crash or an error counts up. */
  attempt: number;
  maxAttempts: number;
  /** When this attempt became due (ISO-8601 UTC); a retry moves it on by the backoff. */
  runAt: string;
  uniqueKey: string | null;
  /** For a job fired by a schedule: the occurrence it stands for (ISO-8601 UTC), stable across retries. */
  occurrence: string | null;
}

export type JobHandler<P = unknown> = (payload: P, job: JobInfo) => Promise<void>;

export interface EnqueueOptions {
  /** Not before this instant (default now). */
  runAt?: Date | string;
  /** At most one job per key, ever: enqueueing an existing key returns the existing id and changes nothing. */
  uniqueKey?: string;
  /** Tries before the job is marked failed (default 5). */
  maxAttempts?: number;
  /**
   * The caller's transaction, so the job exists only if the caller's write commits. Pass it whenever
   * enqueueing inside a transaction: on SQLite a query outside it would wait for it forever.
   */
  db?: Queryable;
}

export interface ScheduleOptions {
  /** Time zone of the cron pattern (default Asia/Shanghai). */
  timeZone?: string;
  /** Tries per occurrence (default 3). */
  maxAttempts?: number;
}

export interface RunResult {
  /** Jobs run to the end in this call (done, retried or failed). */
  ran: number;
  /** Recurring occurrences enqueued in this call. */
  fired: number;
  /** Jobs found abandoned by a dead runner and put back (or failed when out of attempts). */
  recovered: number;
}

/**
 * A durable queue of one-off and recurring jobs. The default implementation (TableJobQueue) keeps
 * them in the jobs / job_schedules tables of the application database; a PostgreSQL queue such as
 * pg-boss can implement the same interface later (send/schedule/work/start/stop map one to one).
 */
export interface JobQueue {
  /** Adds a handler for jobs of this name; only registered names are claimed by this runner. */
  register<P>(name: string, handler: JobHandler<P>): void;
  /** Adds a one-off job; returns its id (or the existing id for a known uniqueKey). */
  enqueue<P>(name: string, payload: P, opts?: EnqueueOptions): Promise<string>;
  /**
   * Declares a recurring job run by the handler of the same name. Every process declares its schedules
   * at boot; the next occurrence is kept in the database, so a restart neither skips nor repeats one.
   */
  schedule<P>(name: string, cron: string, payload: P, opts?: ScheduleOptions): Promise<void>;
  /** Removes a recurring job (its already-enqueued occurrence still runs). */
  unschedule(name: string): Promise<void>;
  /** Recovers jobs abandoned by a dead runner, then polls for due work until stop(). */
  start(): Promise<void>;
  /** Stops polling and waits for the job in progress to finish. */
  stop(): Promise<void>;
  /** One pass of the poller: fire due schedules, recover abandoned jobs, run due jobs. For tests and tools. */
  runDueJobs(opts?: { limit?: number }): Promise<RunResult>;
}

export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobQueueDeps {
  db: DB;
  dialect: DialectName;
  config: Config;
  /** Where poller errors go (pass the Fastify logger); default: errors to stderr. */
  log?: JobLogger;
}
