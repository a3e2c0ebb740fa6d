import { describe, expect, it } from 'vitest';
import { foldFeedback } from './feedback.ts';

const item = (kind: 'comment' | 'review' | 'coaching', at: string, logId: string | null, text = '') => ({
  kind,
  at,
  by: '史洋娜',
  text,
  date: '2026-11-26',
  logId,
  coachingId: kind === 'coaching' ? 'c1' : null,
});

describe('feedback on the today page', () => {
  it('folds a review into the comment written with it', () => {
    const folded = foldFeedback([
      item('review', '2026-11-27T04:34:38.424Z', 'log1'),
      item('comment', '2026-11-27T04:34:38.424Z', 'log1', '转介绍要趁热打铁。'),
    ]);
    expect(folded).toEqual([expect.objectContaining({ kind: 'comment', withReview: true })]);
  });

  it('keeps a review alone, comments of other logs or moments, and coaching; newest first', () => {
    const folded = foldFeedback([
      item('comment', '2026-11-25T03:00:00.000Z', 'log2', '早先的点评'),
      item('review', '2026-11-27T04:00:00.000Z', 'log2'),
      item('coaching', '2026-11-26T04:00:00.000Z', null, '主题：约定'),
    ]);
    expect(folded.map((f) => [f.kind, f.withReview ?? false])).toEqual([
      ['review', false],
      ['coaching', false],
      ['comment', false],
    ]);
  });
});
