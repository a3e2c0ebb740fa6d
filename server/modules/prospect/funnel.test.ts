import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FunnelSorts, type FunnelFigures, type ProspectDetail, type ProspectFunnel } from '../../../contracts/prospect.ts';
import type { DB } from '../../db/database.ts';
import { advanceClock, resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { readerStats } from '../activity/figures.reader.ts';
import { FUNNEL_REFRESH_MS, funnelCacheIdle } from './funnel.cache.ts';
import { auditOf, clientsOf, detailsOf, errorOf, ok, shanghai } from '../activity/recording.test-helpers.ts';

/**
 * The funnel on a hand-made history (March 2026, every move at 10:00 in Shanghai):
 *  P1 agent1 (team 1): lead 1st → appointment 3rd → needs analysis 7th → proposal 10th → closing 15th → signed 20th
 *  P2 agent1 (team 1): lead 1st → appointment 6th → lost 12th (预算不足)
 *  P3 agent2 (team 2): lead 1st → proposal 9th (skipping two steps), still there at the end of the 31st
 *  P4 agent1b (team 1): lead 1st → paused 11th (出国), still paused
 */
forEachDialect('prospect funnel', (get, dialect) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let u: TestOrg['users'];
  const as = clientsOf(() => app);
  const period = 'from=2026-03-01&to=2026-03-31';

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    u = org.users;
    app = await makeTestApp(get());
    setClock(shanghai('2026-03-01'));
    const card = async (user: TestUser, name: string) =>
      ok<ProspectDetail>(await (await as(user)).post('/api/prospects', { name, source: 'assigned' }), 201).id;
    const p1 = await card(u.agent1, 'P1');
    const p2 = await card(u.agent1, 'P2');
    const p3 = await card(u.agent2, 'P3');
    const p4 = await card(u.agent1b, 'P4');
    // The moves are recorded later, backdated to their day.
    setClock(shanghai('2026-04-10'));
    const move = async (user: TestUser, id: string, stage: string, day: number, reason?: string) =>
      ok(
        await (await as(user)).post(`/api/prospects/${id}/stage`, {
          stage,
          at: shanghai(`2026-03-${String(day).padStart(2, '0')}`).toISOString(),
          ...(reason ? { reason } : {}),
        }),
      );
    for (const [stage, day] of [
      ['appointment', 3],
      ['needsAnalysis', 7],
      ['proposal', 10],
      ['closing', 15],
      ['signed', 20],
    ] as const)
      await move(u.agent1, p1, stage, day);
    await move(u.agent1, p2, 'appointment', 6);
    await move(u.agent1, p2, 'lost', 12, '预算不足');
    await move(u.agent2, p3, 'proposal', 9);
    await move(u.agent1b, p4, 'paused', 11, '出国');
  });
  afterAll(async () => {
    await app.close();
    resetClock();
  });

  const funnel = async (user: TestUser, query = '') =>
    ok<ProspectFunnel>(await (await as(user)).get(`/api/prospects/funnel?${period}${query}`));
  const reached = (f: FunnelFigures) => f.stages.map((s) => s.reached);

  it("the department: stages reached, conversion, time in stage, lost and paused reasons, per agent and team", async () => {
    const inWorker = readerStats.inWorker;
    const f = await funnel(u.manager1, `&unitId=${org.units.dept1}`);
    // On SQLite the moves were read by the figures reader's thread, off the event loop.
    if (dialect === 'sqlite') expect(readerStats.inWorker).toBeGreaterThan(inWorker);
    if (dialect === 'sqlite') expect(readerStats.fallback).toBe(0);
    expect(f.unitName).toBe('营服一部');
    expect(f.totals.cards).toBe(4);
    // lead, appointment, needs analysis, proposal, closing, signed, paused, lost
    expect(reached(f.totals)).toEqual([4, 3, 2, 2, 1, 1, 1, 1]);
    expect(f.totals.stages.map((s) => s.conversionRate)).toEqual([0.75, 0.6667, 1, 0.5, 1, null, null, null]);
    expect(f.totals.overallRate).toBe(0.25);
    const lead = f.totals.stages[0]!;
    // Days in lead: P1 2, P2 5, P3 8, P4 10.
    expect(lead).toMatchObject({ avgDays: 6.25, medianDays: 6.5 });
    // Proposal: P1 5 days, P3 from the 9th 10:00 to the end of the 31st (22 days 14 hours).
    expect(f.totals.stages[3]).toMatchObject({ avgDays: 13.79, medianDays: 13.79 });
    expect(f.totals.stages[6]).toMatchObject({ stage: 'paused', avgDays: 20.58 });
    expect(f.totals.lost).toEqual({ count: 1, reasons: [{ reason: '预算不足', count: 1 }] });
    expect(f.totals.paused).toEqual({ count: 1, reasons: [{ reason: '出国', count: 1 }] });

    const agent = (id: string) => f.agents.find((a) => a.userId === id)!;
    expect(f.agents).toHaveLength(3);
    expect(reached(agent(u.agent1.id))).toEqual([2, 2, 1, 1, 1, 1, 0, 1]);
    expect(reached(agent(u.agent2.id))).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(reached(agent(u.agent1b.id))).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
    expect(f.teams.map((t) => [t.name, t.cards])).toEqual([
      ['一组', 3],
      ['二组', 1],
    ]);
  });

  it('a supervisor sees their team; an agent their own; another team or tenant sees nothing of it', async () => {
    const sup = await funnel(u.sup1);
    expect(sup.unitId).toBe(org.units.team1);
    expect(sup.totals.cards).toBe(3);
    expect(sup.agents.map((a) => a.userId).sort()).toEqual([u.agent1.id, u.agent1b.id].sort());
    expect(sup.teams).toEqual([]);
    expect(errorOf(await (await as(u.sup1)).get(`/api/prospects/funnel?${period}&unitId=${org.units.team2}`))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });

    const own = await funnel(u.agent1);
    expect(own.totals.cards).toBe(2);
    expect(own.agents.map((a) => a.userId)).toEqual([u.agent1.id]);
    const peer = await funnel(u.agent1b, `&unitId=${org.units.team1}`);
    expect(peer.totals.cards).toBe(1);
    expect(peer.agents.map((a) => a.userId)).toEqual([u.agent1b.id]);

    expect((await funnel(u.sup3)).totals.cards).toBe(0);
    expect((await funnel(org.other.admin)).totals.cards).toBe(0);
  });

  it('a period outside the moves is empty; bad periods answer 400', async () => {
    const f = ok<ProspectFunnel>(
      await (await as(u.manager1)).get(`/api/prospects/funnel?from=2026-02-01&to=2026-02-28&unitId=${org.units.dept1}`),
    );
    expect(f.totals.cards).toBe(0);
    expect(f.totals.stages[0]!.conversionRate).toBeNull();
    const bad = await (await as(u.manager1)).get('/api/prospects/funnel?from=2026-03-31&to=2026-03-01');
    expect(errorOf(bad)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(detailsOf(bad).map((d) => d.path)).toEqual(['querystring.to']);
    const long = await (await as(u.manager1)).get('/api/prospects/funnel?from=2025-01-01&to=2026-03-01');
    expect(detailsOf(long).map((d) => d.path)).toEqual(['querystring.to']);
    expect(errorOf(await (await as(u.manager1)).get('/api/prospects/funnel?from=2026-02-30&to=2026-03-01'))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('pages, sorts and searches the agent rows, all cut from the same figures', async () => {
    const dept = `&unitId=${org.units.dept1}`;
    const all = await funnel(u.manager1, `${dept}&pageSize=1000`);
    expect([all.total, all.agents.length, all.page, all.pageSize]).toEqual([3, 3, 1, 1000]);
    const byId = (rows: { userId: string }[]) => [...rows].sort((a, b) => a.userId.localeCompare(b.userId));
    // Default: page 1 of 20, by name.
    const first = await funnel(u.manager1, dept);
    expect([first.page, first.pageSize, first.total]).toEqual([1, 20, 3]);
    const collator = new Intl.Collator('zh-CN');
    expect(first.agents.map((a) => a.name)).toEqual(all.agents.map((a) => a.name).sort(collator.compare));

    for (const sort of FunnelSorts.flatMap((s) => [s, `-${s}`])) {
      const whole = await funnel(u.manager1, `${dept}&sort=${sort}&pageSize=1000`);
      // The same rows, whatever the order.
      expect(byId(whole.agents), sort).toEqual(byId(all.agents));
      const paged: ProspectFunnel['agents'] = [];
      for (let page = 1; page <= 2; page++) {
        const p = await funnel(u.manager1, `${dept}&sort=${sort}&page=${page}&pageSize=2`);
        expect(p.totals, sort).toEqual(all.totals);
        expect(p.teams, sort).toEqual(whole.teams);
        expect([p.total, p.page, p.pageSize]).toEqual([3, page, 2]);
        paged.push(...p.agents);
      }
      // A page's rows are the slice of the whole set in the same order.
      expect(paged, sort).toEqual(whole.agents);
    }

    const ids = (f: ProspectFunnel) => f.agents.map((a) => a.userId);
    // agent1 has two cards and the only signed one; the others one card each.
    expect(ids(await funnel(u.manager1, `${dept}&sort=-cards`))[0]).toBe(u.agent1.id);
    expect(ids(await funnel(u.manager1, `${dept}&sort=-signed`))[0]).toBe(u.agent1.id);
    expect(ids(await funnel(u.manager1, `${dept}&sort=signed`))[2]).toBe(u.agent1.id);
    // Only agent1 reached closing: the others have no rate and come last either way.
    expect(ids(await funnel(u.manager1, `${dept}&sort=closingRate`))[0]).toBe(u.agent1.id);
    expect(ids(await funnel(u.manager1, `${dept}&sort=-closingRate`))[0]).toBe(u.agent1.id);
    // Days in proposal: agent2's card waits there till the end of March, agent1's 5 days.
    expect(ids(await funnel(u.manager1, `${dept}&sort=-proposalDays`)).slice(0, 2)).toEqual([u.agent2.id, u.agent1.id]);
    // Teams come whole, in the same order.
    expect((await funnel(u.manager1, `${dept}&sort=cards&pageSize=1`)).teams.map((t) => t.name)).toEqual(['二组', '一组']);
    expect((await funnel(u.manager1, `${dept}&sort=-cards&pageSize=1`)).teams.map((t) => t.name)).toEqual(['一组', '二组']);

    // Past the last page: no rows, the same totals.
    const past = await funnel(u.manager1, `${dept}&page=3&pageSize=2`);
    expect([past.agents.length, past.total]).toEqual([0, 3]);
    expect(past.totals).toEqual(all.totals);

    // q: a part of the name, any case; the totals stay the unit's.
    const name2 = all.agents.find((a) => a.userId === u.agent2.id)!.name;
    const found = await funnel(u.manager1, `${dept}&q=${encodeURIComponent(name2.slice(2).toUpperCase())}`);
    expect([ids(found), found.total]).toEqual([[u.agent2.id], 1]);
    expect(found.totals).toEqual(all.totals);
    expect(found.agents[0]).toEqual(all.agents.find((a) => a.userId === u.agent2.id));
    expect((await funnel(u.manager1, `${dept}&q=nobody`)).total).toBe(0);

    // rows: only the agents' page, or only the teams, beside the same totals.
    const both = await funnel(u.manager1, `${dept}&sort=cards&pageSize=2`);
    const agentsOnly = await funnel(u.manager1, `${dept}&sort=cards&pageSize=2&rows=agents`);
    const teamsOnly = await funnel(u.manager1, `${dept}&sort=cards&pageSize=2&rows=teams`);
    expect(both.teamTotal).toBe(2);
    expect(agentsOnly).toEqual({ ...both, teams: [] });
    expect(teamsOnly).toEqual({ ...both, agents: [] });

    for (const bad of ['sort=bogus', 'sort=--cards', 'pageSize=1001', 'page=0', 'rows=people']) {
      const res = await (await as(u.manager1)).get(`/api/prospects/funnel?${period}${dept}&${bad}`);
      expect(errorOf(res), bad).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(res).map((d) => d.path)).toEqual([`query.${bad.split('=')[0]}`]);
    }
  });

  it('an out-of-scope unit answers 404 every time, while one in scope is served', async () => {
    const path = `/api/prospects/funnel?${period}&unitId=${org.units.team2}`;
    for (let i = 0; i < 2; i++) {
      expect(errorOf(await (await as(u.sup1)).get(path))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(u.agent1)).get(path))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(org.other.admin)).get(path))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(u.manager2)).get(`/api/prospects/funnel?${period}&unitId=${org.units.dept1}`))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(ok<ProspectFunnel>(await (await as(u.sup2)).get(path)).totals.cards).toBe(1);
    }
    const exported = await (await as(u.sup1)).get(`/api/prospects/funnel/export?${period}&unitId=${org.units.team2}`);
    expect(errorOf(exported)).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('a new card and a stage move show in the funnel once the cache has refreshed it', async () => {
    const april = '/api/prospects/funnel?from=2026-04-01&to=2026-04-30';
    const read = async () => ok<ProspectFunnel>(await (await as(u.agent3)).get(april)).totals;
    expect((await read()).cards).toBe(0);
    const p5 = ok<ProspectDetail>(await (await as(u.agent3)).post('/api/prospects', { name: 'P5', source: 'assigned' }), 201);
    // Within the bound the answer before the change is served; once it is old enough, while one
    // recomputation refreshes it in the background; then the fresh answer.
    expect((await read()).cards).toBe(0);
    advanceClock(FUNNEL_REFRESH_MS);
    await read();
    await funnelCacheIdle();
    const after = await read();
    expect([after.cards, after.stages[0]!.reached, after.stages[1]!.reached]).toEqual([1, 1, 0]);

    ok(await (await as(u.agent3)).post(`/api/prospects/${p5.id}/stage`, { stage: 'appointment' }));
    advanceClock(FUNNEL_REFRESH_MS);
    await read();
    await funnelCacheIdle();
    const moved = await read();
    expect([moved.cards, moved.stages[0]!.reached, moved.stages[1]!.reached]).toEqual([1, 1, 1]);
  });

  it('an erased person\'s reasons leave the cached funnel at once', async () => {
    const april = `/api/prospects/funnel?from=2026-04-01&to=2026-04-30&unitId=${org.units.team2}`;
    const p6 = ok<ProspectDetail>(await (await as(u.agent2)).post('/api/prospects', { name: '韩梅梅', source: 'assigned' }), 201);
    advanceClock(60_000);
    ok(await (await as(u.agent2)).post(`/api/prospects/${p6.id}/stage`, { stage: 'lost', reason: '韩梅梅说预算不足' }));
    const before = ok<ProspectFunnel>(await (await as(u.sup2)).get(april));
    expect(before.totals.lost.reasons.map((r) => r.reason)).toEqual(['韩梅梅说预算不足']);
    ok(await (await as(u.admin)).post('/api/privacy/person/erase', { entity: 'prospect', id: p6.id, confirm: true }));
    // No refresh waited for: the next read computes afresh.
    const after = ok<ProspectFunnel>(await (await as(u.sup2)).get(april));
    expect(after.totals.lost.count).toBe(1);
    expect(JSON.stringify(after)).not.toContain('韩梅梅');
  });

  it('exports the funnel as .xlsx, totals, teams and agents, audited', async () => {
    const res = await (await as(u.manager1)).get(`/api/prospects/funnel/export?${period}&unitId=${org.units.dept1}&lang=en-US`);
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('Row');
    // Header, the total, two teams, three agents: every row, whatever the page size.
    expect(ws.rowCount).toBe(7);
    expect(ws.getRow(2).getCell(3).value).toBe(4);
    const sorted = await (await as(u.manager1)).get(
      `/api/prospects/funnel/export?${period}&unitId=${org.units.dept1}&sort=-cards&page=2&pageSize=1`,
    );
    const sortedWb = new ExcelJS.Workbook();
    await sortedWb.xlsx.load(sorted.rawPayload as unknown as ArrayBuffer);
    const sortedWs = sortedWb.worksheets[0]!;
    expect(sortedWs.rowCount).toBe(7);
    // Teams, then agents, by cards descending.
    expect([3, 4, 5, 6, 7].map((i) => sortedWs.getRow(i).getCell(3).value)).toEqual([3, 1, 2, 1, 1]);
    const agentRes = await (await as(u.agent1)).get(`/api/prospects/funnel/export?${period}`);
    const agentWb = new ExcelJS.Workbook();
    await agentWb.xlsx.load(agentRes.rawPayload as unknown as ArrayBuffer);
    // The agent's own: the total and their row.
    expect(agentWb.worksheets[0]!.rowCount).toBe(3);
    expect((await auditOf(db, 'prospectFunnelExport')).length).toBe(3);
  });
});
