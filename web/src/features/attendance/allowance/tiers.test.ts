import { describe, expect, it } from 'vitest';
import { tierColor, tierRange } from './tiers.ts';

const SEED = [
  { minRate: 0.8, cut: 0 },
  { minRate: 0.5, cut: 0.2 },
  { minRate: 0, cut: 1 },
];

describe('allowance tiers', () => {
  it('describes the seed tiers as ranges', () => {
    expect(tierRange(SEED, 0)).toEqual({ kind: 'atLeast', min: 0.8 });
    expect(tierRange(SEED, 1)).toEqual({ kind: 'between', min: 0.5, max: 0.8 });
    expect(tierRange(SEED, 2)).toEqual({ kind: 'below', max: 0.5 });
    expect(tierRange([{ minRate: 0, cut: 0 }], 0)).toEqual({ kind: 'any' });
    expect(tierRange(SEED, 5)).toEqual({ kind: 'any' });
  });

  it('colours by the cut', () => {
    expect(SEED.map((t) => tierColor(t.cut))).toEqual(['success', 'warning', 'error']);
  });
});
