import type { Cron } from 'croner';
import type { DB } from '../../db/database.ts';
import type { JobTable } from '../../db/schema.ts';
import type { DialectName } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import { now, nowIso } from '../../lib/clock.ts';
import type { EnqueueOptions, JobHandler, JobInfo, JobLogger, JobQueue, RunResult, ScheduleOptions } from './job.queue.ts';
import * as repo from './job.repository.ts';
import {
  DEFAULT_TIME_ZONE,
  describeError,
  latestDueOccurrence,
  nextOccurrence,
  occurrenceKey,
  occurrenceOf,
  parseCron,
  retryDelayMs,
  toInstant,
} from './job.rules.ts';

export interface TableJobQueueOptions {
  /** Pause between polls when idle (default 1 s). */
  pollIntervalMs?: number;
  /** Jobs run per poll before yielding (default 50; the next poll follows at once if there is more). */
  batchSize?: number;
  /**
   * A running job whose heartbeat is older than this is taken for abandoned by a dead runner and
   * run again (default 60 s; the heartbeat beats every third of it).
   */
  lockTimeoutMs?: number;
  /**
   * This is the only runner on the database: at start, every job left running belongs to a dead
   * process and is put back at once. True for the embedded SQLite database; with several app
   * processes on one PostgreSQL database leave it false and abandoned jobs are recovered by lease.
   */
  exclusive?: boolean;
  /** First retry delay after an error, doubling per attempt (default 10 s), capped (default 1 h). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Tries of a one-off job unless enqueue says otherwise (default 5). */
  defaultMaxAttempts?: number;
  log?: JobLogger;
}

interface DeclaredSchedule {
  cron: Cron;
  maxAttempts: number;
}

const stderrLog: JobLogger = {
  info: () => undefined,
  error: (obj, msg) => {
    const { err, ...rest } = obj as { err?: unknown };
    console.error(JSON.stringify({ level: 'error', msg, ...rest, ...(err === undefined ? {} : { err: describeError(err) }) }));
  },
};

/**
 * The durable queue on the jobs / job_schedules tables, identical on SQLite and PostgreSQL. One
 * job runs at a time per runner (the embedded database has one writer anyway); a claim is a single
 * atomic UPDATE, so any number of runners may share the tables.
 */
export class TableJobQueue implements JobQueue {
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly schedules = new Map<string, DeclaredSchedule>();
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly lockTimeoutMs: number;
  private readonly exclusive: boolean;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly defaultMaxAttempts: number;
  private readonly log: JobLogger;
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | null = null;
  private lastRecoveryMs = 0;

  constructor(
    private readonly db: DB,
    private readonly dialect: DialectName,
    opts: TableJobQueueOptions = {},
  ) {
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.batchSize = opts.batchSize ?? 50;
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 60_000;
    this.exclusive = opts.exclusive ?? false;
    this.retryBaseMs = opts.retryBaseMs ?? 10_000;
    this.retryMaxMs = opts.retryMaxMs ?? 3_600_000;
    this.defaultMaxAttempts = opts.defaultMaxAttempts ?? 5;
    this.log = opts.log ?? stderrLog;
  }

  register<P>(name: string, handler: JobHandler<P>): void {
    if (this.handlers.has(name)) throw new Error(`A handler for job "${name}" is already registered`);
    this.handlers.set(name, handler as JobHandler<unknown>);
  }

  async enqueue<P>(name: string, payload: P, opts: EnqueueOptions = {}): Promise<string> {
    const db = opts.db ?? this.db;
    const maxAttempts = opts.maxAttempts ?? this.defaultMaxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts must be a positive integer');
    const row = {
      id: newId(),
      name,
      payload_json: JSON.stringify(payload ?? null),
      run_at: toInstant(opts.runAt ?? now()),
      status: 'pending',
      attempts: 0,
      max_attempts: maxAttempts,
      unique_key: opts.uniqueKey ?? null,
      locked_at: null,
      last_error: null,
      created_at: nowIso(),
      finished_at: null,
    };
    if (!opts.uniqueKey) {
      await repo.insertJob(db, row);
      return row.id;
    }
    const id = (await repo.insertJobIfAbsent(db, row)) ?? (await repo.findJobIdByUniqueKey(db, opts.uniqueKey));
    if (!id) throw new Error(`Job with unique key "${opts.uniqueKey}" vanished while enqueueing`);
    return id;
  }

  async schedule<P>(name: string, pattern: string, payload: P, opts: ScheduleOptions = {}): Promise<void> {
    const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
    const cron = parseCron(pattern, timeZone);
    this.schedules.set(name, { cron, maxAttempts: opts.maxAttempts ?? 3 });
    // The zone is part of the stored pattern (cronie's CRON_TZ= convention), so changing either moves the next run.
    const stored = `CRON_TZ=${timeZone} ${pattern}`;
    const payloadJson = JSON.stringify(payload ?? null);
    const at = nowIso();
    const next = nextOccurrence(cron, now()).toISOString();
    const row = { name, cron: stored, payload_json: payloadJson, next_run_at: next, updated_at: at };
    if (await repo.insertScheduleIfAbsent(this.db, row)) return;
    const existing = await repo.findSchedule(this.db, name);
    if (!existing) {
      await repo.insertScheduleIfAbsent(this.db, row);
    } else if (existing.cron !== stored) {
      await repo.updateSchedule(this.db, name, row);
    } else if (existing.payload_json !== payloadJson) {
      // Same timing: keep the stored next run, so a restart neither skips nor repeats an occurrence.
      await repo.updateSchedule(this.db, name, { payload_json: payloadJson, updated_at: at });
    }
  }

