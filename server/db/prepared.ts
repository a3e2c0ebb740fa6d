import { CompiledQuery, type Compilable } from 'kysely';
import type { DB } from './database.ts';

const PLACEHOLDER = '\u0000arg';

/**
 * A query of the hottest paths (the session lookup of every request) built and compiled once per
 * database instead of on every call: Kysely builds an immutable tree and compiles it anew each
 * time, which costs more than running a small indexed query. The builder receives placeholder
 * strings for its arguments; at run time they are swapped for the real values.
 */
export function preparedQuery<A extends string[], R>(
  build: (db: DB, ...args: A) => Compilable<R>,
): (db: DB, ...args: A) => Promise<R[]> {
  const compiled = new WeakMap<DB, CompiledQuery<R>>();
  return async (db: DB, ...args: A): Promise<R[]> => {
    let query = compiled.get(db);
    if (!query) {
      const placeholders = args.map((_, i) => `${PLACEHOLDER}${i}`) as A;
      query = build(db, ...placeholders).compile();
      compiled.set(db, query);
    }
    const parameters = query.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(PLACEHOLDER) ? args[Number(p.slice(PLACEHOLDER.length))] : p,
    );
    const result = await db.executeQuery<R>(CompiledQuery.raw(query.sql, parameters));
    return result.rows;
  };
}
