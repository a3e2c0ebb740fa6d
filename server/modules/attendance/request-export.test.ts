import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AttendanceRequestTable } from '../../db/schema.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { insertRequest } from './request.repository.ts';

async function rowsOf(res: LightMyRequestResponse): Promise<unknown[][]> {
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  // Empty cells read as undefined; null keeps the expectations readable.
  wb.worksheets[0]!.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    out.push(Array.from({ length: 14 }, (_, i) => values[i] ?? null));
  });
  return out;
}

const ZH_HEADER = [
  '申请人工号',
  '姓名',
  '团队',
  '类型',
  '假别',
  '开始日期',
  '结束日期',
  '补卡时间',
  '事由',
  '状态',
  '审批人',
  '审批意见',
  '审批时间',
  '提交时间',
];

forEachDialect('attendance request export', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let db: DB;
  const clients = new Map<string, TestClient>();
  const as = async (user: { username: string }) => {
    let client = clients.get(user.username);
    if (!client) {
      client = await loginAs(app, user.username);
      clients.set(user.username, client);
    }
    return client;
  };
  const exportOf = async (user: { username: string }, query: string) =>
    (await as(user)).get(`/api/attendance/requests/export?${query}`);

  async function request(
    user: TestUser,
    fields: Partial<AttendanceRequestTable> &
      Pick<AttendanceRequestTable, 'kind' | 'start_date' | 'created_at'>,
  ): Promise<void> {
    await insertRequest(db, {
      id: newId(),
      tenant_id: user.tenantId,
      user_id: user.id,
      unit_id: user.unitId,
      leave_type: null,
      end_date: fields.start_date,
      time: null,
      reason: '家中有事',
      status: 'pending',
      decided_by: null,
      decision_comment: null,
      decided_at: null,
      updated_at: fields.created_at,
      ...fields,
    });
  }
  const name = (u: TestUser) => `测试${u.username}`;

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    const { agent1, agent1b, agent2, sup1 } = org.users;
    // Team 1 (sup1's): a pending sick leave, an approved make-up, a rejected personal leave.
    await request(agent1, {
      kind: 'leave',
      leave_type: 'sick',
      start_date: '2026-11-23',
      end_date: '2026-11-24',
      reason: '发烧',
      created_at: '2026-11-20T02:00:00.000Z',
    });
    await request(agent1b, {
      kind: 'makeUp',
      start_date: '2026-11-19',
      time: '08:20',
      reason: '手机没电',
      status: 'approved',
      decided_by: sup1.id,
      decision_comment: '同意',
      decided_at: '2026-11-20T03:30:00.000Z',
      created_at: '2026-11-20T01:00:00.000Z',
    });
    await request(agent1, {
      kind: 'leave',
      leave_type: 'personal',
      start_date: '2026-11-18',
      status: 'rejected',
      decided_by: sup1.id,
      decision_comment: '人手不足',
      decided_at: '2026-11-18T02:00:00.000Z',
      created_at: '2026-11-18T01:00:00.000Z',
    });
    // The supervisor's own request (their manager decides it) and one of another team.
    await request(sup1, {
      kind: 'leave',
      leave_type: 'annual',
      start_date: '2026-11-30',
      created_at: '2026-11-21T01:00:00.000Z',
    });
    await request(agent2, {
      kind: 'leave',
      leave_type: 'sick',
      start_date: '2026-11-23',
      created_at: '2026-11-20T05:00:00.000Z',
    });
    // Another tenant's request.
    await request(org.other.agent, {
      kind: 'leave',
      leave_type: 'sick',
      start_date: '2026-11-23',
      reason: '别家的假',
      created_at: '2026-11-20T04:00:00.000Z',
    });
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  it('a supervisor exports their team’s requests, newest first, times on the tenant’s clock, audited', async () => {
    const { agent1, agent1b, sup1 } = org.users;
    const res = await exportOf(sup1, 'view=toApprove');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('考勤审批'));
    const rows = await rowsOf(res);
    expect(rows[0]).toEqual(ZH_HEADER);
    expect(rows.slice(1)).toEqual([
      [
        agent1.username,
        name(agent1),
        '一组',
        '请假',
        '病假',
        '2026-11-23',
        '2026-11-24',
        null,
        '发烧',
        '待审批',
        null,
        null,
        null,
        '2026-11-20 10:00',
      ],
      [
        agent1b.username,
        name(agent1b),
        '一组',
        '补卡',
        null,
        '2026-11-19',
        '2026-11-19',
        '08:20',
        '手机没电',
        '已批准',
        name(sup1),
        '同意',
        '2026-11-20 11:30',
        '2026-11-20 09:00',
      ],
      [
        agent1.username,
        name(agent1),
        '一组',
        '请假',
        '事假',
        '2026-11-18',
        '2026-11-18',
        null,
        '家中有事',
        '已驳回',
        name(sup1),
        '人手不足',
        '2026-11-18 10:00',
        '2026-11-18 09:00',
      ],
    ]);

    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'tenant_id', 'after_json'])
      .where('entity', '=', 'attendanceRequestExport')
      .where('actor_id', '=', sup1.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'export', tenant_id: org.tenant.id });
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ filter: { view: 'toApprove' }, rows: 3 });
  });

  it('status and kind filter as in the list; the pending queue reads oldest first; English headers', async () => {
    const { agent1, agent1b, agent2, sup1 } = org.users;
    const pending = await rowsOf(await exportOf(sup1, 'view=toApprove&status=pending'));
    expect(pending.slice(1).map((r) => [r[1], r[9]])).toEqual([[name(agent1), '待审批']]);
    const makeUps = await rowsOf(await exportOf(sup1, 'view=toApprove&kind=makeUp'));
    expect(makeUps.slice(1).map((r) => r[1])).toEqual([name(agent1b)]);
    const none = await rowsOf(await exportOf(sup1, 'view=toApprove&status=cancelled&kind=leave'));
    expect(none).toEqual([ZH_HEADER]);

    // The tenant admin's queue: every team and the supervisor's own request, oldest first.
    const queue = await rowsOf(await exportOf(org.users.admin, 'view=toApprove&status=pending'));
    expect(queue.slice(1).map((r) => r[1])).toEqual([name(agent1), name(agent2), name(sup1)]);

    const res = await exportOf(sup1, 'view=toApprove&kind=leave&status=rejected&lang=en-US');
    expect(res.headers['content-disposition']).toContain('attendance-approvals-');
    const en = await rowsOf(res);
    expect(en[0]).toEqual([
      'Username',
      'Name',
      'Team',
      'Type',
      'Leave type',
      'Start date',
      'End date',
      'Make-up time',
      'Reason',
      'Status',
      'Approver',
      'Comment',
      'Decided at',
      'Submitted at',
    ]);
    expect(en.slice(1).map((r) => [r[3], r[4], r[9]])).toEqual([['Leave', 'Personal', 'Rejected']]);

    const audit = await db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity', '=', 'attendanceRequestExport')
      .where('actor_id', '=', sup1.id)
      .execute();
    expect(audit.map((a) => JSON.parse(a.after_json!) as unknown)).toContainEqual({
      filter: { view: 'toApprove', kind: 'leave', status: 'rejected' },
      rows: 1,
    });
  });

  it('mine is the caller’s own; an agent may not export the approvals; bad filters are refused', async () => {
    const { agent1, sup1 } = org.users;
    const mine = await rowsOf(await exportOf(sup1, 'view=mine'));
    expect(mine.slice(1).map((r) => [r[0], r[4]])).toEqual([[sup1.username, '年假']]);
    const own = await rowsOf(await exportOf(agent1, ''));
    expect(own.slice(1).map((r) => r[5])).toEqual(['2026-11-23', '2026-11-18']);

    const refused = await exportOf(agent1, 'view=toApprove');
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
    expect((await exportOf(sup1, 'view=toApprove&status=maybe')).statusCode).toBe(400);
    expect((await exportOf(sup1, 'view=toApprove&lang=fr-FR')).statusCode).toBe(400);
    const audited = await db
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', 'attendanceRequestExport')
      .where('actor_id', '=', agent1.id)
      .execute();
    // The refused export left no trace of an export; the allowed one did.
    expect(audited).toHaveLength(1);
  });

  it('another tenant sees none of these requests, and this tenant none of theirs', async () => {
    const foreign = await rowsOf(await exportOf(org.other.admin, 'view=toApprove'));
    expect(foreign.slice(1).map((r) => r[8])).toEqual(['别家的假']);
    const all = await rowsOf(await exportOf(org.users.admin, 'view=toApprove'));
    expect(all.slice(1)).toHaveLength(5);
    expect(all.slice(1).map((r) => r[8])).not.toContain('别家的假');
  });
});
