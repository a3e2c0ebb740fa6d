export const Roles = ['agent', 'supervisor', 'manager', 'staff', 'executive', 'admin'] as const;
export type Role = (typeof Roles)[number];

export const UnitKinds = ['company', 'branch', 'department', 'team'] as const;
export type UnitKind = (typeof UnitKinds)[number];

/** Visibility scopes, in the Chinese convention: 本人 / 本人及下属 / 本部门 / 本部门及以下 / 全部. */
export const ScopeKinds = ['self', 'subordinates', 'unit', 'unitTree', 'tenant'] as const;
export type ScopeKind = (typeof ScopeKinds)[number];

/** Every action a role may be granted. Menus in the web are built from the actor's list. */
export const Actions = [
  'org.read',
  'org.write',
  'rank.write',
  'group.read',
  'group.write',
  'user.read',
  'user.write',
  'user.move',
  'user.import',
  'user.export',
  'user.revealPii',
  'user.resetPassword',
  'archive.read',
  'archive.write',
  'honour.write',
  'audit.read',
  'attendance.checkIn',
  'attendance.read',
  'attendance.record',
  'attendance.approve',
  'attendance.qr',
  'attendance.configure',
  'attendance.allowance',
  'attendance.allowanceWrite',
  'activity.log',
  'activity.read',
  'activity.review',
  'activity.configure',
  // Prospects and customers: own keeps one's own list, cards and customers; read sees the team's.
  'prospect.own',
  'prospect.read',
  'prospect.spotCheck',
  'prospect.configure',
  'prospect.revealPii',
  'prospect.handover',
  'privacy.manage',
] as const;
export type Action = (typeof Actions)[number];
