/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TENANT_TIME_ZONE } from './attendance-setup.ts';
import { PHONE, launchBrowser, login, shot } from './browser.ts';
import {
  RUN,
  answersFor,
  createAgent,
  gradeOf,
  json,
  settledShot,
  type Card,
  type CardDetail,
  type Grade,
  type NamePage,
  type Page as ListPage,
  type Rubric,
  type UserRow,
} from './prospect-setup.ts';

/**
 * Plan 100 to the first visit, on a phone: a new agent types ten names in one go, scores each with
 * one tap per criterion, turns an A and a B into prospect cards, moves one card along the funnel
 * with the stage picker and logs a visit on it from the card. Then every page behind the 客户 tab.
 */
const baseUrl = inject('baseUrl');
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 200 });
let browser: Browser;
let agent: UserRow;

/** Ten lines as an agent types them: name, relationship word, sometimes a phone and a note. */
const LINES: { line: string; name: string; category: string; phone?: string; grade: Grade }[] = [
  { line: '王建国 亲戚 13912345678 表哥在银行上班', name: '王建国', category: 'relatives', phone: '13912345678', grade: 'A' },
  { line: '李秀英 同学', name: '李秀英', category: 'classmates', grade: 'A' },
  { line: '张伟 同事 137 0000 1111', name: '张伟', category: 'colleagues', phone: '13700001111', grade: 'A' },
  { line: '刘洋 邻居', name: '刘洋', category: 'neighbours', grade: 'B' },
  { line: '陈静 朋友 孩子同班家长', name: '陈静', category: 'friends', grade: 'B' },
  { line: '杨帆 球友', name: '杨帆', category: 'hobbies', grade: 'B' },
  { line: '赵敏 老板 15900002222 开了家花店', name: '赵敏', category: 'commercial', phone: '15900002222', grade: 'C' },
  { line: '黄磊 同学', name: '黄磊', category: 'classmates', grade: 'C' },
  { line: '周婷 社区', name: '周婷', category: 'neighbours', grade: 'C' },
  { line: '吴刚 转介绍', name: '吴刚', category: 'referrals', grade: 'C' },
];
const VISIT_OUTCOME = '初次面谈，了解了家庭保障需求';

