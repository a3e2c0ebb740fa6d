import type { Role } from '../../contracts/roles.ts';
import type { Queryable } from '../db/database.ts';
import type { Visibility } from './scope.ts';

/** The authenticated user a request acts for. */
export interface Actor {
  userId: string;
  tenantId: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  /** Names for display, read with the session so that "who am I" needs no second query. */
  tenantName: string;
  unitName: string;
  sessionId: string;
  visibility: Visibility;
  /** Set after an admin reset: until the password is changed, only the account routes answer. */
  mustChangePassword: boolean;
}

/** What every service function receives: the database (or an open transaction) and who is acting. */
export interface Ctx {
  db: Queryable;
  actor: Actor;
  requestId: string | null;
  ip: string | null;
}
