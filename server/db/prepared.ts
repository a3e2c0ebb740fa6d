import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './database.ts';
import { dialectOf, type DialectName } from './dialect.ts';

const PLACEHOLDER = '\u0000arg';

/** A compiled query with its placeholder parameters swapped for the call's values. */
function bound<R>(query: CompiledQuery<R>, values: readonly unknown[]): CompiledQuery<R> {
  const parameters = query.parameters.map((p) =>
    typeof p === 'string' && p.startsWith(PLACEHOLDER) ? values[Number(p.slice(PLACEHOLDER.length))] : p,
  );
  return CompiledQuery.raw(query.sql, parameters);
}

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
    return (await db.executeQuery<R>(bound(query, args))).rows;
  };
}

/**
 * Compiled queries of a few shapes each (a list with optional filters): the caller names the shape
 * (which filters are present, the sort, the scope's form) and builds the query with `arg(i)`
 * placeholders for its values; each shape is compiled once per database.
 */
export function shapedQuery<R>(): (
  db: DB,
  shape: string,
  values: readonly unknown[],
  build: (arg: (i: number) => string) => Compilable<R>,
) => Promise<R[]> {
  const compiled = new WeakMap<DB, Map<string, CompiledQuery<R>>>();
  return async (db, shape, values, build) => {
    let shapes = compiled.get(db);
    if (!shapes) compiled.set(db, (shapes = new Map<string, CompiledQuery<R>>()));
    let query = shapes.get(shape);
    if (!query) {
      query = build((i) => `${PLACEHOLDER}${i}`).compile();
      shapes.set(shape, query);
    }
    return (await db.executeQuery<R>(bound(query, values))).rows;
  };
}

/**
 * preparedQuery for statements that run inside transactions (a new Queryable each time): compiled
 * once per dialect, as the SQL a dialect compiles to does not depend on the connection.
 */
export function preparedStatement<A extends unknown[], R>(
  build: (db: DB, ...args: A) => Compilable<R>,
): (db: DB, ...args: A) => Promise<R[]> {
  const compiled = new Map<DialectName, CompiledQuery<R>>();
  return async (db: DB, ...args: A): Promise<R[]> => {
    const dialect = dialectOf(db as unknown as Kysely<never>);
    let query = compiled.get(dialect);
    if (!query) {
      const placeholders = args.map((_, i) => `${PLACEHOLDER}${i}`) as A;
      query = build(db, ...placeholders).compile();
      compiled.set(dialect, query);
    }
    return (await db.executeQuery<R>(bound(query, args))).rows;
  };
}
