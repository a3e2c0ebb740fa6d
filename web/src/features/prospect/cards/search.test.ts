import { describe, expect, it } from 'vitest';
import {
  cardSearchQuery,
  dateParam,
  followUpState,
  gradesOf,
  isFiltered,
  joinList,
  SORT_CHOICES,
  stagesOf,
} from './search.ts';

describe('the card search URL', () => {
  it('reads known grades and stages once each, in their own order', () => {
    expect(gradesOf('C,x,A,A')).toEqual(['A', 'C']);
    expect(gradesOf(null)).toEqual([]);
    expect(stagesOf('lost,proposal,nope,')).toEqual(['proposal', 'lost']);
    expect(joinList([])).toBeUndefined();
    expect(joinList(['A', 'B'])).toBe('A,B');
  });

  it('takes only real-looking dates as the follow-up bound', () => {
    expect(dateParam('2026-11-30')).toBe('2026-11-30');
    expect(dateParam('30/11/2026')).toBeUndefined();
    expect(dateParam('')).toBeUndefined();
  });
});

describe('cardSearchQuery', () => {
  it('sends only what narrows the list, lists comma-separated', () => {
    expect(
      cardSearchQuery({
        unitId: 'u1',
        q: '  王 ',
        grade: ['A', 'B'],
        stage: ['lead', 'lost'],
        followUpBefore: '2026-12-01',
        sort: '-name',
      }),
    ).toEqual({
      unitId: 'u1',
      q: '王',
      grade: 'A,B',
      stage: 'lead,lost',
      followUpBefore: '2026-12-01',
      sort: '-name',
    });
    expect(cardSearchQuery({ q: '   ', grade: [], stage: [], sort: 'nextFollowUp' })).toEqual({
      unitId: undefined,
      q: undefined,
      grade: undefined,
      stage: undefined,
      followUpBefore: undefined,
      sort: undefined,
    });
  });

  it('keeps a name prefix within what the server accepts', () => {
    expect(String(cardSearchQuery({ q: 'x'.repeat(80) }).q)).toHaveLength(60);
  });

  it('knows when the list is filtered', () => {
    expect(isFiltered({ unitId: 'u1', sort: '-name' })).toBe(false);
    expect(isFiltered({ stage: ['lead'] })).toBe(true);
    expect(isFiltered({ followUpBefore: '2026-12-01' })).toBe(true);
  });
});

describe('followUpState', () => {
  it('places a follow-up against today', () => {
    expect(followUpState(null, '2026-11-27')).toBe('none');
    expect(followUpState('2026-11-26', '2026-11-27')).toBe('overdue');
    expect(followUpState('2026-11-27', '2026-11-27')).toBe('today');
    expect(followUpState('2026-12-27', '2026-11-27')).toBe('later');
  });

  it('offers every sort both ways on a phone', () => {
    expect(SORT_CHOICES).toEqual([
      'nextFollowUp',
      '-nextFollowUp',
      'createdAt',
      '-createdAt',
      'name',
      '-name',
      'grade',
      '-grade',
    ]);
  });
});
