import type { ImportPreview } from '../api.ts';

/**
 * The fields shown in the preview table: the mapped target fields in the server's order, then
 * keys the rows carry that the mapping does not know (so nothing the server reports is hidden).
 * Fields deliberately left unmapped stay out: their cells would all be empty.
 */
export function previewFields(preview: ImportPreview): string[] {
  const mapped = Object.entries(preview.mapping)
    .filter(([, source]) => source !== null && source !== '')
    .map(([field]) => field);
  const seen = new Set(Object.keys(preview.mapping));
  for (const row of preview.rows) {
    for (const key of Object.keys(row.values)) {
      if (!seen.has(key)) {
        seen.add(key);
        mapped.push(key);
      }
    }
  }
  return mapped;
}

/** Errors that belong to no shown column (a row-level problem) still need a place on screen. */
export function rowLevelErrors(fields: string[], errors: { field: string; message: string }[]) {
  return errors.filter((e) => !fields.includes(e.field));
}
