import type { ActivityType, PlanItem, PlanTier } from '../../../../contracts/activity.ts';
import { PlanTiers } from '../../../../contracts/activity.ts';
import { sumPoints } from './dates.ts';

/** Points of a tier: Σ count × the type's points today. */
export function tierPoints(items: PlanItem[], types: ActivityType[], tier: PlanTier): number {
  const byId = new Map(types.map((x) => [x.id, x]));
  return sumPoints(items.map((i) => i[tier] * (byId.get(i.typeId)?.points ?? 0)));
}

/** Sets one tier of an item and keeps target ≤ sprint ≤ challenge. */
export function withTier(item: PlanItem, tier: PlanTier, value: number): PlanItem {
  const at = PlanTiers.indexOf(tier);
  const next = { ...item, [tier]: value };
  PlanTiers.forEach((other, i) => {
    if (i > at && next[other] < value) next[other] = value;
    if (i < at && next[other] > value) next[other] = value;
  });
  return next;
}
