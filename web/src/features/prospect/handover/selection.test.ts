import { describe, expect, it } from 'vitest';
import type { HandoverPreview } from '../../../../../contracts/handover.ts';
import {
  EMPTY_SELECTION,
  handoverBody,
  isEmptySelection,
  looseLinks,
  selectionCounts,
  withLinked,
} from './selection.ts';

const preview: HandoverPreview = {
  user: { id: 'u1', name: '王芳', unitId: 't1', unitName: '一组', status: 'active' },
  counts: { names: 3, prospects: 2, customers: 2, households: 1, policies: 5, serviceRequests: 2 },
  names: [
    { id: 'n1', name: '甲', category: 'friends', grade: 'A', prospectId: 'p1' },
    { id: 'n2', name: '乙', category: 'friends', grade: 'C', prospectId: null },
    { id: 'n3', name: '丙', category: 'relatives', grade: 'B', prospectId: 'p2' },
  ],
  prospects: [
    { id: 'p1', name: '甲', grade: 'A', stage: 'lead', nextFollowUp: null, nameId: 'n1', customerId: null },
    { id: 'p2', name: '丙', grade: 'B', stage: 'signed', nextFollowUp: null, nameId: 'n3', customerId: 'c1' },
  ],
  customers: [
    {
      id: 'c1',
      name: '丙',
      householdId: 'h1',
      householdName: '丙家',
      prospectId: 'p2',
      policies: 3,
      serviceRequests: 2,
    },
    {
      id: 'c2',
      name: '丁',
      householdId: 'h1',
      householdName: '丙家',
      prospectId: null,
      policies: 2,
      serviceRequests: 0,
    },
  ],
};

describe('handover selection', () => {
  it('counts everything for all, and what a customer takes along for a choice', () => {
    expect(selectionCounts(preview, { ...EMPTY_SELECTION, all: true })).toEqual({
      names: 3,
      prospects: 2,
      customers: 2,
      policies: 5,
      serviceRequests: 2,
    });
    expect(
      selectionCounts(preview, { ...EMPTY_SELECTION, customerIds: ['c1'], prospectIds: ['p1'] }),
    ).toEqual({
      names: 0,
      prospects: 1,
      customers: 1,
      policies: 3,
      serviceRequests: 2,
    });
  });

  it('points out cards and names that would be parted, and joins them on request', () => {
    const sel = { ...EMPTY_SELECTION, prospectIds: ['p1'], nameIds: ['n3'] };
    expect(looseLinks(preview, sel)).toEqual({ cards: 1, names: 1 });
    const joined = withLinked(preview, sel);
    expect(joined.prospectIds.sort()).toEqual(['p1', 'p2']);
    expect(joined.nameIds.sort()).toEqual(['n1', 'n3']);
    expect(looseLinks(preview, joined)).toEqual({ cards: 0, names: 0 });
  });

  it('builds the body: all, or only the non-empty lists', () => {
    expect(isEmptySelection(EMPTY_SELECTION)).toBe(true);
    expect(handoverBody('u1', 'u2', 'leaving', '  ', { ...EMPTY_SELECTION, all: true })).toEqual({
      fromUserId: 'u1',
      toUserId: 'u2',
      reason: 'leaving',
      all: true,
    });
    expect(
      handoverBody('u1', 'u2', 'decision', ' 调整 ', { ...EMPTY_SELECTION, customerIds: ['c2'] }),
    ).toEqual({
      fromUserId: 'u1',
      toUserId: 'u2',
      reason: 'decision',
      note: '调整',
      customerIds: ['c2'],
    });
  });
});
