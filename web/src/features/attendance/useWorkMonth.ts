import { useCan } from '../auth/MeContext.tsx';
import { useRules } from './api.ts';
import { todayIn, workMonthOf } from './time.ts';

/**
 * The current work month (工作月) as the tenant counts it: with the default rule 26 Nov belongs to
 * December. Until the rules arrive (or for a role that cannot read them) the calendar month stands in.
 */
export function useCurrentWorkMonth(): { month: string; ready: boolean } {
  const can = useCan();
  const readable = can('attendance.read');
  const { data, isPending } = useRules(readable);
  const today = todayIn();
  if (readable && isPending) return { month: today.slice(0, 7), ready: false };
  const rule = data?.tenant.workMonth ?? { kind: 'calendar' as const, startDay: 26 };
  return { month: workMonthOf(today, rule), ready: true };
}
