import { describe, expect, it } from 'vitest';
import { changedOnly } from './changes.ts';

describe('changedOnly', () => {
  it('keeps the fields whose value changed, by value', () => {
    const before = { name: '王建国', needs: '手机138****5678', tags: ['老同学'], due: null as string | null };
    expect(changedOnly(before, { ...before })).toEqual({});
    expect(changedOnly(before, { ...before, tags: ['老同学'] })).toEqual({});
    expect(changedOnly(before, { ...before, name: '王建华', due: '2026-12-01' })).toEqual({ name: '王建华', due: '2026-12-01' });
    expect(changedOnly(before, { ...before, tags: [] })).toEqual({ tags: [] });
  });

  it('sends a field emptied by the user', () => {
    const before: { needs: string | null } = { needs: '养老' };
    expect(changedOnly(before, { needs: null })).toEqual({ needs: null });
  });
});
