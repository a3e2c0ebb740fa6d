import type { ActivityToday } from '../../../../contracts/activity.ts';

export type FeedbackEntry = ActivityToday['feedback'][number] & {
  /** A comment that came with the review of its log: shown once, as "commented and reviewed". */
  withReview?: boolean;
};

const SAME_MOMENT_MS = 2 * 60_000;

/**
 * Newest first, a review folded into the comment written with it: the server lists a review
 * (without text) and the comment that came with it as two items of the same log and moment.
 */
export function foldFeedback(items: readonly ActivityToday['feedback'][number][]): FeedbackEntry[] {
  const out: FeedbackEntry[] = [...items].sort((a, b) => b.at.localeCompare(a.at)).map((f) => ({ ...f }));
  const dropped = new Set<FeedbackEntry>();
  for (const r of out) {
    if (r.kind !== 'review' || r.text || !r.logId) continue;
    const comment = out.find(
      (c) =>
        c.kind === 'comment' &&
        c.logId === r.logId &&
        !c.withReview &&
        Math.abs(Date.parse(c.at) - Date.parse(r.at)) <= SAME_MOMENT_MS,
    );
    if (comment) {
      comment.withReview = true;
      dropped.add(r);
    }
  }
  return out.filter((f) => !dropped.has(f));
}
