import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Activity, ActivityType, WorkLog } from '../../../contracts/activity.ts';
import type { DB } from '../../db/database.ts';
import { addDays } from '../attendance/attendance.rules.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { rebuildActivityRollups } from './rebuild.service.ts';
import { clientsOf, ok, shanghai } from './recording.test-helpers.ts';
import { readRollups } from './rollup.repository.ts';

/**
 * Property: whatever sequence of writes people make — logging, editing (type, date, premium),
 * deleting, submitting logs, reviewing them, changing a type's points — the rollups kept by each
 * write equal the rollups recomputed from the raw rows (the rebuild command), and every write that
 * was accepted left exactly one audit row. The sequence is drawn from a seeded generator
 * (ACTIVITY_PROPERTY_SEED to replay one); refused writes (outside the window, an empty day, a
 * reviewed log) must leave nothing behind either.
 */

const SEED = Number(process.env.ACTIVITY_PROPERTY_SEED ?? 20261118);
const OPERATIONS = 300;
const CHECK_EVERY = 100;

/** mulberry32: a small, good, seedable PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

/** Codes a random write may meet; anything else (or a 5xx) fails the property. */
const EXPECTED_REFUSALS = new Set([
  'ACTIVITY_DATE_TOO_OLD',
  'ACTIVITY_DATE_IN_FUTURE',
  'WORK_LOG_EMPTY',
  'WORK_LOG_REVIEWED',
]);

