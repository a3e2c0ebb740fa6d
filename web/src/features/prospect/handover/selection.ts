import type { HandoverCreate, HandoverPreview } from '../../../../../contracts/handover.ts';

/**
 * Pure helpers of the handover form: what a choice moves, counted the way the server will move it
 * (a customer takes their policies and service requests along; cards and names do not pull each
 * other), and the request body.
 */

export interface Selection {
  all: boolean;
  prospectIds: string[];
  customerIds: string[];
  nameIds: string[];
}

export const EMPTY_SELECTION: Selection = { all: false, prospectIds: [], customerIds: [], nameIds: [] };

export interface SelectionCounts {
  names: number;
  prospects: number;
  customers: number;
  policies: number;
  serviceRequests: number;
}

export function selectionCounts(preview: HandoverPreview, sel: Selection): SelectionCounts {
  if (sel.all) {
    const c = preview.counts;
    return {
      names: c.names,
      prospects: c.prospects,
      customers: c.customers,
      policies: c.policies,
      serviceRequests: c.serviceRequests,
    };
  }
  const customers = new Set(sel.customerIds);
  const chosen = preview.customers.filter((c) => customers.has(c.id));
  return {
    names: sel.nameIds.length,
    prospects: sel.prospectIds.length,
    customers: chosen.length,
    policies: chosen.reduce((s, c) => s + c.policies, 0),
    serviceRequests: chosen.reduce((s, c) => s + c.serviceRequests, 0),
  };
}

export function isEmptySelection(sel: Selection): boolean {
  return !sel.all && sel.prospectIds.length + sel.customerIds.length + sel.nameIds.length === 0;
}

/**
 * Cards chosen whose Plan 100 name stays behind, and names chosen whose card stays behind: the
 * form points them out (the two do not move together by themselves).
 */
export function looseLinks(preview: HandoverPreview, sel: Selection): { cards: number; names: number } {
  if (sel.all) return { cards: 0, names: 0 };
  const names = new Set(sel.nameIds);
  const cards = new Set(sel.prospectIds);
  const ownNames = new Set(preview.names.map((n) => n.id));
  return {
    cards: preview.prospects.filter(
      (p) => cards.has(p.id) && p.nameId && ownNames.has(p.nameId) && !names.has(p.nameId),
    ).length,
    names: preview.names.filter((n) => names.has(n.id) && n.prospectId && !cards.has(n.prospectId)).length,
  };
}

/** Adds to the chosen cards the Plan 100 names they were made from (and the reverse). */
export function withLinked(preview: HandoverPreview, sel: Selection): Selection {
  const names = new Set(sel.nameIds);
  const cards = new Set(sel.prospectIds);
  const ownNames = new Set(preview.names.map((n) => n.id));
  const ownCards = new Set(preview.prospects.map((p) => p.id));
  for (const p of preview.prospects)
    if (cards.has(p.id) && p.nameId && ownNames.has(p.nameId)) names.add(p.nameId);
  for (const n of preview.names)
    if (names.has(n.id) && n.prospectId && ownCards.has(n.prospectId)) cards.add(n.prospectId);
  return { ...sel, nameIds: [...names], prospectIds: [...cards] };
}

export function handoverBody(
  fromUserId: string,
  toUserId: string,
  reason: HandoverCreate['reason'],
  note: string | undefined,
  sel: Selection,
): HandoverCreate {
  const base = { fromUserId, toUserId, reason, ...(note?.trim() ? { note: note.trim() } : {}) };
  if (sel.all) return { ...base, all: true };
  return {
    ...base,
    ...(sel.prospectIds.length ? { prospectIds: sel.prospectIds } : {}),
    ...(sel.customerIds.length ? { customerIds: sel.customerIds } : {}),
    ...(sel.nameIds.length ? { nameIds: sel.nameIds } : {}),
  };
}
