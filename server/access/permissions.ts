import { Actions, type Action, type Role, type ScopeKind } from '../../contracts/roles.ts';
import { forbidden } from '../http/errors.ts';
import type { Actor } from './actor.ts';

const everyone: Action[] = [
  'org.read',
  'user.read',
  'group.read',
  'archive.read',
  'attendance.checkIn',
  'activity.log',
  'prospect.own',
  // An agent calls their own prospects: the full number is one audited reveal away, never in a list.
  'prospect.revealPii',
];
// Who leads people reads their attendance, approves their requests and shows the meeting's QR code;
// reads their activity, reviews their work logs, coaches them and approves their plans.
// Spot-checks their prospect cards and reads their funnel.
const leads: Action[] = [
  'attendance.read',
  'attendance.approve',
  'attendance.qr',
  'activity.read',
  'activity.review',
  'prospect.read',
  'prospect.spotCheck',
];

/** Role → allowed actions. What a role may *see* is further narrowed by its scope (scope.ts). */
export const rolePermissions: Record<Role, readonly Action[]> = {
  agent: everyone,
  supervisor: [...everyone, 'user.export', ...leads],
  manager: [...everyone, 'user.export', 'group.write', 'honour.write', 'audit.read', ...leads, 'attendance.allowance', 'prospect.handover'],
  staff: [
    ...everyone,
    'user.write',
    'user.move',
    'user.import',
    'user.export',
    'user.revealPii',
    'archive.write',
    'honour.write',
    'attendance.read',
    'attendance.record',
    'attendance.qr',
    'attendance.allowance',
    'attendance.allowanceWrite',
    'activity.read',
    'activity.configure',
    'prospect.read',
    'prospect.configure',
    'prospect.handover',
    'privacy.manage',
  ],
  executive: [
    ...everyone,
    'user.export',
    'audit.read',
    'attendance.read',
    'attendance.allowance',
    'activity.read',
    'prospect.read',
  ],
  // The tenant administrator may do everything; what they see is still their tenant only.
  admin: Actions,
};

/** Default visibility per role; a tenant may override it in its settings (`scopes`). */
export const defaultScopes: Record<Role, ScopeKind> = {
  agent: 'self',
  supervisor: 'subordinates',
  manager: 'unitTree',
  staff: 'unitTree',
  executive: 'unitTree',
  admin: 'tenant',
};

export function can(actor: Pick<Actor, 'role'>, action: Action): boolean {
  return rolePermissions[actor.role].includes(action);
}

export function assertCan(actor: Pick<Actor, 'role'>, action: Action): void {
  if (!can(actor, action)) throw forbidden(`Role ${actor.role} may not ${action}`);
}

export function actionsOf(role: Role): Action[] {
  return [...rolePermissions[role]];
}
