/// <reference lib="dom" />
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TENANT_TIME_ZONE, apiSession } from './attendance-setup.ts';
import { DESKTOP, PHONE, launchBrowser, login, shot } from './browser.ts';
import {
  RUN,
  createAgent,
  json,
  seedCustomer,
  seedNamesAndCards,
  send,
  settledShot,
  type Card,
  type CardDetail,
  type Page as ListPage,
  type UserRow,
} from './prospect-setup.ts';

/**
 * The people who look after other people's prospects: a supervisor draws a random sample of an
 * agent's cards and comments on it, and the agent reads the comments on a phone; a manager hands a
 * leaving agent's customers over to a colleague, and each of the two sees what they now hold.
 * Then a look at every desk page of prospects and customers.
 */
const baseUrl = inject('baseUrl');
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 200 });
let browser: Browser;

async function session(username: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'zh-CN', timezoneId: TENANT_TIME_ZONE });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  await poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways on a phone`).toBeLessThanOrEqual(PHONE.width);
}

/** A drawer floats over the page: a picture of the window once it has slid in and any dialog has gone. */
async function windowShot(page: Page, name: string): Promise<void> {
  await poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
  await settledShot(page, name, '.ant-drawer-content-wrapper');
}

async function asUser<T>(username: string, fn: (api: APIRequestContext) => Promise<T>): Promise<T> {
  const api = await apiSession(baseUrl, username);
  try {
    return await fn(api);
  } finally {
    await api.dispose();
  }
}

/** Picks a person in an antd select that searches the server as one types. */
async function pickPerson(page: Page, testId: string, user: UserRow): Promise<void> {
  const select = page.getByTestId(testId);
  await select.click();
  await select.locator('input').fill(user.username);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: user.displayName }).click();
  await select.getByText(user.displayName).waitFor();
  await poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

interface SpotCheckItem {
  id: string;
  card: { prospectId: string; name: string };
  comment: string | null;
  seenAt: string | null;
}
interface SpotCheckDetail {
  id: string;
  agentId: string;
  supervisorName: string;
  itemCount: number;
  commentedCount: number;
  unseenCount: number;
  items: SpotCheckItem[];
}
interface OverviewRow {
  agentId: string;
  onHand: number;
  newThisWeek: number;
  abCount: number;
  meetsOnHand: boolean;
}
interface Counts {
  names: number;
  prospects: number;
  customers: number;
  households: number;
  policies: number;
  serviceRequests: number;
}
interface Handover {
  id: string;
  fromUserId: string;
  toUserId: string;
  reason: string;
  note: string | null;
  counts: Counts;
  items?: { entity: string; entityId: string; label: string }[];
}
interface Customer {
  id: string;
  ownerId: string;
  name: string;
}

const COMMENTS = ['需求写得太笼统，下次面谈后补上家庭保障缺口', '跟进日期已经过了，这周内约一次见面'];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the supervisor’s spot-check', () => {
  let agent: UserRow;
  let cards: Card[];
  let checkId: string;
  let supervisorName: string;

  beforeAll(async () => {
    agent = await createAgent(baseUrl, 'sup5', `pm-checked-${RUN}`, '韩梅梅');
    cards = await asUser(agent.username, async (api) =>
      (
        await seedNamesAndCards(
          api,
          [
            { name: '马晓东', category: 'friends', grade: 'A' },
            { name: '郭佳怡', category: 'classmates', grade: 'B' },
            { name: '何志明', category: 'colleagues', grade: 'A' },
            { name: '罗雪梅', category: 'relatives', grade: 'B' },
            { name: '高俊杰', category: 'neighbours', grade: 'A' },
            { name: '林小燕', category: 'hobbies', grade: 'C' },
          ],
          5,
        )
      ).cards,
    );
  });

  it('a supervisor draws a sample of an agent’s cards and comments on it', { timeout: 180_000 }, async () => {
    const page = await session('sup5');
    await page.goto('/prospects/spot-check');
    await page.getByTestId('spot-check-page').waitFor();
    await page.getByTestId('spot-check-search').fill(agent.displayName);
    const row = page.getByTestId('spot-check-table').locator(`tr[data-row-key="${agent.id}"]`);
    await row.waitFor();

    // The agent's five new cards, all A or B, below the standard of cards on hand (marked so).
    const overview = await json<{ items: OverviewRow[] }>(
      page.request,
      `/api/spot-checks/overview?q=${encodeURIComponent(agent.displayName)}`,
    );
    const figures = overview.items.find((r) => r.agentId === agent.id)!;
    expect(figures).toMatchObject({ onHand: 5, newThisWeek: 5, abCount: 5, meetsOnHand: false });
    expect(await row.getAttribute('class')).toContain('sb-pro-below');
    expect(await row.textContent()).toMatch(/100(\.0)?%/);
    await shot(page, 'prospect-spot-check-agents-desktop');

    // Draw three at random.
    await row.getByTestId('spot-check-draw').click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('spot-check-size') });
    await modal.waitFor();
    await modal.locator('.ant-segmented-item').filter({ hasText: /^3$/ }).click();
    await page.getByTestId('spot-check-draw-ok').click();
    const drawer = page.getByTestId('spot-check-sample');
    await drawer.waitFor();
    const sampled = drawer.getByTestId('spot-check-card');
    await poll(() => sampled.count()).toBe(3);
    checkId = new URL(page.url()).searchParams.get('check')!;
    expect(checkId).toBeTruthy();

    const check = await json<SpotCheckDetail>(page.request, `/api/spot-checks/${checkId}`);
    expect(check.agentId).toBe(agent.id);
    supervisorName = check.supervisorName;
    expect(check.itemCount).toBe(3);
    const ids = check.items.map((i) => i.card.prospectId);
    expect(new Set(ids).size, 'three different cards').toBe(3);
    for (const id of ids) expect(cards.map((c) => c.id), 'a card of the agent').toContain(id);
    // The drawer lists the sampled cards in the order of the check.
    for (const [i, item] of check.items.entries()) {
      expect(await sampled.nth(i).textContent()).toContain(item.card.name);
    }
    await windowShot(page, 'prospect-spot-check-sample-desktop');

    // Comments on the first two; each saved one is marked.
    for (const [i, text] of COMMENTS.entries()) {
      const card = sampled.nth(i);
      await card.getByTestId('spot-check-comment').fill(text);
      await card.getByTestId('spot-check-comment-save').click();
      await poll(async () => (await card.getAttribute('class')) ?? '').toContain('sb-pro-commented');
    }
    await poll(async () => (await json<SpotCheckDetail>(page.request, `/api/spot-checks/${checkId}`)).commentedCount).toBe(2);
    const commented = await json<SpotCheckDetail>(page.request, `/api/spot-checks/${checkId}`);
    expect(commented.items.map((i) => i.comment)).toEqual([...COMMENTS, null]);
    expect(commented.unseenCount).toBe(2);
    await windowShot(page, 'prospect-spot-check-commented-desktop');

    // The check is in the history.
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.getByTestId('spot-check-tab-history').click();
    const history = page.getByTestId('spot-check-history');
    await history.locator(`tr[data-row-key="${checkId}"]`).getByText(agent.displayName).waitFor();
    await shot(page, 'prospect-spot-check-history-desktop');
    await page.context().close();
  });

  it('the agent reads the comments on a phone and marks them read', { timeout: 120_000 }, async () => {
    expect(checkId, 'the check of the first step').toBeTruthy();
    const page = await session(agent.username, PHONE);
    await page.goto('/prospects/cards');
    const banner = page.getByTestId('checks-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('2');
    await shot(page, 'prospect-cards-checks-banner-phone');
    await banner.getByTestId('checks-open').click();
    await page.waitForURL((u) => u.pathname === '/prospects/checks');

    const check = page.getByTestId(`check-${checkId}`);
    await check.waitFor();
    expect(await check.textContent()).toContain(supervisorName);
    const comments = check.getByTestId('check-comment');
    await poll(() => comments.count()).toBe(2);
    for (const text of COMMENTS) await comments.filter({ hasText: text }).waitFor();
    await check.getByText('暂无点评').waitFor();
    await noSidewaysScroll(page, '/prospects/checks');
    await shot(page, 'prospect-checks-comments-phone');

    await check.getByTestId('check-seen').click();
    await check.getByTestId('check-seen').waitFor({ state: 'detached' });
    await page.goto('/prospects/cards');
    await page.getByTestId(`card-row-${cards[0]!.id}`).waitFor();
    expect(await page.getByTestId('checks-banner').count()).toBe(0);
    await page.context().close();

    // The supervisor sees that the agent has read them.
    const seen = await asUser('sup5', (api) => json<SpotCheckDetail>(api, `/api/spot-checks/${checkId}`));
    expect(seen.unseenCount).toBe(0);
    expect(seen.items.filter((i) => i.comment).every((i) => i.seenAt !== null)).toBe(true);
    const sup = await session('sup5');
    await sup.goto(`/prospects/spot-check?check=${checkId}`);
    const drawer = sup.getByTestId('spot-check-sample');
    await poll(() => drawer.getByText('业务员已读').count()).toBe(2);
    await sup.context().close();
  });
});

describe('a manager hands over a leaving agent’s customers', () => {
  let leaver: UserRow;
  let taker: UserRow;
  let kept: Card[];
  let customers: { id: string; name: string; policyId: string }[];

  beforeAll(async () => {
    leaver = await createAgent(baseUrl, 'sup6', `pm-leaver-${RUN}`, '郑海涛');
    taker = await createAgent(baseUrl, 'sup6', `pm-taker-${RUN}`, '林可欣');
    await asUser(leaver.username, async (api) => {
      kept = (
        await seedNamesAndCards(
          api,
          [
            { name: '彭立新', category: 'colleagues', grade: 'A' },
            { name: '蒋文静', category: 'friends', grade: 'B' },
            { name: '韦大勇', category: 'neighbours', grade: 'C' },
          ],
          1,
        )
      ).cards;
      customers = [
        await seedCustomer(api, '孙丽华', `E2E-${RUN}-01`),
        await seedCustomer(api, '钱志强', `E2E-${RUN}-02`),
      ];
    });
  });

  it('the manager chooses the customers and the colleague who takes them', { timeout: 180_000 }, async () => {
    const page = await session('manager2');
    await page.goto('/customers/handover');
    await page.getByTestId('handover-page').waitFor();
    const note = `${leaver.displayName}月底离职，两位客户交${taker.displayName}跟进`;
    // The form is filled once more if the leaving agent's choice was lost on the way (seen once on
    // a loaded machine: a click meant for the second picker cleared the first); every check below
    // still has to hold on the form that is sent.
    const fillForm = async () => {
      await pickPerson(page, 'handover-from', leaver);

      // What the leaving agent holds.
      const holds = page.getByTestId('handover-holds');
      await holds.waitFor();
      expect(await holds.textContent()).toContain(leaver.displayName);
      const preview = await json<{ counts: Counts }>(page.request, `/api/handovers/preview?fromUserId=${leaver.id}`);
      expect(preview.counts).toMatchObject({ names: 3, prospects: 1, customers: 2, policies: 2 });

      // Only the customers (their policies go with them).
      await page.getByTestId('handover-scope').locator('label').filter({ hasText: '选择部分' }).click();
      await page.locator('.ant-tabs-tab').filter({ hasText: '客户 (' }).click();
      const table = page.getByTestId('handover-customers');
      await table.waitFor();
      for (const c of customers) await table.getByLabel(`选择 ${c.name}`).check();
      const summary = page.getByTestId('handover-summary');
      await poll(() => summary.textContent()).toContain('客户 2 位');
      expect(await summary.textContent()).toContain('准主顾卡 0 张');
      expect(await summary.textContent()).toContain('保单 2 份');
      expect(await summary.textContent()).toContain('名单 0 个');

      await pickPerson(page, 'handover-to', taker);
      expect(await page.getByTestId('handover-reason').locator('.ant-radio-button-wrapper-checked').textContent()).toBe('离职');
      await page.getByTestId('handover-note').fill(note);
    };
    await fillForm();
    if (!(await page.getByTestId('handover-from').getByText(leaver.displayName).isVisible())) await fillForm();
    await shot(page, 'prospect-handover-form-desktop');

    await page.getByTestId('handover-submit').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(taker.displayName);
    await page.getByTestId('handover-confirm-ok').click();

    // The handover opens: who, why, and the two customers and their policies by name.
    const detail = page.getByTestId('handover-detail');
    await detail.getByText(`${leaver.displayName} → ${taker.displayName}`).waitFor();
    for (const c of customers) await detail.getByText(c.name, { exact: true }).waitFor();
    expect(await detail.textContent()).toContain(note);
    expect(await detail.textContent()).toContain(`E2E-${RUN}-01`);
    await windowShot(page, 'prospect-handover-detail-desktop');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // Listed among the handovers.
    const listed = await json<ListPage<Handover>>(page.request, `/api/handovers?userId=${leaver.id}`);
    expect(listed.total).toBe(1);
    const h = listed.items[0]!;
    expect(h).toMatchObject({ fromUserId: leaver.id, toUserId: taker.id, reason: 'leaving', note });
    expect(h.counts).toMatchObject({ customers: 2, policies: 2, prospects: 0, names: 0 });
    const row = page.getByTestId('handover-history').locator(`tr[data-row-key="${h.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(leaver.displayName);
    expect(await row.textContent()).toContain(taker.displayName);
    expect(await row.textContent()).toContain('离职');
    await shot(page, 'prospect-handover-listed-desktop');
    // Where the notifications lead shows the manager the same handover, with the way back to all of them.
    await page.goto(`/handovers/${h.id}`);
    const own = page.getByTestId('handover-page-detail');
    await own.waitFor();
    for (const c of customers) await own.getByTestId('handover-items-customer').getByRole('link', { name: c.name }).waitFor();
    expect(await own.textContent()).toContain(note);
    await own.getByRole('link', { name: '全部移交记录' }).click();
    await page.getByTestId('handover-page').waitFor();
    await page.context().close();

    // Exactly what was chosen moved: the customers and their policies; the card and names stayed.
    await asUser(leaver.username, async (api) => {
      expect((await json<ListPage<Customer>>(api, `/api/customers?ownerId=${leaver.id}`)).total).toBe(0);
      const cards = await json<ListPage<Card>>(api, `/api/prospects?ownerId=${leaver.id}`);
      expect(cards.items.map((c) => c.id)).toEqual(kept.map((c) => c.id));
      expect((await json<ListPage<unknown>>(api, '/api/names')).total).toBe(3);
      for (const c of customers) expect((await api.get(`/api/customers/${c.id}`)).status()).toBe(404);
    });
    await asUser(taker.username, async (api) => {
      const mine = await json<ListPage<Customer>>(api, `/api/customers?ownerId=${taker.id}`);
      expect(mine.items.map((c) => c.name).sort()).toEqual(customers.map((c) => c.name).sort());
      for (const c of customers) {
        const policy = await json<{ customerId: string }>(api, `/api/policies/${c.policyId}`);
        expect(policy.customerId).toBe(c.id);
      }
      const notes = await json<ListPage<{ kind: string; params: Record<string, unknown> | null }>>(api, '/api/notifications');
      expect(notes.items.some((n) => n.kind === 'prospect.handover' && n.params?.handoverId === h.id), 'the new owner is told').toBe(true);
    });
  });

  it('the colleague sees the customers on a phone, the leaving agent no longer does', { timeout: 120_000 }, async () => {
    expect(customers, 'the customers of the setup').toBeTruthy();
    const page = await session(taker.username, PHONE);
    // The notification opens the handover: whose customers they are now, each one a tap away.
    await page.goto('/notifications');
    await page.locator('.sb-rowlist-button').filter({ hasText: `${leaver.displayName}的客户已移交给你` }).first().click();
    const handover = page.getByTestId('handover-page-detail');
    await handover.waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/handovers\/[^/]+$/);
    expect(await handover.textContent()).toContain(`${leaver.displayName} 的客户已移交给你`);
    const moved = handover.getByTestId('handover-items-customer');
    for (const c of customers) await moved.getByRole('link', { name: c.name }).waitFor();
    await noSidewaysScroll(page, 'the handover');
    await shot(page, 'prospect-handover-taker-notice-phone');
    await moved.getByRole('link', { name: customers[1]!.name }).click();
    await page.getByTestId('customer-page').waitFor();
    expect(await page.getByTestId('customer-name').textContent()).toContain(customers[1]!.name);

    await page.goto('/customers');
    for (const c of customers) await page.getByTestId(`customer-row-${c.id}`).waitFor();
    await noSidewaysScroll(page, '/customers');
    await shot(page, 'prospect-handover-taker-customers-phone');
    await page.getByTestId(`customer-row-${customers[0]!.id}`).click();
    await page.getByTestId('customer-page').waitFor();
    expect(await page.getByTestId('customer-name').textContent()).toContain(customers[0]!.name);
    await page.getByTestId(`policy-${customers[0]!.policyId}`).waitFor();
    await shot(page, 'prospect-handover-taker-customer-phone');
    await page.context().close();

    const left = await session(leaver.username, PHONE);
    await left.goto('/customers');
    await left.getByTestId('customers-empty').waitFor();
    for (const c of customers) expect(await left.getByTestId(`customer-row-${c.id}`).count()).toBe(0);
    await shot(left, 'prospect-handover-leaver-customers-phone');
    // Their card stays with them.
    await left.goto('/prospects/cards');
    await left.getByTestId(`card-row-${kept[0]!.id}`).waitFor();
    await left.goto(`/customers/${customers[0]!.id}`);
    await left.locator('.ant-result').first().waitFor();
    await left.context().close();
  });
});

