import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../api.ts';
import { previewFields, rowLevelErrors } from './importColumns.ts';

const preview: ImportPreview = {
  columns: ['姓名', '账号', '手机'],
  mapping: { displayName: '姓名', username: '账号', phone: null, unit: '单位' },
  missing: [],
  rows: [
    {
      rowNumber: 2,
      values: { displayName: '张三', username: 'zs', phone: '', extra: 'x' },
      errors: [{ field: 'row', message: 'bad' }],
    },
  ],
  validCount: 0,
  errorCount: 1,
  committed: false,
  createdCount: 0,
};

describe('import preview columns', () => {
  it('shows mapped fields in order, then keys unknown to the mapping; never unmapped fields', () => {
    expect(previewFields(preview)).toEqual(['displayName', 'username', 'unit', 'extra']);
  });
  it('keeps row-level errors visible', () => {
    expect(rowLevelErrors(['displayName'], preview.rows[0]!.errors)).toEqual([
      { field: 'row', message: 'bad' },
    ]);
  });
});
