import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../../contracts/common.ts';
import type {
  Customer,
  CustomerDetail,
  Household,
  Policy,
  PolicyImportResult,
  ReviewCard,
} from '../../../contracts/customer.ts';
import type { DB } from '../../db/database.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import type { TestClient } from '../../test/app.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { auditOf, clientsOf, detailsOf, errorOf, ok, shanghai } from '../activity/recording.test-helpers.ts';
import { customerCounts, expectMaskedText, sheetColumn, sheetText, typedText } from './customer.fixtures.ts';
import { yuanToFen } from './policy-import.service.ts';

const TODAY = '2026-11-18';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function xlsxOf(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('保单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(c: TestClient, fields: Record<string, string>, content: Buffer): Promise<LightMyRequestResponse> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(content)], { type: XLSX }), '保单.xlsx');
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const payload = Buffer.from(await request.arrayBuffer());
  return c.request('POST', '/api/policies/import', payload, {
    headers: { 'content-type': request.headers.get('content-type')! },
  });
}

const errorsAt = (r: PolicyImportResult, n: number) =>
  r.rows.find((row) => row.rowNumber === n)?.errors.map((e) => `${e.field}:${e.code}`) ?? [];

it('yuan in cells become integer fen', () => {
  expect(yuanToFen('8,800.50')).toBe(880050);
  expect(yuanToFen('¥500000')).toBe(50_000_000);
  expect(yuanToFen('12元')).toBe(1200);
  expect(yuanToFen('1.234')).toBeNull();
  expect(yuanToFen('-5')).toBeNull();
  expect(yuanToFen('abc')).toBeNull();
});

forEachDialect('policies, their import and the review card', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  const as = clientsOf(() => app);
  const c = {} as Record<'dad' | 'mum' | 'kid' | 'peer' | 'team2' | 'other' | 'household', string>;

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    setClock(shanghai(TODAY));
    const customer = async (user: TestUser, body: object) =>
      ok<Customer>(await (await as(user)).post('/api/customers', body), 201).id;
    c.dad = await customer(org.users.agent1, { name: '王强', birthDate: '1985-03-01', householdRole: 'self' });
    c.mum = await customer(org.users.agent1, { name: '李丽', birthDate: '1987-07-07' });
    c.kid = await customer(org.users.agent1, { name: '王小宝', birthDate: '2018-05-05' });
    c.peer = await customer(org.users.agent1b, { name: '陈平' });
    c.team2 = await customer(org.users.agent2, { name: '周杰' });
    c.other = await customer(org.other.agent, { name: '外人' });
  });
  afterAll(async () => {
    resetClock();
    await app.close();
  });

  const base = {
    product: '康宁终身重大疾病保险',
    coverageKind: 'criticalIllness',
    sumAssuredFen: 500_000_00,
    insuredName: '王强',
    premiumFen: 8_800_00,
    paymentMode: 'annual',
    paymentTermYears: 20,
    effectiveDate: '2024-03-02',
  };
  const policyIds: Record<string, string> = {};

  describe('recording policies', () => {
    it('a policy of an own customer: owner, team and household from the customer; audited', async () => {
      const p = ok<Policy>(
        await (await as(org.users.agent1)).post('/api/policies', { ...base, customerId: c.dad, policyNo: 'P-0001' }),
        201,
      );
      policyIds.ci = p.id;
      expect(p).toMatchObject({
        customerId: c.dad,
        customerName: '王强',
        ownerId: org.users.agent1.id,
        unitId: org.units.team1,
        householdId: null,
        status: 'inForce',
        premiumFen: 880000,
        annualPremiumFen: 880000,
      });
      expect((await auditOf(db, 'policy', p.id)).map((a) => a.action)).toEqual(['create']);
    });

    it('bad input is a 400 with the fields; a known policy number a 409; nothing written', async () => {
      const before = await customerCounts(db);
      const client = await as(org.users.agent1);
      const bad = await client.post('/api/policies', {
        ...base,
        customerId: c.dad,
        policyNo: 'P-0002',
        premiumFen: 0,
        coverageKind: 'pet',
        paymentMode: 'weekly',
      });
      expect(errorOf(bad)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(bad).map((d) => d.path).sort()).toEqual(['body.coverageKind', 'body.paymentMode', 'body.premiumFen']);
      const fraction = await client.post('/api/policies', { ...base, customerId: c.dad, policyNo: 'P-0002', premiumFen: 1.5 });
      expect(detailsOf(fraction).map((d) => d.path)).toEqual(['body.premiumFen']);
      const date = await client.post('/api/policies', { ...base, customerId: c.dad, policyNo: 'P-0002', effectiveDate: '2025-02-29' });
      expect(detailsOf(date).map((d) => d.path)).toEqual(['body.effectiveDate']);
      // Taken in the tenant whoever holds it.
      const taken = await (await as(org.users.agent2)).post('/api/policies', { ...base, customerId: c.team2, policyNo: 'P-0001' });
      expect(errorOf(taken)).toEqual({ status: 409, code: 'POLICY_NUMBER_TAKEN' });
      expect(await customerCounts(db)).toEqual(before);
      // Another tenant may hold the same number.
      ok(await (await as(org.other.agent)).post('/api/policies', { ...base, customerId: c.other, policyNo: 'P-0001' }), 201);
    });

    it("a customer out of sight is a 404; a supervisor may not add to their team's customers", async () => {
      const client = await as(org.users.agent1);
      for (const id of [c.peer, c.team2, c.other]) {
        expect(errorOf(await client.post('/api/policies', { ...base, customerId: id, policyNo: 'P-X' }))).toEqual({
          status: 404,
          code: 'NOT_FOUND',
        });
      }
      expect(
        errorOf(await (await as(org.users.sup1)).post('/api/policies', { ...base, customerId: c.dad, policyNo: 'P-X' })),
      ).toEqual({ status: 403, code: 'FORBIDDEN' });
    });

    it('changes are audited; a number taken is refused', async () => {
      const client = await as(org.users.agent1);
      const other = ok<Policy>(
        await client.post('/api/policies', { ...base, customerId: c.mum, insuredName: '李丽', policyNo: 'P-0003' }),
        201,
      );
      expect(errorOf(await client.patch(`/api/policies/${other.id}`, { policyNo: 'P-0001' }))).toEqual({
        status: 409,
        code: 'POLICY_NUMBER_TAKEN',
      });
      const lapsed = ok<Policy>(await client.patch(`/api/policies/${other.id}`, { status: 'lapsed', paymentMode: 'monthly', premiumFen: 700_00 }));
      expect(lapsed).toMatchObject({ status: 'lapsed', annualPremiumFen: 8_400_00 });
      const audit = await auditOf(db, 'policy', other.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ status: 'inForce' });
      expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ status: 'lapsed' });
    });

    it('a policy follows its customer into a household', async () => {
      const h = ok<Household>(
        await (await as(org.users.agent1)).post('/api/households', { name: '王家', memberIds: [c.dad, c.mum, c.kid] }),
        201,
      );
      c.household = h.id;
      const p = ok<Policy>(await (await as(org.users.agent1)).get(`/api/policies/${policyIds.ci}`));
      expect(p.householdId).toBe(h.id);
      const inHousehold = ok<Page<Policy>>(await (await as(org.users.agent1)).get(`/api/policies?householdId=${h.id}`));
      expect(inHousehold.items.map((x) => x.policyNo).sort()).toEqual(['P-0001', 'P-0003']);
    });
  });

  describe('the review card', () => {
    it("shows the household's cover by member and kind, with the gaps", async () => {
      const client = await as(org.users.agent1);
      for (const body of [
        { customerId: c.dad, insuredName: '王强', coverageKind: 'life', policyNo: 'P-0010', premiumFen: 5_000_00, sumAssuredFen: 1_000_000_00 },
        { customerId: c.dad, insuredName: '李丽', coverageKind: 'medical', policyNo: 'P-0011', premiumFen: 30_00, paymentMode: 'monthly' },
        { customerId: c.dad, insuredName: '王小宝', coverageKind: 'annuity', policyNo: 'P-0012', premiumFen: 10_000_00, paymentMode: 'single' },
      ]) {
        ok(await client.post('/api/policies', { ...base, ...body }), 201);
      }
      const card = ok<ReviewCard>(await client.get(`/api/customers/${c.kid}/review-card`));
      expect(card).toMatchObject({ householdId: c.household, householdName: '王家', asOf: TODAY });
      const member = (id: string) => card.members.find((m) => m.customerId === id)!;
      expect(member(c.dad).gaps).toEqual(['medical', 'accident']);
      // 李丽's critical-illness policy lapsed: it no longer counts.
      expect(member(c.mum).gaps).toEqual(['life', 'criticalIllness', 'accident']);
      expect(member(c.kid)).toMatchObject({ child: true, age: 8, gaps: ['criticalIllness', 'medical', 'accident'] });
      expect(card.totals).toMatchObject({
        annualPremiumFen: 8_800_00 + 5_000_00 + 30_00 * 12,
        singlePremiumFen: 10_000_00,
        gapCount: 8,
        policyCount: 4,
      });
      // The supervisor reads the same card; another team's supervisor does not.
      expect(ok<ReviewCard>(await (await as(org.users.sup1)).get(`/api/customers/${c.dad}/review-card`)).totals.gapCount).toBe(8);
      expect(errorOf(await (await as(org.users.sup2)).get(`/api/customers/${c.dad}/review-card`)).status).toBe(404);
    });

    it("a customer's detail lists their policies", async () => {
      const detail = ok<CustomerDetail>(await (await as(org.users.agent1)).get(`/api/customers/${c.dad}`));
      expect(detail.policies.map((p) => p.policyNo).sort()).toEqual(['P-0001', 'P-0010', 'P-0011', 'P-0012']);
    });
  });

  describe('scope of policies', () => {
    beforeAll(async () => {
      ok(await (await as(org.users.agent2)).post('/api/policies', { ...base, customerId: c.team2, insuredName: '周杰', policyNo: 'Q-2001' }), 201);
      ok(await (await as(org.users.agent1b)).post('/api/policies', { ...base, customerId: c.peer, insuredName: '陈平', policyNo: 'Q-1001' }), 201);
    });
    const numbers = async (user: TestUser, query = '') =>
      ok<Page<Policy>>(await (await as(user)).get(`/api/policies?pageSize=100${query}`)).items.map((p) => p.policyNo).sort();

    it('an agent sees their own, a supervisor the team, a manager the department; ids out of scope 404', async () => {
      expect(await numbers(org.users.agent1)).toEqual(['P-0001', 'P-0003', 'P-0010', 'P-0011', 'P-0012']);
      expect(await numbers(org.users.agent1, '&status=lapsed')).toEqual(['P-0003']);
      expect(await numbers(org.users.agent1, `&customerId=${c.peer}`)).toEqual([]);
      expect(await numbers(org.users.sup1)).toEqual(['P-0001', 'P-0003', 'P-0010', 'P-0011', 'P-0012', 'Q-1001']);
      expect(await numbers(org.users.sup2)).toEqual(['Q-2001']);
      expect(await numbers(org.users.manager1, `&unitId=${org.units.team2}`)).toEqual(['Q-2001']);
      expect(await numbers(org.users.manager2)).toEqual([]);
      expect(await numbers(org.other.admin)).toEqual(['P-0001']);
      const peerPolicy = ok<Page<Policy>>(await (await as(org.users.agent1b)).get('/api/policies')).items[0]!;
      expect(errorOf(await (await as(org.users.agent1)).get(`/api/policies/${peerPolicy.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(org.users.agent1)).patch(`/api/policies/${peerPolicy.id}`, { status: 'lapsed' }))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(errorOf(await (await as(org.other.admin)).get(`/api/policies/${policyIds.ci}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
    });

    it('the export holds what the list holds', async () => {
      const own = await sheetColumn(await (await as(org.users.agent1)).get('/api/policies/export'), '保单号');
      expect(own.sort()).toEqual(['P-0001', 'P-0003', 'P-0010', 'P-0011', 'P-0012']);
      const team = await sheetColumn(await (await as(org.users.sup2)).get('/api/policies/export?lang=en-US'), 'Policy number');
      expect(team).toEqual(['Q-2001']);
      expect((await auditOf(db, 'policyExport')).length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('importing policies', () => {
    const header = ['保单号', '投保人', '工号', '客户编号', '产品名称', '险种类别', '保额（元）', '被保险人', '受益人', '保费（元）', '缴费方式', '缴费年期', '生效日期', '保单状态'];

    it('a good file: the preview writes nothing, the commit writes every policy, each audited', async () => {
      const client = await as(org.users.agent1);
      const file = await xlsxOf([
        header,
        ['IMP-001', '王强', org.users.agent1.username, '', '安心意外', '意外险', '200000', '', '', '199.00', '年交', '1', '2026-01-15', ''],
        ['IMP-002', '李丽', '', '', '安康终身寿险', 'life', '1,000,000', '李丽', '王强', '12,345.60', '年缴', '20年', '2025/6/1', '有效'],
        ['IMP-003', '', '', c.kid, '学霸教育金', '教育金', '', '王小宝', '', '500', '月交', '10', '2024-09-01', 'inForce'],
      ]);
      const before = await customerCounts(db);
      const preview = ok<PolicyImportResult>(await upload(client, {}, file));
      expect(preview).toMatchObject({ committed: false, validCount: 3, errorCount: 0, createdCount: 0, missing: [] });
      expect(preview.rows.map((r) => r.customerName)).toEqual(['王强', '李丽', '王小宝']);
      expect(await customerCounts(db)).toEqual(before);

      const done = ok<PolicyImportResult>(await upload(client, { dryRun: 'false' }, file));
      expect(done).toMatchObject({ committed: true, createdCount: 3 });
      const list = ok<Page<Policy>>(await client.get('/api/policies?pageSize=100&sort=policyNo'));
      const imported = list.items.filter((p) => p.policyNo.startsWith('IMP-'));
      expect(imported).toMatchObject([
        { policyNo: 'IMP-001', customerId: c.dad, insuredName: '王强', coverageKind: 'accident', sumAssuredFen: 20_000_000, premiumFen: 19_900, paymentMode: 'annual', paymentTermYears: 1, effectiveDate: '2026-01-15', status: 'inForce', householdId: c.household },
        { policyNo: 'IMP-002', customerId: c.mum, coverageKind: 'life', sumAssuredFen: 100_000_000, premiumFen: 1_234_560, paymentTermYears: 20, beneficiaryName: '王强', effectiveDate: '2025-06-01' },
        { policyNo: 'IMP-003', customerId: c.kid, coverageKind: 'annuity', sumAssuredFen: null, premiumFen: 50_000, paymentMode: 'monthly' },
      ]);
      const audits = await auditOf(db, 'policy');
      expect(audits.filter((a) => a.action === 'import')).toHaveLength(3);
    });

    it('bad rows: each error by row number, and a commit refused whole', async () => {
      const client = await as(org.users.agent1);
      const file = await xlsxOf([
        header,
        ['IMP-101', '王强', '', '', '好产品', '寿险', '100000', '', '', '100', '年交', '', '2026-01-01', ''],
        ['IMP-101', '李丽', '', '', '好产品', '宠物险', '', '', '', '0', '周交', '200', '2026-13-01', '作废'],
        ['IMP-001', '陈平', org.users.agent1b.username, '', '好产品', '医疗险', '', '', '', '100', '年交', '', '2026-01-01', ''],
        ['IMP-102', '不存在', '', '', '', '医疗险', 'abc', '', '', '', '', '', '', ''],
        ['IMP-103', '', '', c.team2, '好产品', '医疗险', '', '', '', '100', '年交', '', '2026-01-01', ''],
      ]);
      const before = await customerCounts(db);
      const preview = ok<PolicyImportResult>(await upload(client, {}, file));
      expect(preview).toMatchObject({ validCount: 1, errorCount: 4, committed: false });
      expect(errorsAt(preview, 2)).toEqual([]);
      expect(errorsAt(preview, 3).sort()).toEqual(
        ['coverageKind:invalid', 'effectiveDate:invalid', 'paymentMode:invalid', 'paymentTermYears:invalid', 'policyNo:duplicateInFile', 'premium:invalid', 'status:invalid'].sort(),
      );
      // Already recorded; and a colleague's customer is not the agent's to import for.
      expect(errorsAt(preview, 4).sort()).toEqual(['owner:unknown', 'policyNo:taken']);
      expect(errorsAt(preview, 5).sort()).toEqual(['customer:unknown', 'effectiveDate:required', 'paymentMode:required', 'premium:required', 'product:required', 'sumAssured:invalid'].sort());
      expect(errorsAt(preview, 6)).toEqual(['customerId:unknown']);

      const refused = await upload(client, { dryRun: 'false' }, file);
      expect(errorOf(refused)).toEqual({ status: 400, code: 'IMPORT_HAS_ERRORS' });
      expect(detailsOf(refused).map((d) => d.path)).toContain('rows.3.policyNo');
      expect(await customerCounts(db)).toEqual(before);
    });

    it("a manager imports for their department's agents by username", async () => {
      const file = await xlsxOf([
        header,
        ['IMP-201', '周杰', org.users.agent2.username, '', '好产品', '医疗险', '', '', '', '100', '年交', '', '2026-01-01', ''],
      ]);
      const done = ok<PolicyImportResult>(await upload(await as(org.users.manager1), { dryRun: 'false' }, file));
      expect(done.createdCount).toBe(1);
      const p = ok<Page<Policy>>(await (await as(org.users.agent2)).get('/api/policies?pageSize=100')).items.find((x) => x.policyNo === 'IMP-201');
      expect(p).toMatchObject({ ownerId: org.users.agent2.id, customerId: c.team2, insuredName: '周杰' });
      // The other department's manager finds nobody of that name.
      const elsewhere = ok<PolicyImportResult>(
        await upload(await as(org.users.manager2), {}, await xlsxOf([header, ['IMP-202', '周杰', org.users.agent2.username, '', '好产品', '医疗险', '', '', '', '100', '年交', '', '2026-01-01', '']])),
      );
      expect(errorsAt(elsewhere, 2)).toEqual(['owner:unknown']);
    });

    it('the template names every column', async () => {
      const res = await (await as(org.users.agent1)).get('/api/policies/import/template');
      const names = await sheetColumn(res, '保单号');
      expect(names).toEqual(['P2026000123']);
    });
  });

  it('numbers typed into insured and beneficiary names show masked in list, detail, export, review card and audit', async () => {
    const agent = await as(org.users.agent1);
    const holder = ok<Customer>(await agent.post('/api/customers', { name: '号码户' }), 201).id;
    const typed = { customerId: holder, insuredName: typedText('被保'), beneficiaryName: typedText('受益') };
    const made = ok<Policy>(await agent.post('/api/policies', { ...base, ...typed, policyNo: 'PII-001' }), 201);
    const patched = ok<Policy>(await agent.patch(`/api/policies/${made.id}`, { beneficiaryName: typedText('新受益') }));
    const header = ['保单号', '投保人', '工号', '客户编号', '产品名称', '险种类别', '保额（元）', '被保险人', '受益人', '保费（元）', '缴费方式', '缴费年期', '生效日期', '保单状态'];
    const file = await xlsxOf([
      header,
      ['PII-002', '', '', holder, '安心意外', '意外险', '', typedText('导入被保'), typedText('导入受益'), '100', '年交', '1', '2026-01-15', ''],
    ]);
    const preview = await upload(agent, {}, file);
    expectMaskedText(preview.body, false);
    expect(ok<PolicyImportResult>(await upload(agent, { dryRun: 'false' }, file)).createdCount).toBe(1);
    const stored = await db.selectFrom('policies').select(['insured_name', 'beneficiary_name']).where('customer_id', '=', holder).execute();
    expect(stored.every((p) => p.insured_name.includes('13698765432') && p.beneficiary_name!.includes('13698765432'))).toBe(true);
    for (const text of [made.insuredName, made.beneficiaryName, patched.beneficiaryName]) expectMaskedText(text);

    const names = (p: Policy) => [p.insuredName, p.beneficiaryName];
    for (const reader of [org.users.agent1, org.users.sup1]) {
      const client = await as(reader);
      const listed = ok<Page<Policy>>(await client.get(`/api/policies?customerId=${holder}`)).items;
      expect(listed.map((p) => p.policyNo).sort()).toEqual(['PII-001', 'PII-002']);
      for (const p of listed) for (const text of names(p)) expectMaskedText(text);
      for (const text of names(ok<Policy>(await client.get(`/api/policies/${made.id}`)))) expectMaskedText(text);
      const detail = ok<CustomerDetail>(await client.get(`/api/customers/${holder}`));
      for (const p of detail.policies) for (const text of names(p)) expectMaskedText(text);
      // Nobody of the household bears these names: the review card lists them apart, masked.
      const card = ok<ReviewCard>(await client.get(`/api/customers/${holder}/review-card`));
      expect(card.otherPolicies).toHaveLength(2);
      for (const p of card.otherPolicies) expectMaskedText(p.insuredName);
      const exported = await client.get(`/api/policies/export?customerId=${holder}`);
      expectMaskedText(await sheetText(exported));
      for (const column of ['被保险人', '受益人']) {
        const cells = await sheetColumn(exported, column);
        expect(cells).toHaveLength(2);
        for (const cell of cells) expectMaskedText(cell);
      }
    }
    const audit = (await auditOf(db, 'policy')).filter((a) => `${a.before_json ?? ''}${a.after_json ?? ''}`.includes('****'));
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'import', 'update']);
    for (const a of await auditOf(db, 'policy')) expectMaskedText(`${a.before_json ?? ''}${a.after_json ?? ''}`, false);
    for (const a of audit) expectMaskedText(a.after_json);
  });
});
