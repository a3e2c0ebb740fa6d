/// <reference lib="dom" />
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, zonedNow } from './attendance-setup.ts';
import { DESKTOP, PHONE, launchBrowser, login, newPage, shot } from './browser.ts';

/**
 * Journeys of the people who read and configure activity management: the department manager's
 * analysis (table, charts, sort, drill-down, the supervisors' review rate, the Excel file), the
 * honour roll, and the administrator changing a type's points from a date.
 */
const baseUrl = inject('baseUrl');
/** The analysis page is heavy (a wide table, three charts): on a busy machine give it time to settle. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 200 });
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function session(username: string, viewport = DESKTOP): Promise<Page> {
  const { page } = await newPage(browser, baseUrl, viewport);
  await login(page, username);
  return page;
}

async function json<T>(api: APIRequestContext, path: string): Promise<T> {
  const res = await api.get(path);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

interface ActivityType {
  id: string;
  code: string;
  name: string;
  points: number;
  pointsHistory: { effectiveFrom: string; points: number }[];
  active: boolean;
}
interface SummaryRow {
  id: string;
  name: string;
  kind: 'person' | 'unit';
  points: number;
  activities: number;
  reviewRate: number | null;
}
interface Summary {
  unitId: string;
  unitName: string;
  from: string;
  to: string;
  total: number;
  rows: SummaryRow[];
  totals: { points: number; activities: number; people: number };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Waits for the next summary answer whose query matches, and returns it. */
async function nextSummary(
  page: Page,
  match: (q: URLSearchParams) => boolean,
  act: () => Promise<unknown>,
): Promise<Summary> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === '/api/activity/summary' && match(url.searchParams);
    }),
    act(),
  ]);
  expect(res.status()).toBe(200);
  return (await res.json()) as Summary;
}

async function charts(page: Page): Promise<void> {
  for (const id of ['chart-plan-actual', 'chart-funnel', 'chart-trend']) {
    await page.getByTestId(id).locator('canvas').first().waitFor();
  }
}

