import type { MonthlySorts } from '../../../../contracts/attendance.ts';

type MonthlySort = (typeof MonthlySorts)[number];
const keysOf = <K extends string>(rec: Record<K, true>) => Object.keys(rec) as K[];

/** The monthly list's server-side sorts (contracts/attendance.ts MonthlySorts), mirrored without zod. */
export const MonthlySortFields: readonly string[] = keysOf({
  rate: true,
  absent: true,
  late: true,
  name: true,
  finesFen: true,
} satisfies Record<MonthlySort, true>);