forEachDialect('activity rollups under random writes', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  const as = clientsOf(() => app);

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
  });
  afterAll(async () => {
    resetClock();
    await app.close();
  });

  it(`${OPERATIONS} random operations (seed ${SEED}) keep the rollups equal to a rebuild`, async () => {
    const rnd = prng(SEED);
    let today = '2026-11-16';
    setClock(shanghai(today, '09:00:00'));
    const types = ok<ActivityType[]>(await (await as(org.users.admin)).get('/api/activity/types'));
    const used = [
      'phoneAppointment',
      'messageOneWay',
      'interview',
      'proposal',
      'sale',
      'service',
      'jointVisit',
    ].map((code) => types.find((t) => t.code === code)!);
    const loggers: TestUser[] = [
      org.users.agent1,
      org.users.agent1b,
      org.users.agent2,
      org.users.agent3,
      org.users.sup1,
    ];
    const reviewerOf = new Map<string, TestUser>([
      [org.users.agent1.id, org.users.sup1],
      [org.users.agent1b.id, org.users.sup1],
      [org.users.agent2.id, org.users.sup2],
      [org.users.agent3.id, org.users.sup3],
      [org.users.sup1.id, org.users.manager1],
    ]);
    const activities = new Map<string, string[]>(loggers.map((u) => [u.id, []]));
    const submitted: { logId: string; userId: string }[] = [];
    let writes = 0;
    const tally: Record<string, number> = {};

    const accept = (what: string, res: LightMyRequestResponse): boolean => {
      expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(500);
      if (res.statusCode < 300) {
        writes++;
        tally[what] = (tally[what] ?? 0) + 1;
        return true;
      }
      const code = res.json<{ error: { code: string } }>().error.code;
      expect(EXPECTED_REFUSALS.has(code), `${what}: ${res.body}`).toBe(true);
      tally[`${what}:${code}`] = (tally[`${what}:${code}`] ?? 0) + 1;
      return false;
    };
    // An instant on a day up to 4 back (the window is 3): sometimes refused, never in the future.
    const instantBack = () => {
      const date = addDays(today, -rnd.int(5));
      const hms =
        date === today
          ? '08:00:00'
          : `${String(8 + rnd.int(12)).padStart(2, '0')}:${String(rnd.int(60)).padStart(2, '0')}:00`;
      return shanghai(date, hms).toISOString();
    };

    const check = async () => {
      const kept = await readRollups(db, org.tenant.id);
      const rebuilt = await rebuildActivityRollups(db, org.tenant.id);
      expect(rebuilt).toHaveLength(1);
      const fresh = await readRollups(db, org.tenant.id);
      expect(kept).toEqual(fresh);
      // And the points in the day rows are the sum of the activities' frozen points.
      const raw = await db
        .selectFrom('activities')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points_milli'), eb.lit(0)).as('p'))
        .where('tenant_id', '=', org.tenant.id)
        .executeTakeFirstOrThrow();
      expect(kept.days.reduce((s, d) => s + d.points_milli, 0)).toBe(Number(raw.p));
    };

    const auditBefore = Number(
      (
        await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('entity', 'in', ['activity', 'workLog', 'activityType'])
          .executeTakeFirstOrThrow()
      ).n,
    );

    for (let i = 1; i <= OPERATIONS; i++) {
      // About every 25 operations a new day begins.
      if (rnd.int(25) === 0) {
        today = addDays(today, 1);
        setClock(shanghai(today, '09:00:00'));
      }
      const user = rnd.pick(loggers);
      const c = await as(user);
      const mine = activities.get(user.id)!;
      const roll = rnd.int(100);
      if (roll < 35 || mine.length === 0) {
        const type = rnd.pick(used);
        const body = {
          typeId: type.id,
          occurredAt: instantBack(),
          ...(type.code === 'sale' ? { premiumFen: 1000 * (1 + rnd.int(500)) } : {}),
          ...(type.code === 'jointVisit'
            ? { partnerId: org.users.sup1.id === user.id ? org.users.manager1.id : org.users.sup1.id }
            : {}),
        };
        const res = await c.post('/api/activities', body);
        if (accept('create', res)) mine.push(res.json<Activity>().id);
      } else if (roll < 60) {
        const id = rnd.pick(mine);
        const kind = rnd.int(4);
        const patch =
          kind === 0
            ? { typeId: rnd.pick(used).id }
            : kind === 1
              ? { occurredAt: instantBack() }
              : kind === 2
                ? { premiumFen: rnd.int(3) === 0 ? null : 100 * rnd.int(10_000) }
                : { typeId: rnd.pick(used).id, occurredAt: instantBack(), notes: `第${i}次修改` };
        accept('patch', await c.patch(`/api/activities/${id}`, patch));
      } else if (roll < 70) {
        const at = rnd.int(mine.length);
        if (accept('delete', await c.delete(`/api/activities/${mine[at]}`))) mine.splice(at, 1);
      } else if (roll < 85) {
        const date = addDays(today, -rnd.int(4));
        const res = await c.post(`/api/work-logs/${date}/submit`, {
          noActivity: rnd.int(2) === 0,
          summary: `第${i}步`,
        });
        if (accept('submit', res)) submitted.push({ logId: res.json<WorkLog>().id!, userId: user.id });
      } else if (roll < 95) {
        if (submitted.length === 0) continue;
        const log = rnd.pick(submitted);
        // Reviews happen a little or a lot later than the submission: within 24 h or not.
        accept(
          'review',
          await (await as(reviewerOf.get(log.userId)!)).post(`/api/work-logs/${log.logId}/reviews`, {}),
        );
      } else {
        const type = rnd.pick(used);
        const points = (1 + rnd.int(50)) / 10;
        accept(
          'points',
          await (await as(org.users.admin)).patch(`/api/activity/types/${type.id}`, { points }),
        );
      }
      if (i % CHECK_EVERY === 0) await check();
    }
    await check();

    // Every accepted write left one audit row (refused ones none).
    const auditAfter = Number(
      (
        await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('entity', 'in', ['activity', 'workLog', 'activityType'])
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(auditAfter - auditBefore).toBe(writes);
    // The sequence exercised every kind of write, refusals included.
    for (const k of [
      'create',
      'patch',
      'delete',
      'submit',
      'review',
      'points',
      'create:ACTIVITY_DATE_TOO_OLD',
    ]) {
      expect(tally[k] ?? 0, `${k} in ${JSON.stringify(tally)}`).toBeGreaterThan(0);
    }
    // Hundreds of HTTP writes: about 10 s on SQLite and 20 s on PostgreSQL alone, more on a busy machine.
  }, 240_000);
});
