import {
  ProspectMainStages,
  ProspectStages,
  type FunnelFigures,
  type ProspectGrade,
  type ProspectStage,
} from '../../../contracts/prospect.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';

/**
 * Pure rules of prospect cards and the funnel: which names may become cards, tags, and the funnel
 * figures (stages reached, conversion from each stage to the next, time spent in each stage) read
 * from the timestamped stage moves. No I/O; table-tested in prospect.rules.test.ts.
 */

const DAY_MS = 86_400_000;

// ---- Making cards -------------------------------------------------------------------------------

export type NameAdmission = 'ok' | 'unscored' | 'gradeC';

/** A name becomes a card when graded A or B, or C on the agent's explicit choice; never unscored. */
export function admitGrade(grade: string | null, allowGradeC: boolean): NameAdmission {
  if (grade === 'A' || grade === 'B') return 'ok';
  if (grade === 'C') return allowGradeC ? 'ok' : 'gradeC';
  return 'unscored';
}

export function isGrade(value: string | null): value is ProspectGrade {
  return value === 'A' || value === 'B' || value === 'C';
}

/** Tags trimmed, empty ones and repeats dropped (first spelling kept), order kept. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const t = raw.trim();
    if (t === '' || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out;
}

/** Index on the main line (lead 0 … signed 5); -1 for paused and lost. */
export function mainIndex(stage: string): number {
  return (ProspectMainStages as readonly string[]).indexOf(stage);
}

export function isStage(value: string): value is ProspectStage {
  return (ProspectStages as readonly string[]).includes(value);
}

// ---- Funnel figures -----------------------------------------------------------------------------

/** One stage move as the funnel reads it. */
export interface StageMove {
  prospectId: string;
  /** The card's owner and their team at the time of the move. */
  ownerId: string;
  unitId: string;
  toStage: string;
  reason: string | null;
  changedAt: string;
}

/** A card's stay in one stage: from entering it until the next move (or `until` while still there). */
export interface StageVisit {
  prospectId: string;
  ownerId: string;
  unitId: string;
  stage: string;
  reason: string | null;
  enteredAt: string;
  /** null: still in the stage at `until`. */
  leftAt: string | null;
  days: number;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/**
 * The stays of the moves given (any order): each move opens a stay that ends at the same card's
 * next move, or at `until` when there is none (the card is still there at the period's end). A stay
 * never counts negative time.
 */
export function stageVisits(moves: readonly StageMove[], until: string): StageVisit[] {
  const byCard = new Map<string, StageMove[]>();
  for (const m of moves) {
    const list = byCard.get(m.prospectId);
    if (list) list.push(m);
    else byCard.set(m.prospectId, [m]);
  }
  const untilMs = Date.parse(until);
  const out: StageVisit[] = [];
  for (const list of byCard.values()) {
    list.sort((a, b) => (a.changedAt < b.changedAt ? -1 : a.changedAt > b.changedAt ? 1 : 0));
    list.forEach((m, i) => {
      const next = list[i + 1];
      const enteredMs = Date.parse(m.changedAt);
      const endMs = next ? Date.parse(next.changedAt) : untilMs;
      out.push({
        prospectId: m.prospectId,
        ownerId: m.ownerId,
        unitId: m.unitId,
        stage: m.toStage,
        reason: m.reason,
        enteredAt: m.changedAt,
        leftAt: next ? next.changedAt : null,
        days: Math.max(0, endMs - enteredMs) / DAY_MS,
      });
    });
  }
  return out;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** next / this, four decimals; null when nothing reached this step. */
export function rate(next: number, base: number): number | null {
  return base > 0 ? round(next / base, 4) : null;
}

/** Conversion from each main stage to the next, from the counts reached (one per main stage). */
export function conversionRates(reached: readonly number[]): (number | null)[] {
  return reached.map((n, i) => (i + 1 < reached.length ? rate(reached[i + 1]!, n) : null));
}

function reasonCounts(visits: readonly StageVisit[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  // A number typed into a reason is counted and shown masked (each distinct reason masked once).
  const masked = new Map<string, string>();
  for (const v of visits) {
    const raw = v.reason ?? '';
    let key = masked.get(raw);
    if (key === undefined) masked.set(raw, (key = maskPersonalNumbersInText(raw)));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/**
 * The funnel of a set of stays (those opened in the period): a card has reached a main stage when
 * it entered that stage or a later one in the period (a card that skipped a step has passed it);
 * paused and lost count the moves into them, with their reasons. Time in stage: average and median
 * days of the stays in it (two decimals); signed and lost are ends, not stays.
 */
export function funnelFigures(visits: readonly StageVisit[]): FunnelFigures {
  const furthest = new Map<string, number>();
  for (const v of visits) {
    const i = mainIndex(v.stage);
    const prev = furthest.get(v.prospectId);
    if (prev === undefined || i > prev) furthest.set(v.prospectId, i);
  }
  const reached = ProspectMainStages.map((_, i) => [...furthest.values()].filter((f) => f >= i).length);
  const rates = conversionRates(reached);
  const daysOf = (stage: string) => visits.filter((v) => v.stage === stage).map((v) => v.days);
  const timing = (stage: string) => {
    if (stage === 'signed' || stage === 'lost') return { avgDays: null, medianDays: null };
    const days = daysOf(stage);
    const avg = average(days);
    const med = median(days);
    return { avgDays: avg === null ? null : round(avg, 2), medianDays: med === null ? null : round(med, 2) };
  };
  const lost = visits.filter((v) => v.stage === 'lost');
  const paused = visits.filter((v) => v.stage === 'paused');
  return {
    cards: furthest.size,
    stages: [
      ...ProspectMainStages.map((stage, i) => ({
        stage,
        reached: reached[i]!,
        conversionRate: rates[i]!,
        ...timing(stage),
      })),
      { stage: 'paused' as const, reached: paused.length, conversionRate: null, ...timing('paused') },
      { stage: 'lost' as const, reached: lost.length, conversionRate: null, ...timing('lost') },
    ],
    overallRate: rate(reached[reached.length - 1]!, reached[0]!),
    lost: { count: lost.length, reasons: reasonCounts(lost) },
    paused: { count: paused.length, reasons: reasonCounts(paused) },
  };
}

/** The instant a period of business dates ends: the end of `to` in the zone, or now if earlier. */
export function periodEnd(toEndIso: string, nowIso: string): string {
  return toEndIso < nowIso ? toEndIso : nowIso;
}