describe('the board at a desk', () => {
  it('a supervisor moves one of their own cards by dragging it to another column', { timeout: 120_000 }, async () => {
    const card = await asUser('sup5', (api) =>
      send<CardDetail>(api, 'POST', '/api/prospects', {
        name: '谢文博',
        source: 'assigned',
        grade: 'B',
        nextFollowUp: '2026-01-05',
      }),
    );
    const page = await session('sup5');
    await page.goto('/prospects/board');
    await page.getByTestId('board').waitFor();
    const lead = page.getByTestId('board-column-lead');
    const target = page.getByTestId('board-column-needsAnalysis');
    const tile = lead.getByTestId(`board-card-${card.id}`);
    await tile.waitFor();
    await shot(page, 'prospect-board-sup5-desktop');

    // The pointer travels through points on its way, as a hand's does: Chromium may start no drag
    // on a single jump from the card to the column.
    await tile.dragTo(target, { steps: 10 });
    await target.getByTestId(`board-card-${card.id}`).waitFor();
    expect(await lead.getByTestId(`board-card-${card.id}`).count()).toBe(0);
    await poll(async () => (await json<CardDetail>(page.request, `/api/prospects/${card.id}`)).stage).toBe('needsAnalysis');
    const detail = await json<CardDetail>(page.request, `/api/prospects/${card.id}`);
    expect(detail.stageHistory.map((h) => h.toStage)).toEqual(['lead', 'needsAnalysis']);

    // Dropped on 暂缓, the board asks why before it moves the card.
    await target.getByTestId(`board-card-${card.id}`).dragTo(page.getByTestId('board-column-paused'), { steps: 10 });
    const reason = page.getByTestId('stage-reason');
    await reason.waitFor();
    await reason.fill('客户出差三个月，回来再谈');
    await page.getByTestId('stage-reason-ok').click();
    await page.getByTestId('board-column-paused').getByTestId(`board-card-${card.id}`).getByText('客户出差三个月，回来再谈').waitFor();
    const paused = await json<CardDetail>(page.request, `/api/prospects/${card.id}`);
    expect(paused.stage).toBe('paused');
    expect(paused.stageHistory.at(-1)).toMatchObject({ fromStage: 'needsAnalysis', toStage: 'paused' });
    await shot(page, 'prospect-board-dragged-sup5-desktop');
    await page.context().close();
  });
});

