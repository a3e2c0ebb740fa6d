import { CompiledQuery } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { dialectOf } from '../db/dialect.ts';
import { newId } from '../db/ids.ts';
import type {
  CustomerTable,
  HouseholdTable,
  PlanNameTable,
  PolicyTable,
  ProspectStageChangeTable,
  ProspectTable,
  ServiceRequestTable,
  SpotCheckItemTable,
  SpotCheckTable,
} from '../db/schema.ts';
import { businessDate, now } from '../lib/clock.ts';
import { addDays, zonedInstant } from '../modules/attendance/attendance.rules.ts';
import { addYears } from '../modules/customer/review-card.rules.ts';
import { gradeOf, scoreOf } from '../modules/prospect/grading.rules.ts';
import { nameKeyOf } from '../modules/prospect/name.rules.ts';
import { currentRubric } from '../modules/prospect/rubric.service.ts';
import { chineseName, idNumber, mobile } from './people.ts';
import { makeRandom, type Random } from './random.ts';
import type { PlanNameCategory, Rubric } from '../../contracts/plan100.ts';
import type { CoverageKind, PaymentMode } from '../../contracts/customer.ts';
import type { IncomeBand, ProspectStage } from '../../contracts/prospect.ts';

/**
 * Prospects and customers of the demo company, written after the activity demo and linked to it:
 *
 * - every agent's Plan 100 list (30–120 names over the ten relationship categories, most scored
 *   under the tenant's current rubric, a few duplicates and a few excluded names), supervisors a
 *   short one;
 * - prospect cards for the names the activity demo visited (so a card's contact history is those
 *   activities: `activities.prospect_id` is set on the ones that fit the card's stage) and for
 *   most A and B names of the list (a few C), referrals pointing at earlier cards or customers,
 *   campaign and company-assigned cards; each with its stage history over the last 90 days,
 *   funnel-shaped (many leads, fewer appointments … a few signed, some paused or lost with a
 *   reason), and follow-up dates of which some are due today or overdue;
 * - customers of the signed cards (recent ones and, for agents of more than a year, some from
 *   the past three years), grouped in households with spouse and children, with policies of
 *   realistic products per kind (so review cards show cover and gaps), some lapsed; a birthday and
 *   a policy anniversary today for some agents;
 * - service requests of every kind, return visits with satisfaction scores, some open and overdue;
 * - a spot-check or two by every supervisor, with comments.
 *
 * Deterministic (a seeded generator, people in username order, activities in time order) and dated
 * relative to today; rows are written in bulk.
 */

export const PROSPECT_DEMO_DAYS = 90;

export interface ProspectDemoFacts {
  names: number;
  cards: number;
  stageChanges: number;
  customers: number;
  households: number;
  policies: number;
  serviceRequests: number;
  spotChecks: number;
  linkedActivities: number;
}

interface Person {
  id: string;
  username: string;
  role: string;
  unit_id: string;
  join_date: string | null;
  leave_date: string | null;
  status: string;
}

