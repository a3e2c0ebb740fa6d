import { z } from 'zod';
import { DateSchema, IdSchema, PageQuerySchema, pageOf } from './common.ts';
import { ImportFieldsSchema, ImportResultSchema, ImportRowSchema, LocaleSchema } from './import.ts';
import { Genders, IdNumberSchema, PhoneSchema } from './user.ts';

/**
 * Customers and policies (客户管理): customers grouped in households, their policies and the
 * household's policy review card (保单检视卡), after-sales service requests (售后服务) with the
 * return-visit satisfaction figure, and the agent's daily to-dos (care reminders).
 *
 * Phone and ID numbers are always masked in these responses (138****5678); showing a full number
 * is the audited reveal of the personal-data routes. Money is integer fen.
 */

// ---- Vocabularies -------------------------------------------------------------------------------

export const HouseholdRoles = ['self', 'spouse', 'child', 'parent', 'other'] as const;
export type HouseholdRole = (typeof HouseholdRoles)[number];

/** Coverage kinds of the review card; annuity covers education annuities too. */
export const CoverageKinds = ['life', 'criticalIllness', 'medical', 'accident', 'annuity'] as const;
export type CoverageKind = (typeof CoverageKinds)[number];

export const PaymentModes = ['single', 'annual', 'semiAnnual', 'quarterly', 'monthly'] as const;
export type PaymentMode = (typeof PaymentModes)[number];

export const PolicyStatuses = ['inForce', 'lapsed', 'surrendered', 'claimed'] as const;
export type PolicyStatus = (typeof PolicyStatuses)[number];

/** returnVisit: new-contract delivery and return visit (新契约回访); claim (理赔); policyChange (保全). */
export const ServiceKinds = ['returnVisit', 'claim', 'policyChange', 'other'] as const;
export type ServiceKind = (typeof ServiceKinds)[number];

export const ServiceStatuses = ['open', 'inProgress', 'done', 'cancelled'] as const;
export type ServiceStatus = (typeof ServiceStatuses)[number];

const text = (max: number) => z.string().trim().max(max);
const NameSchema = z.string().trim().min(1).max(60);
/** Money in integer fen, at most 10 billion yuan. */
const FenSchema = z.number().int().max(1_000_000_000_000);

// ---- Customers ------------------------------------------------------------------------------------

export const CustomerSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  unitId: z.string(),
  householdId: z.string().nullable(),
  householdName: z.string().nullable(),
  householdRole: z.enum(HouseholdRoles).nullable(),
  /** The prospect card the customer came from (signed), or null for one entered by hand. */
  prospectId: z.string().nullable(),
  name: z.string(),
  /** Masked. */
  phone: z.string().nullable(),
  /** Masked. */
  idNumber: z.string().nullable(),
  gender: z.enum(Genders).nullable(),
  birthDate: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  /** Personal fields erased (PIPL): the row stays, anonymised. */
  erased: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof CustomerSchema>;

const customerFields = {
  name: NameSchema,
  phone: PhoneSchema.nullable(),
  /** The check digit is verified by the server (400 with the field when wrong). */
  idNumber: IdNumberSchema.nullable(),
  gender: z.enum(Genders).nullable(),
  birthDate: DateSchema.nullable(),
  address: text(200).nullable(),
  notes: text(2000).nullable(),
  householdId: IdSchema.nullable(),
  householdRole: z.enum(HouseholdRoles).nullable(),
};

/**
 * A customer entered by hand. The owner is the caller unless `ownerId` names a person in the
 * caller's scope (leads only). A household must be one of the owner's.
 */
export const CustomerCreateSchema = z.object({
  ownerId: IdSchema.optional(),
  name: customerFields.name,
  phone: customerFields.phone.optional(),
  idNumber: customerFields.idNumber.optional(),
  gender: customerFields.gender.optional(),
  birthDate: customerFields.birthDate.optional(),
  address: customerFields.address.optional(),
  notes: customerFields.notes.optional(),
  householdId: customerFields.householdId.optional(),
  householdRole: customerFields.householdRole.optional(),
});
export type CustomerCreate = z.infer<typeof CustomerCreateSchema>;

/** null clears a field; householdId null takes the customer out of their household. */
export const CustomerPatchSchema = z.object(customerFields).partial();
export type CustomerPatch = z.infer<typeof CustomerPatchSchema>;

