/// <reference lib="dom" />
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TENANT_TIME_ZONE, apiSession, zonedNow } from './attendance-setup.ts';
import { DESKTOP, PHONE, launchBrowser, login, shot } from './browser.ts';

/**
 * The work log from both ends: an agent on a phone logs a visit in three taps and submits the day;
 * the supervisor comments on it, reviews it and records coaching; the agent sees the feedback and
 * answers, and the supervisor sees the answer. Then a look at every page of both.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  role: string;
  status: string;
}
interface ActivityRow {
  id: string;
  typeId: string;
  prospectName: string | null;
  lateEntry: boolean;
}
interface WorkLogRow {
  id: string | null;
  date: string;
  status: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  summary: string | null;
  activities: ActivityRow[];
  comments: { id: string; body: string; byOwner: boolean; activityId: string | null }[];
}
interface TodayRow {
  date: string;
  log: WorkLogRow;
  quickTypes: string[];
  recentProspects: { prospectId: string | null; name: string }[];
  backdateDays: number;
  feedback: { kind: string; text: string; logId: string | null; coachingId: string | null }[];
}
interface TypeRow {
  id: string;
  code: string;
  stage: string;
}

const COMMENT = '拜访记录很清楚，明天记得带上建议书';
const ACTIVITY_COMMENT = '这位客户很有潜力，下次约上家人一起';
const ANSWER = '收到，明天上午就去送建议书';
const COACH_TOPIC = '面谈中的需求分析';
const COACH_AGREED = '每次面谈都用需求分析表，问清家庭保障缺口';
const COACH_REPLY = '好的，这周先练三次';

/** A page in the tenant's time zone, logged in. */
async function session(username: string, viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'zh-CN',
    timezoneId: TENANT_TIME_ZONE,
  });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${what} scrolls sideways on a phone`).toBeLessThanOrEqual(PHONE.width);
}

/** A team of the second department (the attendance journeys use the first): its supervisor and agents. */
async function teamOf(supervisor: string): Promise<{ supervisor: UserRow; agents: UserRow[] }> {
  const admin = await apiSession(baseUrl, 'admin');
  try {
    const get = async <T>(path: string) => (await (await admin.get(path)).json()) as T;
    const sup = (await get<{ items: UserRow[] }>(`/api/users?q=${supervisor}`)).items.find(
      (u) => u.username === supervisor,
    )!;
    const team = (await get<{ items: UserRow[] }>(`/api/users?unitId=${sup.unitId}&pageSize=100`)).items;
    const agents = team
      .filter((u) => u.role === 'agent' && u.status === 'active')
      .sort((a, b) => a.username.localeCompare(b.username));
    return { supervisor: sup, agents };
  } finally {
    await admin.dispose();
  }
}

let team: { supervisor: UserRow; agents: UserRow[] };
let agent: UserRow;
let logId: string;
let logDay: string;
let activityId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  team = await teamOf('sup4');
  agent = team.agents[0]!;
});
afterAll(async () => {
  await browser.close();
});

describe('the work log, from the agent to the supervisor and back', () => {
  it('an agent on a phone logs a visit in three taps and submits the day', async () => {
    const page = await session(agent.username);
    let today = await api<TodayRow>(page, '/api/activity/today');
    expect(today.log.status).not.toBe('submitted');
    const types = await api<TypeRow[]>(page, '/api/activity/types');

    // The three-tap log picks a recent prospect; an agent without one gets a visit logged
    // yesterday (a late entry, within the window) so there is someone to pick.
    if (today.recentProspects.length === 0) {
      const interview = types.find((x) => x.stage === 'interview')!;
      const yesterday = new Date(Date.parse(`${today.date}T00:00:00Z`) - 86_400_000)
        .toISOString()
        .slice(0, 10);
      const res = await page.request.post('/api/activities', {
        headers: { Origin: baseUrl },
        data: { typeId: interview.id, occurredAt: `${yesterday}T10:00:00+08:00`, prospectName: '王建国' },
      });
      expect(res.status(), await res.text()).toBe(201);
      today = await api<TodayRow>(page, '/api/activity/today');
    }
    const before = today.log.activities.length;
    const prospect = today.recentProspects[0]!;

    // Open the page from the tab bar, then count every tap.
    await page.goto('/');
    await page.getByTestId('tabbar-log').click();
    await page.getByTestId('quick-save').waitFor();
    await noSidewaysScroll(page, '/log');
    await shot(page, 'activity-today-before-phone');

    let taps = 0;
    const tap = async (target: Locator) => {
      taps += 1;
      await target.click();
    };
    // A visit: an interview-stage quick type when the quick list has one, else the first.
    const quickIds = today.quickTypes;
    const visit =
      types.find((x) => x.stage === 'interview' && quickIds.slice(0, 4).includes(x.id)) ??
      types.find((x) => x.id === quickIds[0]) ??
      types[0]!;
    const quickButton = page.getByTestId(`quick-type-${visit.code}`);
    await tap(
      (await quickButton.count()) > 0 ? quickButton : page.locator('[data-testid^="quick-type-"]').first(),
    );
    await tap(page.getByTestId('quick-prospect-0'));
    expect(await page.getByTestId('quick-save').textContent()).toContain(prospect.name);
    await tap(page.getByTestId('quick-save'));
    expect(taps).toBe(3);

    const findNew = async () => {
      const log = await api<WorkLogRow>(page, `/api/work-logs/${today.date}`);
      return log.activities.length > before ? log : null;
    };
    await expect.poll(findNew, { timeout: 10_000 }).toBeTruthy();
    const log = (await findNew())!;
    const created = log.activities.find((a) => a.prospectName === prospect.name && !a.lateEntry);
    expect(created, 'the new activity names the prospect tapped').toBeTruthy();
    activityId = created!.id;
    await page.getByTestId(`activity-${activityId}`).waitFor();
    await shot(page, 'activity-today-logged-phone');

    // Submitting the day: one tap, the summary is optional (typed here to show it travels).
    await page.getByTestId('log-summary').fill('上午面谈一位准客户，约好下周送建议书');
    await page.getByTestId('log-submit').click();
    await page.getByTestId('log-submitted').waitFor();
    const submitted = await api<WorkLogRow>(page, `/api/work-logs/${today.date}`);
    expect(submitted.status).toBe('submitted');
    expect(submitted.summary).toContain('约好下周送建议书');
    logId = submitted.id!;
    logDay = today.date;
    await noSidewaysScroll(page, '/log after submitting');
    await shot(page, 'activity-today-submitted-phone');
    await page.close();
  });

  it('the supervisor comments on the log, reviews it and records coaching', async () => {
    const page = await session(team.supervisor.username, DESKTOP);
    await page.goto('/activity/review');
    const row = page.getByTestId(`queue-${logId}`);
    await row.waitFor();
    await shot(page, 'activity-review-queue-desktop');
    await row.click();
    await page.getByTestId('log-drawer').waitFor();
    await page.getByTestId(`activity-${activityId}`).waitFor();

    // A comment on the one activity, then the review with a comment on the log.
    await page.getByTestId(`activity-comment-${activityId}`).click();
    await page.getByTestId('activity-comment-input').fill(ACTIVITY_COMMENT);
    await page.getByTestId('activity-comment-send').click();
    await page.getByTestId('log-thread').getByText(ACTIVITY_COMMENT).waitFor();
    await page.getByTestId('review-comment').fill(COMMENT);
    await shot(page, 'activity-review-drawer-desktop');
    await page.getByTestId('review-mark').click();
    await expect
      .poll(
        async () => (await api<WorkLogRow>(page, `/api/work-logs/${logDay}?userId=${agent.id}`)).reviewedAt,
      )
      .toBeTruthy();

    // Coaching on the same log.
    await page.goto(`/activity/review?reviewed=all&log=${logId}`);
    await page.getByTestId('log-drawer').waitFor();
    await page.getByTestId('coaching-open').click();
    await page.getByTestId('coaching-topic').fill(COACH_TOPIC);
    await page.getByTestId('coaching-agreed').fill(COACH_AGREED);
    await page.getByTestId('coaching-save').click();
    await page.getByTestId('log-coaching').getByText(COACH_TOPIC).waitFor();
    await shot(page, 'activity-review-coached-desktop');

    await page.setViewportSize(PHONE);
    await page.goto('/activity/review?reviewed=all');
    await page.getByTestId(`queue-${logId}`).waitFor();
    await noSidewaysScroll(page, '/activity/review');
    await shot(page, 'activity-review-queue-phone');
    await page.getByTestId(`queue-${logId}`).click();
    await page.getByTestId('log-drawer').waitFor();
    await noSidewaysScroll(page, 'the review drawer');
    await shot(page, 'activity-review-drawer-phone');
    await page.close();
  });

  it('the agent sees the feedback, answers it, and the supervisor sees the answer', async () => {
    const page = await session(agent.username);
    await page.goto('/log');
    const feedback = page.getByTestId('feedback');
    await feedback.getByText(COMMENT).waitFor();
    await feedback.getByText(COACH_AGREED).waitFor();
    await page.getByTestId('log-reviewed').waitFor();
    // The thread under the day shows both comments.
    const thread = page.getByTestId('log-thread');
    await thread.getByText(ACTIVITY_COMMENT).waitFor();
    await thread.getByText(COMMENT).waitFor();
    await shot(page, 'activity-today-feedback-phone');

    await page.getByTestId('answer-input').fill(ANSWER);
    await page.getByTestId('answer-send').click();
    await thread.getByText(ANSWER).waitFor();

    const coaching = page.locator('[data-testid="feedback-item"][data-kind="coaching"]').first();
    await coaching.getByTestId('feedback-answer').click();
    await coaching.getByTestId('coaching-reply-input').fill(COACH_REPLY);
    await coaching.getByTestId('coaching-reply-send').click();
    await coaching.getByTestId('coaching-reply').getByText(COACH_REPLY).waitFor();
    await noSidewaysScroll(page, '/log with feedback');
    await shot(page, 'activity-today-answered-phone');
    await page.close();

    const sup = await session(team.supervisor.username, DESKTOP);
    await sup.goto(`/activity/review?reviewed=all&log=${logId}`);
    await sup.getByTestId('log-drawer').waitFor();
    await sup.getByTestId('log-thread').getByText(ANSWER).waitFor();
    await sup.getByTestId('log-coaching').getByText(COACH_REPLY).waitFor();
    await shot(sup, 'activity-review-answered-desktop');
    await sup.close();
  });
});

describe('every page of the agent and the supervisor', () => {
  it('the agent pages fit a phone', async () => {
    const page = await session(team.agents[1]!.username);
    for (const [path, ready, name] of [
      ['/log', 'quick-save', 'activity-today-phone'],
      ['/log/week', 'week-days', 'activity-week-phone'],
      ['/log/plan', 'plan-items', 'activity-plan-phone'],
      ['/log/rank', 'rank-list', 'activity-rank-phone'],
      ['/log/skills', 'skills', 'activity-skills-phone'],
    ] as const) {
      await page.goto(path);
      await page.getByTestId(ready).waitFor();
      await noSidewaysScroll(page, path);
      await shot(page, name);
    }
    // The week page opens a day.
    await page.goto(`/log/week?date=${zonedNow().date}`);
    await page.getByTestId('day-drawer').waitFor();
    await shot(page, 'activity-week-day-phone');
    await page.close();
  });

  it('the supervisor pages work at a desk and on a phone', async () => {
    const page = await session(team.supervisor.username, DESKTOP);
    await page.goto('/activity/plans');
    await page.getByTestId('team-plans').waitFor();
    await shot(page, 'activity-team-plans-desktop');
    await page.goto('/log');
    await page.getByTestId('quick-save').waitFor();
    await shot(page, 'activity-today-desktop');
    await page.setViewportSize(PHONE);
    await page.goto('/activity/plans');
    await page.getByTestId('team-plans').waitFor();
    await noSidewaysScroll(page, '/activity/plans');
    await shot(page, 'activity-team-plans-phone');
    await page.close();
  });
});
