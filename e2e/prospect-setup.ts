import fs from 'node:fs';
import { request, type APIRequestContext, type Page as BrowserPage } from 'playwright-core';
import { apiSession } from './attendance-setup.ts';
import { DEMO_PASSWORD } from './browser.ts';

/**
 * What the prospect journeys set up through the API: fresh agents (so counts start at zero
 * whatever the demo holds), scored names, cards, customers and policies.
 */

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
  role: string;
  status: string;
}

export interface RubricOption {
  key: string;
  label: string;
  points: number;
}
export interface Rubric {
  version: number;
  criteria: { key: string; label: string; options: RubricOption[] }[];
  gradeAMin: number;
  gradeBMin: number;
  maxScore: number;
}
export type Grade = 'A' | 'B' | 'C';

export interface PlanName {
  id: string;
  name: string;
  category: string;
  phone: string | null;
  grade: Grade | null;
  score: number | null;
  prospectId: string | null;
  excluded: boolean;
}
export interface NamePage {
  total: number;
  items: PlanName[];
  progress: { count: number; target: number; excludedCount: number; grades: Record<Grade | 'none', number> };
}
export interface Card {
  id: string;
  ownerId: string;
  nameId: string | null;
  name: string;
  phone: string | null;
  grade: Grade | null;
  score: number | null;
  stage: string;
  source: string;
  customerId: string | null;
}
export interface CardDetail extends Card {
  stageHistory: { fromStage: string | null; toStage: string; changedAt: string; changedByName: string }[];
}
export interface Page<T> {
  total: number;
  items: T[];
}

/** A unique suffix per run, so a journey run twice against one server does not collide. */
export const RUN = Date.now().toString(36).slice(-5);

export async function json<T>(api: APIRequestContext, path: string): Promise<T> {
  const res = await api.get(path);
  if (res.status() !== 200) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function send<T>(
  api: APIRequestContext,
  method: 'POST' | 'PATCH' | 'PUT',
  path: string,
  data: unknown,
  expected = [200, 201],
): Promise<T> {
  const res = await api.fetch(path, { method, data });
  if (!expected.includes(res.status())) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The supervisor's user row (their team is their unit). */
export async function findUser(admin: APIRequestContext, username: string): Promise<UserRow> {
  const page = await json<Page<UserRow>>(admin, `/api/users?q=${encodeURIComponent(username)}&pageSize=50`);
  const user = page.items.find((u) => u.username === username);
  if (!user) throw new Error(`no user ${username}`);
  return user;
}

/**
 * A new agent in the team led by `supervisor`, who can log in with the demo password: created by
 * the administrator with a first password, which the agent then changes (the first login must).
 */
export async function createAgent(
  baseUrl: string,
  supervisor: string,
  username: string,
  displayName: string,
): Promise<UserRow> {
  const admin = await apiSession(baseUrl, 'admin');
  try {
    const sup = await findUser(admin, supervisor);
    const first = `First-${RUN}-Pass!`;
    const user = await send<UserRow>(admin, 'POST', '/api/users', {
      username,
      password: first,
      unitId: sup.unitId,
      displayName,
      role: 'agent',
      recruiterId: sup.id,
    });
    const api = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { Origin: baseUrl } });
    try {
      await send(api, 'POST', '/api/auth/login', { username, password: first });
      await send(api, 'POST', '/api/auth/password', { currentPassword: first, newPassword: DEMO_PASSWORD });
    } finally {
      await api.dispose();
    }
    return user;
  } finally {
    await admin.dispose();
  }
}

/**
 * Answers to the rubric's criteria that score a name with `grade`: the best option of each for A,
 * the worst for C, and for B the worst raised one criterion at a time until the total reaches B.
 */
export function answersFor(rubric: Rubric, grade: Grade): { answers: Record<string, string>; total: number } {
  const sorted = rubric.criteria.map((c) => ({ key: c.key, options: [...c.options].sort((a, b) => a.points - b.points) }));
  const pick = new Map(sorted.map((c) => [c.key, c.options[0]!]));
  const total = () => [...pick.values()].reduce((s, o) => s + o.points, 0);
  if (grade === 'A') for (const c of sorted) pick.set(c.key, c.options.at(-1)!);
  if (grade === 'B') {
    for (const c of sorted) {
      if (total() >= rubric.gradeBMin) break;
      for (const o of c.options) {
        const before = pick.get(c.key)!;
        pick.set(c.key, o);
        if (total() >= rubric.gradeAMin) {
          pick.set(c.key, before);
          break;
        }
        if (total() >= rubric.gradeBMin) break;
      }
    }
  }
  const answers = Object.fromEntries([...pick.entries()].map(([k, o]) => [k, o.key]));
  return { answers, total: total() };
}

export function gradeOf(rubric: Rubric, score: number): Grade {
  return score >= rubric.gradeAMin ? 'A' : score >= rubric.gradeBMin ? 'B' : 'C';
}

/**
 * Names on the agent's list, scored to the grades given, and cards made of the first `cards`
 * names (which must be A or B). Returns the names and the cards.
 */
export async function seedNamesAndCards(
  api: APIRequestContext,
  entries: { name: string; category: string; grade: Grade }[],
  cards: number,
): Promise<{ names: PlanName[]; cards: Card[] }> {
  const rubric = await json<Rubric>(api, '/api/prospect-rubric');
  const bulk = await send<{ items: PlanName[] }>(api, 'POST', '/api/names/bulk', {
    names: entries.map((e) => ({ name: e.name, category: e.category })),
  });
  const names: PlanName[] = [];
  for (const e of entries) {
    const row = bulk.items.find((n) => n.name === e.name)!;
    names.push(
      await send<PlanName>(api, 'POST', `/api/names/${row.id}/score`, { answers: answersFor(rubric, e.grade).answers }),
    );
  }
  const made: Card[] = [];
  for (const n of names.slice(0, cards)) made.push(await send<Card>(api, 'POST', '/api/prospects', { nameId: n.id }));
  return { names, cards: made };
}

/** A customer entered by hand with one policy in force. */
export async function seedCustomer(
  api: APIRequestContext,
  name: string,
  policyNo: string,
): Promise<{ id: string; name: string; policyId: string }> {
  const customer = await send<{ id: string; name: string }>(api, 'POST', '/api/customers', {
    name,
    gender: 'female',
    birthDate: '1986-04-12',
  });
  const policy = await send<{ id: string }>(api, 'POST', '/api/policies', {
    customerId: customer.id,
    policyNo,
    product: '平和安康重大疾病保险',
    coverageKind: 'criticalIllness',
    insuredName: name,
    premiumFen: 680_000,
    paymentMode: 'annual',
    paymentTermYears: 20,
    effectiveDate: '2025-03-01',
  });
  return { id: customer.id, name: customer.name, policyId: policy.id };
}

/**
 * A picture of the window once the floating layer (a drawer or a dialog) has stopped moving: its
 * box is the same twice in a row, nothing in it is loading, and no other dialog is fading out.
 */
export async function settledShot(page: BrowserPage, name: string, layer: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const box = page.locator(layer).last();
  await box.waitFor();
  let last = '';
  const until = Date.now() + 10_000;
  for (;;) {
    const now = JSON.stringify(await box.boundingBox());
    const busy = await page.locator(`${layer} .ant-skeleton-active, ${layer} .ant-spin-spinning`).count();
    if ((now === last && busy === 0) || Date.now() > until) break;
    last = now;
    await page.waitForTimeout(100);
  }
  fs.mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${name}.png` });
}
