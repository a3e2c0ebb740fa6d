export interface Tier {
  minRate: number;
  cut: number;
}

export type TierRange =
  | { kind: 'atLeast'; min: number }
  | { kind: 'below'; max: number }
  | { kind: 'between'; min: number; max: number }
  | { kind: 'any' };

/**
 * The rate range of a tier, tiers ordered highest minRate first (as the server sends them): the
 * first is "at least", the last (from 0) "below" the one above, the others "between".
 */
export function tierRange(tiers: readonly Tier[], index: number): TierRange {
  const tier = tiers[index];
  if (!tier) return { kind: 'any' };
  const above = index > 0 ? tiers[index - 1] : undefined;
  if (!above) return tier.minRate === 0 ? { kind: 'any' } : { kind: 'atLeast', min: tier.minRate };
  if (tier.minRate === 0) return { kind: 'below', max: above.minRate };
  return { kind: 'between', min: tier.minRate, max: above.minRate };
}

/** Tag colour: no cut green, a full cut red, the rest orange. */
export function tierColor(cut: number): string {
  if (cut <= 0) return 'success';
  if (cut >= 1) return 'error';
  return 'warning';
}
