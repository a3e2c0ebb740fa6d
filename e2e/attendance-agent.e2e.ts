/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, login, shot } from './browser.ts';
import { TENANT_TIME_ZONE, apiSession, makeMeetingNow, makeMissedMeetingDay } from './attendance-setup.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let missedDay: string;

interface UserRow {
  id: string;
  username: string;
  unitId: string;
  role: string;
  status: string;
}
interface RequestRow {
  id: string;
  status: string;
  kind: string;
  startDate: string;
  decisionComment: string | null;
}

/** A page in the tenant's time zone (times on screen are the meeting's), logged in. */
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

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${what} scrolls sideways on a phone`).toBeLessThanOrEqual(PHONE.width);
}

/** Two active agents of agent001's team and the team's supervisor (the approver of their requests). */
async function teamOfAgent001(): Promise<{ agents: string[]; supervisor: string }> {
  const admin = await apiSession(baseUrl, 'admin');
  try {
    const get = async <T>(path: string) => (await (await admin.get(path)).json()) as T;
    const a1 = (await get<{ items: UserRow[] }>('/api/users?q=agent001')).items.find(
      (u) => u.username === 'agent001',
    )!;
    const team = (await get<{ items: UserRow[] }>(`/api/users?unitId=${a1.unitId}&pageSize=100`)).items;
    const agents = team
      .filter((u) => u.role === 'agent' && u.status === 'active')
      .map((u) => u.username)
      .sort();
    const supervisor = team.find((u) => u.role === 'supervisor' && u.status === 'active')!.username;
    return { agents, supervisor };
  } finally {
    await admin.dispose();
  }
}

let team: { agents: string[]; supervisor: string };

beforeAll(async () => {
  browser = await launchBrowser();
  await makeMeetingNow(baseUrl);
  missedDay = await makeMissedMeetingDay(baseUrl);
  team = await teamOfAgent001();
});
afterAll(async () => {
  await browser.close();
});

describe('an agent checks in on a phone', () => {
  it('taps the one button on the 打卡 tab and sees the status and time at once', async () => {
    const page = await session('agent001');
    await page.getByTestId('tabbar-checkin').click();
    const button = page.getByTestId('checkin-button');
    await button.waitFor();
    await noSidewaysScroll(page, '/checkin');
    await shot(page, 'attendance-checkin-before-agent001-phone');

    await button.click();
    const result = page.getByTestId('checkin-result');
    await result.waitFor();
    expect(['present', 'late']).toContain(await result.getAttribute('data-status'));
    expect(await page.getByTestId('checkin-status').textContent()).toMatch(/准时签到|迟到/);
    expect(await page.getByTestId('checkin-time').textContent()).toMatch(/\d{2}:\d{2} 签到/);
    await page.getByTestId('checkout-button').waitFor();
    await noSidewaysScroll(page, '/checkin after check-in');
    await shot(page, 'attendance-checkin-done-agent001-phone');

    // The server has it: a reload shows the same record, and a second check-in changes nothing.
    const mine = (await (await page.request.get('/api/attendance/me')).json()) as {
      today: { record: { status: string; method: string } | null };
    };
    expect(mine.today.record).toMatchObject({ method: 'app' });
    await page.reload();
    await page.getByTestId('checkin-result').waitFor();
    expect(await page.getByTestId('checkin-button').count()).toBe(0);

    await page.getByTestId('checkin-tab-month').click();
    await page.getByTestId('checkin-days').waitFor();
    await page.getByTestId('checkin-trend').waitFor();
    await noSidewaysScroll(page, '/checkin/month');
    await shot(page, 'attendance-month-agent001-phone');
    await page.close();
  });

  it('offline, the tap is kept and sent when the phone is back online', async () => {
    const page = await session(team.agents[1]!);
    await page.goto('/checkin');
    await page.getByTestId('checkin-button').waitFor();
    await page.context().setOffline(true);
    await page.getByTestId('checkin-button').click();
    await page.getByTestId('checkin-offline').waitFor();
    expect(await page.getByTestId('checkin-offline').textContent()).toContain('已离线保存，联网后自动提交');
    const queued = await page.evaluate(() => localStorage.getItem('salesbase.attendance.pending'));
    expect(queued).toContain('"kind":"in"');
    await shot(page, 'attendance-checkin-offline-phone');
    await page.context().setOffline(false);
    await page.getByTestId('checkin-result').waitFor({ timeout: 30_000 });
    expect(['present', 'late']).toContain(
      await page.getByTestId('checkin-result').getAttribute('data-status'),
    );
    expect(await page.evaluate(() => localStorage.getItem('salesbase.attendance.pending'))).toBeNull();
    await page.close();
  });

  it('scans the meeting QR code shown by the supervisor and is checked in', async () => {
    const screen = await session(team.supervisor, DESKTOP);
    await screen.goto('/attendance/qr');
    const code = screen.getByTestId('qr-code');
    await expect.poll(() => code.getAttribute('data-url'), { timeout: 15_000 }).toMatch(/^\/checkin\?qr=/);
    await screen.getByTestId('qr-countdown').waitFor();
    await shot(screen, 'attendance-qr-sup-desktop');
    const url = (await code.getAttribute('data-url'))!;

    const page = await session(team.agents[2]!);
    await page.goto(url);
    const result = page.getByTestId('checkin-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('扫码签到');
    expect(page.url()).not.toContain('qr=');
    await page.close();

    // A code that is not a meeting's says so, in words.
    const other = await session(team.agents[3]!);
    await other.goto('/checkin?qr=1.nope.1.forged');
    await other.getByTestId('checkin-error').waitFor();
    expect(await other.getByTestId('checkin-error').textContent()).toContain('二维码无效');
    await shot(other, 'attendance-checkin-qr-invalid-phone');
    await other.close();

    await screen.setViewportSize(PHONE);
    await shot(screen, 'attendance-qr-sup-phone');
    await screen.close();
  });
});

describe('leave and make-up requests', () => {
  it("a supervisor approves an agent's make-up request and the agent sees it approved", async () => {
    const agent = team.agents[4]!;
    const page = await session(agent);
    // The day list links each missed meeting to a make-up form for that day.
    await page.goto(`/checkin/requests?makeUp=${missedDay}`);
    await page.getByTestId('request-reason').waitFor();
    await page.getByTestId('request-reason').fill('准时到场，手机没电未能签到');
    await shot(page, 'attendance-makeup-form-phone');
    await noSidewaysScroll(page, 'the make-up form');
    await page.getByTestId('request-submit').click();
    const list = page.getByTestId('my-requests');
    const findRequest = async () => {
      const mine = (await (await page.request.get('/api/attendance/requests?view=mine')).json()) as {
        items: RequestRow[];
      };
      return mine.items.find((r) => r.kind === 'makeUp' && r.startDate === missedDay);
    };
    await expect.poll(findRequest).toBeTruthy();
    const req = (await findRequest())!;
    expect(req.status).toBe('pending');
    const row = list.getByTestId(`request-${req.id}`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('pending');
    expect(await row.textContent()).toContain('待审批');
    await page.getByTestId(`request-cancel-${req.id}`).waitFor();
    await shot(page, 'attendance-requests-pending-phone');

    const sup = await session(team.supervisor, DESKTOP);
    await sup.getByTestId('menu-attendanceApprovals').click();
    await sup.getByTestId('approvals-table').waitFor();
    await sup.getByTestId(`approve-${req.id}`).click();
    await sup.getByTestId('decision-comment').fill('情况属实，同意补卡');
    await shot(sup, 'attendance-approvals-decide-desktop');
    await sup.getByTestId('decision-submit').click();
    // The queue moves on: the decided request leaves the pending list.
    await expect.poll(() => sup.getByTestId(`approve-${req.id}`).count()).toBe(0);
    await shot(sup, 'attendance-approvals-desktop');
    await sup.setViewportSize(PHONE);
    await sup.reload();
    await sup.getByTestId('approvals-table').waitFor();
    await shot(sup, 'attendance-approvals-phone');
    await noSidewaysScroll(sup, '/attendance/approvals');
    await sup.close();

    await page.reload();
    const approved = page.getByTestId(`request-${req.id}`);
    await expect.poll(() => approved.getAttribute('data-status')).toBe('approved');
    expect(await approved.textContent()).toContain('已批准');
    expect(await approved.getByTestId('request-comment').textContent()).toContain('情况属实，同意补卡');
    expect(await page.getByTestId(`request-cancel-${req.id}`).count()).toBe(0);
    await shot(page, 'attendance-requests-approved-phone');

    // The make-up counts: yesterday is no longer absent on the agent's month.
    await page.getByTestId('checkin-tab-month').click();
    await page.getByTestId('checkin-days').waitFor();
    expect(await page.getByTestId(`makeup-${missedDay}`).count()).toBe(0);
    await page.close();
  });
});