  async unschedule(name: string): Promise<void> {
    this.schedules.delete(name);
    await repo.deleteSchedule(this.db, name);
  }

  async start(): Promise<void> {
    if (this.started) return;
    const recovered = await this.recover(this.exclusive);
    if (recovered > 0) this.log.info({ recovered }, 'jobs abandoned by a stopped runner were put back');
    this.started = true;
    this.arm(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  runDueJobs(opts: { limit?: number } = {}): Promise<RunResult> {
    return this.runPass(opts.limit ?? Number.POSITIVE_INFINITY, () => true);
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pass = this.runPass(this.batchSize, () => this.started)
        .then(
          (r) => r.ran >= this.batchSize,
          (err: unknown) => {
            this.log.error({ err }, 'job poll failed');
            return false;
          },
        )
        .then((more) => {
          this.pass = null;
          if (this.started) this.arm(more ? 0 : this.pollIntervalMs);
        });
    }, delayMs);
    // Timers never keep the process alive: shutdown is stop(), or the process simply exits.
    this.timer.unref();
  }

  private async runPass(limit: number, shouldContinue: () => boolean): Promise<RunResult> {
    const fired = await this.fireDueSchedules();
    let recovered = 0;
    // Leases are checked every half lease, not on every 1 s poll: an idle poll stays read-only.
    if (now().getTime() - this.lastRecoveryMs >= this.lockTimeoutMs / 2) recovered = await this.recover(false);
    const names = [...this.handlers.keys()];
    let ran = 0;
    while (ran < limit && shouldContinue()) {
      const job = await repo.claimNextDueJob(this.db, this.dialect, names, nowIso());
      if (!job) break;
      await this.runJob(job);
      ran++;
    }
    return { ran, fired, recovered };
  }

  /** Puts back jobs of dead runners: all running jobs when `all`, else those whose lease expired. */
  private async recover(all: boolean): Promise<number> {
    const t = now().getTime();
    this.lastRecoveryMs = t;
    const lockedBefore = all ? null : new Date(t - this.lockTimeoutMs).toISOString();
    return repo.recoverAbandonedJobs(this.db, new Date(t).toISOString(), lockedBefore);
  }

  /** Enqueues the due occurrence of every schedule declared in this process, once per occurrence. */
  private async fireDueSchedules(): Promise<number> {
    let fired = 0;
    for (const [name, declared] of this.schedules) {
      const row = await repo.findSchedule(this.db, name);
      const t = now();
      if (!row || Date.parse(row.next_run_at) > t.getTime()) continue;
      const occurrence = latestDueOccurrence(declared.cron, new Date(row.next_run_at), t);
      const job = {
        id: newId(),
        name,
        payload_json: row.payload_json,
        run_at: occurrence.toISOString(),
        status: 'pending',
        attempts: 0,
        max_attempts: declared.maxAttempts,
        unique_key: occurrenceKey(name, occurrence),
        locked_at: null,
        last_error: null,
        created_at: t.toISOString(),
        finished_at: null,
      };
      // Enqueue before moving on: a crash in between re-fires the same key, which is a no-op.
      if (await repo.insertJobIfAbsent(this.db, job)) fired++;
      const next = nextOccurrence(declared.cron, occurrence).toISOString();
      await repo.advanceSchedule(this.db, name, row.next_run_at, next, t.toISOString());
    }
    return fired;
  }

  private async runJob(job: JobTable): Promise<void> {
    const handler = this.handlers.get(job.name);
    const info: JobInfo = {
      id: job.id,
      name: job.name,
      attempt: job.attempts,
      maxAttempts: job.max_attempts,
      runAt: job.run_at,
      uniqueKey: job.unique_key,
      occurrence: occurrenceOf(job.name, job.unique_key),
    };
    const beat = setInterval(
      () => {
        repo
          .touchJob(this.db, job.id, job.attempts, nowIso())
          .catch((err: unknown) => this.log.error({ err, job: info }, 'job heartbeat failed'));
      },
      Math.max(10, Math.floor(this.lockTimeoutMs / 3)),
    );
    beat.unref();
    let failure: unknown = null;
    try {
      if (!handler) throw new Error(`No handler registered for job "${job.name}"`);
      await handler(JSON.parse(job.payload_json), info);
    } catch (err) {
      failure = err ?? new Error('Job handler threw a nullish value');
    } finally {
      clearInterval(beat);
    }
    // If recording the outcome fails the job stays running and its lease expiry runs it again:
    // delivery is at least once, which is why handlers are idempotent.
    if (failure === null) {
      await repo.markJobDone(this.db, job.id, job.attempts, nowIso());
      return;
    }
    const error = describeError(failure);
    if (job.attempts >= job.max_attempts) {
      this.log.error({ err: failure, job: info }, 'job failed for good');
      await repo.markJobFailed(this.db, job.id, job.attempts, nowIso(), error);
    } else {
      const retryAt = new Date(now().getTime() + retryDelayMs(job.attempts, this.retryBaseMs, this.retryMaxMs)).toISOString();
      this.log.error({ err: failure, job: info, retryAt }, 'job failed, will retry');
      await repo.markJobRetry(this.db, job.id, job.attempts, retryAt, error);
    }
  }
}