interface ActivityFact {
  id: string;
  user_id: string;
  prospect_name: string;
  stage: string;
  occurred_at: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Funnel rank of an activity's stage; a card links the activities up to the rank it reached. */
const ACTIVITY_RANK: Record<string, number> = {
  contact: 0,
  interview: 1,
  proposal: 3,
  closing: 4,
  sale: 5,
  service: 6,
};
/** Rank a card has reached in a main stage (signed links everything, service included). */
const STAGE_RANK: Record<string, number> = {
  lead: 0,
  appointment: 1,
  needsAnalysis: 2,
  proposal: 3,
  closing: 4,
  signed: 6,
};
const MAIN: ProspectStage[] = ['lead', 'appointment', 'needsAnalysis', 'proposal', 'closing', 'signed'];

const CATEGORY_WEIGHTS: [PlanNameCategory, number][] = [
  ['friends', 22],
  ['relatives', 16],
  ['colleagues', 14],
  ['classmates', 13],
  ['neighbours', 8],
  ['hobbies', 7],
  ['spouseChildren', 7],
  ['clubs', 5],
  ['commercial', 5],
  ['referrals', 3],
];
const NAME_NOTES: Partial<Record<PlanNameCategory, string[]>> = {
  friends: ['大学室友', '老朋友，常一起吃饭', '健身认识的朋友'],
  relatives: ['表姐', '堂哥', '舅舅家的孩子', '小姨'],
  colleagues: ['前公司同事', '原来的部门主管'],
  classmates: ['高中同学', '大学同学，在银行工作', 'MBA 同学'],
  neighbours: ['楼下邻居', '同小区业主群'],
  hobbies: ['羽毛球球友', '读书会', '跑团认识'],
  spouseChildren: ['孩子同学家长', '爱人的同事'],
  clubs: ['商会会员', '老乡会'],
  commercial: ['常去的美容院老板', '小区门口超市老板', '孩子的钢琴老师'],
  referrals: ['老客户介绍', '朋友推荐'],
};
const EXCLUDE_NOTES = ['明确表示不需要保险', '家里有亲戚做保险', '关系一般，暂不打扰'];
const OCCUPATIONS = [
  '企业主',
  '公务员',
  '中学教师',
  '医生',
  '护士',
  'IT 工程师',
  '销售经理',
  '财务主管',
  '个体工商户',
  '律师',
  '外企白领',
  '自由职业',
  '银行职员',
  '工厂主管',
  '设计师',
  '电商店主',
];
const INCOME_WEIGHTS: [IncomeBand, number][] = [
  ['under100k', 22],
  ['100kTo300k', 42],
  ['300kTo500k', 20],
  ['500kTo1m', 11],
  ['over1m', 5],
];
const TAGS = [
  '孩子教育',
  '重疾关注',
  '养老规划',
  '企业主',
  '老乡',
  '宝妈',
  '高净值',
  '医疗需求',
  '房贷家庭',
  '转介绍中心',
];
const CAMPAIGNS = ['2026 春季健康讲座', '亲子嘉年华', '理财沙龙（9 月）', '客户答谢会'];
const PAUSE_REASONS = [
  '客户近期资金紧张，三个月后再联系',
  '客户出国工作半年',
  '家里有事，暂缓考虑',
  '等年终奖发放后再谈',
];
const LOST_REASONS = ['已在其他公司投保', '家人反对购买保险', '预算不足', '联系不上', '对保险不认同'];
const ADDRESSES = [
  '西湖区文三路',
  '拱墅区莫干山路',
  '滨江区江南大道',
  '上城区解放路',
  '余杭区文一西路',
  '萧山区市心中路',
];
const RETURN_NOTES = ['新契约回访：确认投保信息，讲解犹豫期', '新契约回访，送保单'];
const CHANGE_NOTES = ['变更联系地址', '变更受益人', '变更缴费账户', '补充告知事项'];
const CLAIM_NOTES = ['协助准备住院理赔材料', '门诊费用报销，已提交资料', '意外骨折理赔'];
const OTHER_NOTES = ['补打保单合同', '续期缴费提醒', '咨询保单贷款'];
const SPOT_COMMENTS = [
  '家庭情况写得很清楚，抓紧约面谈。',
  '跟进日期已过，尽快联系。',
  '评分偏高？再确认一下收入情况。',
  '需求写得太笼统，下次面谈补充。',
  '这位可以约她先生一起谈。',
  '很好的准客户，下周我陪访。',
];

interface Product {
  name: string;
  child?: boolean;
  premiumYuan: [number, number];
  sumYuan: [number, number] | null;
  term: number[];
  modes: PaymentMode[];
}
const PRODUCTS: Record<CoverageKind, Product[]> = {
  life: [
    {
      name: '平和定期寿险（2026版）',
      premiumYuan: [1_500, 5_000],
      sumYuan: [500_000, 1_500_000],
      term: [20, 30],
      modes: ['annual'],
    },
    {
      name: '平和终身寿险（增额版）',
      premiumYuan: [10_000, 50_000],
      sumYuan: [200_000, 800_000],
      term: [10, 20],
      modes: ['annual'],
    },
  ],
  criticalIllness: [
    {
      name: '平和康顺重大疾病保险',
      premiumYuan: [5_000, 15_000],
      sumYuan: [300_000, 500_000],
      term: [20, 30],
      modes: ['annual', 'monthly'],
    },
    {
      name: '平和守护少儿重疾险',
      child: true,
      premiumYuan: [1_500, 4_000],
      sumYuan: [300_000, 500_000],
      term: [20],
      modes: ['annual'],
    },
  ],
  medical: [
    {
      name: '平和百万医疗险',
      premiumYuan: [300, 1_500],
      sumYuan: [2_000_000, 6_000_000],
      term: [1],
      modes: ['annual', 'monthly'],
    },
    {
      name: '平和少儿住院医疗',
      child: true,
      premiumYuan: [400, 900],
      sumYuan: [1_000_000, 2_000_000],
      term: [1],
      modes: ['annual'],
    },
  ],
  accident: [
    {
      name: '平和综合意外伤害保险',
      premiumYuan: [150, 600],
      sumYuan: [500_000, 1_000_000],
      term: [1],
      modes: ['annual'],
    },
    {
      name: '平和学平险',
      child: true,
      premiumYuan: [100, 200],
      sumYuan: [100_000, 200_000],
      term: [1],
      modes: ['annual'],
    },
  ],
  annuity: [
    {
      name: '平和金福年金保险',
      premiumYuan: [10_000, 50_000],
      sumYuan: null,
      term: [5, 10],
      modes: ['annual', 'single'],
    },
    {
      name: '平和状元红教育年金',
      child: true,
      premiumYuan: [6_000, 20_000],
      sumYuan: null,
      term: [10],
      modes: ['annual'],
    },
  ],
};

interface Kid {
  name: string;
  gender: 'male' | 'female';
  birth: string;
}
/** A person on a list: who they are, so the rubric answers, the card and the household agree. */
interface Profile {
  name: string;
  gender: 'male' | 'female';
  birth: string;
  married: boolean;
  spouse: { name: string; gender: 'male' | 'female'; birth: string } | null;
  kids: Kid[];
  income: IncomeBand;
  occupation: string;
  quality: number;
}

interface Card {
  row: ProspectTable;
  owner: Person;
  profile: Profile;
  /** Stage moves: stage and instant (ms), oldest first. */
  moves: { stage: ProspectStage; at: number; reason: string | null }[];
  reached: number;
  /** The card a referral came from, resolved to its customer when signed before. */
  referrer: Card | null;
  activities: ActivityFact[];
}

function weighted<T>(rnd: Random, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rnd.next() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

function shuffle<T>(rnd: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const CN_NUM = ['零', '一', '两', '三'];

function familyText(p: Profile, today: string): string {
  const ages = p.kids.map((k) => Math.max(0, Number(today.slice(0, 4)) - Number(k.birth.slice(0, 4))));
  if (!p.married)
    return p.kids.length ? `离异，${CN_NUM[p.kids.length]}个孩子（${ages.join('岁、')}岁）` : '未婚';
  if (p.kids.length === 0) return '已婚，暂无子女';
  return `已婚，${CN_NUM[p.kids.length]}个孩子（${ages.join('岁、')}岁）`;
}

function needsText(rnd: Random, p: Profile): string {
  const needs: string[] = [];
  if (p.kids.some((k) => k.birth > '2008')) needs.push('子女教育金');
  needs.push(rnd.pick(['重疾保障', '医疗补充', '养老规划', '家庭责任保障（房贷）', '意外保障']));
  if (p.income === '500kTo1m' || p.income === 'over1m') needs.push('资产传承');
  return [...new Set(needs)].join('、');
}

export async function seedProspectDemo(
  db: Queryable,
  tenantId: string,
  nowAt: Date = now(),
): Promise<ProspectDemoFacts> {
  const rnd = makeRandom(20261205);
  const nowMs = nowAt.getTime();
  const tenant = await db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const timeZone = tenant.time_zone;
  const today = businessDate(nowAt, timeZone);
  const from = addDays(today, -PROSPECT_DEMO_DAYS);
  const thisYear = Number(today.slice(0, 4));
  const rubric: Rubric = await currentRubric(db, tenantId);

  const [people, memberships, activityRows] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'unit_id', 'join_date', 'leave_date', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('role', 'in', ['agent', 'supervisor'])
      .orderBy('username')
      .execute(),
    db
      .selectFrom('unit_memberships')
      .select(['user_id', 'unit_id', 'start_date', 'end_date'])
      .where('tenant_id', '=', tenantId)
      .orderBy('start_date')
      .execute(),
    db
      .selectFrom('activities')
      .select(['id', 'user_id', 'prospect_name', 'stage', 'occurred_at'])
      .where('tenant_id', '=', tenantId)
      .where('prospect_name', 'is not', null)
      .where('stage', 'in', Object.keys(ACTIVITY_RANK))
      .orderBy('occurred_at')
      .orderBy('prospect_name')
      .execute(),
  ]);
  const membershipsOf = new Map<string, typeof memberships>();
  for (const m of memberships) membershipsOf.set(m.user_id, [...(membershipsOf.get(m.user_id) ?? []), m]);
  const unitAt = (p: Person, date: string): string =>
    membershipsOf.get(p.id)?.find((m) => m.start_date <= date && (m.end_date === null || m.end_date >= date))
      ?.unit_id ?? p.unit_id;
  /** Each person's visited names in order of the first visit, with the activities naming them. */
  const visited = new Map<string, Map<string, ActivityFact[]>>();
  for (const a of activityRows as ActivityFact[]) {
    let mine = visited.get(a.user_id);
    if (!mine) visited.set(a.user_id, (mine = new Map<string, ActivityFact[]>()));
    const list = mine.get(a.prospect_name);
    if (list) list.push(a);
    else mine.set(a.prospect_name, [a]);
  }

  const midnight = new Map<string, number>();
  const at = (date: string, minutes: number): number => {
    let base = midnight.get(date);
    if (base === undefined) {
      base = zonedInstant(date, '12:00', timeZone).getTime() - 12 * HOUR;
      midnight.set(date, base);
    }
    return base + minutes * MINUTE;
  };
  // The local date of an instant, from the zone's offset looked up once per UTC day (formatting
  // every instant in the zone would cost more than the rest of the seed).
  const offsets = new Map<number, number>();
  const dateOf = (ms: number): string => {
    const day = Math.floor(ms / DAY);
    let offset = offsets.get(day);
    if (offset === undefined) {
      const utc = new Date(day * DAY).toISOString().slice(0, 10);
      offset = day * DAY - at(utc, 0);
      offsets.set(day, offset);
    }
    return new Date(ms + offset).toISOString().slice(0, 10);
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const daytime = (date: string) => at(date, rnd.int(9 * 60, 20 * 60));

  const names: PlanNameTable[] = [];
  const cards: Card[] = [];
  const changes: ProspectStageChangeTable[] = [];
  const households: HouseholdTable[] = [];
  const customers: CustomerTable[] = [];
  const policies: PolicyTable[] = [];
  const requests: ServiceRequestTable[] = [];
  const checks: SpotCheckTable[] = [];
  const checkItems: SpotCheckItemTable[] = [];
  const links = new Map<string, string>();
  const policyNos = new Set<string>();

  const personOf = (name: string, quality: number, adult = true): Profile => {
    const gender: 'male' | 'female' = rnd.chance(0.5) ? 'female' : 'male';
    const age = adult ? rnd.int(23, 58) : rnd.int(1, 17);
    const birth = `${thisYear - age}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
    const married = age >= 26 && rnd.chance(age > 32 ? 0.82 : 0.5);
    const surname = [...name][0]!;
    const spouse = married
      ? {
          name: chineseName(rnd),
          gender: gender === 'male' ? ('female' as const) : ('male' as const),
          birth: `${thisYear - age + rnd.int(-3, 3)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
        }
      : null;
    const kids: Kid[] = [];
    const nKids =
      age < 27
        ? 0
        : married
          ? weighted(rnd, [
              [0, 2],
              [1, 5],
              [2, 3],
            ])
          : rnd.chance(0.1)
            ? 1
            : 0;
    for (let i = 0; i < nKids; i++) {
      const kidAge = Math.max(0, Math.min(age - 23, rnd.int(1, 25)));
      const given = chineseName(rnd).slice(1);
      kids.push({
        name: surname + given,
        gender: rnd.chance(0.5) ? 'female' : 'male',
        birth: `${thisYear - kidAge - 1}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
      });
    }
    return {
      name,
      gender,
      birth,
      married,
      spouse,
      kids,
      income: weighted(rnd, INCOME_WEIGHTS),
      occupation: rnd.pick(OCCUPATIONS),
      quality,
    };
  };

  /** One option per criterion of the current rubric: from who the person is where a criterion says so, else by quality. */
  const answersOf = (p: Profile): Record<string, string> => {
    const age = thisYear - Number(p.birth.slice(0, 4));
    const derived: Record<string, string> = {
      age: age >= 25 && age <= 45 ? 'prime' : age >= 20 && age <= 55 ? 'near' : 'other',
      marital: p.married ? 'married' : p.kids.length ? 'other' : 'single',
      children:
        p.kids.length === 0
          ? 'none'
          : p.kids.some((k) => Number(k.birth.slice(0, 4)) > thisYear - 18)
            ? 'young'
            : 'grown',
      income:
        p.income === 'under100k'
          ? 'low'
          : p.income === '100kTo300k'
            ? rnd.chance(0.5)
              ? 'middle'
              : 'high'
            : 'high',
    };
    const out: Record<string, string> = {};
    for (const c of rubric.criteria) {
      const known = derived[c.key];
      if (known && c.options.some((o) => o.key === known)) {
        out[c.key] = known;
        continue;
      }
      const byPoints = [...c.options].sort((a, b) => b.points - a.points);
      const v = p.quality + (rnd.next() - 0.5) * 0.8;
      const pick = v > 0.66 ? byPoints[0] : v > 0.33 ? byPoints[1] : byPoints.at(-1);
      out[c.key] = (pick ?? byPoints[0]!).key;
    }
    return out;
  };

  const nameRow = (
    owner: Person,
    name: string,
    createdMs: number,
    extra: Partial<PlanNameTable> = {},
  ): PlanNameTable => {
    const category = weighted(rnd, CATEGORY_WEIGHTS);
    const notes = NAME_NOTES[category];
    return {
      id: newId(),
      tenant_id: tenantId,
      owner_id: owner.id,
      unit_id: owner.unit_id,
      name,
      name_key: nameKeyOf(name),
      category,
      phone: rnd.chance(0.6) ? mobile(rnd) : null,
      note: notes && rnd.chance(0.3) ? rnd.pick(notes) : null,
      excluded: 0,
      score: null,
      grade: null,
      rubric_version: null,
      answers: null,
      scored_at: null,
      prospect_id: null,
      erased_at: null,
      created_by: owner.id,
      created_at: iso(createdMs),
      updated_at: iso(createdMs),
      ...extra,
    };
  };

  const score = (n: PlanNameTable, p: Profile, whenMs: number) => {
    const answers = answersOf(p);
    const points = scoreOf(answers, rubric);
    n.answers = JSON.stringify(answers);
    n.score = points;
    n.grade = gradeOf(points, rubric);
    n.rubric_version = rubric.version;
    n.scored_at = iso(whenMs);
    n.updated_at = n.scored_at;
  };

  /**
   * Stage moves from `createdMs`: along the main line to `reached`, then paused or lost when asked,
   * each at the first activity that shows the stage where there is one, else spread to `endMs`.
   */
  const movesOf = (
    createdMs: number,
    endMs: number,
    reached: number,
    off: 'paused' | 'lost' | null,
    acts: ActivityFact[],
  ): Card['moves'] => {
    const moves: Card['moves'] = [{ stage: 'lead', at: createdMs, reason: null }];
    const firstAt = (rank: number) => {
      const a = acts.find((x) => (ACTIVITY_RANK[x.stage] ?? 0) >= rank && (ACTIVITY_RANK[x.stage] ?? 0) <= 5);
      return a ? Date.parse(a.occurred_at) : null;
    };
    const path = MAIN.slice(1).filter((s) => (STAGE_RANK[s] ?? 0) <= reached);
    const shownOf = (stage: ProspectStage): number | null =>
      stage === 'signed' ? firstAt(5) : stage === 'needsAnalysis' ? null : firstAt(STAGE_RANK[stage] ?? 0);
    const limit = Math.min(endMs, nowMs) - MINUTE;
    let prev = createdMs;
    for (const [i, stage] of path.entries()) {
      const shown = shownOf(stage);
      // Spread up to the next stage an activity shows, else to the end.
      const next =
        path
          .slice(i + 1)
          .map(shownOf)
          .find((x) => x !== null) ?? limit;
      const left = path.length - i + (off ? 1 : 0);
      let t =
        shown !== null
          ? shown + (stage === 'signed' ? rnd.int(10, 90) * MINUTE : -rnd.int(30, 180) * MINUTE)
          : prev + ((Math.max(next, prev) - prev) * (0.2 + 0.6 * rnd.next())) / left;
      if (t <= prev) t = prev + rnd.int(20, 240) * MINUTE;
      moves.push({ stage, at: t, reason: null });
      prev = t;
    }
    if (off) {
      let t = prev + (limit - prev) * (0.2 + 0.7 * rnd.next());
      if (t <= prev) t = prev + rnd.int(20, 240) * MINUTE;
      moves.push({ stage: off, at: t, reason: rnd.pick(off === 'paused' ? PAUSE_REASONS : LOST_REASONS) });
    }
    // In order and never past the end (or now): each at least a minute after the one before.
    const n = moves.length;
    for (let i = 1; i < n; i++) {
      const m = moves[i]!;
      m.at = Math.min(Math.max(m.at, moves[i - 1]!.at + MINUTE), limit - (n - 1 - i) * MINUTE);
    }
    return moves;
  };

  const makeCard = (
    owner: Person,
    p: Profile,
    opts: {
      createdMs: number;
      endMs: number;
      reached: number;
      off: 'paused' | 'lost' | null;
      acts: ActivityFact[];
      name: PlanNameTable | null;
      source: ProspectTable['source'];
    },
  ): Card => {
    const moves = movesOf(opts.createdMs, opts.endMs, opts.reached, opts.off, opts.acts);
    const last = moves.at(-1)!;
    const open = last.stage !== 'signed' && last.stage !== 'lost';
    let follow: string | null = null;
    if (open) {
      const endDate = dateOf(opts.endMs);
      const r = rnd.next();
      if (last.stage === 'paused') follow = addDays(endDate, rnd.int(20, 60));
      else if (r < 0.16) follow = addDays(endDate, -rnd.int(1, 9));
      else if (r < 0.26) follow = endDate;
      else if (r < 0.8) follow = addDays(endDate, rnd.int(1, 21));
    }
    const withPhone = opts.name ? opts.name.phone : rnd.chance(0.85) ? mobile(rnd) : null;
    const minor = p.kids.some((k) => k.birth > `${thisYear - 18}`);
    const fitting = TAGS.filter((t) => minor || (t !== '孩子教育' && t !== '宝妈'));
    const tags = shuffle(rnd, fitting).slice(
      0,
      weighted(rnd, [
        [0, 3],
        [1, 4],
        [2, 3],
        [3, 1],
      ]),
    );
    if (minor && rnd.chance(0.6) && !tags.includes('孩子教育')) tags.push('孩子教育');
    const createdIso = iso(opts.createdMs);
    const row: ProspectTable = {
      id: newId(),
      tenant_id: tenantId,
      owner_id: owner.id,
      unit_id: owner.unit_id,
      name_id: opts.name?.id ?? null,
      name: p.name,
      phone: withPhone,
      id_number: last.stage === 'signed' || rnd.chance(0.15) ? idNumber(rnd, p.birth, p.gender) : null,
      gender: p.gender,
      birth_date: rnd.chance(0.8) || last.stage === 'signed' ? p.birth : null,
      family: familyText(p, today),
      occupation: p.occupation,
      income_band: p.income,
      needs: rnd.chance(0.85) ? needsText(rnd, p) : null,
      source: opts.source,
      referrer_prospect_id: null,
      referrer_customer_id: null,
      campaign_ref: opts.source === 'campaign' ? rnd.pick(CAMPAIGNS) : null,
      grade: opts.name?.grade ?? null,
      score: opts.name?.score ?? null,
      rubric_version: opts.name?.rubric_version ?? null,
      stage: last.stage,
      stage_reason: last.reason,
      stage_changed_at: iso(last.at),
      next_follow_up: follow,
      tags: tags.length ? JSON.stringify(tags) : null,
      consent_note: rnd.chance(0.5) ? '同意保存联系方式及家庭信息，用于保险规划与服务' : null,
      consent_date: null,
      customer_id: null,
      erased_at: null,
      created_by: owner.id,
      created_at: createdIso,
      updated_at: iso(last.at),
    };
    if (row.consent_note) row.consent_date = dateOf(opts.createdMs);
    if (!opts.name) {
      // A direct card is graded on making it, without a stored score.
      row.grade = gradeOf(scoreOf(answersOf(p), rubric), rubric);
    }
    if (opts.name) {
      opts.name.prospect_id = row.id;
      opts.name.updated_at = createdIso > opts.name.updated_at ? createdIso : opts.name.updated_at;
    }
    const reachedRank =
      last.stage === 'lost' || last.stage === 'paused'
        ? (STAGE_RANK[moves.at(-2)!.stage] ?? 0)
        : (STAGE_RANK[last.stage] ?? 0);
    const card: Card = {
      row,
      owner,
      profile: p,
      moves,
      reached: reachedRank,
      referrer: null,
      activities: [],
    };
    for (const [i, m] of moves.entries()) {
      changes.push({
        id: newId(),
        tenant_id: tenantId,
        prospect_id: row.id,
        owner_id: owner.id,
        unit_id: unitAt(owner, dateOf(m.at)),
        from_stage: i === 0 ? null : moves[i - 1]!.stage,
        to_stage: m.stage,
        reason: m.reason,
        changed_at: iso(m.at),
        changed_by: owner.id,
      });
    }
    // The activities that fit what the card has reached (and came after it was made) name it.
    for (const a of opts.acts) {
      const rank = ACTIVITY_RANK[a.stage] ?? 0;
      if (rank <= reachedRank && Date.parse(a.occurred_at) >= opts.createdMs) {
        links.set(a.id, row.id);
        card.activities.push(a);
      }
    }
    cards.push(card);
    return card;
  };

  // ---- Names and cards, person by person.
  for (const p of people as Person[]) {
    const isAgent = p.role === 'agent';
    const endDate = p.status === 'active' ? today : (p.leave_date ?? today);
    const endMs = p.status === 'active' ? nowMs : at(endDate, 9 * 60);
    const joined = p.join_date ?? addDays(today, -1000);
    const listStart = joined > addDays(today, -150) ? joined : addDays(today, -rnd.int(120, 150));
    const spanDays = Math.max(1, Math.round((Date.parse(endDate) - Date.parse(listStart)) / DAY));
    const used = new Set<string>();
    const freshName = () => {
      for (let i = 0; i < 50; i++) {
        const n = chineseName(rnd);
        if (!used.has(n)) {
          used.add(n);
          return n;
        }
      }
      const n = `${chineseName(rnd)}${used.size}`;
      used.add(n);
      return n;
    };
    const mine = [...(visited.get(p.id) ?? new Map<string, ActivityFact[]>()).entries()].filter(
      ([n]) => n.length <= 40,
    );
    for (const [n] of mine) used.add(n);

    // Visited names: the most visited become cards (for a supervisor only the ten most visited).
    const ordered = isAgent ? mine : [...mine].sort((a, b) => b[1].length - a[1].length).slice(0, 10);
    for (const [name, acts] of ordered) {
      const firstMs = Date.parse(acts[0]!.occurred_at);
      const firstDate = dateOf(firstMs);
      let createdDate = addDays(firstDate, -rnd.int(0, 4));
      if (createdDate < from) createdDate = from;
      if (createdDate < joined) createdDate = joined;
      let createdMs = at(createdDate, rnd.int(8 * 60, 9 * 60));
      if (createdMs > firstMs) createdMs = firstMs - rnd.int(5, 60) * MINUTE;
      const profile = personOf(name, 0.4 + 0.5 * rnd.next());
      const top = Math.max(...acts.map((a) => (a.stage === 'service' ? 0 : (ACTIVITY_RANK[a.stage] ?? 0))));
      let reached: number;
      let off: 'paused' | 'lost' | null = null;
      const r = rnd.next();
      if (top >= 5) reached = r < 0.7 ? 6 : 4;
      else if (top === 4)
        [reached, off] =
          r < 0.35
            ? [4, null]
            : r < 0.62
              ? [3, null]
              : r < 0.8
                ? [3, 'lost']
                : r < 0.9
                  ? [4, 'lost']
                  : [2, 'paused'];
      else if (top === 3)
        [reached, off] = r < 0.4 ? [3, null] : r < 0.72 ? [2, null] : r < 0.88 ? [2, 'lost'] : [1, 'paused'];
      else if (top >= 1)
        [reached, off] = r < 0.45 ? [1, null] : r < 0.7 ? [2, null] : r < 0.85 ? [1, 'lost'] : [0, 'paused'];
      else [reached, off] = r < 0.6 ? [0, null] : r < 0.85 ? [1, null] : [0, 'lost'];
      const direct = rnd.chance(0.2);
      let nameRowOf: PlanNameTable | null = null;
      if (!direct) {
        let nameMs = Math.max(createdMs - rnd.int(1, 20) * DAY, at(listStart, 10 * 60));
        if (nameMs >= createdMs) nameMs = createdMs - HOUR;
        nameRowOf = nameRow(p, name, nameMs);
        score(
          nameRowOf,
          profile,
          Math.min(createdMs - 10 * MINUTE, Date.parse(nameRowOf.created_at) + rnd.int(1, 72) * HOUR),
        );
        names.push(nameRowOf);
      }
      makeCard(p, profile, {
        createdMs,
        endMs,
        reached,
        off,
        acts,
        name: nameRowOf,
        source: direct
          ? weighted(rnd, [
              ['referral', 55],
              ['campaign', 25],
              ['assigned', 20],
            ] as ['referral' | 'campaign' | 'assigned', number][])
          : 'plan100',
      });
    }

    // Customers of the past years, for agents of more than a year: signed long ago (before leaving,
    // for those who left). The quick-start login signs its first two since joining.
    const tenureDays = Math.round((Date.parse(endDate) - Date.parse(joined)) / DAY);
    const newcomer = p.username === 'agent001' && tenureDays >= 20 && tenureDays <= 400;
    // Within the last three years: policies are dated from then on.
    const maxBack = Math.min(
      tenureDays - 30,
      3 * 365 - 40 - Math.round((Date.parse(today) - Date.parse(endDate)) / DAY),
    );
    const oldCount =
      isAgent && tenureDays > 400 && maxBack > 150
        ? rnd.int(1, Math.min(6, Math.floor(tenureDays / 180)))
        : newcomer
          ? 2
          : 0;
    for (let i = 0; i < oldCount; i++) {
      const name = freshName();
      const startDate = addDays(endDate, newcomer ? -rnd.int(12, tenureDays - 5) : -rnd.int(120, maxBack));
      const createdMs = daytime(startDate);
      const nr = nameRow(p, name, Math.max(createdMs - rnd.int(3, 40) * DAY, at(joined, 10 * 60)));
      const profile = personOf(name, 0.8);
      score(nr, profile, Math.max(createdMs - rnd.int(1, 48) * HOUR, Date.parse(nr.created_at) + MINUTE));
      names.push(nr);
      const signEnd = createdMs + (newcomer ? rnd.int(3, 8) : rnd.int(15, 60)) * DAY;
      makeCard(p, profile, {
        createdMs,
        endMs: Math.min(signEnd, endMs),
        reached: 6,
        off: null,
        acts: [],
        name: nr,
        source: 'plan100',
      });
    }

    // The rest of the list: names entered at the start and added since, most scored, A and B mostly made cards.
    const target = isAgent ? rnd.int(30, 120) : rnd.int(15, 30);
    const already = names.filter((n) => n.owner_id === p.id).length;
    const fresh = Math.max(0, target - already - 2, (isAgent ? 30 : 15) - already);
    for (let i = 0; i < fresh; i++) {
      const name = freshName();
      const createdDate =
        i < fresh * 0.5 ? addDays(listStart, rnd.int(0, 3)) : addDays(listStart, rnd.int(0, spanDays));
      const createdMs = Math.min(daytime(createdDate > endDate ? endDate : createdDate), endMs - HOUR);
      const nr = nameRow(p, name, createdMs);
      const profile = personOf(name, 0.9 * rnd.next());
      if (i >= fresh - 1 - rnd.int(0, 2) && rnd.chance(0.8)) {
        nr.excluded = 1;
        nr.note = rnd.pick(EXCLUDE_NOTES);
        names.push(nr);
        continue;
      }
      if (rnd.chance(0.88)) score(nr, profile, Math.min(endMs - MINUTE, createdMs + rnd.int(1, 96) * HOUR));
      names.push(nr);
      const makes = nr.grade === 'A' ? 0.75 : nr.grade === 'B' ? 0.5 : nr.grade === 'C' ? 0.06 : 0;
      if (!isAgent || !rnd.chance(makes)) continue;
      const cardMs = Math.min(Date.parse(nr.scored_at!) + rnd.int(1, 72) * HOUR, endMs - 30 * MINUTE);
      const r = rnd.next();
      const [reached, off]: [number, 'paused' | 'lost' | null] =
        r < 0.62
          ? [0, null]
          : r < 0.8
            ? [1, null]
            : r < 0.86
              ? [2, null]
              : r < 0.93
                ? [0, 'lost']
                : [1, 'paused'];
      makeCard(p, profile, { createdMs: cardMs, endMs, reached, off, acts: [], name: nr, source: 'plan100' });
    }
    // A few duplicates: the same person entered twice (flagged by the list).
    if (isAgent && rnd.chance(0.45)) {
      const mineNames = names.filter((n) => n.owner_id === p.id && !n.excluded);
      for (let k = rnd.int(1, 2); k > 0 && mineNames.length; k--) {
        const orig = rnd.pick(mineNames);
        const createdMs = Math.min(Date.parse(orig.created_at) + rnd.int(5, 40) * DAY, endMs - HOUR);
        names.push(nameRow(p, orig.name, createdMs, { phone: rnd.chance(0.5) ? orig.phone : null }));
      }
    }
  }

  // ---- Referrals point at an earlier card of the same owner (its customer when signed by then).
  const cardsOf = new Map<string, Card[]>();
  for (const c of cards) cardsOf.set(c.owner.id, [...(cardsOf.get(c.owner.id) ?? []), c]);
  for (const c of cards) {
    if (c.row.source !== 'referral') continue;
    const earlier = (cardsOf.get(c.owner.id) ?? []).filter(
      (x) => x !== c && x.row.created_at < c.row.created_at && x.row.stage !== 'lost',
    );
    if (earlier.length === 0) {
      c.row.source = 'assigned';
      continue;
    }
    const signedBefore = earlier.filter(
      (x) => x.row.stage === 'signed' && iso(x.moves.at(-1)!.at) < c.row.created_at,
    );
    c.referrer = signedBefore.length && rnd.chance(0.7) ? rnd.pick(signedBefore) : rnd.pick(earlier);
  }

  // ---- Customers, households and policies of the signed cards.
  let policySeq = rnd.int(1_000_000, 2_000_000);
  const policyNo = (effective: string): string => {
    let no: string;
    do no = `8860${effective.slice(0, 4)}${String((policySeq += rnd.int(1, 37))).padStart(8, '0')}`;
    while (policyNos.has(no));
    policyNos.add(no);
    return no;
  };
  const customerOfCard = new Map<Card, CustomerTable>();
  const cardById = new Map(cards.map((c) => [c.row.id, c]));
  const policiesOf = new Map<string, PolicyTable[]>();
  const customerRow = (owner: Person, createdMs: number, f: Partial<CustomerTable>): CustomerTable => ({
    id: newId(),
    tenant_id: tenantId,
    owner_id: owner.id,
    unit_id: owner.unit_id,
    household_id: null,
    household_role: null,
    prospect_id: null,
    name: '',
    phone: null,
    id_number: null,
    gender: null,
    birth_date: null,
    address: null,
    notes: null,
    erased_at: null,
    created_by: owner.id,
    created_at: iso(createdMs),
    updated_at: iso(createdMs),
    ...f,
  });
  const addPolicy = (
    owner: Person,
    holder: CustomerTable,
    insured: { name: string; child: boolean },
    kind: CoverageKind,
    effective: string,
    beneficiary: string | null,
  ) => {
    const choices = PRODUCTS[kind].filter((x) => !!x.child === insured.child);
    const product = rnd.pick(choices.length ? choices : PRODUCTS[kind]);
    const mode = rnd.pick(product.modes);
    const annualYuan = rnd.int(product.premiumYuan[0], product.premiumYuan[1]);
    const premiumYuan =
      mode === 'monthly' ? Math.round(annualYuan / 12) : mode === 'single' ? annualYuan * 5 : annualYuan;
    const sum = product.sumYuan
      ? Math.round(rnd.int(product.sumYuan[0], product.sumYuan[1]) / 10_000) * 10_000
      : null;
    const years = (Date.parse(today) - Date.parse(effective)) / (365 * DAY);
    const r = rnd.next();
    const status =
      years > 1 && r < 0.1
        ? 'lapsed'
        : years > 1.5 && r < 0.13
          ? 'surrendered'
          : (kind === 'medical' || kind === 'accident') && r > 0.93
            ? 'claimed'
            : 'inForce';
    const createdMs = at(effective, rnd.int(9 * 60, 18 * 60)) - rnd.int(1, 3) * DAY;
    const row: PolicyTable = {
      id: newId(),
      tenant_id: tenantId,
      owner_id: owner.id,
      unit_id: owner.unit_id,
      customer_id: holder.id,
      household_id: holder.household_id,
      policy_no: policyNo(effective),
      product: product.name,
      coverage_kind: kind,
      sum_assured_fen: sum === null ? null : sum * 100,
      insured_name: insured.name,
      beneficiary_name: beneficiary,
      premium_fen: premiumYuan * 100,
      payment_mode: mode,
      payment_term_years: mode === 'single' ? null : rnd.pick(product.term),
      effective_date: effective,
      status,
      created_by: owner.id,
      created_at: iso(Math.min(createdMs, nowMs - HOUR)),
      updated_at: iso(Math.min(createdMs, nowMs - HOUR)),
    };
    policies.push(row);
    policiesOf.set(holder.id, [...(policiesOf.get(holder.id) ?? []), row]);
    return row;
  };
  const laterDate = (date: string) => {
    const span = Math.round((Date.parse(today) - Date.parse(date)) / DAY);
    return span > 30 && rnd.chance(0.4) ? addDays(date, rnd.int(20, span - 1)) : date;
  };

  for (const card of cards) {
    if (card.row.stage !== 'signed') continue;
    const owner = card.owner;
    const signedMs = card.moves.at(-1)!.at;
    const p = card.profile;
    const self = customerRow(owner, signedMs, {
      prospect_id: card.row.id,
      name: card.row.name,
      phone: card.row.phone,
      id_number: card.row.id_number,
      gender: card.row.gender,
      birth_date: card.row.birth_date,
      address: rnd.chance(0.6) ? `杭州市${rnd.pick(ADDRESSES)}${rnd.int(1, 399)}号` : null,
    });
    card.row.customer_id = self.id;
    customerOfCard.set(card, self);
    customers.push(self);
    const signDate = dateOf(signedMs);
    const family = (p.married && rnd.chance(0.75)) || p.kids.length > 0;
    const members: { row: CustomerTable; child: boolean }[] = [{ row: self, child: false }];
    // The family is added within the hour (never after now).
    const familyMs = Math.max(signedMs, Math.min(signedMs + HOUR, nowMs - MINUTE));
    if (family) {
      const h: HouseholdTable = {
        id: newId(),
        tenant_id: tenantId,
        owner_id: owner.id,
        unit_id: owner.unit_id,
        name: `${p.name}家庭`,
        created_at: iso(familyMs),
        updated_at: iso(familyMs),
      };
      households.push(h);
      self.household_id = h.id;
      self.household_role = 'self';
      if (p.spouse && rnd.chance(0.8)) {
        const spouse = customerRow(owner, familyMs, {
          household_id: h.id,
          household_role: 'spouse',
          name: p.spouse.name,
          gender: p.spouse.gender,
          birth_date: p.spouse.birth,
          phone: rnd.chance(0.6) ? mobile(rnd) : null,
        });
        customers.push(spouse);
        members.push({ row: spouse, child: false });
      }
      for (const kid of p.kids) {
        const minor = kid.birth > `${thisYear - 18}`;
        const row = customerRow(owner, familyMs, {
          household_id: h.id,
          household_role: 'child',
          name: kid.name,
          gender: kid.gender,
          birth_date: kid.birth,
        });
        customers.push(row);
        members.push({ row, child: minor });
      }
    }
    // Policies: the signing one on the day, others for the family then or later; gaps left on purpose.
    const spouseName = members.find((m) => m.row.household_role === 'spouse')?.row.name ?? null;
    const firstKind: CoverageKind = weighted(rnd, [
      ['criticalIllness', 5],
      ['life', 2],
      ['annuity', 2],
      ['medical', 1],
    ]);
    addPolicy(
      owner,
      self,
      { name: self.name, child: false },
      firstKind,
      signDate,
      spouseName ?? '法定继承人',
    );
    for (const [kind, pOf] of [
      ['medical', 0.55],
      ['accident', 0.4],
      ['life', 0.3],
      ['criticalIllness', 0.25],
    ] as [CoverageKind, number][]) {
      if (kind !== firstKind && rnd.chance(pOf))
        addPolicy(
          owner,
          self,
          { name: self.name, child: false },
          kind,
          laterDate(signDate),
          kind === 'life' ? (spouseName ?? '法定继承人') : null,
        );
    }
    for (const m of members.slice(1)) {
      const kinds: [CoverageKind, number][] = m.child
        ? [
            ['medical', 0.7],
            ['accident', 0.5],
            ['criticalIllness', 0.4],
            ['annuity', 0.4],
          ]
        : [
            ['criticalIllness', 0.5],
            ['medical', 0.5],
            ['accident', 0.3],
          ];
      for (const [kind, pOf] of kinds) {
        if (!rnd.chance(pOf)) continue;
        const holder = m.child ? self : m.row;
        addPolicy(
          owner,
          holder,
          { name: m.row.name, child: m.child },
          kind,
          laterDate(signDate),
          m.child ? self.name : null,
        );
      }
    }
  }
  // Referrers resolved now that the customers exist.
  for (const c of cards) {
    if (!c.referrer) continue;
    const cust = customerOfCard.get(c.referrer);
    if (cust && cust.created_at < c.row.created_at) c.row.referrer_customer_id = cust.id;
    else c.row.referrer_prospect_id = c.referrer.row.id;
  }

  // ---- Birthdays and policy anniversaries today, for some agents (always agent001).
  const byOwner = new Map<string, CustomerTable[]>();
  for (const c of customers) byOwner.set(c.owner_id, [...(byOwner.get(c.owner_id) ?? []), c]);
  for (const p of people as Person[]) {
    if (p.role !== 'agent' || p.status !== 'active') continue;
    const mineCustomers = (byOwner.get(p.id) ?? []).filter((c) => c.prospect_id);
    if (!mineCustomers.length || (p.username !== 'agent001' && !rnd.chance(0.3))) continue;
    const who = rnd.pick(mineCustomers);
    who.birth_date = addYears(today, -rnd.pick([32, 36, 40, 44]));
    const card = cardById.get(who.prospect_id!);
    if (card) card.row.birth_date = who.birth_date;
    const anniversary = addYears(today, -rnd.int(1, 2));
    const mineCards = mineCustomers.filter((c) => c.created_at.slice(0, 10) < anniversary);
    const holder = mineCards.length ? rnd.pick(mineCards) : who;
    const pol = addPolicy(
      p,
      holder,
      { name: holder.name, child: false },
      rnd.pick(['medical', 'accident', 'criticalIllness'] as CoverageKind[]),
      anniversary,
      null,
    );
    pol.status = 'inForce';
  }

  // ---- Service requests: return visits of new policies, changes, claims and other help.
  const ownerById = new Map((people as Person[]).map((p) => [p.id, p]));
  const request = (
    c: CustomerTable,
    kind: string,
    due: string,
    policy: PolicyTable | null,
    notes: string,
    openShare: number,
  ) => {
    const owner = ownerById.get(c.owner_id)!;
    const createdMs = Math.min(at(addDays(due, -rnd.int(5, 15)), rnd.int(9 * 60, 18 * 60)), nowMs - HOUR);
    const past = due < addDays(today, -2);
    const open = !past || rnd.chance(openShare);
    const completedMs = Math.min(
      at(addDays(due, -rnd.int(0, 6)), rnd.int(10 * 60, 19 * 60)),
      nowMs - 10 * MINUTE,
    );
    const done = !open && completedMs > createdMs;
    const serviceAct =
      kind === 'returnVisit' && done
        ? (c.prospect_id ? cardById.get(c.prospect_id) : undefined)?.activities.find(
            (a) => a.stage === 'service',
          )
        : undefined;
    requests.push({
      id: newId(),
      tenant_id: tenantId,
      owner_id: owner.id,
      unit_id: owner.unit_id,
      customer_id: c.id,
      policy_id: policy?.id ?? null,
      kind,
      status: done ? 'done' : rnd.chance(0.3) ? 'inProgress' : 'open',
      due_date: due,
      notes,
      activity_id: serviceAct?.id ?? null,
      satisfaction:
        done && kind === 'returnVisit'
          ? weighted(rnd, [
              [5, 50],
              [4, 33],
              [3, 12],
              [2, 4],
              [1, 1],
            ])
          : null,
      completed_at: done ? iso(completedMs) : null,
      created_by: owner.id,
      created_at: iso(createdMs),
      updated_at: iso(done ? completedMs : createdMs),
    });
  };
  for (const c of customers) {
    const mine = policiesOf.get(c.id) ?? [];
    for (const pol of mine) {
      if (pol.effective_date >= addDays(today, -120) && pol.effective_date < today) {
        request(c, 'returnVisit', addDays(pol.effective_date, 15), pol, rnd.pick(RETURN_NOTES), 0.08);
      }
      if (pol.status === 'claimed')
        request(c, 'claim', addDays(today, -rnd.int(-10, 60)), pol, rnd.pick(CLAIM_NOTES), 0.25);
    }
    if (mine.length && c.created_at < iso(nowMs - 60 * DAY) && rnd.chance(0.2)) {
      request(
        c,
        'policyChange',
        addDays(today, -rnd.int(-14, 80)),
        rnd.pick(mine),
        rnd.pick(CHANGE_NOTES),
        0.2,
      );
    }
    if (c.prospect_id && rnd.chance(0.12))
      request(c, 'other', addDays(today, -rnd.int(-20, 60)), null, rnd.pick(OTHER_NOTES), 0.2);
  }
  // Every active agent with customers but nothing overdue gets one overdue request in three; agent001 always.
  const overdueOwners = new Set(
    requests.filter((r) => r.status !== 'done' && r.due_date < today).map((r) => r.owner_id),
  );
  for (const p of people as Person[]) {
    if (p.role !== 'agent' || p.status !== 'active' || overdueOwners.has(p.id)) continue;
    const mineCustomers = (byOwner.get(p.id) ?? []).filter((c) => c.prospect_id);
    if (!mineCustomers.length || (p.username !== 'agent001' && !rnd.chance(0.33))) continue;
    const c = rnd.pick(mineCustomers);
    request(
      c,
      rnd.pick(['policyChange', 'other']),
      addDays(today, -rnd.int(1, 6)),
      null,
      rnd.pick(CHANGE_NOTES),
      1,
    );
    const last = requests.at(-1)!;
    last.status = 'open';
    last.completed_at = null;
    last.satisfaction = null;
    last.updated_at = last.created_at;
  }

  // ---- Follow-ups due today for every active agent with open cards (the to-do list is never empty).
  for (const p of people as Person[]) {
    if (p.status !== 'active' || p.role !== 'agent') continue;
    const open = (cardsOf.get(p.id) ?? []).filter((c) => !['signed', 'lost', 'paused'].includes(c.row.stage));
    if (open.length && !open.some((c) => c.row.next_follow_up !== null && c.row.next_follow_up <= today)) {
      rnd.pick(open).row.next_follow_up = today;
    }
  }

  // ---- Spot-checks: every supervisor samples one or two agents of their team, with comments.
  for (const sup of people as Person[]) {
    if (sup.role !== 'supervisor' || sup.status !== 'active') continue;
    const team = (people as Person[]).filter(
      (a) => a.role === 'agent' && a.status === 'active' && a.unit_id === sup.unit_id,
    );
    const first = team.find((a) => a.username === 'agent001');
    const agents = shuffle(rnd, team).filter((a) => a !== first);
    const picked = [...(first ? [first] : []), ...agents].slice(0, rnd.int(1, 2) + (first ? 1 : 0));
    for (const agent of picked) {
      const checkMs = Math.min(daytime(addDays(today, -rnd.int(1, 12))), nowMs - HOUR);
      const onHand = (cardsOf.get(agent.id) ?? []).filter(
        (c) => !['signed', 'lost'].includes(c.row.stage) && Date.parse(c.row.created_at) < checkMs,
      );
      if (onHand.length === 0) continue;
      const sample = shuffle(rnd, onHand).slice(0, 5);
      const check: SpotCheckTable = {
        id: newId(),
        tenant_id: tenantId,
        agent_id: agent.id,
        unit_id: agent.unit_id,
        supervisor_id: sup.id,
        sample_size: sample.length,
        created_at: iso(checkMs),
      };
      checks.push(check);
      for (const c of sample) {
        const commented = rnd.chance(0.7);
        const commentMs = checkMs + rnd.int(5, 50) * MINUTE;
        const seen = commented && rnd.chance(0.5) && commentMs + 3 * HOUR < nowMs;
        checkItems.push({
          id: newId(),
          tenant_id: tenantId,
          spot_check_id: check.id,
          prospect_id: c.row.id,
          comment: commented ? rnd.pick(SPOT_COMMENTS) : null,
          commented_at: commented ? iso(commentMs) : null,
          seen_at: seen ? iso(commentMs + rnd.int(1, 20) * HOUR) : null,
        });
      }
    }
  }
  for (const item of checkItems) {
    if (item.commented_at && Date.parse(item.commented_at) > nowMs) item.commented_at = iso(nowMs - MINUTE);
    if (item.seen_at && Date.parse(item.seen_at) > nowMs) item.seen_at = null;
  }

  await bulk(db, 'plan_names', names);
  await bulk(
    db,
    'prospects',
    cards.map((c) => c.row),
  );
  await bulk(db, 'prospect_stage_changes', changes);
  await bulk(db, 'households', households);
  await bulk(db, 'customers', customers);
  await bulk(db, 'policies', policies);
  await bulk(db, 'service_requests', requests);
  await bulk(db, 'spot_checks', checks);
  await bulk(db, 'spot_check_items', checkItems);
  await linkActivities(db, links);

  return {
    names: names.length,
    cards: cards.length,
    stageChanges: changes.length,
    customers: customers.length,
    households: households.length,
    policies: policies.length,
    serviceRequests: requests.length,
    spotChecks: checks.length,
    linkedActivities: links.size,
  };
}

/** Sets activities.prospect_id in batches: one UPDATE … FROM (VALUES (id, card) …) per few thousand activities. */
async function linkActivities(db: Queryable, links: Map<string, string>): Promise<void> {
  const postgres = dialectOf(db as never) === 'postgres';
  const entries = [...links.entries()];
  const size = 5000;
  for (let i = 0; i < entries.length; i += size) {
    const chunk = entries.slice(i, i + size);
    let n = 0;
    const p = () => (postgres ? `$${++n}` : '?');
    const values = chunk.map(() => `(${p()}, ${p()})`).join(', ');
    await db.executeQuery(
      CompiledQuery.raw(
        `update "activities" set "prospect_id" = v.column2 from (values ${values}) as v where "activities"."id" = v.column1`,
        chunk.flat(),
      ),
    );
  }
}

/** Rows per INSERT: within SQLite's 32,766 and PostgreSQL's 65,535 bind parameters. */
async function bulk<T extends object>(db: Queryable, table: string, rows: T[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const size = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += size) {
    await insertRows(db, table, columns, rows.slice(i, i + size) as unknown as Record<string, unknown>[]);
  }
}
