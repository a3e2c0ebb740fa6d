/// <reference lib="dom" />
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, makeMeetingNow } from './attendance-setup.ts';
import { DESKTOP, PHONE, launchBrowser, login, newPage, shot } from './browser.ts';

/**
 * Journeys of the people who manage attendance: the live meeting board, the supervisors' allowance
 * exported for payroll, and a look at every management page.
 */
const baseUrl = inject('baseUrl');
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

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

interface BoardPerson {
  userId: string;
  displayName: string;
  role: string;
  status: string;
  checkInAt: string | null;
}
interface Board {
  date: string;
  unitId: string;
  totals: { expected: number; present: number; late: number; pending: number };
  teams: { unitId: string; people: BoardPerson[] }[];
}
interface AllowanceRow {
  userId: string;
  username: string;
  displayName: string;
  rate: number | null;
  baseFen: number | null;
  cutFen: number | null;
}
interface Allowance {
  month: string;
  rows: AllowanceRow[];
}

/** "¥1,234.50" → 1234.5; "—" or a placeholder → null. */
function money(text: string | null): number | null {
  const m = /-?[\d,]+(\.\d+)?/.exec(text ?? '');
  return m ? Number(m[0].replace(/,/g, '')) : null;
}

describe('the live meeting board', () => {
  it('shows an agent present as soon as they check in, without a reload', async () => {
    const meeting = await makeMeetingNow(baseUrl);
    const page = await session('sup2');
    await page.goto('/attendance/board');
    await page.getByTestId('board-total-arrived').waitFor();

    // Someone of the supervisor's team who has not checked in yet.
    const me = await api<{ unitId: string }>(page, '/api/auth/me');
    const board = await api<Board>(page, `/api/attendance/board?unitId=${me.unitId}`);
    expect(board.date).toBe(meeting.today);
    const waiting = board.teams
      .flatMap((t) => t.people)
      .find((p) => p.role === 'agent' && p.status === 'pending' && !p.checkInAt);
    expect(waiting, 'an agent of the team still to check in').toBeDefined();
    const person = waiting!;
    const row = page.getByTestId(`board-person-${person.userId}`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('pending');
    const arrivedBefore = Number(
      await page.getByTestId('board-total-arrived').locator('.sb-att-total-value').textContent(),
    );
    await shot(page, 'attendance-board-before-sup2-desktop');

    // A marker on the window survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { boardMarker: number }).boardMarker = 42));

    const { username } = await api<{ username: string }>(page, `/api/users/${person.userId}`);
    const agent = await apiSession(baseUrl, username);
    try {
      const res = await agent.post('/api/attendance/check-ins', { data: { method: 'app' } });
      expect(res.status(), await res.text()).toBe(201);
    } finally {
      await agent.dispose();
    }

    // The board polls every few seconds while it is open on today.
    await expect
      .poll(() => row.getAttribute('data-status'), { timeout: 20_000, interval: 500 })
      .toMatch(/^(present|late)$/);
    expect(await row.getByTestId('board-person-time').textContent()).toMatch(/^\d{2}:\d{2}$/);
    await expect
      .poll(async () =>
        Number(await page.getByTestId('board-total-arrived').locator('.sb-att-total-value').textContent()),
      )
      .toBe(arrivedBefore + 1);
    expect(await page.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(42);
    await shot(page, 'attendance-board-after-sup2-desktop');

    // The same board on the supervisor's phone at the meeting: one column, no sideways scrolling.
    await page.setViewportSize(PHONE);
    // The layout switches to the phone's after the resize is seen: wait for its tab bar, then for the reflow.
    await page.getByTestId('tabbar').waitFor();
    await page.getByTestId('board-total-arrived').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'attendance-board-sup2-phone');
    await page.close();
  });
});

describe('supervisor allowance', () => {
  it('a manager exports the allowance report and the file has one row per supervisor, as on the page', async () => {
    const page = await session('manager1');
    // The page opens on the current work month; the journey checks the month before it, which has figures.
    const first = page.waitForResponse((r) => r.url().includes('/api/attendance/allowance?'));
    await page.goto('/attendance/allowance');
    const current = (await (await first).json()) as Allowance;
    const [y, m] = current.month.split('-').map(Number) as [number, number];
    const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;

    const shown = page.waitForResponse((r) => r.url().includes(`/api/attendance/allowance?month=${month}`));
    await page.goto(`/attendance/allowance?month=${month}`);
    const expected = (await (await shown).json()) as Allowance;
    expect(expected.month).toBe(month);

    // One row per supervisor in the manager's department.
    const people = await api<{ items: { username: string; role: string; status: string }[] }>(
      page,
      '/api/users?role=supervisor&status=active&pageSize=200',
    );
    expect(expected.rows.map((r) => r.username).sort()).toEqual(people.items.map((u) => u.username).sort());
    expect(expected.rows.length).toBeGreaterThan(0);

    const table = page.getByTestId('allowance-table');
    const rows = table.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(expected.rows.length);
    const onPage = new Map<string, { rate: string; base: number | null; cut: number | null }>();
    for (let i = 0; i < expected.rows.length; i++) {
      const r = rows.nth(i);
      const username = (await r.getByTestId('allowance-username').textContent())!.trim();
      onPage.set(username, {
        rate: (await r.locator('td.sb-att-col-rate').textContent())!.trim(),
        base: money(await r.locator('td.sb-att-col-baseFen').textContent()),
        cut: money(await r.locator('td.sb-att-col-cutFen').textContent()),
      });
    }
    await shot(page, 'attendance-allowance-manager1-desktop');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('allowance-export').click(),
    ]);
    expect(download.suggestedFilename()).toContain(month);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as (string | undefined)[]).map((v) => v ?? '');
    const col = (name: string) => {
      const i = header.indexOf(name);
      expect(i, `column ${name} in ${header.join(',')}`).toBeGreaterThan(0);
      return i;
    };
    const [cUser, cRate, cBase, cCut] = [
      col('工号'),
      col('出勤率'),
      col('津贴基数(元)'),
      col('扣发金额(元)'),
    ];
    expect(sheet.actualRowCount - 1).toBe(expected.rows.length);
    const inFile = new Map<string, { rate: string; base: number | null; cut: number | null }>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const num = (c: number) => {
        const v = row.getCell(c).value;
        return v === null || v === undefined || v === '' ? null : Number(v);
      };
      inFile.set(row.getCell(cUser).text, {
        rate: row.getCell(cRate).text,
        base: num(cBase),
        cut: num(cCut),
      });
    });
    expect([...inFile.keys()].sort()).toEqual([...onPage.keys()].sort());
    for (const [username, shownRow] of onPage) {
      const file = inFile.get(username)!;
      // The page writes "—" where nothing was required; the file leaves the cell empty.
      expect(file.rate || '—', `${username} rate`).toBe(shownRow.rate);
      expect(file.base, `${username} base`).toBe(shownRow.base);
      expect(file.cut, `${username} cut`).toBe(shownRow.cut);
    }
    await page.close();
  });
});

