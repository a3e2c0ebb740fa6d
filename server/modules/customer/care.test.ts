import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TodoList } from '../../../contracts/customer.ts';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp, testConfig } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import { clientsOf, ok, shanghai } from '../activity/recording.test-helpers.ts';
import { createJobQueue, registerCoreJobs } from '../job/job.service.ts';
import { CARE_REMINDERS_JOB, careKey, inCareWindow, sendCareReminders, teamOverdueKey } from './care.service.ts';
import { insertCustomer, insertPolicy, insertProspect } from './customer.fixtures.ts';

// Wednesday 18 November 2026 in Shanghai.
const TODAY = '2026-11-18';

it('the morning window is the hour from 07:30 on the tenant wall clock', () => {
  expect(inCareWindow(shanghai(TODAY, '07:29:59'), 'Asia/Shanghai')).toBe(false);
  expect(inCareWindow(shanghai(TODAY, '07:30:00'), 'Asia/Shanghai')).toBe(true);
  expect(inCareWindow(shanghai(TODAY, '08:29:00'), 'Asia/Shanghai')).toBe(true);
  expect(inCareWindow(shanghai(TODAY, '08:30:00'), 'Asia/Shanghai')).toBe(false);
  // 07:30 in Shanghai is 00:30 in Paris (winter).
  expect(inCareWindow(shanghai(TODAY, '07:30:00'), 'Europe/Paris')).toBe(false);
});

