import { describe, expect, it } from 'vitest';
import { RubricPutSchema } from '../../../contracts/plan100.ts';
import {
  CARD_STANDARDS,
  DEFAULT_RUBRIC,
  answerErrors,
  gradeOf,
  maxScoreOf,
  monthOf,
  rubricErrors,
  sampleIndices,
  scoreOf,
  weekOf,
} from './grading.rules.ts';

/** Answers of the default rubric picking, per criterion, the option worth `points[i]`. */
function answersWorth(points: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  DEFAULT_RUBRIC.criteria.forEach((c, i) => {
    out[c.key] = c.options.find((o) => o.points === points[i])!.key;
  });
  return out;
}

describe('grading', () => {
  it.each([
    [14, 'C'],
    [15, 'B'],
    [19, 'B'],
    [20, 'A'],
    [8, 'C'],
    [24, 'A'],
  ] as const)('score %i is grade %s under the default thresholds (A ≥ 20, B 15–19, C ≤ 14)', (score, grade) => {
    expect(gradeOf(score, DEFAULT_RUBRIC)).toBe(grade);
  });

  it.each([
    [[2, 2, 2, 2, 2, 2, 1, 1], 14, 'C'],
    [[2, 2, 2, 2, 2, 2, 2, 1], 15, 'B'],
    [[3, 3, 3, 2, 2, 2, 2, 2], 19, 'B'],
    [[3, 3, 3, 3, 2, 2, 2, 2], 20, 'A'],
  ])('answers %j score %i, grade %s', (points, score, grade) => {
    const answers = answersWorth(points);
    expect(answerErrors(answers, DEFAULT_RUBRIC)).toEqual([]);
    expect(scoreOf(answers, DEFAULT_RUBRIC)).toBe(score);
    expect(gradeOf(scoreOf(answers, DEFAULT_RUBRIC), DEFAULT_RUBRIC)).toBe(grade);
  });

  it('the default rubric: 8 criteria of three options scored 1–3, 8 to 24 points', () => {
    expect(DEFAULT_RUBRIC.criteria.map((c) => c.key)).toEqual([
      'age',
      'marital',
      'children',
      'income',
      'jobStability',
      'closeness',
      'contact',
      'attitude',
    ]);
    for (const c of DEFAULT_RUBRIC.criteria) expect(c.options.map((o) => o.points)).toEqual([3, 2, 1]);
    expect(maxScoreOf(DEFAULT_RUBRIC)).toBe(24);
    expect(rubricErrors(DEFAULT_RUBRIC)).toEqual([]);
    expect(RubricPutSchema.safeParse(DEFAULT_RUBRIC).success).toBe(true);
  });

  it('thresholds are the rubric’s: a changed rubric grades the same score differently', () => {
    const strict = { ...DEFAULT_RUBRIC, gradeAMin: 22, gradeBMin: 18 };
    expect(gradeOf(20, strict)).toBe('B');
    expect(gradeOf(17, strict)).toBe('C');
    expect(gradeOf(22, strict)).toBe('A');
  });

  it('answers: every criterion answered with one of its options, nothing unknown', () => {
    const answers = answersWorth([3, 3, 3, 3, 3, 3, 3, 3]);
    delete answers.income;
    expect(answerErrors(answers, DEFAULT_RUBRIC)).toEqual([
      expect.objectContaining({ path: 'body.answers.income', code: 'required' }),
    ]);
    expect(answerErrors({ ...answersWorth([3, 3, 3, 3, 3, 3, 3, 3]), age: 'ancient', colour: 'red' }, DEFAULT_RUBRIC)).toEqual([
      expect.objectContaining({ path: 'body.answers.age', code: 'invalid' }),
      expect.objectContaining({ path: 'body.answers.colour', code: 'unknown' }),
    ]);
  });

  it('a rubric needs unique keys, two options per criterion and A above B', () => {
    const c = DEFAULT_RUBRIC.criteria[0]!;
    expect(
      rubricErrors({
        criteria: [c, c, { ...c, key: 'x', options: [c.options[0]!] }, { ...c, key: 'y', options: [c.options[0]!, c.options[0]!] }],
        gradeAMin: 10,
        gradeBMin: 10,
      }).map((e) => [e.path, e.code]),
    ).toEqual([
      ['body.criteria.1.key', 'duplicate'],
      ['body.criteria.2.options', 'tooFew'],
      ['body.criteria.3.options.1.key', 'duplicate'],
      ['body.gradeAMin', 'invalid'],
    ]);
    expect(rubricErrors({ criteria: [], gradeAMin: 2, gradeBMin: 1 })[0]?.code).toBe('required');
  });
});

describe('spot-check periods and sampling', () => {
  it('the standard of practice: keep 50 on hand, add 30 a month', () => {
    expect(CARD_STANDARDS).toEqual({ onHand: 50, monthly: 30 });
  });

  it.each([
    ['2026-11-23', '2026-11-23', '2026-11-29'],
    ['2026-11-27', '2026-11-23', '2026-11-29'],
    ['2026-11-29', '2026-11-23', '2026-11-29'],
    ['2026-01-01', '2025-12-29', '2026-01-04'],
  ])('the week of %s runs Monday %s to Sunday %s', (date, from, to) => {
    expect(weekOf(date)).toEqual({ from, to });
  });

  it.each([
    ['2026-02-14', '2026-02-01', '2026-02-28'],
    ['2028-02-03', '2028-02-01', '2028-02-29'],
    ['2026-12-31', '2026-12-01', '2026-12-31'],
  ])('the month of %s runs %s to %s', (date, from, to) => {
    expect(monthOf(date)).toEqual({ from, to });
  });

  it('samples are distinct indices in range, all of them when fewer than asked', () => {
    let seed = 7;
    const rand = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % max;
    };
    for (let i = 0; i < 50; i++) {
      const s = sampleIndices(40, 5, rand);
      expect(new Set(s).size).toBe(5);
      for (const x of s) expect(x >= 0 && x < 40).toBe(true);
    }
    expect(sampleIndices(3, 5, rand).sort()).toEqual([0, 1, 2]);
    expect(sampleIndices(0, 5, rand)).toEqual([]);
  });

  it('every index is drawn about equally often (uniform)', () => {
    const counts = new Array<number>(10).fill(0);
    const rand = (max: number) => Math.floor(Math.random() * max);
    for (let i = 0; i < 20_000; i++) for (const x of sampleIndices(10, 3, rand)) counts[x]!++;
    // Expected 6000 each; the standard deviation is about 65.
    for (const c of counts) expect(Math.abs(c - 6000)).toBeLessThan(500);
  });
});
