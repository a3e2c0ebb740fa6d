import {
  CoverageKinds,
  type CoverageKind,
  type HouseholdRole,
  type PaymentMode,
  type ReviewCard,
} from '../../../contracts/customer.ts';

/**
 * The policy review card (保单检视卡), pure: what each member of a household is covered for, by
 * kind, what an agent should look at (gaps), and what the family pays a year.
 *
 * - A policy covers the member named as its insured (by name, spaces ignored); one insuring nobody
 *   of the household is listed apart (otherPolicies) and still counts in the totals.
 * - Only policies in force count.
 * - Expected kinds: an adult needs life, critical illness, medical and accident cover; a child
 *   medical, accident, critical illness and an (education) annuity. A member is a child when under
 *   18 by birth date, or, without a birth date, when their household role is child.
 * - Annual premium by payment mode (monthly ×12, quarterly ×4, semi-annual ×2, annual ×1); a single
 *   premium is paid once and is not annual (shown apart); a policy past its payment term is paid up.
 */

export const ADULT_KINDS: readonly CoverageKind[] = ['life', 'criticalIllness', 'medical', 'accident'];
export const CHILD_KINDS: readonly CoverageKind[] = ['medical', 'accident', 'criticalIllness', 'annuity'];
export const ADULT_AGE = 18;

const PAYMENTS_PER_YEAR: Record<PaymentMode, number> = {
  single: 0,
  annual: 1,
  semiAnnual: 2,
  quarterly: 4,
  monthly: 12,
};

/** The date `years` after a YYYY-MM-DD date (29 February falls on 28 February in other years). */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  let md = date.slice(5);
  if (md === '02-29' && !isLeapYear(y)) md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Whole years from `from` to `asOf` (both YYYY-MM-DD); a birthday on 29 February counts on 28 February. */
export function yearsBetween(from: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(from.slice(0, 4));
  return addYears(from, years) <= asOf ? years : years - 1;
}

export interface PremiumFacts {
  premiumFen: number;
  paymentMode: PaymentMode;
  paymentTermYears: number | null;
  effectiveDate: string;
}

/** What a policy costs a year on `asOf`: by payment mode; 0 for a single premium or when paid up. */
export function annualPremiumFen(p: PremiumFacts, asOf: string): number {
  const times = PAYMENTS_PER_YEAR[p.paymentMode];
  if (times === 0) return 0;
  if (p.paymentTermYears !== null && asOf >= addYears(p.effectiveDate, p.paymentTermYears)) return 0;
  return p.premiumFen * times;
}

export interface ReviewMemberInput {
  customerId: string;
  name: string;
  householdRole: HouseholdRole | null;
  birthDate: string | null;
}

export interface ReviewPolicyInput extends PremiumFacts {
  id: string;
  customerId: string;
  policyNo: string;
  product: string;
  coverageKind: CoverageKind;
  sumAssuredFen: number | null;
  insuredName: string;
  status: string;
}

export interface ReviewInput {
  customerId: string;
  householdId: string | null;
  householdName: string | null;
  asOf: string;
  members: ReviewMemberInput[];
  policies: ReviewPolicyInput[];
}

const nameKey = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function isChild(m: Pick<ReviewMemberInput, 'birthDate' | 'householdRole'>, asOf: string): boolean {
  if (m.birthDate) return yearsBetween(m.birthDate, asOf) < ADULT_AGE;
  return m.householdRole === 'child';
}

/**
 * The member a policy insures: the member of that name, the policy holder first when several share
 * it; undefined when nobody of the household is named.
 */
export function insuredMember(
  policy: Pick<ReviewPolicyInput, 'insuredName' | 'customerId'>,
  members: readonly ReviewMemberInput[],
): ReviewMemberInput | undefined {
  const key = nameKey(policy.insuredName);
  const named = members.filter((m) => nameKey(m.name) === key);
  return named.find((m) => m.customerId === policy.customerId) ?? named[0];
}

export function buildReviewCard(input: ReviewInput): ReviewCard {
  const { asOf } = input;
  const inForce = input.policies.filter((p) => p.status === 'inForce');
  const view = (p: ReviewPolicyInput) => ({
    id: p.id,
    policyNo: p.policyNo,
    product: p.product,
    sumAssuredFen: p.sumAssuredFen,
    annualPremiumFen: annualPremiumFen(p, asOf),
    paymentMode: p.paymentMode,
    effectiveDate: p.effectiveDate,
  });
  const byMember = new Map<string, ReviewPolicyInput[]>();
  const others: ReviewPolicyInput[] = [];
  for (const p of inForce) {
    const m = insuredMember(p, input.members);
    if (!m) others.push(p);
    else byMember.set(m.customerId, [...(byMember.get(m.customerId) ?? []), p]);
  }

  const members = input.members.map((m) => {
    const child = isChild(m, asOf);
    const expected = new Set(child ? CHILD_KINDS : ADULT_KINDS);
    const own = byMember.get(m.customerId) ?? [];
    const coverage = CoverageKinds.map((kind) => {
      const policies = own.filter((p) => p.coverageKind === kind).map(view);
      return {
        kind,
        policies,
        sumAssuredFen: policies.reduce((s, p) => s + (p.sumAssuredFen ?? 0), 0),
        annualPremiumFen: policies.reduce((s, p) => s + p.annualPremiumFen, 0),
        expected: expected.has(kind),
        gap: expected.has(kind) && policies.length === 0,
      };
    });
    return {
      customerId: m.customerId,
      name: m.name,
      householdRole: m.householdRole,
      age: m.birthDate ? yearsBetween(m.birthDate, asOf) : null,
      child,
      coverage,
      gaps: coverage.filter((c) => c.gap).map((c) => c.kind),
      annualPremiumFen: coverage.reduce((s, c) => s + c.annualPremiumFen, 0),
    };
  });

  const byKind = CoverageKinds.map((kind) => {
    const of = inForce.filter((p) => p.coverageKind === kind);
    return {
      kind,
      sumAssuredFen: of.reduce((s, p) => s + (p.sumAssuredFen ?? 0), 0),
      annualPremiumFen: of.reduce((s, p) => s + annualPremiumFen(p, asOf), 0),
      policyCount: of.length,
    };
  });
  return {
    customerId: input.customerId,
    householdId: input.householdId,
    householdName: input.householdName,
    asOf,
    members,
    totals: {
      annualPremiumFen: byKind.reduce((s, k) => s + k.annualPremiumFen, 0),
      singlePremiumFen: inForce.filter((p) => p.paymentMode === 'single').reduce((s, p) => s + p.premiumFen, 0),
      byKind,
      gapCount: members.reduce((s, m) => s + m.gaps.length, 0),
      policyCount: inForce.length,
    },
    otherPolicies: others.map((p) => ({ ...view(p), insuredName: p.insuredName })),
  };
}
