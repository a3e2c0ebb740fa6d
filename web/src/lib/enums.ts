import type { FunctionalGroup } from '../../../contracts/org.ts';
import type { ArchiveDocument, Honour, User } from '../../../contracts/user.ts';
import { Roles, UnitKinds, type Role } from '../../../contracts/roles.ts';

// contracts/roles.ts has no zod import, so its arrays come straight from the contract. The other
// contract files build zod schemas at import time; copying their small enums here keeps zod out of
// the bundle, and `satisfies Record<…, true>` makes the compiler fail when the contract changes.
const keysOf = <K extends string>(rec: Record<K, true>) => Object.keys(rec) as K[];

export const ROLES = Roles;
export const UNIT_KINDS = UnitKinds;

export type UserStatus = User['status'];
export const USER_STATUSES = keysOf({ active: true, left: true } satisfies Record<UserStatus, true>);

export type Gender = NonNullable<User['gender']>;
export const GENDERS = keysOf({ male: true, female: true } satisfies Record<Gender, true>);

export type DocType = ArchiveDocument['docType'];
export const DOC_TYPES = keysOf({
  contract: true,
  licence: true,
  idCopy: true,
  training: true,
  other: true,
} satisfies Record<DocType, true>);

export type HonourKind = Honour['kind'];
export const HONOUR_KINDS = keysOf({ honour: true, penalty: true } satisfies Record<HonourKind, true>);

export type FunctionalSystem = FunctionalGroup['system'];
export const FUNCTIONAL_SYSTEMS = keysOf({
  activity: true,
  recruitment: true,
  training: true,
  meeting: true,
} satisfies Record<FunctionalSystem, true>);

/** Mirrors the server rule (user.service ADMIN_ONLY_ROLES): only an admin hands out these roles. */
const ADMIN_ONLY_ROLES: readonly Role[] = ['admin', 'executive', 'manager', 'staff'];
export function assignableRoles(actorRole: Role): Role[] {
  return actorRole === 'admin' ? [...ROLES] : ROLES.filter((r) => !ADMIN_ONLY_ROLES.includes(r));
}

export const ROLE_COLORS: Record<Role, string> = {
  agent: 'blue',
  supervisor: 'cyan',
  manager: 'geekblue',
  staff: 'purple',
  executive: 'gold',
  admin: 'red',
};

export const UNIT_KIND_COLORS: Record<(typeof UnitKinds)[number], string> = {
  company: 'red',
  branch: 'volcano',
  department: 'blue',
  team: 'green',
};

/** Same rules as contracts/user.ts, repeated so forms can check before a round trip. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,49}$/;
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
export const ID_NUMBER_PATTERN = /^\d{17}[\dXx]$/;
export const PASSWORD_MIN_LENGTH = 12;
