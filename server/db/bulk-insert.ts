import { CompiledQuery } from 'kysely';
import type { Queryable } from './database.ts';
import { dialectOf } from './dialect.ts';

const texts = new Map<string, string>();

/**
 * A multi-row INSERT of plain rows as one compiled statement. Kysely's builder makes and compiles a
 * node per value, which for a batch of a few dozen rows of twenty columns costs more than SQLite
 * takes to insert them; here the SQL text is built once per table, columns, row count and dialect,
 * and the values are passed as they are. `tail` follows the VALUES list (ON CONFLICT …, RETURNING …);
 * identifiers are the caller's constants, never input.
 */
export async function insertRows<R = unknown>(
  db: Queryable,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  tail = '',
): Promise<R[]> {
  if (rows.length === 0) return [];
  const postgres = dialectOf(db as never) === 'postgres';
  const key = `${postgres ? 'pg' : 'lite'}|${table}|${columns.join(',')}|${rows.length}|${tail}`;
  let text = texts.get(key);
  if (!text) {
    let n = 0;
    const row = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
    const values = Array.from({ length: rows.length }, row).join(', ');
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}${tail ? ` ${tail}` : ''}`;
    if (texts.size >= 1000) texts.clear();
    texts.set(key, text);
  }
  const parameters: unknown[] = [];
  for (const r of rows) for (const c of columns) parameters.push(r[c] ?? null);
  return (await db.executeQuery<R>(CompiledQuery.raw(text, parameters))).rows;
}
