import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import type { Queryable } from '../../db/database.ts';
import type { DialectName } from '../../db/dialect.ts';
import type { Handover, HandoverDetail, HandoverPreview } from '../../../contracts/handover.ts';
import type { Page } from '../../../contracts/common.ts';
import { makeHousehold, makePerson, type PersonIds } from '../privacy/person.fixtures.ts';
import { expectMaskedText, TYPED, typedText } from '../customer/customer.fixtures.ts';

type Snapshot = Map<string, Map<string, string>>;

async function tableNames(db: Queryable, dialect: DialectName): Promise<string[]> {
  if (dialect === 'sqlite') {
    const r = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    return r.rows.map((t) => t.name);
  }
  const r = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  return r.rows.map((t) => t.table_name);
}

/** Every row of every table (but the sessions a request may touch), keyed by id or by its content. */
async function snapshot(db: Queryable, dialect: DialectName): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const table of await tableNames(db, dialect)) {
    if (table === 'sessions' || table.startsWith('kysely_')) continue;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    const byKey = new Map<string, string>();
    for (const row of rows.rows) {
      const text = JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
      byKey.set(typeof row.id === 'string' ? row.id : text, text);
    }
    out.set(table, byKey);
  }
  return out;
}

interface Diff {
  added: Record<string, number>;
  removed: Record<string, number>;
  /** table → id → the fields that changed */
  changed: Record<string, Record<string, string[]>>;
}

function diff(before: Snapshot, after: Snapshot): Diff {
  const d: Diff = { added: {}, removed: {}, changed: {} };
  for (const [table, rowsAfter] of after) {
    const rowsBefore = before.get(table) ?? new Map<string, string>();
    for (const [key, text] of rowsAfter) {
      const old = rowsBefore.get(key);
      if (old === undefined) d.added[table] = (d.added[table] ?? 0) + 1;
      else if (old !== text) {
        const a = JSON.parse(old) as Record<string, unknown>;
        const b = JSON.parse(text) as Record<string, unknown>;
        const fields = Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
        (d.changed[table] ??= {})[key] = fields.sort();
      }
    }
    for (const key of rowsBefore.keys()) if (!rowsAfter.has(key)) d.removed[table] = (d.removed[table] ?? 0) + 1;
  }
  return d;
}

const MOVED_FIELDS = ['owner_id', 'unit_id', 'updated_at'];

