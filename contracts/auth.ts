import { z } from 'zod';
import { Actions, Roles, ScopeKinds } from './roles.ts';

export const LoginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type Login = z.infer<typeof LoginSchema>;

export const MeSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(Roles),
  unitId: z.string(),
  unitName: z.string(),
  scope: z.enum(ScopeKinds),
  actions: z.array(z.enum(Actions)),
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof MeSchema>;

export const SessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionSchema>;

export const PasswordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type PasswordChange = z.infer<typeof PasswordChangeSchema>;

export const PasswordResetSchema = z.object({
  newPassword: z.string().min(1).max(256),
});
export type PasswordReset = z.infer<typeof PasswordResetSchema>;
