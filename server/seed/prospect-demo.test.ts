import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PlanNameCategories } from '../../contracts/plan100.ts';
import { CoverageKinds, ServiceKinds, type ReviewCard, type TodoList } from '../../contracts/customer.ts';
import { ProspectStages } from '../../contracts/prospect.ts';
import type { DB } from '../db/database.ts';
import { toNumber } from '../db/dialect.ts';
import { businessDate, now } from '../lib/clock.ts';
import { isChineseIdNumber, isChineseMobile } from '../lib/pii.ts';
import { addDays } from '../modules/attendance/attendance.rules.ts';
import { findTodos } from '../modules/customer/care.service.ts';
import { answerErrors, gradeOf, scoreOf } from '../modules/prospect/grading.rules.ts';
import { currentRubric } from '../modules/prospect/rubric.service.ts';
import { loginAs, makeTestApp } from '../test/app.ts';
import { createTestDatabase, forEachDialect } from '../test/dialects.ts';
import { DEMO_PASSWORD, seedDemo } from './demo.ts';
import { PROSPECT_DEMO_DAYS } from './prospect-demo.ts';

/** The demo company's prospects and customers, read back: what an agent, a supervisor and a manager should see. */
forEachDialect('demo prospects', (get, dialect) => {
  let db: DB;
  let tenantId: string;
  let today: string;
  let seedMs: number;
  let app: FastifyInstance;
  const users = new Map<
    string,
    { id: string; username: string; role: string; unit_id: string; status: string }
  >();
  const byId = new Map<
    string,
    { id: string; username: string; role: string; unit_id: string; status: string }
  >();

  beforeAll(async () => {
    db = get().db;
    const started = performance.now();
    await seedDemo(db);
    seedMs = performance.now() - started;
    tenantId = (
      await db.selectFrom('tenants').select('id').where('code', '=', 'demo').executeTakeFirstOrThrow()
    ).id;
    today = businessDate(now(), 'Asia/Shanghai');
    for (const u of await db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'unit_id', 'status'])
      .where('tenant_id', '=', tenantId)
      .execute()) {
      users.set(u.username, u);
      byId.set(u.id, u);
    }
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  const agents = () => [...users.values()].filter((u) => u.role === 'agent');

  it('seeds the whole demo, prospects included, in a few seconds', () => {
    console.info(`demo seed with activity and prospects on ${dialect}: ${Math.round(seedMs)} ms`);
    // Generous: test files run side by side on a shared machine; the figure printed above is what to watch.
    expect(seedMs).toBeLessThan(40_000);
  });

  it('gives every agent a Plan 100 list of 30–120 names over the ten categories, most scored, a few duplicates and excluded', async () => {
    const names = await db
      .selectFrom('plan_names')
      .select(['owner_id', 'unit_id', 'name_key', 'category', 'excluded', 'grade', 'prospect_id'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const perOwner = new Map<string, typeof names>();
    for (const n of names) perOwner.set(n.owner_id, [...(perOwner.get(n.owner_id) ?? []), n]);
    for (const a of agents()) {
      const list = perOwner.get(a.id) ?? [];
      expect(list.length, a.username).toBeGreaterThanOrEqual(30);
      expect(list.length, a.username).toBeLessThanOrEqual(120);
      expect(list.every((n) => n.unit_id === a.unit_id)).toBe(true);
    }
    for (const s of [...users.values()].filter((u) => u.role === 'supervisor')) {
      const list = perOwner.get(s.id) ?? [];
      expect(list.length, s.username).toBeGreaterThanOrEqual(10);
      expect(list.length, s.username).toBeLessThanOrEqual(40);
    }
    expect(new Set(names.map((n) => n.category))).toEqual(new Set(PlanNameCategories));
    expect(names.filter((n) => n.grade !== null).length / names.length).toBeGreaterThan(0.75);
    for (const g of ['A', 'B', 'C'])
      expect(names.filter((n) => n.grade === g).length).toBeGreaterThan(names.length / 20);
    const excluded = names.filter((n) => toNumber(n.excluded) === 1);
    expect(excluded.length).toBeGreaterThan(10);
    expect(excluded.every((n) => n.prospect_id === null)).toBe(true);
    // Duplicates: the same name twice on one list, for some agents and not most.
    let withDuplicates = 0;
    for (const list of perOwner.values()) {
      const keys = list.map((n) => n.name_key);
      if (new Set(keys).size < keys.length) withDuplicates++;
    }
    expect(withDuplicates).toBeGreaterThan(3);
    expect(withDuplicates).toBeLessThan(agents().length * 0.7);
  });

  it('grades agree with the answers and scores under the current rubric', async () => {
    const rubric = await currentRubric(db, tenantId);
    const scored = await db
      .selectFrom('plan_names')
      .select(['id', 'answers', 'score', 'grade', 'rubric_version', 'prospect_id'])
      .where('tenant_id', '=', tenantId)
      .where('score', 'is not', null)
      .execute();
    expect(scored.length).toBeGreaterThan(1000);
    for (const n of scored) {
      const answers = JSON.parse(n.answers!) as Record<string, string>;
      expect(answerErrors(answers, rubric)).toEqual([]);
      expect(scoreOf(answers, rubric)).toBe(toNumber(n.score));
      expect(gradeOf(toNumber(n.score), rubric)).toBe(n.grade);
      expect(toNumber(n.rubric_version)).toBe(rubric.version);
    }
    // A card made from a name carries its grade and score; a direct card is graded without a score.
    const cards = await db
      .selectFrom('prospects')
      .select(['id', 'name_id', 'grade', 'score', 'source'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const nameById = new Map(scored.map((n) => [n.id, n]));
    for (const c of cards) {
      expect(c.grade).not.toBeNull();
      if (c.name_id) {
        const n = nameById.get(c.name_id);
        expect(n?.prospect_id).toBe(c.id);
        expect(c.grade).toBe(n?.grade);
        expect(toNumber(c.score)).toBe(toNumber(n?.score));
        expect(c.source).toBe('plan100');
      } else {
        expect(c.score).toBeNull();
        expect(['referral', 'campaign', 'assigned']).toContain(c.source);
      }
    }
  });

  it('has funnel-shaped cards with stage histories in time order ending at the current stage', async () => {
    const cards = await db
      .selectFrom('prospects')
      .select([
        'id',
        'owner_id',
        'unit_id',
        'stage',
        'stage_reason',
        'stage_changed_at',
        'created_at',
        'next_follow_up',
        'source',
        'referrer_prospect_id',
        'referrer_customer_id',
      ])
      .where('tenant_id', '=', tenantId)
      .execute();
    const moves = await db
      .selectFrom('prospect_stage_changes')
      .select(['prospect_id', 'owner_id', 'from_stage', 'to_stage', 'reason', 'changed_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('changed_at')
      .execute();
    const movesOf = new Map<string, typeof moves>();
    for (const m of moves) movesOf.set(m.prospect_id, [...(movesOf.get(m.prospect_id) ?? []), m]);
    const nowIso = now().toISOString();
    const reached = new Map<string, number>(ProspectStages.map((s) => [s, 0]));
    for (const c of cards) {
      const list = movesOf.get(c.id) ?? [];
      expect(list.length).toBeGreaterThan(0);
      expect(list[0]!.from_stage).toBeNull();
      expect(list[0]!.to_stage).toBe('lead');
      expect(list[0]!.changed_at).toBe(c.created_at);
      for (let i = 1; i < list.length; i++) {
        expect(list[i]!.changed_at > list[i - 1]!.changed_at).toBe(true);
        expect(list[i]!.from_stage).toBe(list[i - 1]!.to_stage);
      }
      const last = list.at(-1)!;
      expect(last.to_stage).toBe(c.stage);
      expect(last.changed_at).toBe(c.stage_changed_at);
      expect(last.changed_at <= nowIso).toBe(true);
      expect(list.every((m) => m.owner_id === c.owner_id)).toBe(true);
      expect(c.unit_id).toBe(byId.get(c.owner_id)?.unit_id);
      if (c.stage === 'paused' || c.stage === 'lost') {
        expect(c.stage_reason).toBeTruthy();
        expect(last.reason).toBe(c.stage_reason);
      } else expect(c.stage_reason).toBeNull();
      for (const m of list) reached.set(m.to_stage, (reached.get(m.to_stage) ?? 0) + 1);
    }
    // Many leads, fewer appointments … a few signed; some paused and lost.
    const r = (s: string) => reached.get(s) ?? 0;
    expect(r('lead')).toBe(cards.length);
    expect(r('lead')).toBeGreaterThan(r('appointment'));
    expect(r('appointment')).toBeGreaterThan(r('proposal'));
    expect(r('proposal')).toBeGreaterThan(r('closing'));
    expect(r('closing')).toBeGreaterThan(r('signed'));
    expect(r('signed')).toBeGreaterThan(agents().length);
    expect(r('paused')).toBeGreaterThan(20);
    expect(r('lost')).toBeGreaterThan(20);
    // Most of the history is of the last 90 days (customers of past years aside). The share moves a
    // little with the weekday of today (0.848 on a Saturday against over 0.85 on a Friday).
    const from = addDays(today, -PROSPECT_DEMO_DAYS - 1);
    expect(moves.filter((m) => m.changed_at >= from).length / moves.length).toBeGreaterThan(0.8);
    // Sources: Plan 100 mostly, referrals linking to an earlier card or customer of the same owner.
    const bySource = (s: string) => cards.filter((c) => c.source === s);
    expect(bySource('plan100').length).toBeGreaterThan(cards.length / 2);
    for (const s of ['referral', 'campaign', 'assigned']) expect(bySource(s).length).toBeGreaterThan(5);
    const cardById = new Map(cards.map((c) => [c.id, c]));
    const customers = new Map(
      (
        await db
          .selectFrom('customers')
          .select(['id', 'owner_id'])
          .where('tenant_id', '=', tenantId)
          .execute()
      ).map((c) => [c.id, c]),
    );
    for (const c of bySource('referral')) {
      const referrer = c.referrer_prospect_id
        ? cardById.get(c.referrer_prospect_id)
        : customers.get(c.referrer_customer_id ?? '');
      expect(referrer?.owner_id).toBe(c.owner_id);
    }
    expect(bySource('referral').some((c) => c.referrer_customer_id)).toBe(true);
    // Follow-ups: some due today or overdue, some later; signed and lost cards have none.
    expect(cards.some((c) => c.next_follow_up !== null && c.next_follow_up < today)).toBe(true);
    expect(cards.some((c) => c.next_follow_up === today)).toBe(true);
    expect(cards.some((c) => c.next_follow_up !== null && c.next_follow_up > today)).toBe(true);
    expect(
      cards.filter((c) => c.stage === 'signed' || c.stage === 'lost').every((c) => c.next_follow_up === null),
    ).toBe(true);
  });

  it('links activities to cards of their owner by the same name', async () => {
    const linked = await db
      .selectFrom('activities as a')
      .innerJoin('prospects as p', 'p.id', 'a.prospect_id')
      .select(['a.user_id', 'a.prospect_name', 'a.stage', 'p.owner_id', 'p.name', 'p.stage as card_stage'])
      .where('a.tenant_id', '=', tenantId)
      .execute();
    expect(linked.length).toBeGreaterThan(1000);
    for (const l of linked) {
      expect(l.user_id).toBe(l.owner_id);
      expect(l.prospect_name).toBe(l.name);
      if (l.stage === 'sale' || l.stage === 'service') expect(l.card_stage).toBe('signed');
    }
    const dangling = await db
      .selectFrom('activities as a')
      .leftJoin('prospects as p', 'p.id', 'a.prospect_id')
      .select('a.id')
      .where('a.tenant_id', '=', tenantId)
      .where('a.prospect_id', 'is not', null)
      .where('p.id', 'is', null)
      .execute();
    expect(dangling).toEqual([]);
  });

  it('makes signed cards customers of the same owner, in households, with policies showing cover and gaps', async () => {
    const cards = await db
      .selectFrom('prospects')
      .select(['id', 'owner_id', 'stage', 'customer_id'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const customers = await db
      .selectFrom('customers')
      .select(['id', 'owner_id', 'unit_id', 'prospect_id', 'household_id', 'household_role', 'birth_date'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const cardById = new Map(cards.map((c) => [c.id, c]));
    const customerById = new Map(customers.map((c) => [c.id, c]));
    for (const c of cards) {
      if (c.stage === 'signed') expect(customerById.get(c.customer_id!)?.prospect_id).toBe(c.id);
      else expect(c.customer_id).toBeNull();
    }
    for (const c of customers) {
      expect(c.unit_id).toBe(byId.get(c.owner_id)?.unit_id);
      if (c.prospect_id) expect(cardById.get(c.prospect_id)?.owner_id).toBe(c.owner_id);
    }
    const households = await db
      .selectFrom('households')
      .select(['id', 'owner_id'])
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(households.length).toBeGreaterThan(20);
    const hh = new Map(households.map((h) => [h.id, h]));
    for (const c of customers.filter((x) => x.household_id))
      expect(hh.get(c.household_id!)?.owner_id).toBe(c.owner_id);
    const roles = new Set(customers.map((c) => c.household_role));
    for (const r of ['self', 'spouse', 'child']) expect(roles.has(r)).toBe(true);

    const policies = await db
      .selectFrom('policies')
      .select([
        'owner_id',
        'customer_id',
        'household_id',
        'policy_no',
        'premium_fen',
        'coverage_kind',
        'status',
        'effective_date',
      ])
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(new Set(policies.map((p) => p.policy_no)).size).toBe(policies.length);
    for (const p of policies) {
      const holder = customerById.get(p.customer_id)!;
      expect(p.owner_id).toBe(holder.owner_id);
      expect(p.household_id).toBe(holder.household_id);
      expect(Number.isInteger(toNumber(p.premium_fen)) && toNumber(p.premium_fen) > 0).toBe(true);
      expect(p.effective_date <= today && p.effective_date >= addDays(today, -3 * 366)).toBe(true);
    }
    expect(new Set(policies.map((p) => p.coverage_kind))).toEqual(new Set(CoverageKinds));
    expect(policies.some((p) => p.status === 'lapsed')).toBe(true);
    expect(policies.filter((p) => p.status === 'inForce').length / policies.length).toBeGreaterThan(0.8);

    // A household's review card, read as its owner: some cover and some gaps.
    const household = households.find((h) => byId.get(h.owner_id)?.status === 'active')!;
    const self = customers.find((c) => c.household_id === household.id && c.household_role === 'self')!;
    const owner = await loginAs(app, byId.get(household.owner_id)!.username, DEMO_PASSWORD);
    const res = await owner.get(`/api/customers/${self.id}/review-card`);
    expect(res.statusCode).toBe(200);
    const card = JSON.parse(res.body) as ReviewCard;
    expect(card.members.length).toBeGreaterThan(1);
    expect(card.members.some((m) => m.coverage.some((k) => k.policies.length > 0))).toBe(true);
    expect(card.members.some((m) => m.gaps.length > 0)).toBe(true);
  });

  it('has service requests of every kind: return visits with satisfaction, some open and overdue', async () => {
    const requests = await db
      .selectFrom('service_requests')
      .select(['owner_id', 'customer_id', 'kind', 'status', 'due_date', 'satisfaction', 'completed_at'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const owners = new Map(
      (
        await db
          .selectFrom('customers')
          .select(['id', 'owner_id'])
          .where('tenant_id', '=', tenantId)
          .execute()
      ).map((c) => [c.id, c.owner_id]),
    );
    expect(new Set(requests.map((r) => r.kind))).toEqual(new Set(ServiceKinds));
    for (const r of requests) {
      expect(owners.get(r.customer_id)).toBe(r.owner_id);
      if (r.kind === 'returnVisit' && r.status === 'done') {
        expect(toNumber(r.satisfaction)).toBeGreaterThanOrEqual(1);
        expect(toNumber(r.satisfaction)).toBeLessThanOrEqual(5);
      } else expect(r.satisfaction).toBeNull();
      expect(r.status === 'done').toBe(r.completed_at !== null);
    }
    const overdue = requests.filter(
      (r) => (r.status === 'open' || r.status === 'inProgress') && r.due_date < today,
    );
    expect(overdue.length).toBeGreaterThan(5);
    expect(overdue.length).toBeLessThan(requests.length / 4);
    expect(requests.filter((r) => r.status === 'done').length).toBeGreaterThan(requests.length / 2);
  });

  it('gives agents to-dos today: follow-ups, and for some birthdays, anniversaries and overdue service', async () => {
    const todos = await findTodos(db, tenantId, today);
    const kinds = new Set([...todos.values()].flat().map((t) => t.kind));
    for (const k of ['followUp', 'serviceOverdue', 'customerBirthday', 'policyAnniversary'])
      expect(kinds.has(k as never), k).toBe(true);
    const active = agents().filter((a) => a.status === 'active');
    expect(active.filter((a) => (todos.get(a.id)?.length ?? 0) > 0).length).toBeGreaterThan(
      active.length / 2,
    );
  });

  it('has spot-checks by supervisors of their own team’s cards, with comments', async () => {
    const checks = await db
      .selectFrom('spot_checks')
      .select(['id', 'agent_id', 'unit_id', 'supervisor_id', 'sample_size', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(checks.length).toBeGreaterThanOrEqual(6);
    const items = await db
      .selectFrom('spot_check_items as i')
      .innerJoin('prospects as p', 'p.id', 'i.prospect_id')
      .select(['i.spot_check_id', 'i.comment', 'i.commented_at', 'p.owner_id', 'p.created_at'])
      .where('i.tenant_id', '=', tenantId)
      .execute();
    const units = new Map(
      (
        await db
          .selectFrom('org_units')
          .select(['id', 'leader_user_id'])
          .where('tenant_id', '=', tenantId)
          .execute()
      ).map((u) => [u.id, u]),
    );
    for (const c of checks) {
      expect(units.get(c.unit_id)?.leader_user_id).toBe(c.supervisor_id);
      expect(byId.get(c.agent_id)?.unit_id).toBe(c.unit_id);
      const mine = items.filter((i) => i.spot_check_id === c.id);
      expect(mine.length).toBe(toNumber(c.sample_size));
      for (const i of mine) {
        expect(i.owner_id).toBe(c.agent_id);
        expect(i.created_at < c.created_at).toBe(true);
      }
    }
    expect(items.filter((i) => i.comment).length).toBeGreaterThan(checks.length);
    expect(checks.some((c) => c.agent_id === users.get('agent001')?.id)).toBe(true);
  });

  it('has valid phone and ID numbers, and no card, name or customer shared between people', async () => {
    const phones = [
      ...(await db
        .selectFrom('plan_names')
        .select('phone')
        .where('tenant_id', '=', tenantId)
        .where('phone', 'is not', null)
        .execute()),
      ...(await db
        .selectFrom('prospects')
        .select('phone')
        .where('tenant_id', '=', tenantId)
        .where('phone', 'is not', null)
        .execute()),
      ...(await db
        .selectFrom('customers')
        .select('phone')
        .where('tenant_id', '=', tenantId)
        .where('phone', 'is not', null)
        .execute()),
    ].map((r) => r.phone!);
    expect(phones.length).toBeGreaterThan(1000);
    expect(phones.filter((p) => !isChineseMobile(p))).toEqual([]);
    const ids = [
      ...(await db
        .selectFrom('prospects')
        .select('id_number')
        .where('tenant_id', '=', tenantId)
        .where('id_number', 'is not', null)
        .execute()),
      ...(await db
        .selectFrom('customers')
        .select('id_number')
        .where('tenant_id', '=', tenantId)
        .where('id_number', 'is not', null)
        .execute()),
    ].map((r) => r.id_number!);
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.filter((n) => !isChineseIdNumber(n))).toEqual([]);

    // An agent sees only their own: no card of theirs appears in another agent's list.
    const seen = new Map<string, string>();
    for (const username of ['agent001', 'agent002', 'agent010']) {
      const client = await loginAs(app, username, DEMO_PASSWORD);
      const page = JSON.parse((await client.get('/api/prospects?pageSize=200')).body) as {
        items: { id: string; ownerId: string }[];
      };
      expect(page.items.length).toBeGreaterThan(0);
      for (const c of page.items) {
        expect(c.ownerId).toBe(users.get(username)?.id);
        expect(seen.has(c.id)).toBe(false);
        seen.set(c.id, username);
      }
    }
  });

  it('shows agent001 their names, cards, customers and to-dos through the API', async () => {
    const client = await loginAs(app, 'agent001', DEMO_PASSWORD);
    const names = JSON.parse((await client.get('/api/names')).body) as {
      total: number;
      progress: { count: number };
    };
    expect(names.total).toBeGreaterThanOrEqual(30);
    expect(names.progress.count).toBeGreaterThan(0);
    const cards = JSON.parse((await client.get('/api/prospects')).body) as { total: number };
    expect(cards.total).toBeGreaterThan(10);
    const customers = JSON.parse((await client.get('/api/customers')).body) as { total: number };
    expect(customers.total).toBeGreaterThan(0);
    const todos = JSON.parse((await client.get('/api/todos')).body) as TodoList;
    expect(todos.items.length).toBeGreaterThan(0);
    const sup = await loginAs(app, 'sup1', DEMO_PASSWORD);
    const team = JSON.parse((await sup.get('/api/prospects?pageSize=200')).body) as { total: number };
    expect(team.total).toBeGreaterThan(cards.total);
  });
  it('dates nothing after now', async () => {
    const nowIso = now().toISOString();
    for (const [table, column] of [
      ['plan_names', 'created_at'],
      ['plan_names', 'scored_at'],
      ['prospects', 'updated_at'],
      ['prospect_stage_changes', 'changed_at'],
      ['households', 'created_at'],
      ['customers', 'created_at'],
      ['policies', 'created_at'],
      ['service_requests', 'updated_at'],
      ['spot_checks', 'created_at'],
    ] as const) {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.max(column).as('latest'))
        .executeTakeFirstOrThrow();
      expect(String(row.latest) <= nowIso, `${table}.${column}`).toBe(true);
    }
  });

  it('is the same data on every run', async () => {
    const other = await createTestDatabase(dialect);
    try {
      await seedDemo(other.db);
      const pattern = async (d: DB) => ({
        names: await d
          .selectFrom('plan_names as n')
          .innerJoin('users as u', 'u.id', 'n.owner_id')
          .select(['u.username', 'n.name', 'n.category', 'n.phone', 'n.score', 'n.grade', 'n.excluded'])
          .where('u.username', 'in', ['agent001', 'agent002', 'sup1'])
          .orderBy('u.username')
          .orderBy('n.name')
          .orderBy('n.category')
          .orderBy('n.phone')
          .execute(),
        cards: await d
          .selectFrom('prospects as p')
          .innerJoin('users as u', 'u.id', 'p.owner_id')
          .select(['u.username', 'p.name', 'p.stage', 'p.source', 'p.grade', 'p.next_follow_up'])
          .where('u.username', 'in', ['agent001', 'agent002', 'sup1'])
          .orderBy('u.username')
          .orderBy('p.name')
          .execute(),
        policies: await d
          .selectFrom('policies as p')
          .innerJoin('users as u', 'u.id', 'p.owner_id')
          .select(['u.username', 'p.policy_no', 'p.product', 'p.premium_fen', 'p.effective_date', 'p.status'])
          .where('u.username', 'in', ['agent001', 'agent002'])
          .orderBy('p.policy_no')
          .execute(),
      });
      expect(await pattern(other.db)).toEqual(await pattern(db));
    } finally {
      await other.drop();
    }
  });
});
