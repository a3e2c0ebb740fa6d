import { z } from 'zod';
import { DateSchema, IdSchema, PageQuerySchema } from './common.ts';
import { LocaleSchema } from './import.ts';

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = PageQuerySchema.extend({
  entity: z.string().max(50).optional(),
  entityId: IdSchema.optional(),
  actorId: IdSchema.optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditExportQuerySchema = AuditQuerySchema.omit({
  page: true,
  pageSize: true,
  sort: true,
}).extend({
  lang: LocaleSchema.optional(),
});
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;