forEachDialect('handover of names, cards and customers', (get, dialect) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let manager: TestClient;
  let from: TestUser;
  let to: TestUser;
  let gone: TestUser;
  const people: Record<string, PersonIds> = {};
  let household1: string;
  let household2: string;
  let emptyHousehold: string;
  let peerPerson: PersonIds;
  let firstId: string;

  beforeAll(async () => {
    const db = get().db;
    org = await makeOrg(db);
    from = org.users.agent1;
    to = org.users.agent2;
    gone = await makeUser(db, org.tenant, org.units.team2, 'agent');
    await db.updateTable('users').set({ status: 'left', leave_date: '2026-01-01' }).where('id', '=', gone.id).execute();
    household1 = await makeHousehold(db, from, '丙丁家');
    household2 = await makeHousehold(db, from, '己家');
    emptyHousehold = await makeHousehold(db, from, '空家');
    people.a = await makePerson(db, from, { name: '甲' });
    people.b = await makePerson(db, from, { name: '乙' });
    people.c = await makePerson(db, from, { name: '丙', customer: true, householdId: household1, policies: 2, serviceRequests: 1 });
    people.d = await makePerson(db, from, { name: '丁', customer: true, householdId: household1 });
    people.e = await makePerson(db, from, { name: '戊', customer: true, policies: 1, serviceRequests: 2 });
    people.f = await makePerson(db, from, { name: '己', customer: true, householdId: household2 });
    peerPerson = await makePerson(db, org.users.agent1b, { name: '庚', customer: true });
    app = await makeTestApp(get());
    manager = await loginAs(app, org.users.manager1.username);
  });
  afterAll(() => app.close());

  const auditCount = async () =>
    Number((await get().db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('shows the picker what the agent holds, to prospect.handover within scope', async () => {
    const res = await manager.get(`/api/handovers/preview?fromUserId=${from.id}`);
    expect(res.statusCode).toBe(200);
    const preview = JSON.parse(res.body) as HandoverPreview;
    expect(preview.counts).toEqual({ names: 6, prospects: 6, customers: 4, households: 3, policies: 5, serviceRequests: 5 });
    expect(preview.names.map((n) => n.name)).toEqual(['甲', '乙', '丙', '丁', '戊', '己']);
    expect(preview.prospects.find((p) => p.id === people.c!.prospectId)).toMatchObject({ customerId: people.c!.customerId, nameId: people.c!.nameId });
    expect(preview.customers.find((c) => c.id === people.c!.customerId)).toMatchObject({
      householdId: household1,
      householdName: '丙丁家',
      policies: 2,
      serviceRequests: 1,
    });
    const sup = await loginAs(app, org.users.sup1.username);
    expect((await sup.get(`/api/handovers/preview?fromUserId=${from.id}`)).statusCode).toBe(403);
    const m2 = await loginAs(app, org.users.manager2.username);
    expect((await m2.get(`/api/handovers/preview?fromUserId=${from.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input and out-of-scope agents, writing nothing', async () => {
    const db = get().db;
    const sup = await loginAs(app, org.users.sup1.username);
    const m2 = await loginAs(app, org.users.manager2.username);
    const otherAdmin = await loginAs(app, org.other.admin.username);
    const before = await snapshot(db, dialect);
    const audits = await auditCount();
    const valid = { fromUserId: from.id, toUserId: to.id, reason: 'decision', prospectIds: [people.a!.prospectId] };
    const expectStatus = async (c: TestClient, body: unknown, status: number, path?: string) => {
      const res = await c.post('/api/handovers', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      if (path) {
        const details = (JSON.parse(res.body) as { error: { details: { path: string }[] } }).error.details;
        expect(details.map((d) => d.path)).toContain(path);
      }
    };
    await expectStatus(sup, valid, 403);
    await expectStatus(m2, valid, 404);
    await expectStatus(otherAdmin, valid, 404);
    // The new owner in another department: out of the manager's scope.
    await expectStatus(manager, { ...valid, toUserId: org.users.agent3.id }, 404);
    await expectStatus(manager, { ...valid, toUserId: org.other.agent.id }, 404);
    await expectStatus(manager, { ...valid, toUserId: from.id }, 400, 'body.toUserId');
    await expectStatus(manager, { ...valid, toUserId: gone.id }, 400, 'body.toUserId');
    await expectStatus(manager, { ...valid, prospectIds: [people.a!.prospectId, peerPerson.prospectId] }, 400, 'body.prospectIds.1');
    await expectStatus(manager, { ...valid, prospectIds: [], customerIds: [peerPerson.customerId] }, 400, 'body.customerIds.0');
    await expectStatus(manager, { ...valid, prospectIds: [], nameIds: ['nope'] }, 400, 'body.nameIds.0');
    await expectStatus(manager, { ...valid, prospectIds: [] }, 400, 'body.all');
    await expectStatus(manager, { ...valid, all: true }, 400, 'body.all');
    await expectStatus(manager, { ...valid, reason: 'bored' }, 400, 'body.reason');
    await expectStatus(manager, { ...valid, fromUserId: undefined }, 400, 'body.fromUserId');
    expect(diff(before, await snapshot(db, dialect))).toEqual({ added: {}, removed: {}, changed: {} });
    expect(await auditCount()).toBe(audits);
  });

  it('moves exactly the chosen rows and nothing else; the history stays', async () => {
    const db = get().db;
    const before = await snapshot(db, dialect);
    const { a, b, c, e } = people;
    const res = await manager.post('/api/handovers', {
      fromUserId: from.id,
      toUserId: to.id,
      reason: 'decision',
      note: '调整客户分配',
      prospectIds: [a!.prospectId],
      customerIds: [c!.customerId, e!.customerId, c!.customerId],
      nameIds: [b!.nameId],
    });
    expect(res.statusCode).toBe(201);
    const handover = JSON.parse(res.body) as HandoverDetail;
    firstId = handover.id;
    expect(handover).toMatchObject({ fromUserId: from.id, toUserId: to.id, toUnitId: org.units.team2, reason: 'decision', note: '调整客户分配' });
    // 丙's household keeps 丁 with the old owner: it stays.
    expect(handover.counts).toEqual({ names: 1, prospects: 1, customers: 2, households: 0, policies: 3, serviceRequests: 3 });

    const after = await snapshot(db, dialect);
    const d0 = diff(before, after);
    const movedIds = {
      plan_names: [b!.nameId],
      prospects: [a!.prospectId],
      customers: [c!.customerId!, e!.customerId!],
      policies: [...c!.policyIds, ...e!.policyIds],
      service_requests: [...c!.serviceRequestIds, ...e!.serviceRequestIds],
    };
    const expectedChanged: Record<string, Record<string, string[]>> = {};
    for (const [table, ids] of Object.entries(movedIds)) {
      expectedChanged[table] = Object.fromEntries(ids.map((id) => [id, MOVED_FIELDS]));
    }
    expect(d0.changed).toEqual(expectedChanged);
    expect(d0.removed).toEqual({});
    // The new owner is notified, and on a decision the old owner too.
    expect(d0.added).toEqual({ handovers: 1, handover_items: 10, audit_log: 1, notifications: 2 });
    for (const [table, ids] of Object.entries(movedIds)) {
      const rows = await db
        .selectFrom(table as 'prospects')
        .select(['owner_id', 'unit_id'])
        .where('id', 'in', ids)
        .execute();
      expect(rows, table).toEqual(ids.map(() => ({ owner_id: to.id, unit_id: org.units.team2 })));
    }

    const items = await db.selectFrom('handover_items').select(['entity', 'entity_id']).where('handover_id', '=', handover.id).execute();
    expect(items).toHaveLength(10);
    expect(handover.items.filter((i) => i.entity === 'customer').map((i) => i.label).sort()).toEqual(['丙', '戊'].sort());
    expect(handover.items.find((i) => i.entity === 'name')).toEqual({ entity: 'name', entityId: b!.nameId, label: '乙' });

    const audit = await db.selectFrom('audit_log').selectAll().where('entity', '=', 'handover').executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(org.users.manager1.id);
    const after0 = JSON.parse(audit.after_json!) as { counts: unknown; ids: Record<string, string[]> };
    expect(after0.counts).toEqual(handover.counts);
    expect(after0.ids.customers!.sort()).toEqual(movedIds.customers.sort());

    const note = await db.selectFrom('notifications').selectAll().where('user_id', '=', to.id).executeTakeFirstOrThrow();
    expect(note).toMatchObject({ kind: 'prospect.handover', link: `/handovers/${handover.id}` });
    const told = await db.selectFrom('notifications').selectAll().where('user_id', '=', from.id).where('kind', '=', 'prospect.handedOver').executeTakeFirstOrThrow();
    expect(JSON.parse(told.params_json!)).toMatchObject({ handoverId: handover.id, toUserId: to.id, customers: 2 });
  });

  it('lists and shows handovers to those who see either agent', async () => {
    const list = async (c: TestClient) => (JSON.parse((await c.get('/api/handovers')).body) as Page<Handover>).items.map((h) => h.id);
    expect(await list(manager)).toEqual([firstId]);
    expect(await list(await loginAs(app, to.username))).toEqual([firstId]);
    expect(await list(await loginAs(app, from.username))).toEqual([firstId]);
    expect(await list(await loginAs(app, org.users.sup2.username))).toEqual([firstId]);
    const peer = await loginAs(app, org.users.agent1b.username);
    expect(await list(peer)).toEqual([]);
    expect(await list(await loginAs(app, org.users.manager2.username))).toEqual([]);
    expect(await list(await loginAs(app, org.other.admin.username))).toEqual([]);
    expect((await peer.get(`/api/handovers/${firstId}`)).statusCode).toBe(404);
    const mine = await loginAs(app, to.username);
    const detail = JSON.parse((await mine.get(`/api/handovers/${firstId}`)).body) as HandoverDetail;
    expect(detail.items).toHaveLength(10);
    expect(detail.counts.customers).toBe(2);
    const page = JSON.parse((await manager.get(`/api/handovers?userId=${to.id}`)).body) as Page<Handover>;
    expect(page.items.map((h) => h.id)).toEqual([firstId]);
    expect(page.items[0]).toMatchObject({ fromUserName: expect.any(String), createdByName: expect.any(String), toUnitId: org.units.team2 });
    expect((await manager.get('/api/handovers?pageSize=0')).statusCode).toBe(400);
  });

  it('hands over everything a leaving agent holds; households move once all their members have', async () => {
    const db = get().db;
    const before = await snapshot(db, dialect);
    const res = await manager.post('/api/handovers', { fromUserId: from.id, toUserId: to.id, reason: 'leaving', all: true });
    expect(res.statusCode).toBe(201);
    const handover = JSON.parse(res.body) as HandoverDetail;
    // Left: names 甲丙丁戊己 (乙 moved), cards 乙丙丁戊己, customers 丁己, every household.
    expect(handover.counts).toEqual({ names: 5, prospects: 5, customers: 2, households: 3, policies: 2, serviceRequests: 2 });
    const d0 = diff(before, await snapshot(db, dialect));
    expect(Object.keys(d0.changed).sort()).toEqual(['customers', 'households', 'plan_names', 'policies', 'prospects', 'service_requests']);
    for (const rows of Object.values(d0.changed)) for (const fields of Object.values(rows)) expect(fields).toEqual(MOVED_FIELDS);
    expect(Object.keys(d0.changed.households!).sort()).toEqual([household1, household2, emptyHousehold].sort());
    expect(d0.added).toEqual({ handovers: 1, handover_items: 19, audit_log: 1, notifications: 1 });
    for (const table of ['plan_names', 'prospects', 'households', 'customers', 'policies', 'service_requests'] as const) {
      const left = await db.selectFrom(table).select('id').where('owner_id', '=', from.id).execute();
      expect(left, table).toEqual([]);
    }
    // The peer's rows and the history of the cards are untouched.
    const peer = await db.selectFrom('prospects').select(['owner_id', 'unit_id']).where('id', '=', peerPerson.prospectId).executeTakeFirstOrThrow();
    expect(peer).toEqual({ owner_id: org.users.agent1b.id, unit_id: org.units.team1 });
    const history = await db.selectFrom('prospect_stage_changes').select(['owner_id', 'unit_id']).distinct().where('owner_id', '=', from.id).execute();
    expect(history).toEqual([{ owner_id: from.id, unit_id: org.units.team1 }]);
    const activities = await db.selectFrom('activities').select('user_id').distinct().where('prospect_id', 'is not', null).execute();
    expect(activities.map((a) => a.user_id).sort()).toEqual([from.id, org.users.agent1b.id].sort());

    // Nothing left to hand over.
    const again = await manager.post('/api/handovers', { fromUserId: from.id, toUserId: to.id, reason: 'leaving', all: true });
    expect(again.statusCode).toBe(400);
  });

  it("files an agent's rows under their new team when they move; history keeps the old team", async () => {
    const db = get().db;
    const staff = await loginAs(app, org.users.staff1.username);
    const peer = org.users.agent1b;
    const before = await snapshot(db, dialect);
    const res = await staff.post(`/api/users/${peer.id}/move`, { unitId: org.units.team2 });
    expect(res.statusCode).toBe(200);
    const d0 = diff(before, await snapshot(db, dialect));
    const owned = {
      plan_names: [peerPerson.nameId],
      prospects: [peerPerson.prospectId],
      customers: [peerPerson.customerId!],
      policies: peerPerson.policyIds,
      service_requests: peerPerson.serviceRequestIds,
    };
    for (const [table, ids] of Object.entries(owned)) {
      expect(d0.changed[table], table).toEqual(Object.fromEntries(ids.map((id) => [id, ['unit_id']])));
      const rows = await db.selectFrom(table as 'prospects').select('unit_id').where('id', 'in', ids).execute();
      expect(rows.every((r) => r.unit_id === org.units.team2), table).toBe(true);
    }
    expect(d0.changed.prospect_stage_changes).toBeUndefined();
    expect(d0.changed.activities).toBeUndefined();
    // The supervisor of the new team now sees the card, the old one no longer does.
    const sup2 = await loginAs(app, org.users.sup2.username);
    const sup1 = await loginAs(app, org.users.sup1.username);
    const reveal = { entity: 'prospect', id: peerPerson.prospectId, field: 'phone' };
    expect((await sup2.post('/api/privacy/reveal', reveal)).statusCode).toBe(200);
    expect((await sup1.post('/api/privacy/reveal', reveal)).statusCode).toBe(404);
  });

  it('numbers typed into the note show masked in the answers, the notifications and the audit', async () => {
    const db = get().db;
    const person = await makePerson(db, from, { name: '辛' });
    const res = await manager.post('/api/handovers', {
      fromUserId: from.id,
      toUserId: to.id,
      reason: 'decision',
      note: typedText('移交说明'),
      prospectIds: [person.prospectId],
    });
    expect(res.statusCode).toBe(201);
    const handover = JSON.parse(res.body) as HandoverDetail;
    const stored = await db.selectFrom('handovers').select('note').where('id', '=', handover.id).executeTakeFirstOrThrow();
    expect(stored.note).toContain(TYPED.mobile);
    expectMaskedText(handover.note);
    for (const reader of [manager, await loginAs(app, to.username)]) {
      expectMaskedText((JSON.parse((await reader.get(`/api/handovers/${handover.id}`)).body) as HandoverDetail).note);
      const listed = (JSON.parse((await reader.get('/api/handovers')).body) as Page<Handover>).items.find((h) => h.id === handover.id);
      expectMaskedText(listed?.note);
    }
    const notes = await db.selectFrom('notifications').select(['kind', 'body']).where('link', '=', `/handovers/${handover.id}`).execute();
    expect(notes.map((n) => n.kind).sort()).toEqual(['prospect.handedOver', 'prospect.handover']);
    for (const n of notes) expectMaskedText(n.body);
    const audit = await db.selectFrom('audit_log').select('after_json').where('entity', '=', 'handover').where('entity_id', '=', handover.id).executeTakeFirstOrThrow();
    expectMaskedText(audit.after_json);
  });
});