describe('activity analysis', () => {
  it('a manager reads the department: figures, charts, sort, drill-down, review rates, and the Excel file', async () => {
    // Activity of today for an agent of the manager's department, logged through the API as the agent.
    const manager = await apiSession(baseUrl, 'manager1');
    let agentId: string;
    let agentName: string;
    let earned: number;
    let unitId: string;
    let before: SummaryRow | undefined;
    try {
      const me = await json<{ unitId: string }>(manager, '/api/auth/me');
      unitId = me.unitId;
      const people = await json<{ items: { id: string; username: string; displayName: string }[] }>(
        manager,
        '/api/users?role=agent&status=active&pageSize=200',
      );
      const agent = people.items[0]!;
      agentId = agent.id;
      agentName = agent.displayName;
      const summaryOf = async () =>
        (
          await json<Summary>(
            manager,
            `/api/activity/summary?unitId=${unitId}&pageSize=1000&q=${encodeURIComponent(agent.username)}`,
          )
        ).rows.find((r) => r.id === agentId);
      before = await summaryOf();

      const agentApi = await apiSession(baseUrl, agent.username);
      try {
        const types = await json<ActivityType[]>(agentApi, '/api/activity/types');
        const interview = types.find((t) => t.code === 'interview')!;
        const sale = types.find((t) => t.code === 'sale')!;
        for (const t of [interview, interview, interview, sale]) {
          const res = await agentApi.post('/api/activities', {
            data: { typeId: t.id, prospectName: '王先生', ...(t === sale ? { premiumFen: 1_200_000 } : {}) },
          });
          expect(res.status(), await res.text()).toBe(201);
        }
        earned = interview.points * 3 + sale.points;
      } finally {
        await agentApi.dispose();
      }
      // Figures are served from a cache refreshed on writes: the new points show within moments.
      await poll(async () => (await summaryOf())?.points ?? 0).toBeCloseTo((before?.points ?? 0) + earned, 3);
      expect((await summaryOf())!.activities).toBe((before?.activities ?? 0) + 4);
    } finally {
      await manager.dispose();
    }

    // The page opens on the manager's department and this work month, leaders first.
    const page = await session('manager1');
    const first = await nextSummary(
      page,
      (q) => q.get('unitId') === unitId && q.get('rows') === 'people',
      () => page.goto('/activity/analysis'),
    );
    expect(first.total).toBeGreaterThan(1);
    const table = page.getByTestId('analysis-table');
    const rows = table.locator('tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(Math.min(first.total, 20));
    expect(await rows.first().locator('td').first().textContent()).toBe(first.rows[0]!.name);
    // Points per person as on the KPI card; the table's total row has the unit's points.
    await page.getByTestId('analysis-kpi-people').getByText(String(first.totals.people)).waitFor();
    const summaryRow = page.getByTestId('analysis-summary');
    await poll(() => summaryRow.textContent()).toContain(
      new Intl.NumberFormat('zh-CN').format(first.totals.points),
    );
    await charts(page);
    // The weakest funnel step is marked in words, not only in colour.
    expect(await page.getByTestId('funnel-ratios').textContent()).toMatch(/最弱环节|—/);
    await shot(page, 'activity-analysis-manager1-desktop');

    // Sort by activities on the server: the first click asks for ascending order.
    const sorted = await nextSummary(
      page,
      (q) => q.get('sort') === 'activities',
      () => table.locator('th', { hasText: '活动次数' }).first().click(),
    );
    const counts = sorted.rows.map((r) => r.activities);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    await poll(() => rows.first().locator('td').first().textContent()).toBe(sorted.rows[0]!.name);
    expect(page.url()).toContain('sort=activities');

    // The person's drawer: their figures and their own trend.
    const search = page.getByTestId('analysis-search');
    const found = await nextSummary(
      page,
      (q) => q.get('q') === agentName && q.get('rows') === 'people',
      () => search.fill(agentName),
    );
    expect(found.rows.some((r) => r.id === agentId)).toBe(true);
    await table.getByTestId('analysis-person').filter({ hasText: agentName }).first().click();
    const drawer = page.getByTestId('analysis-person-drawer');
    await drawer.getByTestId('chart-trend').locator('canvas').waitFor();
    // The drawer floats over the page: a picture of the window, not of the whole page.
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'e2e/screenshots/activity-analysis-person-drawer-desktop.png' });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await search.fill('');
    await poll(() => new URL(page.url()).searchParams.has('q')).toBe(false);
    await poll(() => rows.count()).toBe(Math.min(sorted.total, 20));

    // Export: every row of the sorted list and a totals row, in the page's order.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('analysis-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(download.suggestedFilename()).toContain(sorted.from);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as (string | undefined)[]).map((v) => v ?? '');
    const col = (name: string) => {
      const i = header.indexOf(name);
      expect(i, `column ${name} in ${header.join(',')}`).toBeGreaterThan(0);
      return i;
    };
    const [cName, cPoints, cActivities] = [col('姓名'), col('积分'), col('活动数')];
    const all = await json<Summary>(
      page.request,
      `/api/activity/summary?unitId=${unitId}&sort=activities&pageSize=1000`,
    );
    expect(sheet.actualRowCount).toBe(all.total + 2);
    const fileRows: { name: string; points: number; activities: number }[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1 || n === sheet.actualRowCount) return;
      fileRows.push({
        name: row.getCell(cName).text,
        points: Number(row.getCell(cPoints).value),
        activities: Number(row.getCell(cActivities).value),
      });
    });
    expect(fileRows.map((r) => r.name)).toEqual(all.rows.map((r) => r.name));
    expect(fileRows.map((r) => r.activities)).toEqual(all.rows.map((r) => r.activities));
    const agentRow = all.rows.findIndex((r) => r.id === agentId);
    expect(fileRows[agentRow]!.points).toBeCloseTo(all.rows[agentRow]!.points, 3);
    const totalsRow = sheet.getRow(sheet.actualRowCount);
    expect(totalsRow.getCell(cName).text).toBe('合计');
    expect(Number(totalsRow.getCell(cPoints).value)).toBeCloseTo(all.totals.points, 3);

    // Teams side by side: each team's row carries its supervisor's review rate.
    const teams = await nextSummary(
      page,
      (q) => q.get('rows') === 'units' && q.get('pageSize') === '20',
      () => page.getByTestId('analysis-rows').getByText('按下级单位').click(),
    );
    expect(teams.rows.length).toBeGreaterThan(1);
    expect(teams.rows.every((r) => r.kind === 'unit')).toBe(true);
    await poll(() => rows.count()).toBe(teams.rows.length);
    await table.locator('th', { hasText: '主管批阅及时率' }).first().waitFor();
    const review = page.getByTestId('analysis-review');
    for (const team of teams.rows) await review.getByTestId(`review-rate-${team.id}`).waitFor();
    await shot(page, 'activity-analysis-teams-manager1-desktop');

    // Drill down into the first team: its people.
    const team = teams.rows[0]!;
    const drilled = await nextSummary(
      page,
      (q) => q.get('unitId') === team.id && q.get('rows') === 'people',
      () => table.getByTestId(`analysis-drill-${team.id}`).click(),
    );
    expect(drilled.unitName).toBe(team.name);
    await poll(() => rows.count()).toBe(Math.min(drilled.total, 20));
    await page.getByTestId('analysis-path').getByText(first.unitName).waitFor();

    // The same page on a phone: cards two by two, the table scrolls inside itself, the page does not.
    await page.setViewportSize(PHONE);
    await page.getByTestId('tabbar').waitFor();
    await charts(page);
    await poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await shot(page, 'activity-analysis-team-manager1-phone');
    await page.close();
  });

  it('an executive compares the departments of the branch', async () => {
    const page = await session('exec');
    const data = await nextSummary(
      page,
      (q) => q.get('rows') === 'units',
      () => page.goto('/activity/analysis'),
    );
    expect(data.rows.length).toBeGreaterThan(0);
    expect(data.rows.every((r) => r.kind === 'unit')).toBe(true);
    await charts(page);
    await shot(page, 'activity-analysis-exec-desktop');
    await page.close();
  });
});

