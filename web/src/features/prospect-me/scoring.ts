/**
 * The scoring sheet's live figures: the total of the chosen options, the grade it earns under the
 * rubric's thresholds (A ≥ gradeAMin, B ≥ gradeBMin, else C), and what is still unanswered. The
 * server scores again on save; this only shows it while the agent taps.
 */

export interface RubricLike {
  version: number;
  criteria: readonly { key: string; options: readonly { key: string; points: number }[] }[];
  gradeAMin: number;
  gradeBMin: number;
}

export type Grade = 'A' | 'B' | 'C';

export function gradeOf(score: number, gradeAMin: number, gradeBMin: number): Grade {
  if (score >= gradeAMin) return 'A';
  if (score >= gradeBMin) return 'B';
  return 'C';
}

export interface ScorePreview {
  total: number;
  /** The grade of the total once every criterion is answered; null before. */
  grade: Grade | null;
  /** Keys of the criteria not answered yet, in the rubric's order. */
  missing: string[];
}

export function previewScore(rubric: RubricLike, answers: Readonly<Record<string, string>>): ScorePreview {
  let total = 0;
  const missing: string[] = [];
  for (const c of rubric.criteria) {
    const opt = c.options.find((o) => o.key === answers[c.key]);
    if (opt) total += opt.points;
    else missing.push(c.key);
  }
  return {
    total,
    grade: missing.length === 0 ? gradeOf(total, rubric.gradeAMin, rubric.gradeBMin) : null,
    missing,
  };
}

/**
 * The answers to start a sheet with: a name's earlier answers that still fit the current rubric
 * (same criterion, an option that still exists), so a re-score asks only what changed.
 */
export function carriedAnswers(
  rubric: RubricLike,
  previous: Readonly<Record<string, string>> | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!previous) return out;
  for (const c of rubric.criteria) {
    const k = previous[c.key];
    if (k !== undefined && c.options.some((o) => o.key === k)) out[c.key] = k;
  }
  return out;
}

/** A scored name whose score was given under another rubric version may be re-scored. */
export function needsRescore(
  name: { grade: string | null; rubricVersion: number | null },
  currentVersion: number,
): boolean {
  return name.grade !== null && name.rubricVersion !== null && name.rubricVersion !== currentVersion;
}
