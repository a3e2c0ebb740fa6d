import { describe, expect, it } from 'vitest';
import {
  freshKey,
  gradeBands,
  gradeOf,
  move,
  pointRange,
  rubricProblems,
  rubricWarnings,
  type RubricCriterionDraft,
  type RubricDraft,
} from './rubric.ts';

const crit = (key: string, points: (number | null)[]): RubricCriterionDraft => ({
  key,
  label: `标准${key}`,
  labelEn: `Criterion ${key}`,
  options: points.map((p, i) => ({ key: `o${i + 1}`, label: `选项${i}`, labelEn: `Option ${i}`, points: p })),
});

/** The default rubric's shape: 8 criteria scored 1–3, A ≥ 20, B 15–19. */
const defaults: RubricDraft = {
  criteria: ['age', 'married', 'children', 'income', 'job', 'close', 'reach', 'attitude'].map((k) =>
    crit(k, [1, 2, 3]),
  ),
  gradeAMin: 20,
  gradeBMin: 15,
};

describe('rubric editor helpers', () => {
  it('gives the range of totals, one option per criterion', () => {
    expect(pointRange(defaults.criteria)).toEqual({ min: 8, max: 24 });
    expect(pointRange([crit('a', [0, 5, 2]), crit('b', [null, 1])])).toEqual({ min: 1, max: 6 });
    expect(pointRange([])).toEqual({ min: 0, max: 0 });
  });

  it('splits the range into the A, B and C bands', () => {
    expect(gradeBands(defaults)).toEqual({ A: [20, 24], B: [15, 19], C: [8, 14] });
    expect(gradeBands({ ...defaults, gradeAMin: 30 })).toEqual({ A: null, B: [15, 24], C: [8, 14] });
  });

  it('grades at the thresholds', () => {
    expect([14, 15, 19, 20].map((s) => gradeOf(s, 20, 15))).toEqual(['C', 'B', 'B', 'A']);
  });

  it('accepts the default rubric', () => {
    expect(rubricProblems(defaults)).toEqual([]);
    expect(rubricWarnings(defaults)).toEqual([]);
  });

  it('names what stops a save', () => {
    const bad: RubricDraft = {
      criteria: [
        { ...crit('age', [1, 2]), label: ' ' },
        crit('age', [1]),
        { ...crit('x y', [1, -1]), options: [...crit('z', [1, -1]).options, crit('z', [2]).options[0]!] },
      ],
      gradeAMin: 10,
      gradeBMin: 10,
    };
    expect(rubricProblems(bad)).toEqual([
      { kind: 'criterionLabel', criterion: 0 },
      { kind: 'duplicateCriterion', criterion: 1 },
      { kind: 'tooFewOptions', criterion: 1 },
      { kind: 'criterionKey', criterion: 2 },
      { kind: 'optionPoints', criterion: 2, option: 1 },
      { kind: 'duplicateOption', criterion: 2, option: 2 },
      { kind: 'thresholdOrder' },
    ]);
    expect(rubricProblems({ criteria: [], gradeAMin: null, gradeBMin: 3 })).toEqual([
      { kind: 'noCriteria' },
      { kind: 'thresholds' },
    ]);
    expect(rubricProblems({ ...defaults, criteria: [crit('a', [1.5, 2])] })).toContainEqual({
      kind: 'optionPoints',
      criterion: 0,
      option: 0,
    });
  });

  it('warns of a grade no score can reach', () => {
    expect(rubricWarnings({ ...defaults, gradeAMin: 25 })).toEqual([{ kind: 'noA' }]);
    expect(rubricWarnings({ ...defaults, gradeAMin: 9, gradeBMin: 8 })).toEqual([{ kind: 'noC' }]);
    expect(rubricWarnings({ ...defaults, gradeAMin: 20, gradeBMin: 3 })).toEqual([{ kind: 'noC' }]);
  });

  it('makes fresh keys and moves items', () => {
    expect(freshKey('c', ['c1', 'c3'])).toBe('c4');
    expect(freshKey('o', ['o3', 'o1'])).toBe('o4');
    expect(freshKey('o', [])).toBe('o1');
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });
});
