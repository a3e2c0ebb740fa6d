import type { TodoItem, TodoKind } from '../../../contracts/customer.ts';
import { isLeapYear, yearsBetween } from './review-card.rules.ts';

/**
 * Care reminders, pure: which month-days fall on a day (birthdays and anniversaries of 29 February
 * are kept on 28 February in other years), how many years a date completes, and the text of the
 * morning digest.
 */

/** The MM-DD values whose yearly recurrence falls on `today`. */
export function recurringMonthDays(today: string): string[] {
  const md = today.slice(5);
  return md === '02-28' && !isLeapYear(Number(today.slice(0, 4))) ? ['02-28', '02-29'] : [md];
}

/** Whether `date` recurs on `today` (same month-day, 29 February on 28 February in other years). */
export function recursOn(date: string, today: string): boolean {
  return recurringMonthDays(today).includes(date.slice(5));
}

/** Years completed on `today` by a date that recurs on it (an age, the years a policy has run). */
export function yearsOn(date: string, today: string): number {
  return yearsBetween(date, today);
}

/** Order of the kinds in the digest and the to-do list. */
export const TODO_ORDER: readonly TodoKind[] = [
  'serviceOverdue',
  'followUp',
  'customerBirthday',
  'prospectBirthday',
  'policyAnniversary',
];

export function sortTodos(items: TodoItem[]): TodoItem[] {
  return [...items].sort(
    (a, b) =>
      TODO_ORDER.indexOf(a.kind) - TODO_ORDER.indexOf(b.kind) ||
      a.date.localeCompare(b.date) ||
      a.name.localeCompare(b.name) ||
      a.entityId.localeCompare(b.entityId),
  );
}

const KIND_ZH: Record<TodoKind, string> = {
  serviceOverdue: '逾期服务',
  followUp: '待跟进',
  customerBirthday: '客户生日',
  prospectBirthday: '准客户生日',
  policyAnniversary: '保单周年',
};

/** At most this many names per kind are spelled out in a digest's body. */
const NAMES_PER_KIND = 5;

/** The morning digest (Chinese fallback text; the web translates by kind and params). */
export function digestText(items: TodoItem[]): { title: string; body: string; counts: Record<TodoKind, number> } {
  const counts = Object.fromEntries(TODO_ORDER.map((k) => [k, 0])) as Record<TodoKind, number>;
  for (const i of items) counts[i.kind]++;
  const lines: string[] = [];
  for (const kind of TODO_ORDER) {
    const of = items.filter((i) => i.kind === kind);
    if (of.length === 0) continue;
    const names = [...new Set(of.map((i) => i.name))];
    const shown = names.slice(0, NAMES_PER_KIND).join('、');
    lines.push(`${KIND_ZH[kind]} ${of.length}：${shown}${names.length > NAMES_PER_KIND ? ' 等' : ''}`);
  }
  return { title: `今日客户关怀待办 ${items.length} 项`, body: lines.join('；'), counts };
}

/** The supervisor's note of their team's overdue service requests. */
export function teamOverdueText(count: number, agents: number): { title: string; body: string } {
  return {
    title: `团队有 ${count} 项售后服务已逾期`,
    body: `涉及 ${agents} 位业务员，请督促跟进。`,
  };
}
