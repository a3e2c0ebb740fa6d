/// <reference lib="dom" />
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { TENANT_TIME_ZONE, apiSession } from './attendance-setup.ts';
import { PHONE, launchBrowser, login, shot } from './browser.ts';
import {
  RUN,
  createAgent,
  findUser,
  seedNamesAndCards,
  send,
  type Card,
  type Grade,
  type Page as ListPage,
  type UserRow,
} from './prospect-setup.ts';

/**
 * The leads' search of prospect cards (准主顾卡查询): a manager narrows the department's cards to one
 * team and a name prefix, sorts and pages them on the server, reloads and keeps them, exports the
 * same cards to Excel, opens one, and reads the same list as compact rows on a phone; a supervisor
 * finds only their own team's cards.
 */
const baseUrl = inject('baseUrl');
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 200 });
let browser: Browser;

interface ListItem {
  id: string;
  ownerId: string;
  ownerName: string;
  unitId: string;
  name: string;
  phone: string | null;
  grade: Grade | null;
  stage: string;
  stageReason: string | null;
}

/** Names of this run only: the prefix the journeys search by. */
const PREFIX = `查卡${RUN}`;
const nameOf = (i: number) => `${PREFIX}-${String(i).padStart(2, '0')}`;
/** More than a page of 20 in the searched team, a few in a sister team and in another department. */
const IN_TEAM = 23;
const SISTER = 3;
const OTHER_DEPT = 2;
const LOST_REASON = '已在别家投保，明年再联系';
const PHONE_NO = '13912340001';
/** The desk's width in these journeys. */
const DESK = { width: 1280, height: 900 };

async function session(username: string, viewport = DESK): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'zh-CN',
    timezoneId: TENANT_TIME_ZONE,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

async function asUser<T>(username: string, fn: (api: APIRequestContext) => Promise<T>): Promise<T> {
  const api = await apiSession(baseUrl, username);
  try {
    return await fn(api);
  } finally {
    await api.dispose();
  }
}

/** An agent of `supervisor`'s team with `count` cards named from `from` on, graded A and B in turn. */
async function agentWithCards(supervisor: string, tag: string, from: number, count: number) {
  const agent = await createAgent(baseUrl, supervisor, `pcd-${tag}-${RUN}`, `查卡员${tag}`);
  const entries = Array.from({ length: count }, (_, i): { name: string; category: string; grade: Grade } => ({
    name: nameOf(from + i),
    category: 'friends',
    grade: i % 3 === 2 ? 'B' : 'A',
  }));
  const cards = await asUser(
    agent.username,
    async (api) => (await seedNamesAndCards(api, entries, count)).cards,
  );
  return { agent, cards };
}

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  await poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE.width,
  );
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
    `${what} scrolls sideways`,
  ).toBeLessThanOrEqual(PHONE.width);
}

/** Closes a multiple select's dropdown (it stays open after a pick) and waits until it is gone. */
async function closeDropdown(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await vi.waitFor(
    async () => {
      if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) return;
      await page.locator('h4').first().click();
      throw new Error('a dropdown is still open');
    },
    { timeout: 10_000, interval: 300 },
  );
}

/** The names in the table's rows, top to bottom. */
function tableNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('cards-desk-table')
    .locator('tbody tr.ant-table-row td:first-child a')
    .allTextContents();
}