/** Sort keys ("-" for descending); default name. */
export const CustomerSorts = ['name', 'createdAt', 'birthDate', 'updatedAt'] as const;
export const CustomerListQuerySchema = PageQuerySchema.extend({
  ownerId: IdSchema.optional(),
  unitId: IdSchema.optional(),
  householdId: IdSchema.optional(),
  /** Name prefix. */
  q: z.string().trim().min(1).max(60).optional(),
});
export type CustomerListQuery = z.output<typeof CustomerListQuerySchema>;
export const CustomerPageSchema = pageOf(CustomerSchema);
export const CustomerExportQuerySchema = CustomerListQuerySchema.omit({ page: true, pageSize: true }).extend({
  lang: LocaleSchema.optional(),
});
export type CustomerExportQuery = z.output<typeof CustomerExportQuerySchema>;

// ---- Households -----------------------------------------------------------------------------------

export const HouseholdMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  householdRole: z.enum(HouseholdRoles).nullable(),
  gender: z.enum(Genders).nullable(),
  birthDate: z.string().nullable(),
});
export type HouseholdMember = z.infer<typeof HouseholdMemberSchema>;

export const HouseholdSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  unitId: z.string(),
  name: z.string(),
  members: z.array(HouseholdMemberSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Household = z.infer<typeof HouseholdSchema>;

/**
 * A household of customers of one owner (the owner of the members). A member of another household
 * moves to this one.
 */
export const HouseholdCreateSchema = z.object({
  name: NameSchema,
  memberIds: z.array(IdSchema).min(1).max(50),
});
export type HouseholdCreate = z.infer<typeof HouseholdCreateSchema>;

export const HouseholdPatchSchema = z.object({
  name: NameSchema.optional(),
  addMemberIds: z.array(IdSchema).max(50).optional(),
  removeMemberIds: z.array(IdSchema).max(50).optional(),
});
export type HouseholdPatch = z.infer<typeof HouseholdPatchSchema>;

// ---- Policies -------------------------------------------------------------------------------------

export const PolicySchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  unitId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  householdId: z.string().nullable(),
  policyNo: z.string(),
  product: z.string(),
  coverageKind: z.enum(CoverageKinds),
  sumAssuredFen: z.number().int().nullable(),
  insuredName: z.string(),
  beneficiaryName: z.string().nullable(),
  premiumFen: z.number().int(),
  paymentMode: z.enum(PaymentModes),
  paymentTermYears: z.number().int().nullable(),
  effectiveDate: z.string(),
  status: z.enum(PolicyStatuses),
  /** The premium per year by payment mode (single: 0; paid up past the term: 0). */
  annualPremiumFen: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Policy = z.infer<typeof PolicySchema>;

const policyFields = {
  /** The insurer's policy number: unique in the tenant (409 POLICY_NUMBER_TAKEN). */
  policyNo: z.string().trim().min(1).max(40),
  product: z.string().trim().min(1).max(100),
  coverageKind: z.enum(CoverageKinds),
  sumAssuredFen: FenSchema.min(0).nullable(),
  insuredName: NameSchema,
  beneficiaryName: text(100).nullable(),
  premiumFen: FenSchema.min(1),
  paymentMode: z.enum(PaymentModes),
  paymentTermYears: z.number().int().min(1).max(100).nullable(),
  effectiveDate: DateSchema,
  status: z.enum(PolicyStatuses),
};

/** The policy's household is the customer's; owner and team are the customer's. */
export const PolicyCreateSchema = z.object({
  customerId: IdSchema,
  ...policyFields,
  sumAssuredFen: policyFields.sumAssuredFen.optional(),
  beneficiaryName: policyFields.beneficiaryName.optional(),
  paymentTermYears: policyFields.paymentTermYears.optional(),
  status: policyFields.status.default('inForce'),
});
export type PolicyCreate = z.input<typeof PolicyCreateSchema>;

export const PolicyPatchSchema = z.object(policyFields).partial();
export type PolicyPatch = z.infer<typeof PolicyPatchSchema>;

/** Sort keys; default -effectiveDate. */
export const PolicySorts = ['effectiveDate', 'createdAt', 'premium', 'policyNo'] as const;
export const PolicyListQuerySchema = PageQuerySchema.extend({
  customerId: IdSchema.optional(),
  householdId: IdSchema.optional(),
  ownerId: IdSchema.optional(),
  unitId: IdSchema.optional(),
  status: z.enum(PolicyStatuses).optional(),
  coverageKind: z.enum(CoverageKinds).optional(),
});
export type PolicyListQuery = z.output<typeof PolicyListQuerySchema>;
export const PolicyPageSchema = pageOf(PolicySchema);
export const PolicyExportQuerySchema = PolicyListQuerySchema.omit({ page: true, pageSize: true }).extend({
  lang: LocaleSchema.optional(),
});
export type PolicyExportQuery = z.output<typeof PolicyExportQuerySchema>;

/**
 * Columns of the policy import (.xlsx/.csv, Chinese or English headers). The customer is named by
 * `customer` (name) with `owner` (the owner's username), or by `customerId`. Coverage kind and
 * payment mode and status accept the Chinese word or the code; money in yuan (two decimals).
 */
export const PolicyFieldKeys = [
  'policyNo',
  'customer',
  'owner',
  'customerId',
  'product',
  'coverageKind',
  'sumAssured',
  'insuredName',
  'beneficiaryName',
  'premium',
  'paymentMode',
  'paymentTermYears',
  'effectiveDate',
  'status',
] as const;
export type PolicyFieldKey = (typeof PolicyFieldKeys)[number];

/** Multipart fields: dryRun ("true" by default: preview), mapping (JSON). */
export const PolicyImportFieldsSchema = ImportFieldsSchema;

export const PolicyImportResultSchema = ImportResultSchema.extend({
  rows: z.array(
    ImportRowSchema.extend({
      /** The customer the row resolved to, when it did. */
      customerId: z.string().nullable(),
      customerName: z.string().nullable(),
    }),
  ),
});
export type PolicyImportResult = z.infer<typeof PolicyImportResultSchema>;

// ---- Policy review card (保单检视卡) --------------------------------------------------------------

export const ReviewPolicySchema = z.object({
  id: z.string(),
  policyNo: z.string(),
  product: z.string(),
  sumAssuredFen: z.number().int().nullable(),
  annualPremiumFen: z.number().int(),
  paymentMode: z.enum(PaymentModes),
  effectiveDate: z.string(),
});

export const ReviewCoverageSchema = z.object({
  kind: z.enum(CoverageKinds),
  /** In-force policies insuring this member for this kind. */
  policies: z.array(ReviewPolicySchema),
  sumAssuredFen: z.number().int(),
  annualPremiumFen: z.number().int(),
  /** Whether the kind is expected for this member (adult: life, criticalIllness, medical, accident; child: medical, accident, criticalIllness, annuity). */
  expected: z.boolean(),
  /** Expected and no in-force cover: highlighted. */
  gap: z.boolean(),
});

export const ReviewMemberSchema = z.object({
  customerId: z.string(),
  name: z.string(),
  householdRole: z.enum(HouseholdRoles).nullable(),
  /** Age in whole years today, when the birth date is known. */
  age: z.number().int().nullable(),
  /** Role child, or under 18 by birth date. */
  child: z.boolean(),
  coverage: z.array(ReviewCoverageSchema),
  gaps: z.array(z.enum(CoverageKinds)),
  annualPremiumFen: z.number().int(),
});

export const ReviewCardSchema = z.object({
  customerId: z.string(),
  householdId: z.string().nullable(),
  householdName: z.string().nullable(),
  /** Today in the tenant's zone: ages and paid-up terms are judged on it. */
  asOf: z.string(),
  members: z.array(ReviewMemberSchema),
  totals: z.object({
    /** Annual premium of every in-force policy of the card, the members' and otherPolicies (annualised by payment mode). */
    annualPremiumFen: z.number().int(),
    /** Single premiums of in-force policies (not part of the annual figure). */
    singlePremiumFen: z.number().int(),
    byKind: z.array(
      z.object({
        kind: z.enum(CoverageKinds),
        sumAssuredFen: z.number().int(),
        annualPremiumFen: z.number().int(),
        policyCount: z.number().int(),
      }),
    ),
    gapCount: z.number().int(),
    policyCount: z.number().int(),
  }),
  /** In-force policies of the household whose insured is none of its members (by name). */
  otherPolicies: z.array(ReviewPolicySchema.extend({ insuredName: z.string() })),
});
export type ReviewCard = z.infer<typeof ReviewCardSchema>;

// ---- Service requests (售后服务) ------------------------------------------------------------------

export const ServiceRequestSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  unitId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  policyId: z.string().nullable(),
  policyNo: z.string().nullable(),
  kind: z.enum(ServiceKinds),
  status: z.enum(ServiceStatuses),
  dueDate: z.string(),
  /** open or inProgress and due before today (tenant time zone). */
  overdue: z.boolean(),
  notes: z.string().nullable(),
  activityId: z.string().nullable(),
  /** 1–5, return visits that are done only. */
  satisfaction: z.number().int().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ServiceRequest = z.infer<typeof ServiceRequestSchema>;

const SatisfactionScoreSchema = z.number().int().min(1).max(5);

/** Owner and team are the customer's; a policy must be the customer's; an activity the owner's. */
export const ServiceRequestCreateSchema = z.object({
  customerId: IdSchema,
  policyId: IdSchema.optional(),
  kind: z.enum(ServiceKinds),
  dueDate: DateSchema,
  notes: text(2000).optional(),
  activityId: IdSchema.optional(),
});
export type ServiceRequestCreate = z.infer<typeof ServiceRequestCreateSchema>;

/**
 * A return visit marked done needs `satisfaction` (1–5); other kinds and other statuses refuse it
 * (400 with the field). Leaving done clears the satisfaction and completion time.
 */
export const ServiceRequestPatchSchema = z.object({
  status: z.enum(ServiceStatuses).optional(),
  dueDate: DateSchema.optional(),
  notes: text(2000).nullable().optional(),
  activityId: IdSchema.nullable().optional(),
  satisfaction: SatisfactionScoreSchema.nullable().optional(),
});
export type ServiceRequestPatch = z.infer<typeof ServiceRequestPatchSchema>;

/** Sort keys; default dueDate. */
export const ServiceRequestSorts = ['dueDate', 'createdAt', 'updatedAt'] as const;
export const ServiceRequestListQuerySchema = PageQuerySchema.extend({
  ownerId: IdSchema.optional(),
  unitId: IdSchema.optional(),
  customerId: IdSchema.optional(),
  status: z.enum(ServiceStatuses).optional(),
  kind: z.enum(ServiceKinds).optional(),
  /** 1: only overdue ones. */
  overdue: z.enum(['0', '1']).optional(),
});
export type ServiceRequestListQuery = z.output<typeof ServiceRequestListQuerySchema>;
export const ServiceRequestPageSchema = pageOf(ServiceRequestSchema);
export const ServiceRequestExportQuerySchema = ServiceRequestListQuerySchema.omit({
  page: true,
  pageSize: true,
}).extend({ lang: LocaleSchema.optional() });
export type ServiceRequestExportQuery = z.output<typeof ServiceRequestExportQuerySchema>;

/** Return visits completed (by completion date, tenant zone) in [from, to]; default the last 90 days. */
export const SatisfactionQuerySchema = z.object({
  unitId: IdSchema.optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
});
export type SatisfactionQuery = z.infer<typeof SatisfactionQuerySchema>;

const SatisfactionFigure = {
  /** Average score, two decimals; null when nothing was scored. */
  average: z.number().nullable(),
  count: z.number().int(),
};
export const SatisfactionSchema = z.object({
  from: z.string(),
  to: z.string(),
  ...SatisfactionFigure,
  /** Per team (the owner's team of the request), best average first. */
  teams: z.array(z.object({ unitId: z.string(), unitName: z.string(), ...SatisfactionFigure })),
  /** Per agent. */
  agents: z.array(
    z.object({ userId: z.string(), userName: z.string(), unitId: z.string(), ...SatisfactionFigure }),
  ),
});
export type Satisfaction = z.infer<typeof SatisfactionSchema>;

// ---- To-dos (care reminders) ----------------------------------------------------------------------

export const TodoKinds = [
  'customerBirthday',
  'prospectBirthday',
  'policyAnniversary',
  'followUp',
  'serviceOverdue',
] as const;
export type TodoKind = (typeof TodoKinds)[number];

export const TodoEntities = ['customer', 'prospect', 'policy', 'serviceRequest'] as const;

export const TodoItemSchema = z.object({
  kind: z.enum(TodoKinds),
  /** Link target: open this entity. */
  entity: z.enum(TodoEntities),
  entityId: z.string(),
  /** The person's name (customer, prospect) or the policy's customer. */
  name: z.string(),
  /** Birthdays: age turned today (if the year is known); anniversaries: years in force. */
  years: z.number().int().nullable(),
  /** Follow-ups: the follow-up date; overdue service: the due date; else today. */
  date: z.string(),
  /** The customer of a policy or service request. */
  customerId: z.string().nullable(),
  policyNo: z.string().nullable(),
  product: z.string().nullable(),
  serviceKind: z.enum(ServiceKinds).nullable(),
});
export type TodoItem = z.infer<typeof TodoItemSchema>;

export const TodoListSchema = z.object({
  date: z.string(),
  items: z.array(TodoItemSchema),
});
export type TodoList = z.infer<typeof TodoListSchema>;

// ---- A customer in full -------------------------------------------------------------------------

/**
 * GET /api/customers/:id: the customer with their household (members), their policies (as policy
 * holder, every status, newest first) and their open or in-progress service requests (by due date).
 * `prospectId` names the card the customer came from.
 */
export const CustomerDetailSchema = CustomerSchema.extend({
  household: HouseholdSchema.nullable(),
  policies: z.array(PolicySchema),
  openServiceRequests: z.array(ServiceRequestSchema),
});
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>;