forEachDialect('care reminders and to-dos', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let quiet: TestUser;
  const as = clientsOf(() => app);
  const e: Record<string, string> = {};

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    quiet = await makeUser(db, org.tenant, org.units.team1, 'agent');
    app = await makeTestApp(get());
    const a1 = org.users.agent1;
    // Birthdays today (one born on a leap day does not count in November), not today, erased.
    e.birthday = await insertCustomer(db, a1, { name: '生日客户', birth_date: '1980-11-18' });
    await insertCustomer(db, a1, { name: '明天生日', birth_date: '1980-11-19' });
    await insertCustomer(db, a1, { name: '已删除', birth_date: '1980-11-18', erased_at: '2026-10-01T00:00:00Z' });
    e.prospectBirthday = await insertProspect(db, a1, { name: '准客户生日', birth_date: '1995-11-18' });
    await insertProspect(db, a1, { name: '已流失生日', birth_date: '1995-11-18', stage: 'lost', stage_reason: '无意向' });
    // Anniversaries: in force and not the first day.
    const holder = await insertCustomer(db, a1, { name: '保单客户' });
    e.anniversary = await insertPolicy(db, a1, holder, { policy_no: 'CARE-1', effective_date: '2020-11-18' });
    await insertPolicy(db, a1, holder, { policy_no: 'CARE-2', effective_date: TODAY });
    await insertPolicy(db, a1, holder, { policy_no: 'CARE-3', effective_date: '2021-11-18', status: 'lapsed' });
    // Follow-ups due today or before; closed cards are left alone.
    e.followToday = await insertProspect(db, a1, { name: '今天跟进', next_follow_up: TODAY, stage: 'appointment' });
    e.followLate = await insertProspect(db, a1, { name: '逾期跟进', next_follow_up: '2026-11-10', stage: 'proposal' });
    await insertProspect(db, a1, { name: '明天跟进', next_follow_up: '2026-11-19' });
    await insertProspect(db, a1, { name: '已签单', next_follow_up: '2026-11-01', stage: 'signed' });
    // Overdue service: agent1's and agent1b's (team 1, led by sup1), agent2's (team 2).
    const insertRequest = async (owner: TestUser, customerId: string, due: string, status = 'open') => {
      const id = newId();
      await db
        .insertInto('service_requests')
        .values({
          id,
          tenant_id: owner.tenantId,
          owner_id: owner.id,
          unit_id: owner.unitId,
          customer_id: customerId,
          policy_id: null,
          kind: 'claim',
          status,
          due_date: due,
          notes: null,
          activity_id: null,
          satisfaction: null,
          completed_at: null,
          created_by: owner.id,
          created_at: '2026-11-01T00:00:00Z',
          updated_at: '2026-11-01T00:00:00Z',
        })
        .execute();
      return id;
    };
    e.overdue = await insertRequest(a1, holder, '2026-11-15');
    await insertRequest(a1, holder, TODAY);
    await insertRequest(a1, holder, '2026-11-01', 'done');
    const peerCustomer = await insertCustomer(db, org.users.agent1b, { name: '同组客户' });
    await insertRequest(org.users.agent1b, peerCustomer, '2026-11-16', 'inProgress');
    const team2Customer = await insertCustomer(db, org.users.agent2, { name: '二组客户' });
    await insertRequest(org.users.agent2, team2Customer, '2026-11-16');
    // The other tenant's agent has a birthday customer too.
    await insertCustomer(db, org.other.agent, { name: '外生日', birth_date: '1970-11-18' });
  });
  afterAll(async () => {
    resetClock();
    await app.close();
  });

  it("the to-do list is the agent's own, each item with what to open", async () => {
    setClock(shanghai(TODAY, '09:00:00'));
    const todos = ok<TodoList>(await (await as(org.users.agent1)).get('/api/todos'));
    expect(todos.date).toBe(TODAY);
    expect(todos.items.map((i) => [i.kind, i.entity, i.entityId, i.name])).toEqual([
      ['serviceOverdue', 'serviceRequest', e.overdue, '保单客户'],
      ['followUp', 'prospect', e.followLate, '逾期跟进'],
      ['followUp', 'prospect', e.followToday, '今天跟进'],
      ['customerBirthday', 'customer', e.birthday, '生日客户'],
      ['prospectBirthday', 'prospect', e.prospectBirthday, '准客户生日'],
      ['policyAnniversary', 'policy', e.anniversary, '保单客户'],
    ]);
    expect(todos.items.find((i) => i.kind === 'customerBirthday')).toMatchObject({ years: 46, customerId: e.birthday });
    expect(todos.items.find((i) => i.kind === 'policyAnniversary')).toMatchObject({ years: 6, policyNo: 'CARE-1', product: '测试产品' });
    expect(todos.items.find((i) => i.kind === 'serviceOverdue')).toMatchObject({ date: '2026-11-15', serviceKind: 'claim' });
    expect(ok<TodoList>(await (await as(quiet)).get('/api/todos')).items).toEqual([]);
    expect(ok<TodoList>(await (await as(org.users.sup1)).get('/api/todos')).items).toEqual([]);
  });

  const care = async (userId: string, kind = 'customer.care') =>
    db
      .selectFrom('notifications')
      .select(['kind', 'title', 'body', 'link', 'params_json', 'dedupe_key'])
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .execute();

  it('nothing is sent before the morning window', async () => {
    expect(await sendCareReminders(db, shanghai(TODAY, '06:00:00'))).toEqual([]);
    expect(await care(org.users.agent1.id)).toEqual([]);
  });

  it('each agent gets one digest a day, however often the job runs; the supervisor one note of the team', async () => {
    const first = await sendCareReminders(db, shanghai(TODAY, '07:30:00'));
    expect(first).toEqual([
      { tenantId: org.tenant.id, date: TODAY, digests: 3, teamNotes: 2 },
      { tenantId: org.other.tenant.id, date: TODAY, digests: 1, teamNotes: 0 },
    ]);
    expect(await sendCareReminders(db, shanghai(TODAY, '07:45:00'))).toEqual([]);
    expect(await sendCareReminders(db, shanghai(TODAY, '07:30:00'))).toEqual([]);

    const digests = await care(org.users.agent1.id);
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ title: '今日客户关怀待办 6 项', link: '/todos', dedupe_key: careKey(TODAY) });
    expect(digests[0]!.body).toContain('逾期服务 1：保单客户');
    const params = JSON.parse(digests[0]!.params_json!) as { total: number; counts: Record<string, number> };
    expect(params).toMatchObject({ date: TODAY, total: 6, counts: { followUp: 2, serviceOverdue: 1 } });
    expect(await care(org.users.agent1b.id)).toHaveLength(1);
    expect(await care(org.users.agent2.id)).toHaveLength(1);
    expect(await care(quiet.id)).toEqual([]);

    const lead = await care(org.users.sup1.id, 'customer.teamOverdue');
    expect(lead).toHaveLength(1);
    expect(lead[0]).toMatchObject({ title: '团队有 2 项售后服务已逾期', dedupe_key: teamOverdueKey(TODAY) });
    expect(await care(org.users.sup2.id, 'customer.teamOverdue')).toHaveLength(1);
    expect(await care(org.users.sup3.id, 'customer.teamOverdue')).toEqual([]);
    expect(await care(org.other.agent.id)).toHaveLength(1);
  });

  it('the next morning brings the next digest', async () => {
    const next = await sendCareReminders(db, shanghai('2026-11-19', '07:31:00'));
    expect(next.find((r) => r.tenantId === org.tenant.id)).toMatchObject({ date: '2026-11-19' });
    const digests = await care(org.users.agent1.id);
    expect(digests.map((d) => d.dedupe_key).sort()).toEqual([careKey(TODAY), careKey('2026-11-19')]);
  });

  it('the job is registered every 15 minutes and sends through the queue', async () => {
    const queue = createJobQueue({ db, dialect: get().dialect, config: testConfig() });
    await registerCoreJobs(queue, { db });
    const row = await db.selectFrom('job_schedules').selectAll().where('name', '=', CARE_REMINDERS_JOB).executeTakeFirstOrThrow();
    expect(row.cron).toContain('*/15 * * * *');

    // A run of the 07:30 occurrence, claimed a minute late, sends that morning's digests.
    setClock(shanghai('2026-11-20', '07:31:00'));
    await queue.runDueJobs();
    const digests = await care(org.users.agent1.id);
    expect(digests.map((d) => d.dedupe_key)).toContain(careKey('2026-11-20'));
    await queue.runDueJobs();
    expect((await care(org.users.agent1.id)).filter((d) => d.dedupe_key === careKey('2026-11-20'))).toHaveLength(1);
  });
});