/** The query of the next answer of GET /api/prospects that `when` holds for, after `act`. */
async function nextList(page: Page, when: (q: URLSearchParams) => boolean, act: () => Promise<unknown>) {
  const answer = page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === '/api/prospects' && r.status() === 200 && when(url.searchParams);
  });
  // A failed action fails the test once, not again as an unanswered wait.
  answer.catch(() => undefined);
  await act();
  return (await (await answer).json()) as ListPage<ListItem>;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the leads’ card search', () => {
  let team: { agent: UserRow; cards: Card[] };
  let sister: { agent: UserRow; cards: Card[] };
  let other: { agent: UserRow; cards: Card[] };
  let lost: Card;

  beforeAll(async () => {
    // sup1 and sup2 lead two teams of manager1's department; sup4 a team of the other one.
    team = await agentWithCards('sup1', 'a', 1, IN_TEAM);
    sister = await agentWithCards('sup2', 'b', IN_TEAM + 1, SISTER);
    other = await agentWithCards('sup4', 'c', IN_TEAM + SISTER + 1, OTHER_DEPT);
    // A tag, a follow-up date and a lost card with its reason, as the agent keeps them.
    lost = team.cards[4]!;
    await asUser(team.agent.username, async (api) => {
      await send(api, 'PATCH', `/api/prospects/${team.cards[0]!.id}`, {
        tags: ['高净值'],
        nextFollowUp: '2026-01-05',
        phone: PHONE_NO,
      });
      await send(api, 'POST', `/api/prospects/${lost.id}/stage`, { stage: 'lost', reason: LOST_REASON });
    });
  }, 240_000);

  it(
    'a manager narrows the department’s cards to a team and a name, sorts, pages and exports them',
    { timeout: 180_000 },
    async () => {
      const page = await session('manager1');
      // Reached from the menu, beside the funnel.
      await page.goto('/');
      await page.getByTestId('menu-prospectSearch').click();
      await page.waitForURL((u) => u.pathname === '/prospects/search');
      await page.getByTestId('cards-desk-page').waitFor();
      await page.getByTestId('cards-desk-table').waitFor();

      // The team: picked in the unit tree (again if a click lands while the tree re-renders).
      const unitName = team.agent.unitName;
      const node = page.locator('.ant-select-tree-node-content-wrapper', { hasText: unitName }).first();
      await nextList(
        page,
        (q) => q.get('unitId') === team.agent.unitId,
        () =>
          vi.waitFor(
            async () => {
              if (!(await node.isVisible())) {
                await page.getByTestId('cards-desk-unit').click();
                await page.keyboard.type(unitName);
              }
              await node.click({ timeout: 2_000 });
              expect(new URL(page.url()).searchParams.get('unitId')).toBe(team.agent.unitId);
            },
            { timeout: 15_000, interval: 300 },
          ),
      );

      // The name prefix reaches the server once typing pauses.
      const found = await nextList(
        page,
        (q) => q.get('q') === PREFIX && q.get('unitId') === team.agent.unitId,
        () => page.getByTestId('cards-desk-search').fill(PREFIX),
      );
      expect(found.total).toBe(IN_TEAM);
      expect(found.items.every((c) => c.ownerId === team.agent.id)).toBe(true);
      await poll(() => tableNames(page).then((n) => n.length)).toBe(20);
      const owners = await page
        .getByTestId('cards-desk-table')
        .locator('tbody tr.ant-table-row td:nth-child(2)')
        .allTextContents();
      expect(new Set(owners)).toEqual(new Set([team.agent.displayName]));
      expect(await page.getByTestId('cards-desk-page').textContent()).toContain(`共 ${IN_TEAM} 张`);
      // The lost card says why, a masked phone never a full one.
      const lostRow = page.getByTestId('cards-desk-table').locator(`tr[data-row-key="${lost.id}"]`);
      await lostRow.waitFor();
      expect(await lostRow.getByTestId('cards-desk-reason').textContent()).toBe(LOST_REASON);
      const withPhone = await page
        .getByTestId('cards-desk-table')
        .locator(`tr[data-row-key="${team.cards[0]!.id}"]`)
        .textContent();
      expect(withPhone).toContain('139****0001');
      expect(withPhone).not.toContain(PHONE_NO);

      // Sort by name on the server: ascending, then descending.
      const asc = await nextList(
        page,
        (q) => q.get('sort') === 'name',
        () => page.getByTestId('cards-desk-table').locator('th', { hasText: '姓名' }).first().click(),
      );
      expect(asc.items.map((c) => c.name)).toEqual(Array.from({ length: 20 }, (_, i) => nameOf(i + 1)));
      await poll(() => tableNames(page).then((n) => n[0])).toBe(nameOf(1));
      await nextList(
        page,
        (q) => q.get('sort') === '-name',
        () => page.getByTestId('cards-desk-table').locator('th', { hasText: '姓名' }).first().click(),
      );
      await poll(() => tableNames(page).then((n) => n[0])).toBe(nameOf(IN_TEAM));

      // The second page: the last three names, and a reload keeps filters, sort and page.
      const second = await nextList(
        page,
        (q) => q.get('page') === '2' && q.get('sort') === '-name',
        () => page.locator('.ant-pagination-item-2').click(),
      );
      expect(second.items.map((c) => c.name)).toEqual([nameOf(3), nameOf(2), nameOf(1)]);
      await poll(() => tableNames(page)).toEqual([nameOf(3), nameOf(2), nameOf(1)]);
      const url = new URL(page.url());
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        unitId: team.agent.unitId,
        q: PREFIX,
        sort: '-name',
        page: '2',
      });
      await page.reload();
      await poll(() => tableNames(page)).toEqual([nameOf(3), nameOf(2), nameOf(1)]);
      expect(await page.getByTestId('cards-desk-search').inputValue()).toBe(PREFIX);
      await shot(page, 'prospect-cards-desk-manager1-desktop');

      // A stage filter: the lost card alone, and back to page 1.
      const onlyLost = await nextList(
        page,
        (q) => q.get('stage') === 'lost',
        async () => {
          await page.getByTestId('cards-desk-stage').click();
          await page
            .locator('.ant-select-dropdown:visible .ant-select-item-option')
            .filter({ hasText: '流失' })
            .click();
          await closeDropdown(page);
        },
      );
      expect(onlyLost.items.map((c) => c.id)).toEqual([lost.id]);
      await poll(() => tableNames(page)).toEqual([lost.name]);
      expect(new URL(page.url()).searchParams.has('page')).toBe(false);
      // Cleared again: the export is of the whole team's cards of the prefix, in the page's order.
      await nextList(
        page,
        (q) => !q.has('stage'),
        () => page.getByTestId('cards-desk-stage').locator('.ant-select-clear').click({ force: true }),
      );
      await poll(() => tableNames(page).then((n) => n[0])).toBe(nameOf(IN_TEAM));

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('cards-desk-export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0]!;
      const header = (sheet.getRow(1).values as (string | undefined)[]).map((v) => v ?? '');
      const col = (name: string) => {
        const i = header.indexOf(name);
        expect(i, `column ${name} in ${header.join(',')}`).toBeGreaterThan(0);
        return i;
      };
      const [cName, cAgent, cPhone, cStage] = [col('姓名'), col('营销员'), col('手机'), col('阶段')];
      const rows: { name: string; agent: string; phone: string; stage: string }[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const cell = (i: number) => row.getCell(i).text;
        rows.push({ name: cell(cName), agent: cell(cAgent), phone: cell(cPhone), stage: cell(cStage) });
      });
      expect(rows.map((r) => r.name)).toEqual(Array.from({ length: IN_TEAM }, (_, i) => nameOf(IN_TEAM - i)));
      expect(new Set(rows.map((r) => r.agent))).toEqual(new Set([team.agent.displayName]));
      expect(rows.every((r) => r.phone === '' || r.phone.includes('*'))).toBe(true);
      expect(rows.find((r) => r.name === lost.name)?.stage).toBe('流失');
      expect(rows.find((r) => r.name === nameOf(1))?.phone).toBe('139****0001');

      // A row opens the card (the card page reads it for a lead as for its agent).
      await page
        .getByTestId('cards-desk-table')
        .getByRole('link', { name: nameOf(IN_TEAM) })
        .click();
      await page.waitForURL(/\/prospects\/search\/[^/?]+$/);
      await poll(() => page.getByTestId('card-name').textContent()).toBe(nameOf(IN_TEAM));
      // A lead reads whose card it is; the agent's own actions are not offered, changes are
      // (a manager holds prospect.handover).
      expect(await page.getByTestId('card-owner').textContent()).toContain(team.agent.displayName);
      expect(await page.getByTestId('card-log-visit').count()).toBe(0);
      expect(await page.getByTestId('card-add-referral').count()).toBe(0);
      expect(await page.getByTestId('card-move-stage').count()).toBe(1);
      expect(await page.getByTestId('card-back-to-search').count()).toBe(1);
      await shot(page, 'prospect-cards-desk-card-manager1-desktop');

      // Back on the list: cards due for a follow-up by a day, then none of grade B among them.
      await page.goBack();
      await poll(() => tableNames(page).then((n) => n[0])).toBe(nameOf(IN_TEAM));
      const due = await nextList(
        page,
        (q) => q.get('followUpBefore') === '2026-01-10',
        async () => {
          // antd puts the test id on the picker's input.
          const input = page
            .locator('input[data-testid="cards-desk-due"], [data-testid="cards-desk-due"] input')
            .first();
          await input.click();
          await input.fill('2026-01-10');
          await input.press('Enter');
        },
      );
      expect(due.items.map((c) => c.name)).toEqual([nameOf(1)]);
      await poll(() => tableNames(page)).toEqual([nameOf(1)]);
      await nextList(
        page,
        (q) => q.get('grade') === 'B' && q.get('followUpBefore') === '2026-01-10',
        async () => {
          await page.getByTestId('cards-desk-grade').click();
          await page
            .locator('.ant-select-dropdown:visible .ant-select-item-option')
            .filter({ hasText: 'B 级' })
            .click();
          await closeDropdown(page);
        },
      );
      const empty = page.getByTestId('cards-desk-empty');
      await empty.waitFor();
      expect(await empty.textContent()).toContain('没有符合条件的准主顾卡');
      await shot(page, 'prospect-cards-desk-empty-manager1-desktop');
      // "Clear" drops the name, grade, stage and date, and keeps the team.
      await nextList(
        page,
        (q) =>
          !q.has('q') && !q.has('grade') && !q.has('followUpBefore') && q.get('unitId') === team.agent.unitId,
        () => empty.getByRole('button').click(),
      );
      expect(await page.getByTestId('cards-desk-search').inputValue()).toBe('');
      await poll(() => tableNames(page).then((n) => n.length)).toBeGreaterThan(0);
      await page.context().close();
    },
  );

  it('the manager reads the same cards as compact rows on a phone', { timeout: 120_000 }, async () => {
    const page = await session('manager1', PHONE);
    await page.goto(`/prospects/search?unitId=${team.agent.unitId}&q=${encodeURIComponent(PREFIX)}`);
    const list = page.getByTestId('cards-desk-list');
    await list.waitFor();
    const rows = list.getByTestId('cards-desk-row');
    await poll(() => rows.count()).toBe(20);
    expect(await page.getByTestId('cards-desk-table').count()).toBe(0);
    expect(await rows.first().textContent()).toContain(team.agent.displayName);
    await noSidewaysScroll(page, 'the card search');
    await shot(page, 'prospect-cards-desk-manager1-phone');

    // The sort is a picker on a phone; the next page is one tap below the list.
    await nextList(
      page,
      (q) => q.get('sort') === '-name',
      async () => {
        await page.getByTestId('cards-desk-sort').click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option')
          .filter({ hasText: '姓名：降序' })
          .click();
      },
    );
    await poll(() => rows.first().locator('.sb-pcd-name').textContent()).toBe(nameOf(IN_TEAM));
    await nextList(
      page,
      (q) => q.get('page') === '2',
      () => page.locator('.ant-pagination-next').click(),
    );
    await poll(() => rows.count()).toBe(IN_TEAM - 20);
    await rows.first().click();
    await page.waitForURL(/\/prospects\/search\/[^/?]+$/);
    await poll(() => page.getByTestId('card-name').textContent()).toBe(nameOf(3));
    await noSidewaysScroll(page, 'a card opened from the search');
    await shot(page, 'prospect-cards-desk-card-manager1-phone');
    await page.context().close();
  });

  it('a supervisor finds only their own team’s cards', { timeout: 120_000 }, async () => {
    const sup1 = await asUser('admin', (api) => findUser(api, 'sup1'));
    const page = await session('sup1');
    await page.goto('/prospects/search');
    await page.getByTestId('cards-desk-table').waitFor();
    const found = await nextList(
      page,
      (q) => q.get('q') === PREFIX,
      () => page.getByTestId('cards-desk-search').fill(PREFIX),
    );
    expect(found.total).toBe(IN_TEAM);
    expect(found.items.every((c) => c.unitId === sup1.unitId && c.ownerId === team.agent.id)).toBe(true);
    await poll(() => tableNames(page).then((n) => n.length)).toBe(20);
    const shown = await tableNames(page);
    for (const c of [...sister.cards, ...other.cards]) expect(shown).not.toContain(c.name);
    await shot(page, 'prospect-cards-desk-sup1-desktop');

    // A supervisor reads an agent's card without the means to change it (the server would refuse).
    await page.getByTestId('cards-desk-table').getByRole('link', { name: shown[0]! }).click();
    await page.waitForURL(/\/prospects\/search\/[^/?]+$/);
    await page.getByTestId('card-owner').waitFor();
    for (const id of ['card-log-visit', 'card-move-stage', 'card-edit', 'card-add-referral'])
      expect(await page.getByTestId(id).count(), id).toBe(0);
    await shot(page, 'prospect-cards-desk-card-sup1-desktop');
    await page.getByTestId('card-back-to-search').click();
    await page.getByTestId('cards-desk-table').waitFor();

    // In English, every word of the page from its own module and the shared prospect labels.
    await page.evaluate(() => localStorage.setItem('salesbase.lang', 'en-US'));
    await page.reload();
    await page.getByTestId('cards-desk-table').waitFor();
    await poll(() => page.locator('h4').first().textContent()).toBe('Prospect cards');
    expect(await page.getByTestId('cards-desk-table').locator('thead').textContent()).toContain(
      'Next follow-up',
    );
    await shot(page, 'prospect-cards-desk-sup1-desktop-en');

    // Another team is out of the supervisor's scope: the page says it cannot be found.
    await page.goto(`/prospects/search?unitId=${sister.agent.unitId}`);
    await page.locator('.ant-result-404').waitFor();
    await shot(page, 'prospect-cards-desk-out-of-scope-sup1-desktop');
    await page.context().close();

    // The manager's department holds both of its teams, not the other department.
    const dept = await asUser('manager1', (api) =>
      api
        .get(`/api/prospects?q=${encodeURIComponent(PREFIX)}&pageSize=100`)
        .then((r) => r.json() as Promise<ListPage<ListItem>>),
    );
    expect(dept.total).toBe(IN_TEAM + SISTER);
  });
});
