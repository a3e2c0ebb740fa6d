import type { FieldError } from '../../../contracts/errors.ts';
import type { Grade, RubricCriterion } from '../../../contracts/plan100.ts';

/**
 * Grading names (评分表) and the standards of the spot-check: pure functions, table-tested.
 *
 * A rubric is criteria × options × points: a name's score is the sum of the points of the option
 * chosen for each criterion; A at gradeAMin and above, B at gradeBMin and above, else C (both
 * thresholds inclusive).
 */

export interface RubricRules {
  criteria: readonly RubricCriterion[];
  gradeAMin: number;
  gradeBMin: number;
}

const option = (key: string, label: string, labelEn: string, points: number) => ({ key, label, labelEn, points });

/**
 * The default rubric of practice: 8 criteria scored 1–3 (8 to 24 points); A ≥ 20, B 15–19, C ≤ 14.
 * Stored as a tenant's version 1 on its first read; the tenant may change everything.
 */
export const DEFAULT_RUBRIC: RubricRules = {
  criteria: [
    {
      key: 'age',
      label: '年龄',
      labelEn: 'Age',
      options: [
        option('prime', '25–45 岁', '25–45', 3),
        option('near', '20–24 或 46–55 岁', '20–24 or 46–55', 2),
        option('other', '其他年龄', 'Other ages', 1),
      ],
    },
    {
      key: 'marital',
      label: '婚姻状况',
      labelEn: 'Marital status',
      options: [
        option('married', '已婚', 'Married', 3),
        option('single', '未婚', 'Single', 2),
        option('other', '离异或丧偶', 'Divorced or widowed', 1),
      ],
    },
    {
      key: 'children',
      label: '子女',
      labelEn: 'Children',
      options: [
        option('young', '有未成年子女', 'Children under 18', 3),
        option('grown', '子女已成年', 'Grown-up children', 2),
        option('none', '无子女', 'No children', 1),
      ],
    },
    {
      key: 'income',
      label: '收入',
      labelEn: 'Income',
      options: [
        option('high', '较高（年收入 20 万以上）', 'High (over 200,000 a year)', 3),
        option('middle', '中等（8–20 万）', 'Middle (80,000–200,000)', 2),
        option('low', '较低（8 万以下）', 'Low (under 80,000)', 1),
      ],
    },
    {
      key: 'jobStability',
      label: '工作稳定性',
      labelEn: 'Job stability',
      options: [
        option('stable', '稳定', 'Stable', 3),
        option('fair', '一般', 'Fair', 2),
        option('unstable', '不稳定', 'Unstable', 1),
      ],
    },
    {
      key: 'closeness',
      label: '亲密程度',
      labelEn: 'Closeness',
      options: [
        option('close', '关系密切', 'Close', 3),
        option('fair', '一般', 'Fair', 2),
        option('distant', '不太熟', 'Distant', 1),
      ],
    },
    {
      key: 'contact',
      label: '接触难易',
      labelEn: 'Ease of contact',
      options: [
        option('easy', '容易见面', 'Easy to meet', 3),
        option('fair', '一般', 'Fair', 2),
        option('hard', '很难见面', 'Hard to meet', 1),
      ],
    },
    {
      key: 'attitude',
      label: '对保险的态度',
      labelEn: 'Attitude to insurance',
      options: [
        option('positive', '认同', 'Positive', 3),
        option('neutral', '中立', 'Neutral', 2),
        option('negative', '排斥', 'Negative', 1),
      ],
    },
  ],
  gradeAMin: 20,
  gradeBMin: 15,
};

/** The highest score possible: each criterion's best option. */
export function maxScoreOf(rubric: Pick<RubricRules, 'criteria'>): number {
  return rubric.criteria.reduce((sum, c) => sum + Math.max(0, ...c.options.map((o) => o.points)), 0);
}

