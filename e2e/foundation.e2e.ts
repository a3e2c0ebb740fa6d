/// <reference lib="dom" />
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, login, newPage, shot } from './browser.ts';

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

/** Reads through the API with the page's own session cookie (same origin, so writes pass the CSRF check). */
async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

type UserPage = {
  items: { id: string; username: string; displayName: string; unitId: string; unitName: string }[];
  total: number;
};

describe('each role sees its menu', () => {
  it.each([
    ['admin', ['home', 'org', 'people', 'audit', 'notifications'], []],
    ['manager1', ['home', 'org', 'people', 'audit'], []],
    ['staff1', ['home', 'org', 'people'], ['audit']],
    ['sup1', ['home', 'people'], ['audit']],
    ['exec', ['home', 'people', 'audit'], []],
  ])('%s on a desktop', async (username, visible, hidden) => {
    const page = await session(username);
    await expect.poll(() => page.getByTestId('menu').isVisible()).toBe(true);
    for (const key of visible)
      expect(await page.getByTestId(`menu-${key}`).count(), `${username} menu-${key}`).toBe(1);
    for (const key of hidden)
      expect(await page.getByTestId(`menu-${key}`).count(), `${username} menu-${key}`).toBe(0);
    await shot(page, `home-${username}-desktop`);
    await page.close();
  });

  it('an agent gets the phone layout with a tab bar and no desk menu', async () => {
    const page = await session('agent001', PHONE);
    await expect.poll(() => page.getByTestId('tabbar').isVisible()).toBe(true);
    for (const key of ['home', 'checkin', 'log', 'customers', 'me'])
      expect(await page.getByTestId(`tabbar-${key}`).count()).toBe(1);
    expect(await page.getByTestId('menu-audit').count()).toBe(0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'home-agent001-phone');
    await page.close();
  });
});

describe('people', () => {
  it('a manager filters the people list and exports what they see to Excel', async () => {
    const page = await session('manager1');
    await page.goto('/people');
    await page.getByTestId('people-table').waitFor();
    const search = page.getByTestId('people-search');
    await search.fill('agent00');
    await search.press('Enter');
    await expect.poll(() => page.url()).toContain('agent00');
    const expected = await api<UserPage>(page, '/api/users?q=agent00&pageSize=200');
    expect(expected.total).toBeGreaterThan(0);
    await expect
      .poll(async () => page.getByTestId('people-table').locator('tbody tr.ant-table-row').count())
      .toBe(Math.min(expected.total, 20));
    await shot(page, 'people-manager1-desktop');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('people-export').click(),
    ]);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    expect(header).toContain('姓名');
    expect(sheet.actualRowCount - 1).toBe(expected.total);
    const usernames = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n > 1) usernames.add(row.getCell(header.indexOf('用户名')).text);
    });
    expect([...usernames].sort()).toEqual(expected.items.map((u) => u.username).sort());

    await page.setViewportSize(PHONE);
    await shot(page, 'people-manager1-phone');
    await page.close();
  });

  it('an admin moves an agent to another team and the history shows both', async () => {
    const page = await session('admin');
    const target = (await api<UserPage>(page, '/api/users?q=agent010')).items[0]!;
    const units = await api<{ id: string; name: string; kind: string; parentId: string | null }[]>(
      page,
      '/api/org/units',
    );
    const other = units.find((u) => u.kind === 'team' && u.id !== target.unitId)!;
    await page.goto(`/people/${target.id}`);
    await page.getByTestId('person-name').waitFor();
    await shot(page, 'person-admin-desktop');
    await page.getByTestId('person-move').click();
    // On a loaded machine a click can land while the filtered tree is still re-rendering and be
    // lost: pick the team until the choice shows (reopening the search if the dropdown closed).
    const node = page.locator('.ant-select-tree-node-content-wrapper', { hasText: other.name }).first();
    await vi.waitFor(
      async () => {
        if (!(await node.isVisible())) {
          await page.getByTestId('move-unit-select').click();
          await page.keyboard.type(other.name);
        }
        await node.click({ timeout: 3_000 });
        expect(await page.locator('.ant-modal .ant-select').first().textContent()).toContain(other.name);
      },
      { timeout: 20_000, interval: 250 },
    );
    await page.getByTestId('move-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden', timeout: 20_000 });
    await expect
      .poll(async () => (await api<{ unitId: string }>(page, `/api/users/${target.id}`)).unitId)
      .toBe(other.id);
    await expect.poll(() => page.getByTestId('person-unit').textContent()).toBe(other.name);
    const history = await api<{ unitId: string; endDate: string | null }[]>(
      page,
      `/api/users/${target.id}/memberships`,
    );
    expect(history[0]).toMatchObject({ unitId: other.id, endDate: null });
    expect(history[1]).toMatchObject({ unitId: target.unitId });
    expect(history[1]!.endDate).not.toBeNull();
    await shot(page, 'person-moved-desktop');
    await page.close();
  });

  it("an agent cannot open another agent's page by URL", async () => {
    const admin = await session('admin');
    const other = (await api<UserPage>(admin, '/api/users?q=agent002')).items[0]!;
    await admin.close();
    const page = await session('agent001', PHONE);
    await page.goto(`/people/${other.id}`);
    await page.locator('.ant-result-404, .ant-result-403').waitFor();
    expect(await page.getByText(other.displayName).count()).toBe(0);
    expect((await page.request.get(`/api/users/${other.id}`)).status()).toBe(404);
    await shot(page, 'person-forbidden-agent-phone');
    await page.close();
  });
});

describe('language', () => {
  it('switches between Chinese and English, Ant Design included', async () => {
    const page = await session('admin');
    await page.goto('/people');
    await page.getByTestId('menu-people').waitFor();
    expect(await page.getByTestId('menu-people').textContent()).toBe('人员');
    await page.getByTestId('lang-switch').click();
    await page
      .getByText('English')
      .last()
      .click()
      .catch(() => undefined);
    await expect.poll(() => page.getByTestId('menu-people').textContent()).toBe('People');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    await shot(page, 'people-admin-english-desktop');
    await page.reload();
    await expect.poll(() => page.getByTestId('menu-people').textContent()).toBe('People');
    await page.close();
  });
});

describe('screenshots of the other pages', () => {
  it.each([
    ['admin', '/org'],
    ['admin', '/audit'],
    ['admin', '/notifications'],
    ['sup1', '/me'],
    ['sup1', '/me/sessions'],
  ])('%s %s at phone and desktop size', async (username, path) => {
    const page = await session(username);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const name = `${path.slice(1).replaceAll('/', '-')}-${username}`;
    await shot(page, `${name}-desktop`);
    await page.setViewportSize(PHONE);
    await shot(page, `${name}-phone`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });
});
