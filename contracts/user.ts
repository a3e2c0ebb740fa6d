import { z } from 'zod';
import { DateSchema, IdSchema, PageQuerySchema } from './common.ts';
import { Roles } from './roles.ts';

export const UserStatuses = ['active', 'left'] as const;
export const Genders = ['male', 'female'] as const;

/** Mainland mobile: 11 digits starting 1[3-9]. */
export const PhoneSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, 'Expected an 11-digit mainland mobile number');
/** 18-character resident ID; the check digit is verified by the service (rules in server/lib/pii.ts). */
export const IdNumberSchema = z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, 'Expected an 18-character ID number');

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(Roles),
  unitId: z.string(),
  unitName: z.string(),
  rankId: z.string().nullable(),
  rankName: z.string().nullable(),
  /** Masked (138****5678) unless revealed through the audited reveal route. */
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  gender: z.enum(Genders).nullable(),
  birthDate: z.string().nullable(),
  joinDate: z.string().nullable(),
  recruiterId: z.string().nullable(),
  recruiterName: z.string().nullable(),
  status: z.enum(UserStatuses),
  leaveDate: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

const profileFields = {
  displayName: z.string().trim().min(1).max(50),
  role: z.enum(Roles),
  rankId: IdSchema.nullable(),
  phone: PhoneSchema.nullable(),
  idNumber: IdNumberSchema.nullable(),
  gender: z.enum(Genders).nullable(),
  birthDate: DateSchema.nullable(),
  joinDate: DateSchema.nullable(),
  recruiterId: IdSchema.nullable(),
};

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,49}$/, 'Letters, digits, dot, dash or underscore; 2–50 characters');

export const UserCreateSchema = z.object({
  username: UsernameSchema,
  password: z.string().min(1).max(256),
  unitId: IdSchema,
  ...profileFields,
  rankId: profileFields.rankId.optional(),
  phone: profileFields.phone.optional(),
  idNumber: profileFields.idNumber.optional(),
  gender: profileFields.gender.optional(),
  birthDate: profileFields.birthDate.optional(),
  joinDate: profileFields.joinDate.optional(),
  recruiterId: profileFields.recruiterId.optional(),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z
  .object({
    ...profileFields,
    status: z.enum(UserStatuses),
    leaveDate: DateSchema.nullable(),
  })
  .partial();
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const UserMoveSchema = z.object({
  unitId: IdSchema,
  /** First day in the new unit; defaults to today in the tenant's time zone. */
  effectiveDate: DateSchema.optional(),
});
export type UserMove = z.infer<typeof UserMoveSchema>;

export const UserSortFields = ['displayName', 'username', 'joinDate', 'role', 'status', 'createdAt'] as const;
export const UserListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(50).optional(),
  unitId: IdSchema.optional(),
  role: z.enum(Roles).optional(),
  status: z.enum(UserStatuses).optional(),
  rankId: IdSchema.optional(),
});
export type UserListQuery = z.infer<typeof UserListQuerySchema>;

export const RevealSchema = z.object({ field: z.enum(['phone', 'idNumber']) });
export const RevealResultSchema = z.object({ field: z.enum(['phone', 'idNumber']), value: z.string().nullable() });

export const MembershipSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
});
export type Membership = z.infer<typeof MembershipSchema>;

export const ArchiveDocTypes = ['contract', 'licence', 'idCopy', 'training', 'other'] as const;
export const ArchiveDocumentSchema = z.object({
  id: z.string(),
  userId: z.string(),
  docType: z.enum(ArchiveDocTypes),
  title: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  expiryDate: z.string().nullable(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
export type ArchiveDocument = z.infer<typeof ArchiveDocumentSchema>;
/** Multipart fields that accompany the uploaded file. */
export const ArchiveUploadFieldsSchema = z.object({
  docType: z.enum(ArchiveDocTypes),
  title: z.string().trim().min(1).max(200),
  expiryDate: DateSchema.optional(),
});

export const HonourKinds = ['honour', 'penalty'] as const;
export const HonourSchema = z.object({
  id: z.string(),
  userId: z.string(),
  kind: z.enum(HonourKinds),
  title: z.string(),
  date: z.string(),
  description: z.string(),
  createdAt: z.string(),
});
export type Honour = z.infer<typeof HonourSchema>;
export const HonourCreateSchema = z.object({
  kind: z.enum(HonourKinds),
  title: z.string().trim().min(1).max(200),
  date: DateSchema,
  description: z.string().max(2000).optional(),
});
export type HonourCreate = z.infer<typeof HonourCreateSchema>;
