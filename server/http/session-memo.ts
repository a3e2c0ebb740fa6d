import { sessionGeneration } from './auth.ts';

/**
 * A few seconds' memory of what a request derives from people, the org tree or the tenant (may the
 * reader see this unit? the tenant's time zone), so that a cached answer costs no query. Any change
 * to people or the org starts a new session generation (invalidateSessionCache), which drops every
 * entry at once; otherwise an entry lives `ttlMs`. At most `maxEntries` are kept.
 */
export function sessionMemo<T>(ttlMs: number, maxEntries = 10_000): (key: string, load: () => Promise<T>) => Promise<T> {
  const entries = new Map<string, { at: number; generation: number; value: T }>();
  return async (key, load) => {
    const t = Date.now();
    const generation = sessionGeneration();
    const hit = entries.get(key);
    if (hit && hit.generation === generation && t - hit.at < ttlMs) return hit.value;
    const value = await load();
    if (entries.size >= maxEntries) entries.clear();
    entries.set(key, { at: t, generation, value });
    return value;
  };
}
