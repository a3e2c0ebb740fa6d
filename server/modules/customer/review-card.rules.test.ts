import { describe, expect, it } from 'vitest';
import { recurringMonthDays, recursOn, yearsOn, digestText, sortTodos } from './care.rules.ts';
import {
  addYears,
  annualPremiumFen,
  buildReviewCard,
  insuredMember,
  isChild,
  yearsBetween,
  type ReviewPolicyInput,
} from './review-card.rules.ts';
import type { TodoItem } from '../../../contracts/customer.ts';

const ASOF = '2026-11-18';

let seq = 0;
function policy(p: Partial<ReviewPolicyInput> & Pick<ReviewPolicyInput, 'customerId' | 'insuredName' | 'coverageKind'>): ReviewPolicyInput {
  seq++;
  return {
    id: `p${seq}`,
    policyNo: `NO${seq}`,
    product: 'Product',
    sumAssuredFen: 100_000_00,
    premiumFen: 1_000_00,
    paymentMode: 'annual',
    paymentTermYears: 20,
    effectiveDate: '2024-01-01',
    status: 'inForce',
    ...p,
  };
}

describe('dates', () => {
  it('adds years, 29 February falling on 28 February in other years', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2020-06-30', 6)).toBe('2026-06-30');
  });
  it('counts whole years', () => {
    expect(yearsBetween('2008-11-18', ASOF)).toBe(18);
    expect(yearsBetween('2008-11-19', ASOF)).toBe(17);
    expect(yearsBetween('2000-02-29', '2025-02-28')).toBe(25);
    expect(yearsBetween('2000-02-29', '2025-02-27')).toBe(24);
  });
});

describe('annual premium by payment mode', () => {
  const base = { premiumFen: 1000, paymentTermYears: null, effectiveDate: '2025-01-01' };
  it.each([
    ['single', 0],
    ['annual', 1000],
    ['semiAnnual', 2000],
    ['quarterly', 4000],
    ['monthly', 12000],
  ] as const)('%s → %i', (mode, fen) => {
    expect(annualPremiumFen({ ...base, paymentMode: mode }, ASOF)).toBe(fen);
  });
  it('a policy past its payment term is paid up', () => {
    const p = { premiumFen: 1000, paymentMode: 'annual' as const, paymentTermYears: 10, effectiveDate: '2016-11-19' };
    expect(annualPremiumFen(p, '2026-11-18')).toBe(1000);
    expect(annualPremiumFen(p, '2026-11-19')).toBe(0);
  });
});

describe('members', () => {
  it('a child is under 18 by birth date, else by the household role', () => {
    expect(isChild({ birthDate: '2008-11-19', householdRole: 'self' }, ASOF)).toBe(true);
    expect(isChild({ birthDate: '2008-11-18', householdRole: 'child' }, ASOF)).toBe(false);
    expect(isChild({ birthDate: null, householdRole: 'child' }, ASOF)).toBe(true);
    expect(isChild({ birthDate: null, householdRole: null }, ASOF)).toBe(false);
  });
  it('a policy insures the member named, spaces ignored, the holder first among namesakes', () => {
    const members = [
      { customerId: 'a', name: '张 三', householdRole: 'self' as const, birthDate: null },
      { customerId: 'b', name: '张三', householdRole: 'parent' as const, birthDate: null },
    ];
    expect(insuredMember({ insuredName: '张三', customerId: 'b' }, members)?.customerId).toBe('b');
    expect(insuredMember({ insuredName: '张三 ', customerId: 'x' }, members)?.customerId).toBe('a');
    expect(insuredMember({ insuredName: '李四', customerId: 'a' }, members)).toBeUndefined();
  });
});

