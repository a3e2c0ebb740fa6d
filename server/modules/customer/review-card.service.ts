import type { CoverageKind, HouseholdRole, PaymentMode, ReviewCard } from '../../../contracts/customer.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { notFound } from '../../http/errors.ts';
import { readVisibility, tenantToday } from './customer.access.ts';
import { maskText } from './customer.dto.ts';
import * as repo from './customer.repository.ts';
import { findCardPolicies } from './policy.repository.ts';
import { buildReviewCard } from './review-card.rules.ts';

/** The policy review card (保单检视卡) of a customer's household, or of the customer alone. */
export async function getReviewCard(ctx: Ctx, customerId: string): Promise<ReviewCard> {
  assertCan(ctx.actor, 'prospect.own');
  const { tenantId } = ctx.actor;
  const customer = await repo.findCustomerView(ctx.db, tenantId, customerId, readVisibility(ctx.actor));
  if (!customer) throw notFound('Customer');
  const members = customer.household_id
    ? await repo.findHouseholdMembers(ctx.db, tenantId, customer.household_id)
    : [customer];
  const policies = await findCardPolicies(
    ctx.db,
    tenantId,
    members.map((m) => m.id),
  );
  // Insured names are matched to members as written; the answer shows a number typed into them masked.
  const card = buildReviewCard({
    customerId,
    householdId: customer.household_id,
    householdName: customer.household_name,
    asOf: await tenantToday(ctx),
    members: members.map((m) => ({
      customerId: m.id,
      name: m.name,
      householdRole: m.household_role as HouseholdRole | null,
      birthDate: m.birth_date,
    })),
    policies: policies.map((p) => ({
      id: p.id,
      customerId: p.customer_id,
      policyNo: p.policy_no,
      product: p.product,
      coverageKind: p.coverage_kind as CoverageKind,
      sumAssuredFen: p.sum_assured_fen === null ? null : Number(p.sum_assured_fen),
      insuredName: p.insured_name,
      premiumFen: Number(p.premium_fen),
      paymentMode: p.payment_mode as PaymentMode,
      paymentTermYears: p.payment_term_years,
      effectiveDate: p.effective_date,
      status: p.status,
    })),
  });
  return {
    ...card,
    householdName: maskText(card.householdName),
    otherPolicies: card.otherPolicies.map((p) => ({ ...p, insuredName: maskText(p.insuredName) })),
  };
}
