import { describe, expect, it } from 'vitest';
import { carriedAnswers, gradeOf, needsRescore, previewScore, type RubricLike } from './scoring.ts';

const opts = [
  { key: 'low', points: 1 },
  { key: 'mid', points: 2 },
  { key: 'high', points: 3 },
];
/** The default shape: 8 criteria scored 1–3, A ≥ 20, B 15–19, C ≤ 14. */
const rubric: RubricLike = {
  version: 2,
  criteria: ['age', 'marital', 'children', 'income', 'job', 'closeness', 'contact', 'attitude'].map(
    (key) => ({
      key,
      options: opts,
    }),
  ),
  gradeAMin: 20,
  gradeBMin: 15,
};

function answersFor(points: number[]): Record<string, string> {
  const byPoints = ['', 'low', 'mid', 'high'];
  return Object.fromEntries(rubric.criteria.map((c, i) => [c.key, byPoints[points[i] ?? 0] ?? '']));
}

describe('gradeOf', () => {
  it('grades at the thresholds', () => {
    expect(gradeOf(14, 20, 15)).toBe('C');
    expect(gradeOf(15, 20, 15)).toBe('B');
    expect(gradeOf(19, 20, 15)).toBe('B');
    expect(gradeOf(20, 20, 15)).toBe('A');
  });
});

describe('previewScore', () => {
  it('adds the chosen points and grades only a complete sheet', () => {
    expect(previewScore(rubric, answersFor([3, 3, 3, 3, 2, 2, 2, 2]))).toEqual({
      total: 20,
      grade: 'A',
      missing: [],
    });
    expect(previewScore(rubric, answersFor([2, 2, 2, 2, 2, 2, 2, 1]))).toMatchObject({
      total: 15,
      grade: 'B',
    });
    expect(previewScore(rubric, answersFor([2, 2, 2, 2, 2, 2, 1, 1]))).toMatchObject({
      total: 14,
      grade: 'C',
    });
    const partial = previewScore(rubric, { age: 'high', income: 'mid' });
    expect(partial).toEqual({
      total: 5,
      grade: null,
      missing: ['marital', 'children', 'job', 'closeness', 'contact', 'attitude'],
    });
  });

  it('ignores an answer that is not an option of the criterion', () => {
    expect(previewScore(rubric, { age: 'gone' }).missing).toContain('age');
  });
});

describe('carriedAnswers and needsRescore', () => {
  it('keeps earlier answers that still fit the rubric', () => {
    expect(carriedAnswers(rubric, { age: 'high', removed: 'x', income: 'gone' })).toEqual({ age: 'high' });
    expect(carriedAnswers(rubric, null)).toEqual({});
  });

  it('offers a re-score only for a name scored under another version', () => {
    expect(needsRescore({ grade: 'B', rubricVersion: 1 }, 2)).toBe(true);
    expect(needsRescore({ grade: 'B', rubricVersion: 2 }, 2)).toBe(false);
    expect(needsRescore({ grade: null, rubricVersion: null }, 2)).toBe(false);
  });
});
