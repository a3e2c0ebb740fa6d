import { describe, expect, it } from 'vitest';
import type { ActivityType } from '../../../../contracts/activity.ts';
import { tierPoints, withTier } from './plan.ts';

const item = { typeId: 'visit', target: 10, sprint: 12, challenge: 15 };

describe('plan tiers', () => {
  it('raising the target raises sprint and challenge that fall below it', () => {
    expect(withTier(item, 'target', 13)).toEqual({ typeId: 'visit', target: 13, sprint: 13, challenge: 15 });
    expect(withTier(item, 'target', 20)).toEqual({ typeId: 'visit', target: 20, sprint: 20, challenge: 20 });
  });

  it('lowering a tier lowers the tiers below it', () => {
    expect(withTier(item, 'challenge', 11)).toEqual({
      typeId: 'visit',
      target: 10,
      sprint: 11,
      challenge: 11,
    });
    expect(withTier(item, 'sprint', 5)).toEqual({ typeId: 'visit', target: 5, sprint: 5, challenge: 15 });
  });

  it('sums points of a tier with fractional type points without drift', () => {
    const types = [
      { id: 'visit', points: 3 },
      { id: 'message', points: 0.2 },
    ] as ActivityType[];
    const items = [item, { typeId: 'message', target: 7, sprint: 8, challenge: 9 }];
    expect(tierPoints(items, types, 'target')).toBe(31.4);
    expect(tierPoints(items, types, 'challenge')).toBe(46.8);
  });
});
