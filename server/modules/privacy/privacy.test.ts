import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { DialectName } from '../../db/dialect.ts';
import { ERASED_NAME, type PersonEraseResult, type PersonExport } from '../../../contracts/privacy.ts';
import { makeHousehold, makePerson, type PersonIds } from './person.fixtures.ts';

const PHONE = '13712345678';
const ID_NUMBER = '44030619880101027X';
const NAME = '欧阳明远';
const OTHER_PHONE = '15987654321';
const OTHER_ID = '44030619880101019X';
const OTHER_NAME = '司马青云';

/** Every text column of every table, read from the database's own catalogue. */
async function textColumns(db: Queryable, dialect: DialectName): Promise<{ table: string; column: string }[]> {
  if (dialect === 'sqlite') {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    const out: { table: string; column: string }[] = [];
    for (const { name } of tables.rows) {
      const cols = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(db);
      for (const c of cols.rows) if (/text|char|clob/i.test(c.type)) out.push({ table: name, column: c.name });
    }
    return out;
  }
  const cols = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')`.execute(db);
  return cols.rows.map((c) => ({ table: c.table_name, column: c.column_name }));
}

/** "table.column" of every text column holding the needle anywhere (case-blind for the X). */
async function whereFound(db: Queryable, dialect: DialectName, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column } of await textColumns(db, dialect)) {
    const col = dialect === 'postgres' ? sql`${sql.ref(column)}::text` : sql.ref(column);
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where lower(${col}) like ${`%${needle.toLowerCase()}%`}`.execute(db);
    if (Number(r.rows[0]?.n ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

forEachDialect('personal data of prospects and customers', (get, dialect) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let person: PersonIds;
  let other: PersonIds;
  let agent: TestClient;
  let staff: TestClient;
  beforeAll(async () => {
    const db = get().db;
    org = await makeOrg(db);
    const household = await makeHousehold(db, org.users.agent1, `${NAME}家`);
    person = await makePerson(db, org.users.agent1, {
      name: NAME,
      phone: PHONE,
      idNumber: ID_NUMBER,
      customer: true,
      householdId: household,
      policies: 2,
      serviceRequests: 2,
    });
    other = await makePerson(db, org.users.agent1, {
      name: OTHER_NAME,
      phone: OTHER_PHONE,
      idNumber: OTHER_ID,
      customer: true,
      householdId: household,
    });
    app = await makeTestApp(get());
    agent = await loginAs(app, org.users.agent1.username);
    staff = await loginAs(app, org.users.staff1.username);
  });
  afterAll(() => app.close());

  const count = async (table: 'audit_log' | 'prospects' | 'customers' | 'plan_names' | 'policies') =>
    Number((await get().db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('reveals one full number to the owner and their leaders, audited without the value', async () => {
    const res = await agent.post('/api/privacy/reveal', { entity: 'prospect', id: person.prospectId, field: 'phone' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ entity: 'prospect', id: person.prospectId, field: 'phone', value: PHONE });
    const id = await agent.post('/api/privacy/reveal', { entity: 'customer', id: person.customerId, field: 'idNumber' });
    expect(JSON.parse(id.body)).toMatchObject({ value: ID_NUMBER });
    // A Plan 100 name holds no ID number.
    const none = await agent.post('/api/privacy/reveal', { entity: 'name', id: person.nameId, field: 'idNumber' });
    expect(JSON.parse(none.body)).toMatchObject({ value: null });
    const sup = await loginAs(app, org.users.sup1.username);
    expect((await sup.post('/api/privacy/reveal', { entity: 'name', id: person.nameId, field: 'phone' })).statusCode).toBe(200);

    const audits = await get()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'pii.reveal')
      .orderBy('at')
      .execute();
    expect(audits.map((a) => [a.entity, a.entity_id, a.actor_id])).toEqual([
      ['prospect', person.prospectId, org.users.agent1.id],
      ['customer', person.customerId, org.users.agent1.id],
      ['name', person.nameId, org.users.agent1.id],
      ['name', person.nameId, org.users.sup1.id],
    ]);
    expect(JSON.parse(audits[0]!.after_json!)).toEqual({ field: 'phone' });
    expect(audits.some((a) => `${a.after_json}${a.before_json}`.includes(PHONE.slice(-8)))).toBe(false);
  });

  it('answers 404 to a peer, another team, another department and another tenant; 400 to bad input', async () => {
    const body = { entity: 'prospect', id: person.prospectId, field: 'phone' };
    for (const who of [org.users.agent1b, org.users.sup2, org.users.manager2, org.other.admin]) {
      const c = await loginAs(app, who.username);
      expect((await c.post('/api/privacy/reveal', body)).statusCode, who.username).toBe(404);
    }
    const audits = await count('audit_log');
    expect((await agent.post('/api/privacy/reveal', { ...body, field: 'email' })).statusCode).toBe(400);
    expect((await agent.post('/api/privacy/reveal', { ...body, entity: 'user' })).statusCode).toBe(400);
    expect((await agent.post('/api/privacy/reveal', { entity: 'prospect', field: 'phone' })).statusCode).toBe(400);
    expect((await agent.post('/api/privacy/reveal', { ...body, id: 'nope' })).statusCode).toBe(404);
    expect(await count('audit_log')).toBe(audits);
  });

  it('exports everything held about one person, full numbers included, to privacy.manage only; audited', async () => {
    const res = await staff.get(`/api/privacy/person/export?entity=name&id=${person.nameId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const data = JSON.parse(res.body) as PersonExport;
    expect(data.subject).toEqual({ entity: 'name', id: person.nameId, name: NAME });
    expect(data.name).toMatchObject({ id: person.nameId, name: NAME, phone: PHONE, answers: { closeness: 'close' } });
    expect(data.prospect).toMatchObject({ id: person.prospectId, phone: PHONE, idNumber: ID_NUMBER, tags: ['重点', NAME] });
    expect(data.stageChanges).toHaveLength(1);
    expect(data.activities.map((a) => a.id)).toEqual(person.activityIds);
    expect(data.activities[0]).toMatchObject({ prospectName: NAME, typeName: '拜访' });
    expect(data.customer).toMatchObject({ id: person.customerId, idNumber: ID_NUMBER, address: '北京市朝阳区某路1号' });
    expect(data.household).toMatchObject({ name: `${NAME}家`, householdRole: 'self' });
    expect(data.policies.map((p) => p.id).sort()).toEqual([...person.policyIds].sort());
    expect(data.serviceRequests.map((s) => s.id).sort()).toEqual([...person.serviceRequestIds].sort());
    // Nothing of the other member of the household.
    expect(res.body).not.toContain(OTHER_NAME);

    const xlsx = await staff.get(`/api/privacy/person/export?entity=customer&id=${person.customerId}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['计划100名单', '准主顾卡', '阶段变化', '活动记录', '客户', '家庭', '保单', '售后服务']);
    const cells: string[] = [];
    wb.getWorksheet('客户')!.eachRow((row) => row.eachCell((c) => cells.push(c.text)));
    expect(cells).toContain(ID_NUMBER);

    const audits = await get().db.selectFrom('audit_log').selectAll().where('action', '=', 'pii.export').orderBy('at').execute();
    expect(audits.map((a) => [a.entity, a.entity_id, a.actor_id])).toEqual([
      ['name', person.nameId, org.users.staff1.id],
      ['customer', person.customerId, org.users.staff1.id],
    ]);
    expect(audits.some((a) => `${a.after_json}`.includes(NAME) || `${a.after_json}`.includes(PHONE))).toBe(false);

    expect((await agent.get(`/api/privacy/person/export?entity=name&id=${person.nameId}`)).statusCode).toBe(403);
    for (const who of [org.users.manager2, org.other.admin]) {
      const c = await loginAs(app, who.username);
      const r = await c.get(`/api/privacy/person/export?entity=prospect&id=${person.prospectId}`);
      expect(r.statusCode, who.username).toBe(who === org.other.admin ? 404 : 403);
    }
    expect((await staff.get(`/api/privacy/person/export?entity=name&id=${person.nameId}&format=pdf`)).statusCode).toBe(400);
  });

  it('refuses an erasure without confirmation, out of scope or without privacy.manage, writing nothing', async () => {
    const admin2 = await loginAs(app, org.other.admin.username);
    const audits = await count('audit_log');
    const body = { entity: 'prospect', id: person.prospectId, confirm: true };
    expect((await staff.post('/api/privacy/person/erase', { ...body, confirm: false })).statusCode).toBe(400);
    expect((await staff.post('/api/privacy/person/erase', { entity: 'prospect', id: person.prospectId })).statusCode).toBe(400);
    expect((await agent.post('/api/privacy/person/erase', body)).statusCode).toBe(403);
    expect((await admin2.post('/api/privacy/person/erase', body)).statusCode).toBe(404);
    expect(await count('audit_log')).toBe(audits);
    const p = await get().db.selectFrom('prospects').select(['name', 'erased_at']).where('id', '=', person.prospectId).executeTakeFirstOrThrow();
    expect(p).toEqual({ name: NAME, erased_at: null });
  });

  it('erases a person: no trace of their phone, ID number or name in any table, figures kept', async () => {
    const db = get().db;
    // Before: the scan finds them (it is not vacuous).
    expect(await whereFound(db, dialect, PHONE)).toEqual(expect.arrayContaining(['plan_names.phone', 'prospects.phone', 'customers.phone', 'activities.notes']));
    expect(await whereFound(db, dialect, ID_NUMBER)).toEqual(expect.arrayContaining(['prospects.id_number', 'customers.id_number']));
    expect(await whereFound(db, dialect, NAME)).toEqual(expect.arrayContaining(['audit_log.after_json', 'notifications.title', 'policies.insured_name']));
    const counts = {
      prospects: await count('prospects'),
      customers: await count('customers'),
      names: await count('plan_names'),
      policies: await count('policies'),
    };

    // A morning digest quotes names without linking each of them.
    const digestId = newId();
    await db
      .insertInto('notifications')
      .values({
        id: digestId,
        tenant_id: org.tenant.id,
        user_id: org.users.agent1.id,
        kind: 'customer.care',
        title: '今日客户关怀待办 2 项',
        body: `生日 2：${NAME}、${OTHER_NAME}`,
        link: '/todos',
        params_json: JSON.stringify({ summary: `生日 2：${NAME}、${OTHER_NAME}` }),
        created_at: new Date().toISOString(),
        read_at: null,
        dedupe_key: null,
      })
      .execute();
    const res = await staff.post('/api/privacy/person/erase', { entity: 'customer', id: person.customerId, confirm: true });
    expect(res.statusCode).toBe(200);
    const result = JSON.parse(res.body) as PersonEraseResult;
    expect(result).toMatchObject({ names: 1, prospects: 1, customers: 1, activities: 1, policies: 2 });

    for (const needle of [PHONE, ID_NUMBER, NAME, '137****5678', '440***********027X']) {
      expect(await whereFound(db, dialect, needle), needle).toEqual([]);
    }
    // The rows stay, anonymised, so counts and funnel figures do not move.
    expect({
      prospects: await count('prospects'),
      customers: await count('customers'),
      names: await count('plan_names'),
      policies: await count('policies'),
    }).toEqual(counts);
    const card = await db.selectFrom('prospects').selectAll().where('id', '=', person.prospectId).executeTakeFirstOrThrow();
    expect(card).toMatchObject({ name: ERASED_NAME, phone: null, id_number: null, stage: 'signed', grade: 'A', score: 22 });
    expect(card.erased_at).not.toBeNull();
    const household = await db.selectFrom('households').select('name').where('id', '=', (await db.selectFrom('customers').select('household_id').where('id', '=', person.customerId!).executeTakeFirstOrThrow()).household_id!).executeTakeFirstOrThrow();
    expect(household.name).toBe(`${ERASED_NAME}家`);

    // The other member of the household is untouched.
    for (const needle of [OTHER_PHONE, OTHER_ID, OTHER_NAME]) {
      expect((await whereFound(db, dialect, needle)).length, needle).toBeGreaterThan(0);
    }
    const kept = await db.selectFrom('customers').selectAll().where('id', '=', other.customerId!).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ name: OTHER_NAME, phone: OTHER_PHONE, id_number: OTHER_ID, erased_at: null });

    const digest = await db.selectFrom('notifications').select('body').where('id', '=', digestId).executeTakeFirstOrThrow();
    expect(digest.body).toBe(`生日 2：${ERASED_NAME}、${OTHER_NAME}`);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'pii.erase').executeTakeFirstOrThrow();
    expect([audit.entity, audit.entity_id, audit.actor_id]).toEqual(['customer', person.customerId, org.users.staff1.id]);

    // Revealing an erased number finds nothing to show.
    const reveal = await agent.post('/api/privacy/reveal', { entity: 'prospect', id: person.prospectId, field: 'phone' });
    expect(JSON.parse(reveal.body)).toMatchObject({ value: null });
  });
});

forEachDialect('erasing a person entered through the routes of every module', (get, dialect) => {
  let app: FastifyInstance;
  let org: TestOrg;
  const PHONE2 = '18611112222';
  const ID2 = '44030619880101000X';
  const NAME2 = '慕容秋水';
  beforeAll(async () => {
    org = await makeOrg(get().db);
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  const ok = async (res: Promise<{ statusCode: number; body: string }>): Promise<Record<string, unknown>> => {
    const r = await res;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return JSON.parse(r.body) as Record<string, unknown>;
  };

  it('leaves no trace of their phone, ID number or name in any table', async () => {
    const db = get().db;
    const agent = await loginAs(app, org.users.agent1.username);
    const name = await ok(agent.post('/api/names', { name: NAME2, category: 'friends', phone: PHONE2, note: `${NAME2}的电话${PHONE2}` }));
    // Scored with the best option of every criterion: an A.
    const rubric = (await ok(agent.get('/api/prospect-rubric'))) as unknown as {
      criteria: { key: string; options: { key: string; points: number }[] }[];
    };
    const answers = Object.fromEntries(
      rubric.criteria.map((c) => [c.key, [...c.options].sort((a, b) => b.points - a.points)[0]!.key]),
    );
    await ok(agent.post(`/api/names/${name.id as string}/score`, { answers }));
    const card = await ok(
      agent.post('/api/prospects', {
        nameId: name.id,
        idNumber: ID2,
        family: `${NAME2}已婚`,
        consentNote: `${NAME2}同意`,
        consentDate: '2026-11-01',
        tags: [NAME2],
      }),
    );
    const types = (await ok(agent.get('/api/activity/types'))) as unknown as { id: string }[] | { items: { id: string }[] };
    const typeId = (Array.isArray(types) ? types : types.items)[0]!.id;
    await ok(agent.post('/api/activities', { typeId, prospectId: card.id, outcome: `${NAME2}有意向`, notes: `拨打${PHONE2}` }));
    for (const stage of ['appointment', 'needsAnalysis', 'proposal', 'closing', 'signed']) {
      await ok(agent.post(`/api/prospects/${card.id as string}/stage`, { stage }));
    }
    const signed = await ok(agent.get(`/api/prospects/${card.id as string}`));
    const customerId = signed.customerId as string;
    expect(customerId).toEqual(expect.any(String));
    await ok(agent.patch(`/api/customers/${customerId}`, { address: '上海市某路', notes: `${NAME2}的备注` }));
    const policy = await ok(
      agent.post('/api/policies', {
        customerId,
        policyNo: 'PL-ERASE-1',
        product: '重疾险',
        coverageKind: 'criticalIllness',
        insuredName: NAME2,
        beneficiaryName: NAME2,
        premiumFen: 500_000,
        paymentMode: 'annual',
        effectiveDate: '2026-02-01',
      }),
    );
    await ok(agent.post('/api/service-requests', { customerId, policyId: policy.id, kind: 'returnVisit', dueDate: '2026-12-20', notes: `回访${NAME2}` }));

    const found = await whereFound(db, dialect, PHONE2);
    expect(found).toEqual(expect.arrayContaining(['plan_names.phone', 'prospects.phone']));
    expect(await whereFound(db, dialect, ID2)).toEqual(expect.arrayContaining(['prospects.id_number']));
    expect(await whereFound(db, dialect, NAME2)).toEqual(expect.arrayContaining(['audit_log.after_json', 'customers.name', 'policies.insured_name']));

    const staff = await loginAs(app, org.users.staff1.username);
    await ok(staff.post('/api/privacy/person/erase', { entity: 'name', id: name.id, confirm: true }));
    for (const needle of [PHONE2, ID2, NAME2, '186****2222', '440***********000X']) {
      expect(await whereFound(db, dialect, needle), needle).toEqual([]);
    }
    // The card still counts where it stood.
    const after = await db.selectFrom('prospects').select(['stage', 'name', 'owner_id']).where('id', '=', card.id as string).executeTakeFirstOrThrow();
    expect(after).toEqual({ stage: 'signed', name: ERASED_NAME, owner_id: org.users.agent1.id });
  });
});