/** Problems of scoring answers under a rubric: each criterion answered with one of its options, nothing else. */
export function answerErrors(answers: Record<string, string>, rubric: Pick<RubricRules, 'criteria'>): FieldError[] {
  const errors: FieldError[] = [];
  const keys = new Set(rubric.criteria.map((c) => c.key));
  for (const c of rubric.criteria) {
    const chosen = answers[c.key];
    if (chosen === undefined || chosen === '') {
      errors.push({ path: `body.answers.${c.key}`, message: `No answer for ${c.labelEn}`, code: 'required' });
    } else if (!c.options.some((o) => o.key === chosen)) {
      errors.push({ path: `body.answers.${c.key}`, message: `"${chosen}" is not an option of ${c.labelEn}`, code: 'invalid' });
    }
  }
  for (const key of Object.keys(answers)) {
    if (!keys.has(key)) errors.push({ path: `body.answers.${key}`, message: 'Not a criterion of the rubric', code: 'unknown' });
  }
  return errors;
}

/** The score of complete answers (see answerErrors); an unanswered criterion counts 0. */
export function scoreOf(answers: Record<string, string>, rubric: Pick<RubricRules, 'criteria'>): number {
  let score = 0;
  for (const c of rubric.criteria) {
    const chosen = c.options.find((o) => o.key === answers[c.key]);
    score += chosen?.points ?? 0;
  }
  return score;
}

/** A at gradeAMin and above, B at gradeBMin and above, else C. */
export function gradeOf(score: number, rubric: Pick<RubricRules, 'gradeAMin' | 'gradeBMin'>): Grade {
  if (score >= rubric.gradeAMin) return 'A';
  if (score >= rubric.gradeBMin) return 'B';
  return 'C';
}

/**
 * Problems of a rubric beyond its shape (the zod contract checks lengths, integer points ≥ 0):
 * unique criterion keys, unique option keys within a criterion, gradeAMin > gradeBMin.
 */
export function rubricErrors(rubric: RubricRules): FieldError[] {
  const errors: FieldError[] = [];
  if (rubric.criteria.length === 0) errors.push({ path: 'body.criteria', message: 'At least one criterion', code: 'required' });
  const seen = new Set<string>();
  rubric.criteria.forEach((c, i) => {
    if (seen.has(c.key)) errors.push({ path: `body.criteria.${i}.key`, message: `Criterion key "${c.key}" is used twice`, code: 'duplicate' });
    seen.add(c.key);
    if (c.options.length < 2) errors.push({ path: `body.criteria.${i}.options`, message: 'At least two options', code: 'tooFew' });
    const keys = new Set<string>();
    c.options.forEach((o, j) => {
      if (keys.has(o.key)) errors.push({ path: `body.criteria.${i}.options.${j}.key`, message: `Option key "${o.key}" is used twice`, code: 'duplicate' });
      keys.add(o.key);
      if (!Number.isInteger(o.points) || o.points < 0)
        errors.push({ path: `body.criteria.${i}.options.${j}.points`, message: 'Points are a whole number ≥ 0', code: 'invalid' });
    });
  });
  if (!(rubric.gradeAMin > rubric.gradeBMin)) {
    errors.push({ path: 'body.gradeAMin', message: 'The A threshold must be above the B threshold', code: 'invalid' });
  }
  return errors;
}

// ---- Spot-check standards and periods -------------------------------------------------------------

/** The standard of practice for prospect cards: keep ≥ 50 on hand, add 30 a month. */
export const CARD_STANDARDS = { onHand: 50, monthly: 30 } as const;

/** Stages a card leaves "on hand" by: signed (a customer now) or lost. */
export const CLOSED_STAGES = ['signed', 'lost'] as const;

/** Monday and Sunday of the week of a YYYY-MM-DD date. */
export function weekOf(date: string): { from: string; to: string } {
  const d = new Date(`${date}T00:00:00Z`);
  const offset = (d.getUTCDay() + 6) % 7;
  const monday = new Date(d.getTime() - offset * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10) };
}

/** First and last day of the calendar month of a YYYY-MM-DD date. */
export function monthOf(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}

/**
 * k distinct indices out of 0..n-1, uniformly (a partial Fisher–Yates shuffle). `randomInt(max)`
 * answers an integer in [0, max): crypto.randomInt in the service, a seeded one in tests.
 */
export function sampleIndices(n: number, k: number, randomInt: (max: number) => number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + randomInt(n - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}