describe('the desk pages of prospects and customers', () => {
  it.each([
    ['manager1', '/prospects/funnel', 'funnel-page', 'prospect-funnel-manager1'],
    ['manager1', '/prospects/accumulation', 'accumulation-page', 'prospect-accumulation-manager1'],
    ['manager1', '/service/overdue', 'service-page', 'prospect-service-overdue-manager1'],
    ['sup5', '/prospects/spot-check', 'spot-check-page', 'prospect-spot-check-sup5'],
    ['staff1', '/prospects/rubric', 'rubric-page', 'prospect-rubric-staff1'],
  ] as const)('%s opens %s at a desk and on a phone', { timeout: 90_000 }, async (user, path, ready, name) => {
    const page = await session(user);
    await page.goto(path);
    await page.getByTestId(ready).waitFor();
    expect(await page.locator('.ant-result-403, .ant-result-404, .ant-result-error').count(), path).toBe(0);
    await shot(page, `${name}-desktop`);
    await page.setViewportSize(PHONE);
    await page.getByTestId('tabbar').waitFor();
    await page.getByTestId(ready).waitFor();
    await noSidewaysScroll(page, path);
    await shot(page, `${name}-phone`);
    await page.context().close();
  });

  it('an agent has none of them', { timeout: 60_000 }, async () => {
    const page = await session('agent001', PHONE);
    for (const path of ['/prospects/spot-check', '/prospects/funnel', '/prospects/accumulation', '/prospects/rubric', '/customers/handover', '/service/overdue']) {
      await page.goto(path);
      await page.locator('.ant-result-403').waitFor();
    }
    await page.context().close();
  });
});
