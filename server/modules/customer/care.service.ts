import { sql } from 'kysely';
import type { ServiceKind, TodoItem, TodoList } from '../../../contracts/customer.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import type { Queryable } from '../../db/database.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';
import { findLeaderChain } from '../activity/person.repository.ts';
import { notifyMany, type NotifyInput } from '../notification/notification.service.ts';
import { digestText, recurringMonthDays, sortTodos, teamOverdueText, yearsOn } from './care.rules.ts';
import { OPEN_STATUSES } from './service-request.repository.ts';

/**
 * Care reminders (客户关怀): each morning an agent's to-dos of the day — birthdays of their
 * customers and prospects, anniversaries of their policies in force (not the first day), prospect
 * follow-ups due today or before, overdue service requests — as ONE in-app notification, and the
 * same list live at GET /api/todos. A team's leader is also told, once a day, of the team's overdue
 * service requests.
 *
 * The job (customer.careReminders) runs every 15 minutes and acts for a tenant in the hour from
 * 07:30 on its wall clock, judged at the occurrence the run stands for (a run delayed by a restart
 * still counts); each notification carries a dedupe key of the day, so re-runs send nothing twice.
 */

export const CARE_REMINDERS_JOB = 'customer.careReminders';
export const CARE_REMINDERS_CRON = '*/15 * * * *';
export const CARE_TIME = '07:30';
const WINDOW_MINUTES = 60;

export const careKey = (date: string) => `customer.care:${date}`;
export const teamOverdueKey = (date: string) => `customer.teamOverdue:${date}`;

/** Cards that no longer need following up. */
const CLOSED_STAGES = ['signed', 'lost'];

/** Where the web shows the to-do list. */
export const TODOS_LINK = '/todos';
/** Where a leader sees the overdue service requests of their scope. */
export const TEAM_OVERDUE_LINK = '/service/overdue';

const monthDay = (column: string) => sql<string>`substr(${sql.ref(column)}, 6, 5)`;

type Owned<T> = T & { owner_id: string };

/**
 * Every to-do of `today` in a tenant, by owner; only of `ownerId` when given (one agent's list
 * reads through the owner indexes).
 */
