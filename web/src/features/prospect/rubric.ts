/**
 * Pure helpers of the rubric editor (评分标准): the point range a rubric can give, where its grade
 * thresholds fall in that range, and what stops a draft from being saved. The server validates
 * again; these only let the editor say so before the round trip.
 */

export interface RubricOptionDraft {
  key: string;
  label: string;
  labelEn: string;
  points: number | null;
}

export interface RubricCriterionDraft {
  key: string;
  label: string;
  labelEn: string;
  options: RubricOptionDraft[];
}

export interface RubricDraft {
  criteria: RubricCriterionDraft[];
  gradeAMin: number | null;
  gradeBMin: number | null;
}

/** Lowest and highest total a name can score: one option per criterion. */
export function pointRange(criteria: readonly RubricCriterionDraft[]): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const c of criteria) {
    const pts = c.options.map((o) => o.points).filter((p): p is number => typeof p === 'number');
    if (pts.length === 0) continue;
    min += Math.min(...pts);
    max += Math.max(...pts);
  }
  return { min, max };
}

/** The score bands of each grade within the range; a band is null when no score can reach it. */
export interface GradeBands {
  A: [number, number] | null;
  B: [number, number] | null;
  C: [number, number] | null;
}

export function gradeBands(draft: RubricDraft): GradeBands {
  const { min, max } = pointRange(draft.criteria);
  const a = draft.gradeAMin ?? Number.POSITIVE_INFINITY;
  const b = draft.gradeBMin ?? a;
  const band = (lo: number, hi: number): [number, number] | null => {
    const l = Math.max(lo, min);
    const h = Math.min(hi, max);
    return l <= h ? [l, h] : null;
  };
  return {
    A: band(a, max),
    B: band(b, a - 1),
    C: band(min, Math.min(b, a) - 1),
  };
}

/** The grade a score earns under the draft's thresholds (A ≥ gradeAMin, B ≥ gradeBMin, else C). */
export function gradeOf(score: number, gradeAMin: number, gradeBMin: number): 'A' | 'B' | 'C' {
  if (score >= gradeAMin) return 'A';
  if (score >= gradeBMin) return 'B';
  return 'C';
}

export type RubricProblem =
  | { kind: 'noCriteria' }
  | { kind: 'criterionLabel'; criterion: number }
  | { kind: 'criterionKey'; criterion: number }
  | { kind: 'duplicateCriterion'; criterion: number }
  | { kind: 'tooFewOptions'; criterion: number }
  | { kind: 'optionLabel'; criterion: number; option: number }
  | { kind: 'optionKey'; criterion: number; option: number }
  | { kind: 'duplicateOption'; criterion: number; option: number }
  | { kind: 'optionPoints'; criterion: number; option: number }
  | { kind: 'thresholds' }
  | { kind: 'thresholdOrder' };

export type RubricWarning = { kind: 'noA' } | { kind: 'noC' } | { kind: 'noB' };

/** As the server's rubric keys: a letter, then letters, digits, _ or -. */
const KEY_RE = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
export const MAX_POINTS = 100;

/** What must be fixed before the draft can be saved, in the order the editor shows it. */
export function rubricProblems(draft: RubricDraft): RubricProblem[] {
  const out: RubricProblem[] = [];
  if (draft.criteria.length === 0) out.push({ kind: 'noCriteria' });
  const seen = new Set<string>();
  draft.criteria.forEach((c, ci) => {
    if (!c.label.trim() || !c.labelEn.trim()) out.push({ kind: 'criterionLabel', criterion: ci });
    if (!KEY_RE.test(c.key)) out.push({ kind: 'criterionKey', criterion: ci });
    else if (seen.has(c.key)) out.push({ kind: 'duplicateCriterion', criterion: ci });
    seen.add(c.key);
    if (c.options.length < 2) out.push({ kind: 'tooFewOptions', criterion: ci });
    const keys = new Set<string>();
    c.options.forEach((o, oi) => {
      if (!o.label.trim() || !o.labelEn.trim()) out.push({ kind: 'optionLabel', criterion: ci, option: oi });
      if (!KEY_RE.test(o.key)) out.push({ kind: 'optionKey', criterion: ci, option: oi });
      else if (keys.has(o.key)) out.push({ kind: 'duplicateOption', criterion: ci, option: oi });
      keys.add(o.key);
      if (o.points === null || !Number.isInteger(o.points) || o.points < 0 || o.points > MAX_POINTS)
        out.push({ kind: 'optionPoints', criterion: ci, option: oi });
    });
  });
  const { gradeAMin: a, gradeBMin: b } = draft;
  if (a === null || b === null || !Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0)
    out.push({ kind: 'thresholds' });
  else if (b >= a) out.push({ kind: 'thresholdOrder' });
  return out;
}

/** Saveable but odd: a grade no score can reach. */
export function rubricWarnings(draft: RubricDraft): RubricWarning[] {
  if (draft.gradeAMin === null || draft.gradeBMin === null || draft.criteria.length === 0) return [];
  const bands = gradeBands(draft);
  const out: RubricWarning[] = [];
  if (!bands.A) out.push({ kind: 'noA' });
  if (!bands.B) out.push({ kind: 'noB' });
  if (!bands.C) out.push({ kind: 'noC' });
  return out;
}

/** A fresh key not yet used among `taken`: c1, c2… (criteria) or o1, o2… (options). */
export function freshKey(prefix: 'c' | 'o', taken: readonly string[]): string {
  const set = new Set(taken);
  for (let i = taken.length + 1; ; i++) {
    const k = `${prefix}${i}`;
    if (!set.has(k)) return k;
  }
}

/** Moves an item one place up (-1) or down (+1); out of range leaves the list as it is. */
export function move<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}