describe('screenshots of the management pages', () => {
  it.each([
    ['manager1', '/attendance/monthly', 'attendance-monthly-manager1-desktop', DESKTOP],
    ['staff1', '/attendance/allowance', 'attendance-allowance-staff1-desktop', DESKTOP],
    ['staff1', '/attendance/board', 'attendance-board-staff1-desktop', DESKTOP],
    ['admin', '/attendance/settings', 'attendance-settings-rules-admin-desktop', DESKTOP],
    ['admin', '/attendance/settings?tab=overrides', 'attendance-settings-overrides-admin-desktop', DESKTOP],
    ['admin', '/attendance/settings?tab=calendar', 'attendance-settings-calendar-admin-desktop', DESKTOP],
    ['admin', '/attendance/settings?tab=locations', 'attendance-settings-locations-admin-desktop', DESKTOP],
    ['admin', '/attendance/settings?tab=punch', 'attendance-settings-punch-admin-desktop', DESKTOP],
    ['manager1', '/attendance/monthly', 'attendance-monthly-manager1-phone', PHONE],
  ] as const)('%s %s', async (username, path, name, viewport) => {
    const page = await session(username, viewport);
    await page.goto(path);
    await page.getByTestId('menu').or(page.getByTestId('tabbar')).first().waitFor();
    expect(await page.locator('.ant-result-403, .ant-result-404, .ant-result-error').count()).toBe(0);
    if (viewport === PHONE)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
    await shot(page, name);
    await page.close();
  });

  it('an agent has no management pages', async () => {
    const page = await session('agent001', PHONE);
    for (const path of ['/attendance/board', '/attendance/allowance', '/attendance/settings']) {
      await page.goto(path);
      await page.locator('.ant-result-403').waitFor();
    }
    expect((await page.request.get('/api/attendance/allowance?month=2026-01')).status()).toBe(403);
    await page.close();
  });
});
