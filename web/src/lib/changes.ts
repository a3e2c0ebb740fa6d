/**
 * The fields of an edit that differ from what the form was opened with. Free text comes to the
 * page with any phone or ID number typed into it masked; a field the user left alone is therefore
 * not sent back, or the masked text would overwrite the full one. Compared by value (arrays and
 * dates as JSON).
 */
export function changedOnly<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) out[key] = after[key];
  }
  return out;
}
