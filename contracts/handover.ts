import { z } from 'zod';
import { IdSchema, PageQuerySchema, pageOf } from './common.ts';
import { LocaleSchema } from './import.ts';

/**
 * Handover (客户移交): when an agent leaves, or on a manager's decision, all or some of their Plan 100
 * names, prospect cards and customers move to another agent. The moved rows get the new owner and
 * the new owner's current team; their history (stage changes, activities, the audit trail) keeps
 * the owner and team of the day. A customer moves with their policies and service requests; a
 * household moves when every one of its members moves (otherwise it stays with the old owner).
 * Cards and names do not pull each other along: the picker shows the links.
 */

export const HandoverReasons = ['leaving', 'decision'] as const;
export type HandoverReason = (typeof HandoverReasons)[number];

/** What one handover item names. */
export const HandoverEntities = ['name', 'prospect', 'customer', 'household', 'policy', 'serviceRequest'] as const;
export type HandoverEntity = (typeof HandoverEntities)[number];

const IdListSchema = z.array(IdSchema).max(5000);

/**
 * Either `all: true` (everything the agent holds) or some of prospectIds / customerIds / nameIds.
 * Every listed id must be a row the from-agent owns (400 otherwise, nothing written).
 */
export const HandoverCreateSchema = z
  .object({
    fromUserId: IdSchema,
    toUserId: IdSchema,
    reason: z.enum(HandoverReasons),
    note: z.string().trim().max(500).optional(),
    all: z.boolean().optional(),
    prospectIds: IdListSchema.optional(),
    customerIds: IdListSchema.optional(),
    nameIds: IdListSchema.optional(),
  })
  .superRefine((v, ctx) => {
    const some = (v.prospectIds?.length ?? 0) + (v.customerIds?.length ?? 0) + (v.nameIds?.length ?? 0) > 0;
    if (v.all === true && some) {
      ctx.addIssue({ code: 'custom', path: ['all'], message: 'Either all or a selection, not both' });
    } else if (v.all !== true && !some) {
      ctx.addIssue({ code: 'custom', path: ['all'], message: 'Choose what to hand over, or all' });
    }
  });
export type HandoverCreate = z.infer<typeof HandoverCreateSchema>;

/** How many rows of each kind a handover moved (or an agent holds, in the preview). */
export const HandoverCountsSchema = z.object({
  names: z.number().int(),
  prospects: z.number().int(),
  customers: z.number().int(),
  households: z.number().int(),
  policies: z.number().int(),
  serviceRequests: z.number().int(),
});
export type HandoverCounts = z.infer<typeof HandoverCountsSchema>;

export const HandoverSchema = z.object({
  id: z.string(),
  fromUserId: z.string(),
  fromUserName: z.string(),
  toUserId: z.string(),
  toUserName: z.string(),
  /** The team the rows were filed under after the move (the new owner's team at the time). */
  toUnitId: z.string().nullable(),
  reason: z.enum(HandoverReasons),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  counts: HandoverCountsSchema,
});
export type Handover = z.infer<typeof HandoverSchema>;

export const HandoverItemSchema = z.object({
  entity: z.enum(HandoverEntities),
  entityId: z.string(),
  /** A person's name (names, cards, customers, households) or the policy number; '' if gone. */
  label: z.string(),
});
export type HandoverItem = z.infer<typeof HandoverItemSchema>;

export const HandoverDetailSchema = HandoverSchema.extend({
  items: z.array(HandoverItemSchema),
});
export type HandoverDetail = z.infer<typeof HandoverDetailSchema>;

export const HandoverPageSchema = pageOf(HandoverSchema);

/** Newest first; rows whose from- or to-agent the reader sees. `userId` narrows to one agent (either side). */
export const HandoverListQuerySchema = PageQuerySchema.extend({
  userId: IdSchema.optional(),
});
export type HandoverListQuery = z.infer<typeof HandoverListQuerySchema>;

/** The history as .xlsx: the list's filter, scope and order (newest first), every row; headers in `lang`. */
export const HandoverExportQuerySchema = HandoverListQuerySchema.omit({ page: true, pageSize: true, sort: true }).extend({
  lang: LocaleSchema.optional(),
});
export type HandoverExportQuery = z.infer<typeof HandoverExportQuerySchema>;

export const HandoverPreviewQuerySchema = z.object({ fromUserId: IdSchema });
export type HandoverPreviewQuery = z.infer<typeof HandoverPreviewQuerySchema>;

/** What an agent holds, for the picker (no personal numbers). */
export const HandoverPreviewSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), unitId: z.string(), unitName: z.string(), status: z.string() }),
  counts: HandoverCountsSchema,
  names: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      category: z.string(),
      grade: z.string().nullable(),
      /** The card made from this name, if any. */
      prospectId: z.string().nullable(),
    }),
  ),
  prospects: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      grade: z.string().nullable(),
      stage: z.string(),
      nextFollowUp: z.string().nullable(),
      nameId: z.string().nullable(),
      customerId: z.string().nullable(),
    }),
  ),
  customers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      householdId: z.string().nullable(),
      householdName: z.string().nullable(),
      prospectId: z.string().nullable(),
      policies: z.number().int(),
      serviceRequests: z.number().int(),
    }),
  ),
});
export type HandoverPreview = z.infer<typeof HandoverPreviewSchema>;