describe('the review card', () => {
  const members = [
    { customerId: 'dad', name: '王强', householdRole: 'self' as const, birthDate: '1985-03-01' },
    { customerId: 'mum', name: '李丽', householdRole: 'spouse' as const, birthDate: '1987-07-07' },
    { customerId: 'kid', name: '王小宝', householdRole: 'child' as const, birthDate: '2018-05-05' },
  ];
  const policies = [
    // The father holds every policy; each insures the member named.
    policy({ customerId: 'dad', insuredName: '王强', coverageKind: 'life', sumAssuredFen: 1_000_000_00, premiumFen: 5_000_00 }),
    policy({ customerId: 'dad', insuredName: '王强', coverageKind: 'criticalIllness', sumAssuredFen: 500_000_00, premiumFen: 800_00, paymentMode: 'monthly' }),
    policy({ customerId: 'dad', insuredName: '王强', coverageKind: 'criticalIllness', sumAssuredFen: 300_000_00, premiumFen: 3_000_00 }),
    policy({ customerId: 'dad', insuredName: '李丽', coverageKind: 'medical', sumAssuredFen: 2_000_000_00, premiumFen: 300_00 }),
    policy({ customerId: 'dad', insuredName: '王小宝', coverageKind: 'annuity', sumAssuredFen: null, premiumFen: 10_000_00, paymentMode: 'single' }),
    policy({ customerId: 'dad', insuredName: '王小宝', coverageKind: 'medical', premiumFen: 200_00, status: 'lapsed' }),
    policy({ customerId: 'dad', insuredName: '王奶奶', coverageKind: 'accident', sumAssuredFen: 100_000_00, premiumFen: 100_00 }),
  ];
  const card = buildReviewCard({
    customerId: 'dad',
    householdId: 'h1',
    householdName: '王家',
    asOf: ASOF,
    members,
    policies,
  });
  const member = (id: string) => card.members.find((m) => m.customerId === id)!;
  const cover = (id: string, kind: string) => member(id).coverage.find((c) => c.kind === kind)!;

  it('an adult is expected to hold life, critical illness, medical and accident cover', () => {
    expect(member('dad')).toMatchObject({ age: 41, child: false, gaps: ['medical', 'accident'] });
    expect(cover('dad', 'annuity')).toMatchObject({ expected: false, gap: false, policies: [] });
    expect(member('mum').gaps).toEqual(['life', 'criticalIllness', 'accident']);
  });
  it('a child: medical, accident, critical illness and an education annuity; lapsed policies do not count', () => {
    expect(member('kid')).toMatchObject({ age: 8, child: true });
    expect(member('kid').gaps).toEqual(['criticalIllness', 'medical', 'accident']);
    expect(cover('kid', 'life')).toMatchObject({ expected: false, gap: false });
    expect(cover('kid', 'annuity')).toMatchObject({ expected: true, gap: false, annualPremiumFen: 0 });
  });
  it('sums per member and kind: sum assured and annualised premium', () => {
    expect(cover('dad', 'criticalIllness')).toMatchObject({
      sumAssuredFen: 800_000_00,
      annualPremiumFen: 800_00 * 12 + 3_000_00,
    });
    expect(cover('dad', 'criticalIllness').policies).toHaveLength(2);
    expect(member('dad').annualPremiumFen).toBe(5_000_00 + 9_600_00 + 3_000_00);
  });
  it('a policy insuring nobody of the household is listed apart and counted in the totals', () => {
    expect(card.otherPolicies).toHaveLength(1);
    expect(card.otherPolicies[0]).toMatchObject({ insuredName: '王奶奶', annualPremiumFen: 100_00 });
    expect(card.totals).toMatchObject({
      annualPremiumFen: 5_000_00 + 9_600_00 + 3_000_00 + 300_00 + 100_00,
      singlePremiumFen: 10_000_00,
      gapCount: 2 + 3 + 3,
      policyCount: 6,
    });
    expect(card.totals.byKind.find((k) => k.kind === 'criticalIllness')).toEqual({
      kind: 'criticalIllness',
      sumAssuredFen: 800_000_00,
      annualPremiumFen: 12_600_00,
      policyCount: 2,
    });
  });
  it('a customer alone with nothing in force has every expected kind as a gap', () => {
    const alone = buildReviewCard({
      customerId: 'x',
      householdId: null,
      householdName: null,
      asOf: ASOF,
      members: [{ customerId: 'x', name: '赵六', householdRole: null, birthDate: null }],
      policies: [],
    });
    expect(alone.members[0]!.gaps).toEqual(['life', 'criticalIllness', 'medical', 'accident']);
    expect(alone.totals).toMatchObject({ annualPremiumFen: 0, gapCount: 4, policyCount: 0 });
  });
});

describe('care dates', () => {
  it('29 February recurs on 28 February in other years only', () => {
    expect(recurringMonthDays('2026-02-28')).toEqual(['02-28', '02-29']);
    expect(recurringMonthDays('2028-02-28')).toEqual(['02-28']);
    expect(recurringMonthDays('2028-02-29')).toEqual(['02-29']);
    expect(recursOn('2000-02-29', '2026-02-28')).toBe(true);
    expect(recursOn('2000-11-18', ASOF)).toBe(true);
    expect(recursOn('2000-11-19', ASOF)).toBe(false);
    expect(yearsOn('1990-11-18', ASOF)).toBe(36);
  });
  it('the digest lists kinds in order, names shortened', () => {
    const item = (kind: TodoItem['kind'], name: string, date = ASOF): TodoItem => ({
      kind,
      entity: 'customer',
      entityId: name,
      name,
      years: null,
      date,
      customerId: null,
      policyNo: null,
      product: null,
      serviceKind: null,
    });
    const items = sortTodos([
      item('customerBirthday', '甲'),
      item('serviceOverdue', '乙', '2026-11-01'),
      ...['a', 'b', 'c', 'd', 'e', 'f'].map((n) => item('followUp', n)),
    ]);
    expect(items.map((i) => i.kind)[0]).toBe('serviceOverdue');
    const d = digestText(items);
    expect(d.title).toBe('今日客户关怀待办 8 项');
    expect(d.body).toBe('逾期服务 1：乙；待跟进 6：a、b、c、d、e 等；客户生日 1：甲');
    expect(d.counts).toMatchObject({ serviceOverdue: 1, followUp: 6, customerBirthday: 1, policyAnniversary: 0 });
  });
});
