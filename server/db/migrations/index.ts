import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-notification-center.ts';
import * as m0003 from './0003-attendance.ts';
import * as m0004 from './0004-activity.ts';
import * as m0005 from './0005-prospects.ts';
import * as m0006 from './0006-card-search-index.ts';

/** Every migration, in order. Never edit one that has landed: add the next. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-notification-center': m0002,
  '0003-attendance': m0003,
  '0004-activity': m0004,
  '0005-prospects': m0005,
  '0006-card-search-index': m0006,
};
