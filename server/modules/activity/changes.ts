/**
 * "Activity figures of a tenant's day have changed": the rollup writes (rollup.repository.ts) call
 * `activityChanged` for every activity and work-log write, inside the write's transaction; the
 * read side (summaries, trends, leaderboards) listens and marks its cached answers of that day
 * stale. `activityChangedAll` is for writes that touch any day (a rebuild of the rollups).
 *
 * No imports on purpose: the writers depend on nothing of the read side.
 */

export type ActivityChange = { tenantId: string; date: string } | { tenantId: string; all: true };
type Listener = (change: ActivityChange) => void;

const listeners = new Set<Listener>();

/** Calls `listener` on every change written in this process. Returns a function removing it. */
export function onActivityChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The activities or work log of a person on `date` changed (rollups of that day moved). */
export function activityChanged(tenantId: string, date: string): void {
  for (const l of listeners) l({ tenantId, date });
}

/** Any day of the tenant may have changed. */
export function activityChangedAll(tenantId: string): void {
  for (const l of listeners) l({ tenantId, all: true });
}
