import type {
  CoverageKind,
  Customer,
  Household,
  HouseholdRole,
  PaymentMode,
  Policy,
  PolicyStatus,
  ServiceKind,
  ServiceRequest,
  ServiceStatus,
} from '../../../contracts/customer.ts';
import type { CustomerTable, HouseholdTable } from '../../db/schema.ts';
import { maskIdNumber, maskPhone } from '../../lib/pii.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';
import type { CustomerView } from './customer.repository.ts';
import type { PolicyView } from './policy.repository.ts';
import { annualPremiumFen } from './review-card.rules.ts';
import type { ServiceRequestView } from './service-request.repository.ts';

/**
 * Rows → API objects. Phone and ID numbers leave the server masked, always: also where typed into
 * free text (notes, address, household name, insured and beneficiary names).
 */

/** A free-text field with any phone or ID number typed into it masked, as the number fields are. */
export function maskText<T extends string | null>(text: T): T {
  return (text === null ? null : maskPersonalNumbersInText(text)) as T;
}

export function toCustomerDto(v: CustomerView): Customer {
  return {
    id: v.id,
    ownerId: v.owner_id,
    ownerName: v.owner_name,
    unitId: v.unit_id,
    householdId: v.household_id,
    householdName: maskText(v.household_name),
    householdRole: v.household_role as HouseholdRole | null,
    prospectId: v.prospect_id,
    name: v.name,
    phone: maskPhone(v.phone),
    idNumber: maskIdNumber(v.id_number),
    gender: v.gender as Customer['gender'],
    birthDate: v.birth_date,
    address: maskText(v.address),
    notes: maskText(v.notes),
    erased: v.erased_at !== null,
    createdAt: v.created_at,
    updatedAt: v.updated_at,
  };
}

export function toHouseholdDto(h: HouseholdTable, members: CustomerTable[]): Household {
  return {
    id: h.id,
    ownerId: h.owner_id,
    unitId: h.unit_id,
    name: maskText(h.name),
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      householdRole: m.household_role as HouseholdRole | null,
      gender: m.gender as Customer['gender'],
      birthDate: m.birth_date,
    })),
    createdAt: h.created_at,
    updatedAt: h.updated_at,
  };
}

export function toPolicyDto(v: PolicyView, today: string): Policy {
  return {
    id: v.id,
    ownerId: v.owner_id,
    ownerName: v.owner_name,
    unitId: v.unit_id,
    customerId: v.customer_id,
    customerName: v.customer_name,
    householdId: v.household_id,
    policyNo: v.policy_no,
    product: v.product,
    coverageKind: v.coverage_kind as CoverageKind,
    sumAssuredFen: v.sum_assured_fen === null ? null : Number(v.sum_assured_fen),
    insuredName: maskText(v.insured_name),
    beneficiaryName: maskText(v.beneficiary_name),
    premiumFen: Number(v.premium_fen),
    paymentMode: v.payment_mode as PaymentMode,
    paymentTermYears: v.payment_term_years,
    effectiveDate: v.effective_date,
    status: v.status as PolicyStatus,
    annualPremiumFen: annualPremiumFen(
      {
        premiumFen: Number(v.premium_fen),
        paymentMode: v.payment_mode as PaymentMode,
        paymentTermYears: v.payment_term_years,
        effectiveDate: v.effective_date,
      },
      today,
    ),
    createdAt: v.created_at,
    updatedAt: v.updated_at,
  };
}

export function isOverdue(v: { status: string; due_date: string }, today: string): boolean {
  return (v.status === 'open' || v.status === 'inProgress') && v.due_date < today;
}

export function toServiceRequestDto(v: ServiceRequestView, today: string): ServiceRequest {
  return {
    id: v.id,
    ownerId: v.owner_id,
    ownerName: v.owner_name,
    unitId: v.unit_id,
    customerId: v.customer_id,
    customerName: v.customer_name,
    policyId: v.policy_id,
    policyNo: v.policy_no,
    kind: v.kind as ServiceKind,
    status: v.status as ServiceStatus,
    dueDate: v.due_date,
    overdue: isOverdue(v, today),
    notes: maskText(v.notes),
    activityId: v.activity_id,
    satisfaction: v.satisfaction,
    completedAt: v.completed_at,
    createdAt: v.created_at,
    updatedAt: v.updated_at,
  };
}
