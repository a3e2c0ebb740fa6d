import { z } from 'zod';
import { IdSchema } from './common.ts';
import { UnitKinds } from './roles.ts';

export const UnitSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(UnitKinds),
  leaderUserId: z.string().nullable(),
  leaderName: z.string().nullable(),
  sortOrder: z.number().int(),
  depth: z.number().int(),
  memberCount: z.number().int(),
});
export type Unit = z.infer<typeof UnitSchema>;

export const UnitCreateSchema = z.object({
  parentId: IdSchema,
  name: z.string().trim().min(1).max(100),
  kind: z.enum(UnitKinds),
  leaderUserId: IdSchema.nullable().optional(),
  sortOrder: z.number().int().min(0).max(10000).optional(),
});
export type UnitCreate = z.infer<typeof UnitCreateSchema>;

export const UnitUpdateSchema = z
  .object({
    parentId: IdSchema,
    name: z.string().trim().min(1).max(100),
    kind: z.enum(UnitKinds),
    leaderUserId: IdSchema.nullable(),
    sortOrder: z.number().int().min(0).max(10000),
  })
  .partial();
export type UnitUpdate = z.infer<typeof UnitUpdateSchema>;

export const RankSchema = z.object({ id: z.string(), name: z.string(), level: z.number().int() });
export type Rank = z.infer<typeof RankSchema>;
export const RankCreateSchema = z.object({
  name: z.string().trim().min(1).max(50),
  level: z.number().int().min(0).max(100),
});

export const FunctionalSystems = ['activity', 'recruitment', 'training', 'meeting'] as const;
export const FunctionalGroupSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  name: z.string(),
  system: z.enum(FunctionalSystems),
  leadUserId: z.string().nullable(),
  duties: z.string(),
  members: z.array(z.object({ userId: z.string(), displayName: z.string(), duty: z.string() })),
});
export type FunctionalGroup = z.infer<typeof FunctionalGroupSchema>;
export const FunctionalGroupCreateSchema = z.object({
  unitId: IdSchema,
  name: z.string().trim().min(1).max(100),
  system: z.enum(FunctionalSystems),
  leadUserId: IdSchema.nullable().optional(),
  duties: z.string().max(2000).optional(),
  members: z.array(z.object({ userId: IdSchema, duty: z.string().max(200).optional() })).max(200).optional(),
});
export type FunctionalGroupCreate = z.infer<typeof FunctionalGroupCreateSchema>;
export const FunctionalGroupUpdateSchema = FunctionalGroupCreateSchema.omit({ unitId: true }).partial();
export type FunctionalGroupUpdate = z.infer<typeof FunctionalGroupUpdateSchema>;