describe('honour roll', () => {
  it('shows the week by points with the first three raised, and each team’s first three', async () => {
    const page = await session('manager1');
    const [res] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().includes('/api/activity/leaderboard?') && r.url().includes('limit=50'),
      ),
      page.goto('/activity/leaderboard'),
    ]);
    const board = (await res.json()) as { rows: { rank: number; userName: string }[] };
    expect(board.rows.length).toBeGreaterThan(2);
    await page.getByTestId('podium-1').getByText(board.rows[0]!.userName).waitFor();
    const tableRows = page.getByTestId('leaderboard-table').locator('tbody tr.ant-table-row');
    await poll(() => tableRows.count()).toBe(board.rows.length);
    for (let i = 0; i < Math.min(5, board.rows.length); i++) {
      const cls = (await tableRows.nth(i).getAttribute('class')) ?? '';
      expect(cls.includes('sb-act-top'), `row ${i} rank ${board.rows[i]!.rank}`).toBe(
        board.rows[i]!.rank <= 3,
      );
    }
    await shot(page, 'activity-leaderboard-manager1-desktop');

    // By sales: the order follows the sales counts.
    const [sales] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().includes('/api/activity/leaderboard?') && r.url().includes('by=sales'),
      ),
      page.getByTestId('leaderboard-by').getByText('按签单').click(),
    ]);
    const bySales = (await sales.json()) as { rows: { sales: number }[] };
    const counts = bySales.rows.map((r) => r.sales);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    await page.setViewportSize(PHONE);
    await page.getByTestId('tabbar').waitFor();
    await poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await shot(page, 'activity-leaderboard-manager1-phone');
    await page.close();
  });
});

