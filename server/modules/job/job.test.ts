import { ACTIVITY_REMINDERS_JOB } from '../activity/reminder.service.ts';
import { CLOSE_DAYS_JOB } from '../attendance/close.service.ts';
import { CARE_REMINDERS_JOB } from '../customer/care.service.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.ts';
import { advanceClock, now, nowIso, resetClock } from '../../lib/clock.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { testConfig } from '../../test/app.ts';
import { makeTenant, makeUser } from '../../test/factories.ts';
import type { JobInfo, JobLogger, JobQueue } from './job.queue.ts';
import { DAILY_CLEANUP_JOB, createJobQueue, registerCoreJobs } from './job.service.ts';
import type { TableJobQueueOptions } from './job.table-queue.ts';

const silent: JobLogger = { info: () => undefined, error: () => undefined };
let seq = 0;
const uniqueName = (base: string) => `${base}.${(seq++).toString(36)}`;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function eventually(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

forEachDialect('job queue', (get) => {
  const queues: JobQueue[] = [];
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.stop()));
    resetClock();
  });

  const makeQueue = (opts: TableJobQueueOptions = {}) => {
    const { db, dialect } = get();
    const q = createJobQueue({ db, dialect, config: testConfig() }, { log: silent, ...opts });
    queues.push(q);
    return q;
  };
  const jobRow = (id: string) =>
    get().db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const jobsNamed = (name: string) =>
    get().db.selectFrom('jobs').selectAll().where('name', '=', name).orderBy('run_at').execute();

  /** A handler that records each call. */
  const recorder = <P = unknown>(fail: (info: JobInfo) => boolean = () => false) => {
    const calls: { payload: P; info: JobInfo }[] = [];
    const handler = (payload: P, info: JobInfo) => {
      calls.push({ payload, info });
      if (fail(info)) return Promise.reject(new Error(`boom ${info.attempt}`));
      return Promise.resolve();
    };
    return { calls, handler };
  };

  it('runs a one-off job once, and not before its time', async () => {
    const q = makeQueue();
    const name = uniqueName('once');
    const { calls, handler } = recorder<{ planId: string }>();
    q.register(name, handler);
    const id = await q.enqueue(name, { planId: 'p1' });
    const later = await q.enqueue(name, { planId: 'p2' }, { runAt: new Date(now().getTime() + HOUR) });

    expect((await q.runDueJobs()).ran).toBe(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.payload).toEqual({ planId: 'p1' });
    expect(calls[0]?.info).toMatchObject({
      id,
      name,
      attempt: 1,
      maxAttempts: 5,
      uniqueKey: null,
      occurrence: null,
    });
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 1, locked_at: null });
    expect((await jobRow(id)).finished_at).not.toBeNull();

    expect((await q.runDueJobs()).ran).toBe(0);
    expect(calls).toHaveLength(1);

    advanceClock(HOUR);
    expect((await q.runDueJobs()).ran).toBe(1);
    expect(calls.map((c) => c.payload.planId)).toEqual(['p1', 'p2']);
    expect((await jobRow(later)).status).toBe('done');
  });

  it('retries a failing job with backoff, then marks it failed with the last error', async () => {
    const q = makeQueue({ retryBaseMs: 1000 });
    const name = uniqueName('flaky');
    const { calls, handler } = recorder(() => true);
    q.register(name, handler);
    const id = await q.enqueue(name, {}, { maxAttempts: 3 });

    // The retry is due a full backoff after the failure, which came after `before` (the clock keeps
    // running, and on a loaded machine reading the row back can take a while).
    const before = now().getTime();
    await q.runDueJobs();
    let row = await jobRow(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toContain('boom 1');
    expect(Date.parse(row.run_at) - before).toBeGreaterThanOrEqual(1000);

    expect((await q.runDueJobs()).ran).toBe(0);
    advanceClock(1000);
    expect((await q.runDueJobs()).ran).toBe(1);
    expect((await jobRow(id)).attempts).toBe(2);
    advanceClock(1000);
    expect((await q.runDueJobs()).ran).toBe(0);
    advanceClock(1000);
    expect((await q.runDueJobs()).ran).toBe(1);

    row = await jobRow(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.last_error).toContain('boom 3');
    expect(row.finished_at).not.toBeNull();
    advanceClock(DAY);
    expect((await q.runDueJobs()).ran).toBe(0);
    expect(calls.map((c) => c.info.attempt)).toEqual([1, 2, 3]);
  });

  it('a job that fails once and then succeeds ends done', async () => {
    const q = makeQueue({ retryBaseMs: 10 });
    const name = uniqueName('recovers');
    const { calls, handler } = recorder((info) => info.attempt === 1);
    q.register(name, handler);
    const id = await q.enqueue(name, null);
    await q.runDueJobs();
    advanceClock(10);
    await q.runDueJobs();
    expect(calls).toHaveLength(2);
    expect((await jobRow(id)).status).toBe('done');
  });

  describe('a job left running by a process that died', () => {
    const crash = async (id: string, attempts: number, lockedAt: string) => {
      await get()
        .db.updateTable('jobs')
        .set({ status: 'running', attempts, locked_at: lockedAt })
        .where('id', '=', id)
        .execute();
    };

    it('runs again after start when this is the only runner', async () => {
      const name = uniqueName('crashed');
      const id = await makeQueue().enqueue(name, { n: 1 });
      await crash(id, 1, nowIso());

      const q = makeQueue({ exclusive: true, pollIntervalMs: 10 });
      const { calls, handler } = recorder();
      q.register(name, handler);
      await q.start();
      await eventually(() => calls.length === 1);
      await eventually(async () => (await jobRow(id)).status === 'done');
      expect(calls[0]?.info.attempt).toBe(2);
    });

    it('runs again once its lease expires when runners share the database', async () => {
      const name = uniqueName('crashed');
      const id = await makeQueue().enqueue(name, {});
      await crash(id, 1, nowIso());

      const q = makeQueue({ exclusive: false, lockTimeoutMs: 60_000 });
      const { calls, handler } = recorder();
      q.register(name, handler);
      await q.start();
      await q.stop();
      // Another runner may still be working on it: not yet.
      expect((await q.runDueJobs()).ran).toBe(0);
      expect((await jobRow(id)).status).toBe('running');

      advanceClock(61_000);
      const result = await q.runDueJobs();
      expect(result.recovered).toBe(1);
      expect(result.ran).toBe(1);
      expect(calls[0]?.info.attempt).toBe(2);
      expect((await jobRow(id)).status).toBe('done');
    });

    it('is failed rather than looping when it used its last attempt', async () => {
      const name = uniqueName('crashed');
      const id = await makeQueue().enqueue(name, {}, { maxAttempts: 2 });
      await crash(id, 2, new Date(now().getTime() - DAY).toISOString());
      const q = makeQueue();
      const { calls, handler } = recorder();
      q.register(name, handler);
      await q.start();
      await q.stop();
      expect(await jobRow(id)).toMatchObject({
        status: 'failed',
        last_error: 'Abandoned: the runner stopped while the job ran',
      });
      expect(calls).toHaveLength(0);
    });

    it("a presumed-dead runner's late outcome does not overwrite the re-run", async () => {
      const name = uniqueName('slow');
      const q = makeQueue({ exclusive: false, lockTimeoutMs: 1000 });
      let release: () => void = () => undefined;
      let first = true;
      q.register(name, async (_p, info) => {
        if (first) {
          first = false;
          // The lease expires while this runner is stuck (the clock moves, the heartbeat cannot keep up).
          advanceClock(5000);
          await new Promise<void>((r) => (release = r));
          throw new Error(`late failure of attempt ${info.attempt}`);
        }
      });
      const id = await q.enqueue(name, {}, { maxAttempts: 5 });
      const stuck = q.runDueJobs();
      await eventually(() => !first);
      const other = makeQueue({ exclusive: false, lockTimeoutMs: 1000 });
      other.register(name, () => Promise.resolve());
      expect(await other.runDueJobs()).toMatchObject({ recovered: 1, ran: 1 });
      expect((await jobRow(id)).status).toBe('done');
      release();
      await stuck;
      expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2 });
    });
  });

  it('enqueue with a known unique key is a no-op returning the existing id', async () => {
    const q = makeQueue();
    const name = uniqueName('dedupe');
    const { calls, handler } = recorder();
    q.register(name, handler);
    const a = await q.enqueue(name, { v: 1 }, { uniqueKey: `${name}:plan-7` });
    const b = await q.enqueue(name, { v: 2 }, { uniqueKey: `${name}:plan-7` });
    expect(b).toBe(a);
    expect(await jobsNamed(name)).toHaveLength(1);
    await q.runDueJobs();
    // Still a no-op once the job is done: the key stands for the work, not for a pending row.
    expect(await q.enqueue(name, { v: 3 }, { uniqueKey: `${name}:plan-7` })).toBe(a);
    await q.runDueJobs();
    expect(calls.map((c) => c.payload)).toEqual([{ v: 1 }]);
  });

  it("enqueues inside the caller's transaction: a rollback leaves no job", async () => {
    const q = makeQueue();
    const name = uniqueName('tx');
    const { db } = get();
    await expect(
      db.transaction().execute(async (trx) => {
        await q.enqueue(name, {}, { db: trx, uniqueKey: `${name}:k` });
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await jobsNamed(name)).toHaveLength(0);
    const id = await db
      .transaction()
      .execute((trx) => q.enqueue(name, {}, { db: trx, uniqueKey: `${name}:k` }));
    expect((await jobRow(id)).unique_key).toBe(`${name}:k`);
  });

  it('two runners never take the same job', async () => {
    const name = uniqueName('shared');
    const seen: string[] = [];
    const a = makeQueue();
    const b = makeQueue();
    for (const q of [a, b]) {
      q.register(name, async (_p, info) => {
        seen.push(info.id);
        await new Promise((r) => setTimeout(r, 1));
      });
    }
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => a.enqueue(name, { i })));
    const [ra, rb] = await Promise.all([a.runDueJobs(), b.runDueJobs()]);
    expect(ra.ran + rb.ran).toBe(12);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('fires a recurring schedule once per occurrence, even with concurrent passes and two runners', async () => {
    const name = uniqueName('tick');
    const a = makeQueue();
    const b = makeQueue();
    const { calls, handler } = recorder<{ kind: string }>();
    a.register(name, handler);
    b.register(name, handler);
    await a.schedule(name, '0 9 * * *', { kind: 'morning' });
    await b.schedule(name, '0 9 * * *', { kind: 'morning' });
    const schedule = () =>
      get().db.selectFrom('job_schedules').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    const first = (await schedule()).next_run_at;
    // 09:00 in Shanghai is 01:00 UTC.
    expect(first).toMatch(/T01:00:00\.000Z$/);
    expect(Date.parse(first)).toBeGreaterThan(now().getTime());
    expect((await a.runDueJobs()).fired).toBe(0);

    advanceClock(Date.parse(first) - now().getTime() + 1000);
    const results = await Promise.all([a.runDueJobs(), a.runDueJobs(), b.runDueJobs(), b.runDueJobs()]);
    expect(results.reduce((n, r) => n + r.fired, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.ran, 0)).toBe(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.payload).toEqual({ kind: 'morning' });
    expect(calls[0]?.info).toMatchObject({ occurrence: first, uniqueKey: `${name}@${first}`, runAt: first });
    const second = (await schedule()).next_run_at;
    expect(Date.parse(second) - Date.parse(first)).toBe(DAY);

    // A restart declares the schedule again: the stored next run is kept, nothing is skipped or repeated.
    const restarted = makeQueue();
    restarted.register(name, handler);
    await restarted.schedule(name, '0 9 * * *', { kind: 'morning' });
    expect((await schedule()).next_run_at).toBe(second);
    expect((await restarted.runDueJobs()).fired).toBe(0);

    // Three days down: one catch-up run for the latest missed occurrence, not three.
    advanceClock(3 * DAY);
    expect((await restarted.runDueJobs()).fired).toBe(1);
    expect(calls).toHaveLength(2);
    expect(Date.parse(calls[1]!.info.occurrence!)).toBe(Date.parse(second) + 2 * DAY);
    expect(await jobsNamed(name)).toHaveLength(2);

    // A new pattern moves the next run.
    await restarted.schedule(name, '30 18 * * *', { kind: 'evening' });
    expect((await schedule()).next_run_at).toMatch(/T10:30:00\.000Z$/);
    await restarted.unschedule(name);
    advanceClock(2 * DAY);
    expect((await restarted.runDueJobs()).fired).toBe(0);
  });

  it('the poller runs due jobs by itself and stops cleanly', async () => {
    const q = makeQueue({ pollIntervalMs: 10 });
    const name = uniqueName('polled');
    const { calls, handler } = recorder();
    q.register(name, handler);
    await q.start();
    const id = await q.enqueue(name, {});
    await eventually(async () => (await jobRow(id)).status === 'done');
    await q.stop();
    await q.enqueue(name, {});
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toHaveLength(1);
  });

  it('refuses bad patterns and duplicate handlers', async () => {
    const q = makeQueue();
    await expect(q.schedule(uniqueName('bad'), 'every morning', {})).rejects.toThrow();
    q.register('dup', () => Promise.resolve());
    expect(() => q.register('dup', () => Promise.resolve())).toThrow('already registered');
  });

  it('the daily cleanup runs at 03:00 and deletes only what is older than 30 days', async () => {
    const { db } = get();
    const q = makeQueue();
    await registerCoreJobs(q, { db });
    // The other core jobs recur every few minutes (the attendance day-close every 5, activity and
    // care reminders every 15) and would fire at 03:00 too; this test is about the cleanup alone, so
    // every schedule but the cleanup's is taken away, whichever jobs registerCoreJobs declares.
    expect(
      (
        await db
          .selectFrom('job_schedules')
          .select('cron')
          .where('name', '=', CLOSE_DAYS_JOB)
          .executeTakeFirstOrThrow()
      ).cron,
    ).toContain('*/5');
    const others = await db.selectFrom('job_schedules').select('name').where('name', '!=', DAILY_CLEANUP_JOB).execute();
    expect(others.map((o) => o.name)).toEqual(expect.arrayContaining([CLOSE_DAYS_JOB, ACTIVITY_REMINDERS_JOB, CARE_REMINDERS_JOB]));
    for (const { name } of others) await q.unschedule(name);
    const schedule = await db
      .selectFrom('job_schedules')
      .selectAll()
      .where('name', '=', DAILY_CLEANUP_JOB)
      .executeTakeFirstOrThrow();
    expect(schedule.next_run_at).toMatch(/T19:00:00\.000Z$/);
    advanceClock(Date.parse(schedule.next_run_at) - now().getTime() + 1000);

    const t = now().getTime();
    const ago = (days: number) => new Date(t - days * DAY).toISOString();
    const tenant = await makeTenant(db);
    const user = await makeUser(db, tenant, tenant.rootUnitId, 'agent');
    const attempt = (days: number) => ({
      id: newId(),
      username: user.username,
      ip: '10.0.0.1',
      at: ago(days),
      success: 0,
    });
    await db
      .insertInto('login_attempts')
      .values([attempt(40), attempt(31), attempt(29), attempt(1)])
      .execute();
    const session = (created: number, expires: number, revoked: number | null) => ({
      id: newId(),
      tenant_id: tenant.id,
      user_id: user.id,
      token_hash: newId(),
      created_at: ago(created),
      last_seen_at: ago(created),
      expires_at: ago(expires),
      ip: null,
      user_agent: null,
      revoked_at: revoked === null ? null : ago(revoked),
    });
    const sessions = {
      expiredLongAgo: session(50, 43, null),
      revokedLongAgo: session(40, -100, 35),
      revokedRecently: session(10, -100, 2),
      expiredRecently: session(10, 3, null),
      live: session(1, -6, null),
    };
    await db.insertInto('sessions').values(Object.values(sessions)).execute();
    const oldJob = await q.enqueue(uniqueName('old'), {});
    await db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: ago(31) })
      .where('id', '=', oldJob)
      .execute();
    const pendingOld = await q.enqueue(uniqueName('waiting'), {}, { runAt: ago(60) });

    const result = await q.runDueJobs();
    expect(result).toMatchObject({ fired: 1, ran: 1 });
    const attempts = await db
      .selectFrom('login_attempts')
      .select('at')
      .where('username', '=', user.username)
      .orderBy('at')
      .execute();
    expect(attempts.map((a) => a.at)).toEqual([ago(29), ago(1)]);
    const left = await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(left.map((s) => s.id).sort()).toEqual(
      [sessions.revokedRecently.id, sessions.expiredRecently.id, sessions.live.id].sort(),
    );
    expect(
      await db.selectFrom('jobs').select('id').where('id', '=', oldJob).executeTakeFirst(),
    ).toBeUndefined();
    expect((await jobRow(pendingOld)).status).toBe('pending');
    const cleanup = await jobsNamed(DAILY_CLEANUP_JOB);
    expect(cleanup.map((j) => j.status)).toEqual(['done']);
  });
});