async function session(username: string, viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'zh-CN', timezoneId: TENANT_TIME_ZONE });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  await poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways on a phone`).toBeLessThanOrEqual(PHONE.width);
}

/** Masked as the server masks a mobile number: 139****5678. */
function masked(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

beforeAll(async () => {
  browser = await launchBrowser();
  agent = await createAgent(baseUrl, 'sup5', `pm-agent-${RUN}`, '宋晓雨');
});
afterAll(async () => {
  await browser?.close();
});

describe('Plan 100 to the first visit, on a phone', () => {
  let cardA: Card;
  let cardB: Card;

  it('an agent enters ten names, grades them and turns two into cards', { timeout: 240_000 }, async () => {
    const page = await session(agent.username);
    const cardsBefore = await json<ListPage<Card>>(page.request, `/api/prospects?ownerId=${agent.id}&pageSize=1`);
    const rubric = await json<Rubric>(page.request, '/api/prospect-rubric');

    // From the tab bar: 客户, then the 名单 tab.
    await page.goto('/');
    await page.getByTestId('tabbar-customers').click();
    await page.waitForURL((u) => u.pathname === '/customers');
    await page.getByTestId('prospect-tab-names').click();
    await page.waitForURL((u) => u.pathname === '/prospects/names');
    await poll(() => page.getByTestId('plan100-count').textContent()).toBe('0');
    await page.getByTestId('names-empty').waitFor();

    // Ten lines typed at once: the preview shows each line as it will be saved.
    await page.getByTestId('quick-entry-text').fill(LINES.map((l) => l.line).join('\n'));
    const preview = page.getByTestId('quick-entry-preview').locator('li');
    await poll(() => preview.count()).toBe(10);
    expect(await page.getByTestId('quick-entry-add').textContent()).toContain('10');
    await shot(page, 'prospect-names-quick-entry-phone');
    await page.getByTestId('quick-entry-add').click();

    // Progress 10 of 100, all ten on the list, not graded yet.
    await poll(() => page.getByTestId('plan100-count').textContent()).toBe('10');
    expect(await page.getByTestId('plan100-grade-none').textContent()).toBe('10');
    await poll(() => page.locator('[data-testid^="name-row-"]').count()).toBe(10);
    expect(await page.getByTestId('quick-entry-text').inputValue()).toBe('');

    const list = await json<NamePage>(page.request, '/api/names?pageSize=100');
    expect(list.total).toBe(10);
    expect(list.progress.count).toBe(10);
    const byName = new Map(list.items.map((n) => [n.name, n]));
    for (const l of LINES) {
      const n = byName.get(l.name);
      expect(n, l.name).toBeTruthy();
      expect(n!.category, `${l.name}'s relationship`).toBe(l.category);
      // Phones are kept, and shown masked in the answer and on the page.
      expect(n!.phone).toBe(l.phone ? masked(l.phone) : null);
      if (l.phone) {
        const row = page.getByTestId(`name-row-${n!.id}`);
        expect(await row.textContent()).toContain(masked(l.phone));
      }
    }
    const text = await page.locator('body').innerText();
    for (const l of LINES) if (l.phone) expect(text.includes(l.phone), `${l.phone} in full on the page`).toBe(false);
    await shot(page, 'prospect-names-ten-phone');

    // Each name scored with one tap per criterion; the total and grade show as it goes.
    const drawer = page.getByTestId('name-drawer');
    for (const l of LINES) {
      const n = byName.get(l.name)!;
      const { answers, total } = answersFor(rubric, l.grade);
      expect(gradeOf(rubric, total)).toBe(l.grade);
      await page.getByTestId(`name-row-${n.id}`).click();
      await drawer.getByTestId('score-sheet').waitFor();
      for (const c of rubric.criteria) await drawer.getByTestId(`score-${c.key}-${answers[c.key]}`).click();
      await poll(() => drawer.getByTestId('score-total').textContent()).toBe(String(total));
      if (l === LINES[0]) await settledShot(page, 'prospect-name-scoring-phone', '.ant-drawer-content-wrapper');
      await drawer.getByTestId('score-save').click();
      // Saved: the drawer's title carries the grade, the save button rests until an answer changes.
      await drawer.locator(`.ant-drawer-title [data-grade="${l.grade}"]`).waitFor();
      await poll(() => drawer.getByTestId('score-save').isDisabled()).toBe(true);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
      await page.getByTestId(`name-row-${n.id}`).locator(`[data-grade="${l.grade}"]`).waitFor();
    }
    const count = (g: Grade) => LINES.filter((l) => l.grade === g).length;
    for (const g of ['A', 'B', 'C'] as const) {
      await poll(() => page.getByTestId(`plan100-grade-${g}`).textContent()).toBe(String(count(g)));
    }
    expect(await page.getByTestId('plan100-grade-none').textContent()).toBe('0');
    const graded = await json<NamePage>(page.request, '/api/names?pageSize=100');
    for (const l of LINES) {
      const n = graded.items.find((x) => x.name === l.name)!;
      expect(n.grade, l.name).toBe(l.grade);
      expect(n.score, l.name).toBe(answersFor(rubric, l.grade).total);
    }
    await shot(page, 'prospect-names-graded-phone');

    // A C name asks before it becomes a card; an A and a B become cards with one tap.
    const c = byName.get(LINES.find((l) => l.grade === 'C')!.name)!;
    await page.getByTestId(`name-row-${c.id}`).click();
    await drawer.getByTestId('name-make-card').click();
    await page.locator('.ant-popconfirm').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-popconfirm').waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    const [a, b] = [LINES.find((l) => l.grade === 'A')!, LINES.find((l) => l.grade === 'B')!];
    for (const l of [a, b]) {
      const n = byName.get(l.name)!;
      await page.getByTestId(`name-row-${n.id}`).click();
      const make = drawer.getByTestId('name-make-card');
      await poll(() => make.isEnabled()).toBe(true);
      await make.click();
      await drawer.waitFor({ state: 'detached' });
      await page.getByTestId(`name-row-${n.id}`).getByText('已建卡').waitFor();
    }
    const cardsAfter = await json<ListPage<Card>>(page.request, `/api/prospects?ownerId=${agent.id}&pageSize=50`);
    expect(cardsAfter.total).toBe(cardsBefore.total + 2);
    cardA = cardsAfter.items.find((x) => x.name === a.name)!;
    cardB = cardsAfter.items.find((x) => x.name === b.name)!;
    for (const [card, l] of [
      [cardA, a],
      [cardB, b],
    ] as const) {
      expect(card, l.name).toBeTruthy();
      expect(card.nameId).toBe(byName.get(l.name)!.id);
      expect(card.grade).toBe(l.grade);
      expect(card.source).toBe('plan100');
      expect(card.stage).toBe('lead');
      expect(card.phone).toBe(l.phone ? masked(l.phone) : null);
    }
    await shot(page, 'prospect-names-cards-made-phone');

    // The two cards on 准客户.
    await page.getByTestId('prospect-tab-cards').click();
    await page.waitForURL((u) => u.pathname === '/prospects/cards');
    for (const card of [cardA, cardB]) await page.getByTestId(`card-row-${card.id}`).waitFor();
    await poll(() => page.locator('[data-testid^="card-row-"]').count()).toBe(2);
    await noSidewaysScroll(page, '/prospects/cards');
    await shot(page, 'prospect-cards-two-phone');
    await page.context().close();
  });

  it('moves a card along the kanban and logs a visit on it', { timeout: 180_000 }, async () => {
    expect(cardA, 'the cards of the first step').toBeTruthy();
    const page = await session(agent.username);
    await page.goto('/prospects/cards');
    await page.getByTestId('prospect-tab-board').click();
    await page.waitForURL((u) => u.pathname === '/prospects/board');

    // The phone board shows one stage at a time: both cards are leads.
    const select = page.getByTestId('board-stage-select');
    await select.waitFor();
    await page.getByTestId(`board-card-${cardA.id}`).waitFor();
    await page.getByTestId(`board-card-${cardB.id}`).waitFor();
    await shot(page, 'prospect-board-leads-phone');

    // The stage picker: 约访.
    await page.getByTestId(`board-move-${cardA.id}`).click();
    const sheet = page.getByTestId('stage-sheet');
    await sheet.getByTestId('stage-pick-appointment').waitFor();
    await settledShot(page, 'prospect-board-stage-sheet-phone', '.ant-drawer-content-wrapper');
    await sheet.getByTestId('stage-pick-appointment').click();
    await sheet.waitFor({ state: 'detached' });
    await page.getByTestId(`board-card-${cardA.id}`).waitFor({ state: 'detached' });
    await page.getByTestId(`board-card-${cardB.id}`).waitFor();

    // Showing 约访: the card is there, its stage button says so.
    await select.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '约访' }).click();
    await poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    const moved = page.getByTestId(`board-card-${cardA.id}`);
    await moved.waitFor();
    await moved.getByTestId(`board-move-${cardA.id}`).locator('[data-stage="appointment"]').waitFor();
    expect(await page.getByTestId(`board-card-${cardB.id}`).count()).toBe(0);
    await noSidewaysScroll(page, '/prospects/board');
    await shot(page, 'prospect-board-appointment-phone');

    const detail = await json<CardDetail>(page.request, `/api/prospects/${cardA.id}`);
    expect(detail.stage).toBe('appointment');
    expect(detail.stageHistory.map((h) => h.toStage)).toEqual(['lead', 'appointment']);
    expect(detail.stageHistory[1]!.fromStage).toBe('lead');
    expect((await json<CardDetail>(page.request, `/api/prospects/${cardB.id}`)).stage).toBe('lead');

    // The card: its stage and its stage history, newest first.
    await moved.locator('button').first().click();
    await page.waitForURL((u) => u.pathname === `/prospects/cards/${cardA.id}`);
    const cardPage = page.getByTestId('card-page');
    await cardPage.waitFor();
    expect(await page.getByTestId('card-name').textContent()).toBe(cardA.name);
    await cardPage.locator('[data-stage="appointment"]').first().waitFor();
    const timeline = cardPage.locator('.ant-timeline');
    await poll(() => timeline.locator('[data-stage]').count()).toBe(2);
    expect(await timeline.locator('[data-stage]').nth(0).getAttribute('data-stage')).toBe('appointment');
    expect(await timeline.locator('[data-stage]').nth(1).getAttribute('data-stage')).toBe('lead');
    expect(await timeline.textContent()).toContain(agent.displayName);

    // 记一次拜访: the form opens with the card named and a face-to-face type chosen.
    const activitiesBefore = await json<ListPage<{ id: string }>>(page.request, `/api/prospects/${cardA.id}/activities`);
    expect(activitiesBefore.total).toBe(0);
    await page.getByTestId('card-log-visit').click();
    const save = page.getByTestId('activity-form-save');
    await save.waitFor();
    await page.getByLabel('结果', { exact: true }).fill(VISIT_OUTCOME);
    await settledShot(page, 'prospect-card-log-visit-phone', '.ant-modal');
    await save.click();
    await save.waitFor({ state: 'detached' });

    // The visit is in the card's history, on the page and through the API.
    const history = page.locator('[data-testid^="activity-"]').filter({ hasText: VISIT_OUTCOME });
    await history.waitFor();
    expect(await history.textContent()).toContain(cardA.name);
    const acts = await json<ListPage<{ id: string; prospectId: string | null; outcome: string | null; stage: string }>>(
      page.request,
      `/api/prospects/${cardA.id}/activities`,
    );
    expect(acts.total).toBe(1);
    expect(acts.items[0]!.prospectId).toBe(cardA.id);
    expect(acts.items[0]!.outcome).toBe(VISIT_OUTCOME);
    expect(await history.getAttribute('data-testid')).toBe(`activity-${acts.items[0]!.id}`);
    await noSidewaysScroll(page, 'the card');
    await shot(page, 'prospect-card-visited-phone');
    await page.context().close();
  });

});

describe('every page behind the 客户 tab', () => {
  it('fits a phone', { timeout: 120_000 }, async () => {
    const page = await session(agent.username);
    for (const [path, ready, name] of [
      ['/prospects/names', 'plan100-progress', 'prospect-names-phone'],
      ['/prospects/cards', 'card-new', 'prospect-cards-phone'],
      ['/prospects/board', 'prospect-tab-board', 'prospect-board-phone'],
      ['/prospects/checks', 'prospect-tab-cards', 'prospect-checks-phone'],
      ['/customers', 'customer-new', 'prospect-customers-phone'],
      ['/todos', 'prospect-tab-todos', 'prospect-todos-phone'],
    ] as const) {
      await page.goto(path);
      await page.getByTestId(ready).waitFor();
      expect(await page.locator('.ant-result-403, .ant-result-404, .ant-result-error').count(), path).toBe(0);
      await noSidewaysScroll(page, path);
      await shot(page, name);
    }
    await page.context().close();
  });
});