describe('activity settings', () => {
  it('an admin changes the points of a type from tomorrow: today keeps its points', async () => {
    const page = await session('admin');
    await page.goto('/activity/settings');
    const table = page.getByTestId('types-table');
    await table.getByTestId('type-edit-referral').waitFor();
    const types = await json<ActivityType[]>(page.request, '/api/activity/types?all=1');
    const referral = types.find((t) => t.code === 'referral')!;
    const newPoints = referral.points + 0.5;
    const tomorrow = addDays(zonedNow().date, 1);

    await table.getByTestId('type-edit-referral').click();
    const form = page.getByTestId('type-form');
    await form.waitFor();
    // The date is asked for only once the points differ.
    expect(await form.getByTestId('type-points-explain').count()).toBe(0);
    await form.getByTestId('type-points-input').fill(String(newPoints));
    const explain = form.getByTestId('type-points-explain');
    await explain.waitFor();
    const dateInput = form.locator('.ant-picker input').first();
    await dateInput.click();
    await page.locator(`.ant-picker-dropdown .ant-picker-cell[title="${tomorrow}"]`).click();
    await poll(() => explain.textContent()).toContain(tomorrow);
    expect(await explain.textContent()).toContain('保留原来的');
    await shot(page, 'activity-settings-type-points-admin-desktop');

    const [patch] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().includes(`/api/activity/types/${referral.id}`) && r.request().method() === 'PATCH',
      ),
      page.getByTestId('type-save').click(),
    ]);
    expect(patch.status(), await patch.text()).toBe(200);
    expect(patch.request().postDataJSON()).toMatchObject({ points: newPoints, pointsFrom: tomorrow });
    await form.waitFor({ state: 'hidden' });

    // Today's points are unchanged; the new value waits for its date.
    const row = table.getByTestId('type-row-referral');
    await row.getByTestId('type-next-points').waitFor();
    expect(await row.getByTestId('type-points').textContent()).toBe(String(referral.points));
    const after = (await json<ActivityType[]>(page.request, '/api/activity/types?all=1')).find(
      (t) => t.code === 'referral',
    )!;
    expect(after.points).toBe(referral.points);
    expect(after.pointsHistory).toContainEqual({ effectiveFrom: tomorrow, points: newPoints });

    // A code already taken: the server's answer lands on the code field.
    await page.getByTestId('type-add').click();
    const add = page.getByTestId('type-form');
    await add.getByTestId('type-code').fill('interview');
    await add.getByTestId('type-name').fill('再次面谈');
    await add.getByTestId('type-nameEn').fill('Interview again');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/activity/types') && r.request().method() === 'POST'),
      page.getByTestId('type-save').click(),
    ]);
    expect(created.status()).toBe(409);
    await add.locator('.ant-form-item-explain-error', { hasText: '活动类型编码已存在' }).waitFor();
    await page.keyboard.press('Escape');
    await page.close();
  });

  it.each([
    ['/activity/settings?tab=standards', 'activity-settings-standards-admin-desktop'],
    ['/activity/settings?tab=general', 'activity-settings-general-admin-desktop'],
  ] as const)('%s', async (path, name) => {
    const page = await session('admin');
    await page.goto(path);
    await page.getByTestId('menu').waitFor();
    expect(await page.locator('.ant-result-403, .ant-result-404, .ant-result-error').count()).toBe(0);
    await shot(page, name);
    await page.close();
  });

  it('an agent has neither the analysis nor the settings', async () => {
    const page = await session('agent001', PHONE);
    for (const path of ['/activity/analysis', '/activity/leaderboard', '/activity/settings']) {
      await page.goto(path);
      await page.locator('.ant-result-403').waitFor();
    }
    const me = await json<{ unitId: string }>(page.request, '/api/auth/me');
    expect((await page.request.get(`/api/activity/summary?unitId=${me.unitId}`)).status()).toBe(403);
    await page.close();
  });
});