export async function findTodos(
  db: Queryable,
  tenantId: string,
  today: string,
  ownerId?: string,
): Promise<Map<string, TodoItem[]>> {
  const mds = recurringMonthDays(today);
  const out = new Map<string, TodoItem[]>();
  const add = (owner: string, item: TodoItem) => out.set(owner, [...(out.get(owner) ?? []), item]);
  const base: Omit<TodoItem, 'kind' | 'entity' | 'entityId' | 'name' | 'years' | 'date'> = {
    customerId: null,
    policyNo: null,
    product: null,
    serviceKind: null,
  };

  const customers = await db
    .selectFrom('customers as c')
    .select(['c.id', 'c.owner_id', 'c.name', 'c.birth_date'])
    .where('c.tenant_id', '=', tenantId)
    .$if(ownerId !== undefined, (q) => q.where('c.owner_id', '=', ownerId!))
    .where('c.erased_at', 'is', null)
    .where('c.birth_date', 'is not', null)
    .where('c.birth_date', '<=', today)
    .where(monthDay('c.birth_date'), 'in', mds)
    .execute();
  for (const c of customers as Owned<{ id: string; name: string; birth_date: string }>[]) {
    add(c.owner_id, {
      ...base,
      kind: 'customerBirthday',
      entity: 'customer',
      entityId: c.id,
      name: c.name,
      years: yearsOn(c.birth_date, today),
      date: today,
      customerId: c.id,
    });
  }

  const prospectBirthdays = await db
    .selectFrom('prospects as p')
    .select(['p.id', 'p.owner_id', 'p.name', 'p.birth_date'])
    .where('p.tenant_id', '=', tenantId)
    .$if(ownerId !== undefined, (q) => q.where('p.owner_id', '=', ownerId!))
    .where('p.erased_at', 'is', null)
    // A signed card's person is a customer: their birthday is listed once, as the customer's.
    .where('p.customer_id', 'is', null)
    .where('p.stage', '!=', 'lost')
    .where('p.birth_date', 'is not', null)
    .where('p.birth_date', '<=', today)
    .where(monthDay('p.birth_date'), 'in', mds)
    .execute();
  for (const p of prospectBirthdays as Owned<{ id: string; name: string; birth_date: string }>[]) {
    add(p.owner_id, {
      ...base,
      kind: 'prospectBirthday',
      entity: 'prospect',
      entityId: p.id,
      name: p.name,
      years: yearsOn(p.birth_date, today),
      date: today,
    });
  }

  const anniversaries = await db
    .selectFrom('policies as p')
    .innerJoin('customers as c', 'c.id', 'p.customer_id')
    .select(['p.id', 'p.owner_id', 'p.customer_id', 'c.name', 'p.policy_no', 'p.product', 'p.effective_date'])
    .where('p.tenant_id', '=', tenantId)
    .$if(ownerId !== undefined, (q) => q.where('p.owner_id', '=', ownerId!))
    .where('p.status', '=', 'inForce')
    .where('p.effective_date', '<', today)
    .where(monthDay('p.effective_date'), 'in', mds)
    .execute();
  for (const p of anniversaries) {
    add(p.owner_id, {
      ...base,
      kind: 'policyAnniversary',
      entity: 'policy',
      entityId: p.id,
      name: p.name,
      years: yearsOn(p.effective_date, today),
      date: today,
      customerId: p.customer_id,
      policyNo: p.policy_no,
      product: p.product,
    });
  }

  const followUps = await db
    .selectFrom('prospects as p')
    .select(['p.id', 'p.owner_id', 'p.name', 'p.next_follow_up'])
    .where('p.tenant_id', '=', tenantId)
    .$if(ownerId !== undefined, (q) => q.where('p.owner_id', '=', ownerId!))
    .where('p.erased_at', 'is', null)
    .where('p.stage', 'not in', CLOSED_STAGES)
    .where('p.next_follow_up', 'is not', null)
    .where('p.next_follow_up', '<=', today)
    .execute();
  for (const p of followUps as Owned<{ id: string; name: string; next_follow_up: string }>[]) {
    add(p.owner_id, {
      ...base,
      kind: 'followUp',
      entity: 'prospect',
      entityId: p.id,
      name: p.name,
      years: null,
      date: p.next_follow_up,
    });
  }

  const overdue = await db
    .selectFrom('service_requests as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .select(['s.id', 's.owner_id', 's.customer_id', 'c.name', 's.kind', 's.due_date'])
    .where('s.tenant_id', '=', tenantId)
    .$if(ownerId !== undefined, (q) => q.where('s.owner_id', '=', ownerId!))
    .where('s.status', 'in', [...OPEN_STATUSES])
    .where('s.due_date', '<', today)
    .execute();
  for (const s of overdue) {
    add(s.owner_id, {
      ...base,
      kind: 'serviceOverdue',
      entity: 'serviceRequest',
      entityId: s.id,
      name: s.name,
      years: null,
      date: s.due_date,
      customerId: s.customer_id,
      serviceKind: s.kind as ServiceKind,
    });
  }
  for (const [owner, items] of out) out.set(owner, sortTodos(items));
  return out;
}

/** GET /api/todos: the caller's own to-dos of today (tenant time zone). */
export async function myTodos(ctx: Ctx): Promise<TodoList> {
  assertCan(ctx.actor, 'prospect.own');
  const { tenantId, userId } = ctx.actor;
  const today = businessDate(now(), await findTenantTimeZone(ctx.db, tenantId));
  const todos = await findTodos(ctx.db, tenantId, today, userId);
  return { date: today, items: todos.get(userId) ?? [] };
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();
/** Minutes after midnight on the wall clock of a time zone. */
function localMinutes(at: Date, timeZone: string): number {
  let f = timeFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormatters.set(timeZone, f);
  }
  const [h, m] = f.format(at).split(':').map(Number);
  return h! * 60 + m!;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` lies in a tenant's morning window (07:30 for an hour, on its wall clock). */
export function inCareWindow(at: Date, timeZone: string): boolean {
  const m = localMinutes(at, timeZone);
  const start = minutesOf(CARE_TIME);
  return m >= start && m < start + WINDOW_MINUTES;
}

export interface CareResult {
  tenantId: string;
  date: string;
  digests: number;
  teamNotes: number;
}

/**
 * One pass of the care job: every tenant whose morning window holds `at` gets its digests (one per
 * agent with something to do) and its leaders' team notes. Returns what was sent.
 */
export async function sendCareReminders(db: Queryable, at: Date = now()): Promise<CareResult[]> {
  const tenants = await db.selectFrom('tenants').select(['id', 'time_zone']).orderBy('id').execute();
  const out: CareResult[] = [];
  for (const t of tenants) {
    const timeZone = t.time_zone || 'Asia/Shanghai';
    if (!inCareWindow(at, timeZone)) continue;
    const r = await remindTenant(db, t.id, businessDate(at, timeZone));
    if (r.digests + r.teamNotes > 0) out.push(r);
  }
  return out;
}

/** The digests and team notes of one tenant and day; idempotent by the day's dedupe keys. */
export async function remindTenant(db: Queryable, tenantId: string, today: string): Promise<CareResult> {
  const todos = await findTodos(db, tenantId, today);
  const key = careKey(today);
  const digests: NotifyInput[] = [];
  for (const [owner, items] of todos) {
    const { title, body, counts } = digestText(items);
    digests.push({
      userId: owner,
      kind: 'customer.care',
      title,
      body,
      link: TODOS_LINK,
      // The first items only: the list itself is at /api/todos.
      params: {
        date: today,
        total: items.length,
        counts,
        summary: body,
        items: items.slice(0, 20).map((i) => ({ kind: i.kind, entity: i.entity, entityId: i.entityId, name: i.name })),
      },
      dedupeKey: key,
    });
  }

  // Overdue requests per team → the nearest active leader above (not the owner themselves).
  const anyOverdue = [...todos.values()].some((items) => items.some((i) => i.kind === 'serviceOverdue'));
  const teamNotes: NotifyInput[] = [];
  if (anyOverdue) {
    const rows = await db
      .selectFrom('service_requests')
      .select(['owner_id', 'unit_id'])
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', [...OPEN_STATUSES])
      .where('due_date', '<', today)
      .execute();
    const chains = new Map<string, Awaited<ReturnType<typeof findLeaderChain>>>();
    const perLeader = new Map<string, { count: number; agents: Set<string>; units: Set<string> }>();
    for (const r of rows) {
      let chain = chains.get(r.unit_id);
      if (!chain) {
        chain = await findLeaderChain(db, tenantId, r.unit_id);
        chains.set(r.unit_id, chain);
      }
      const leader = chain.find(
        (c) => c.leader_id !== null && c.leader_status === 'active' && c.leader_id !== r.owner_id,
      )?.leader_id;
      if (!leader) continue;
      const acc = perLeader.get(leader) ?? { count: 0, agents: new Set<string>(), units: new Set<string>() };
      acc.count++;
      acc.agents.add(r.owner_id);
      acc.units.add(r.unit_id);
      perLeader.set(leader, acc);
    }
    for (const [leader, acc] of perLeader) {
      const { title, body } = teamOverdueText(acc.count, acc.agents.size);
      teamNotes.push({
        userId: leader,
        kind: 'customer.teamOverdue',
        title,
        body,
        link: TEAM_OVERDUE_LINK,
        params: { date: today, count: acc.count, agents: acc.agents.size, unitIds: [...acc.units] },
        dedupeKey: teamOverdueKey(today),
      });
    }
  }
  if (digests.length + teamNotes.length === 0) return { tenantId, date: today, digests: 0, teamNotes: 0 };
  const sent = await db.transaction().execute(async (trx) => ({
    digests: (await notifyMany(trx, tenantId, digests)).length,
    teamNotes: (await notifyMany(trx, tenantId, teamNotes)).length,
  }));
  return { tenantId, date: today, ...sent };
}
