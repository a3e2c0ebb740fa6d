import { describe, expect, it } from 'vitest';
import { messagesOf } from './resources.ts';

// The shared file and every module's file, joined as the app loads them.
const zhCN = messagesOf('zh-CN');
const enUS = messagesOf('en-US');

/** Flattens {"a":{"b":"x"}} to [["a.b","x"]]; arrays are not used in the locale files. */
function flatten(obj: unknown, prefix = ''): Array<[string, unknown]> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [[prefix, obj]];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) =>
    flatten(v, prefix ? `${prefix}.${k}` : k),
  );
}

const zh = new Map(flatten(zhCN));
const en = new Map(flatten(enUS));

describe('locale files', () => {
  it('have exactly the same keys', () => {
    const onlyZh = [...zh.keys()].filter((k) => !en.has(k));
    const onlyEn = [...en.keys()].filter((k) => !zh.has(k));
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] });
  });

  it('have no empty or non-string values', () => {
    const bad = [...zh, ...en].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: unknown) => [...String(s).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    const mismatched = [...zh.keys()].filter(
      (k) => JSON.stringify(vars(zh.get(k))) !== JSON.stringify(vars(en.get(k))),
    );
    expect(mismatched).toEqual([]);
  });

  it('translate every API error code', async () => {
    const { ErrorCodes } = await import('../../../contracts/errors.ts');
    const missing = ErrorCodes.filter((c) => !zh.has(`errors.${c}`) || !en.has(`errors.${c}`));
    expect(missing).toEqual([]);
  });
});
