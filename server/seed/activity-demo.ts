import type { Queryable } from '../db/database.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { newId } from '../db/ids.ts';
import type {
  ActivityPlanTable,
  ActivityStandardTable,
  ActivityTable,
  CoachingRecordTable,
  SkillAssessmentTable,
  WorkLogCommentTable,
  WorkLogTable,
} from '../db/schema.ts';
import { businessDate, now } from '../lib/clock.ts';
import { reviewedWithin24h, weekOf, weekRange } from '../modules/activity/activity.rules.ts';
import { activityConfig, typePointsOn, type TypeConfig } from '../modules/activity/config.service.ts';
import { rebuildRollups } from '../modules/activity/rollup.repository.ts';
import {
  addDays,
  monthsEndingAt,
  workMonthOf,
  workMonthRange,
  zonedInstant,
} from '../modules/attendance/attendance.rules.ts';
import { dayOf, tenantConfig } from '../modules/attendance/config.service.ts';
import { chineseName } from './people.ts';
import { makeRandom, type Random } from './random.ts';
import type { Skill, SkillRatings } from '../../contracts/activity.ts';

/**
 * 90 days of activity management for the demo company, up to yesterday: every agent and
 * supervisor logs visits on the workdays of the attendance calendar (a few stars with many
 * interviews and sales, a steady middle near the team standard of 日行三访, some who fade over the
 * 90 days), funnel-shaped (contacts > interviews > proposals > closings > sales), with one-way
 * messages worth 0.2 and premiums on sales; weekly and monthly plans (most approved, some waiting,
 * a few returned), work logs submitted on most workdays (faders skip more, some days honestly with
 * no activity), supervisor reviews with comments and the agents' answers (one supervisor reviews
 * late), coaching with follow-ups and replies, skill self-assessments with the supervisor's ratings
 * for the last 3 work months, and the team standards (the tenant's 日行三访, one team with 5).
 *
 * Deterministic: a seeded generator and people in username order. Rows are written in bulk and the
 * rollups then rebuilt from them, so they are exact.
 */

export const ACTIVITY_DEMO_DAYS = 90;
/** The supervisor who reviews late: most of their team's logs more than 24 h after submission. */
export const DEMO_LATE_REVIEWER = 'sup2';
/** The supervisor whose team's standard is 5 visits a workday (3 new, 2 existing customers). */
export const DEMO_FIVE_VISIT_LEADER = 'sup1';

export type DemoProfile = 'star' | 'middle' | 'fader';

export interface ActivityDemoFacts {
  from: string;
  to: string;
  activities: number;
  logs: number;
  plans: number;
  coaching: number;
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

/**
 * Who behaves how, from the roster alone (so a test can ask again): of the active agents who
 * were there for the whole period, in a seeded order, the first 4 are stars and the next 5 fade;
 * everyone else — newcomers and leavers included — is the steady middle. `agent001`, the login of
 * the quick start, is always in the middle.
 */
export function demoProfiles(
  agents: readonly Pick<Person, 'username' | 'join_date' | 'status'>[],
  from: string,
): Map<string, DemoProfile> {
  const rnd = makeRandom(4242);
  const sorted = [...agents].sort((a, b) => a.username.localeCompare(b.username));
  const eligible = shuffle(
    rnd,
    sorted.filter(
      (a) => a.status === 'active' && a.username !== 'agent001' && (!a.join_date || a.join_date <= from),
    ),
  );
  const out = new Map<string, DemoProfile>(sorted.map((a) => [a.username, 'middle']));
  eligible.slice(0, 4).forEach((a) => out.set(a.username, 'star'));
  eligible.slice(4, 9).forEach((a) => out.set(a.username, 'fader'));
  return out;
}

function shuffle<T>(rnd: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A Poisson draw (Knuth), for the small daily counts of each activity type. */
function poisson(rnd: Random, lambda: number): number {
  if (lambda <= 0) return 0;
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rnd.next();
  while (p > limit) {
    k++;
    p *= rnd.next();
  }
  return k;
}

// ---- What a day looks like --------------------------------------------------------------------------

/** Expected activities of each type on a workday, by type code. */
type Rates = Partial<Record<string, number>>;

const MIDDLE: Rates = {
  phoneAppointment: 2,
  messageOneWay: 1.2,
  messageTwoWay: 0.6,
  names: 0.3,
  referral: 0.15,
  interview: 2.4,
  needsAnalysis: 0.5,
  proposal: 0.6,
  closing: 0.25,
  sale: 0.1,
  policyDelivery: 0.08,
  service: 0.3,
  recruitInterview: 0.03,
};
const STAR: Rates = {
  phoneAppointment: 3,
  messageOneWay: 2,
  messageTwoWay: 1,
  names: 0.5,
  referral: 0.5,
  interview: 3.4,
  needsAnalysis: 1.2,
  proposal: 1.5,
  closing: 0.7,
  sale: 0.35,
  policyDelivery: 0.3,
  service: 0.6,
  recruitInterview: 0.15,
};
const SUPERVISOR: Rates = {
  phoneAppointment: 1,
  messageOneWay: 0.8,
  interview: 1,
  proposal: 0.3,
  closing: 0.15,
  sale: 0.06,
  service: 0.2,
  jointVisit: 1.1,
  recruitInterview: 0.4,
  recruitSigned: 0.03,
};
/** The team of the 5-visit standard does more: 3 new visits and 2 to existing customers. */
const FIVE_VISIT_EXTRA: Rates = { interview: 0.5, service: 1.6 };

const PREMIUMS_YUAN = [3_000, 5_000, 6_000, 8_000, 10_000, 12_000, 15_000, 20_000, 30_000, 50_000];

const OUTCOMES: Record<string, string[]> = {
  contact: [
    '约好本周面谈',
    '客户暂时没空，下周再约',
    '发了产品资料',
    '客户有兴趣，约了时间',
    '未接通，明天再打',
  ],
  interview: [
    '了解了家庭保障情况',
    '客户关心孩子教育金',
    '客户对重疾险有兴趣',
    '做了需求分析，下次带方案',
    '客户需要和家人商量',
  ],
  proposal: ['讲解了建议书，客户基本认可', '客户希望降低保费，调整方案', '方案说明完成，等待答复'],
  closing: ['客户同意投保，约签单', '还在犹豫，下周再跟进', '异议处理：保费预算'],
  sale: ['签单成功', '成交，客户转介绍了两位朋友', '签单，年交'],
  service: ['保单检视，提醒续期', '协助理赔资料', '生日问候，送小礼品'],
  recruitment: ['介绍了公司和职业发展', '对方有兴趣参加创说会', '签约加入'],
  jointVisit: ['陪同面谈，示范需求分析', '陪访促成，客户签单', '陪访后复盘话术'],
  other: ['完成'],
};
const NEXT_STEPS: Record<string, string[]> = {
  contact: ['上门面谈', '再次电话跟进'],
  interview: ['准备建议书', '约家人一起面谈'],
  proposal: ['促成面谈', '调整方案后再说明'],
  closing: ['约签单', '再次促成'],
  recruitment: ['邀请参加创说会'],
};

const LOG_SUMMARIES = [
  '今天拜访顺利，客户反馈不错。',
  '按计划完成拜访，明天重点跟进建议书客户。',
  '电话约访为主，约到几位客户本周面谈。',
  '面谈客户多，需求分析做得更细了。',
  '今天签单，继续跟进转介绍客户。',
  '陪客户做保单检视，顺便要了转介绍。',
];
const ZERO_SUMMARIES = [
  '今天在公司整理客户资料，没有外出拜访。',
  '参加公司培训，没有拜访客户。',
  '家里有事，今天没有展业活动。',
];
const TOMORROW_PLANS = [
  '上午电话约访，下午两个面谈。',
  '跟进建议书客户，争取促成。',
  '拜访老客户做保单检视，要转介绍。',
  '整理名单，约访新客户。',
];
const REVIEW_COMMENTS = [
  '今天量不错，继续保持！',
  '建议书讲解可以再练练，明天早会我们演练一下。',
  '这个客户很有希望，抓紧促成。',
  '拜访量偏少，明天争取日行三访。',
  '记录很详细，值得大家学习。',
  '注意跟进时间，别让客户等太久。',
  '转介绍要趁热打铁。',
];
const ACTIVITY_COMMENTS = ['这位客户的异议处理得好。', '下次带上家庭保障缺口表。', '可以约她先生一起面谈。'];
const REPLIES = ['收到，谢谢主管！', '好的，明天就去跟进。', '明白，我再准备一下。', '谢谢指导，我会调整。'];
const COACHING: { topic: string; agreed: string }[] = [
  { topic: '拜访量提升', agreed: '每天至少三访，早上先完成电话约访。' },
  { topic: '异议处理话术', agreed: '整理常见异议三条，早会演练。' },
  { topic: '建议书讲解', agreed: '先讲需求再讲产品，每次不超过20分钟。' },
  { topic: '转介绍', agreed: '每次签单后都要开口要转介绍。' },
  { topic: '促成技巧', agreed: '用二选一法促成，下周陪访两次。' },
  { topic: '客户名单积累', agreed: '每周新增10个准客户名单。' },
];
const FADER_COACHING: { topic: string; agreed: string }[] = [
  { topic: '活动量下滑', agreed: '先恢复每天两访，主管本周陪访一次。' },
  { topic: '工作日志', agreed: '每天晚上8点前提交日志，没有拜访也如实记录。' },
  { topic: '状态调整', agreed: '谈了最近的困难，下周一起做计划。' },
];
const COACHING_REPLIES = ['好的，我会努力调整。', '谢谢主管，这周就开始做。', '收到，下周陪访麻烦主管了。'];
const RETURN_COMMENTS = [
  '拜访量低于团队标准，请按日行三访调整后再提交。',
  '签单目标可以再高一点，冲刺档再加一件。',
];

const SKILLS: readonly Skill[] = [
  'approach',
  'factFinding',
  'presentation',
  'objectionHandling',
  'closing',
  'referral',
];

// ---- Seeding ------------------------------------------------------------------------------------------

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

interface Seed {
  db: Queryable;
  tenantId: string;
  timeZone: string;
  rnd: Random;
  now: Date;
  midnight: Map<string, number>;
}

/** The instant of a local time on a date, given in minutes after midnight (00:00 looked up once per date). */
function at(s: Seed, date: string, minutes: number): Date {
  let base = s.midnight.get(date);
  if (base === undefined) {
    // Noon minus 12 h: a daylight-saving change at night cannot move the day.
    base = zonedInstant(date, '12:00', s.timeZone).getTime() - 12 * HOUR;
    s.midnight.set(date, base);
  }
  return new Date(base + minutes * MINUTE);
}

const iso = (d: Date) => d.toISOString();

function employed(p: Person, date: string): boolean {
  if (p.join_date && p.join_date > date) return false;
  return p.status === 'active' || (p.leave_date !== null && p.leave_date > date);
}

export async function seedActivityDemo(
  db: Queryable,
  tenantId: string,
  nowAt: Date = now(),
): Promise<ActivityDemoFacts> {
  const [attendance, cfg] = await Promise.all([tenantConfig(db, tenantId), activityConfig(db, tenantId)]);
  const timeZone = attendance.timeZone;
  const workMonth = attendance.rules.workMonth;
  const today = businessDate(nowAt, timeZone);
  const from = addDays(today, -ACTIVITY_DEMO_DAYS);
  const to = addDays(today, -1);
  const s: Seed = { db, tenantId, timeZone, rnd: makeRandom(20260401), now: nowAt, midnight: new Map() };
  const rnd = s.rnd;
  const nowMs = nowAt.getTime();
  const stamp = iso(nowAt);

  const [people, units, memberships] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'unit_id', 'join_date', 'leave_date', 'status'])
      .where('tenant_id', '=', tenantId)
      .orderBy('username')
      .execute(),
    db
      .selectFrom('org_units')
      .select(['id', 'parent_id', 'kind', 'leader_user_id'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    db
      .selectFrom('unit_memberships')
      .select(['user_id', 'unit_id', 'start_date', 'end_date'])
      .where('tenant_id', '=', tenantId)
      .orderBy('start_date')
      .execute(),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const byId = new Map(people.map((p) => [p.id, p]));
  const byUsername = new Map(people.map((p) => [p.username, p]));
  const membershipsOf = new Map<string, typeof memberships>();
  for (const m of memberships) membershipsOf.set(m.user_id, [...(membershipsOf.get(m.user_id) ?? []), m]);
  const unitAt = (p: Person, date: string): string =>
    membershipsOf.get(p.id)?.find((m) => m.start_date <= date && (m.end_date === null || m.end_date >= date))
      ?.unit_id ?? p.unit_id;
  /** Who reviews a person's log: the leader of their team, or for a team's leader the one above. */
  const reviewerOf = (p: Person, unitId: string): Person | undefined => {
    for (let u = unitById.get(unitId); u; u = u.parent_id ? unitById.get(u.parent_id) : undefined) {
      if (u.leader_user_id && u.leader_user_id !== p.id) return byId.get(u.leader_user_id);
    }
    return undefined;
  };

  const typeByCode = new Map(cfg.types.map((t) => [t.row.code, t]));
  const type = (code: string): TypeConfig => {
    const t = typeByCode.get(code);
    if (!t) throw new Error(`activity type ${code} missing`);
    return t;
  };

  const loggers = people.filter((p) => (cfg.settings.loggingRoles as readonly string[]).includes(p.role));
  const agents = loggers.filter((p) => p.role === 'agent');
  const profiles = demoProfiles(agents, from);
  const lateReviewer = byUsername.get(DEMO_LATE_REVIEWER);
  const fiveTeam = units.find((u) => u.leader_user_id === byUsername.get(DEMO_FIVE_VISIT_LEADER)?.id)?.id;

  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  // The calendar once per date, from the week before the period to the end of the current work month.
  const workday = new Map<string, boolean>();
  const calendarEnd = addDays(today, 40);
  for (let d = addDays(from, -40); d <= calendarEnd; d = addDays(d, 1))
    workday.set(d, dayOf(attendance, d).workday);

  const activities: ActivityTable[] = [];
  const logs: WorkLogTable[] = [];
  const comments: WorkLogCommentTable[] = [];
  const coaching: CoachingRecordTable[] = [];
  const plans: ActivityPlanTable[] = [];
  const skills: SkillAssessmentTable[] = [];

  // ---- Activities and work logs, person by person, day by day.
  for (const p of loggers) {
    const profile: DemoProfile | 'supervisor' =
      p.role === 'agent' ? (profiles.get(p.username) ?? 'middle') : 'supervisor';
    const personal = 0.85 + rnd.next() * 0.3;
    const prospects = Array.from({ length: 40 }, () => chineseName(rnd));
    for (const [i, date] of days.entries()) {
      if (!employed(p, date)) continue;
      const unitId = unitAt(p, date);
      const progress = i / (days.length - 1);
      // A fader starts in the middle and ends at a sixth of it; their conversion falls too.
      const fade = profile === 'fader' ? 1 - 0.85 * progress : 1;
      const isWorkday = workday.get(date) ?? false;
      const offDay = rnd.chance(
        profile === 'star' ? 0.02 : profile === 'fader' ? 0.05 + 0.25 * progress : 0.05,
      );
      let scale = isWorkday
        ? personal * fade
        : rnd.chance(profile === 'star' ? 0.35 : 0.08)
          ? 0.35 * personal * fade
          : 0;
      if (offDay) scale = 0;
      const rates = profile === 'star' ? STAR : profile === 'supervisor' ? SUPERVISOR : MIDDLE;
      const dayActs: ActivityTable[] = [];
      if (scale > 0) {
        for (const [code, rate] of Object.entries(rates)) {
          let lambda = (rate ?? 0) + (unitId === fiveTeam ? (FIVE_VISIT_EXTRA[code] ?? 0) : 0);
          lambda *= scale;
          if (profile === 'fader' && ['proposal', 'closing', 'sale'].includes(code)) lambda *= fade;
          const n = poisson(rnd, lambda);
          for (let k = 0; k < n; k++)
            dayActs.push(activityRow(s, p, unitId, date, type(code), prospects, loggers));
        }
      }
      dayActs.sort((a, b) => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0));
      activities.push(...dayActs);

      // The day's log: submitted on most days, honestly with no activity on some.
      if (!isWorkday && dayActs.length === 0) continue;
      const submitP =
        profile === 'star'
          ? 0.97
          : profile === 'fader'
            ? 0.85 - 0.5 * progress
            : profile === 'supervisor'
              ? 0.9
              : 0.88;
      const submits = rnd.chance(submitP) && (dayActs.length > 0 || rnd.chance(0.5));
      if (!submits && (dayActs.length === 0 || !rnd.chance(0.4))) continue;
      const lastAct = dayActs.at(-1);
      const created = lastAct ? new Date(lastAct.created_at) : at(s, date, rnd.int(17 * 60, 19 * 60));
      let submittedAt: Date | null = null;
      if (submits) {
        const evening = at(
          s,
          date,
          rnd.chance(0.85) ? rnd.int(17 * 60 + 30, 22 * 60 + 30) : 24 * 60 + rnd.int(7 * 60 + 30, 9 * 60),
        );
        submittedAt = evening < created ? new Date(created.getTime() + rnd.int(5, 60) * MINUTE) : evening;
        if (submittedAt.getTime() > nowMs) submittedAt = null;
      }
      const reviewer = reviewerOf(p, unitId);
      let reviewedAt: Date | null = null;
      if (submittedAt && reviewer) {
        const late = reviewer.id === lateReviewer?.id;
        const reviews = rnd.chance(late ? 0.8 : 0.94);
        const delayH = late
          ? rnd.chance(0.8)
            ? 26 + rnd.next() * 60
            : 2 + rnd.next() * 18
          : rnd.chance(0.92)
            ? 0.5 + rnd.next() * 18
            : 25 + rnd.next() * 24;
        const when = new Date(submittedAt.getTime() + delayH * HOUR);
        if (reviews && when.getTime() <= nowMs) reviewedAt = when;
      }
      const log: WorkLogTable = {
        id: newId(),
        tenant_id: tenantId,
        user_id: p.id,
        unit_id: unitId,
        date,
        status: submittedAt ? 'submitted' : 'draft',
        summary: dayActs.length ? rnd.pick(LOG_SUMMARIES) : rnd.pick(ZERO_SUMMARIES),
        tomorrow_plan: rnd.chance(0.8) ? rnd.pick(TOMORROW_PLANS) : null,
        no_activity: dayActs.length === 0 ? 1 : 0,
        submitted_at: submittedAt ? iso(submittedAt) : null,
        reviewed_at: reviewedAt ? iso(reviewedAt) : null,
        reviewed_by: reviewedAt ? reviewer!.id : null,
        created_at: iso(created),
        updated_at: iso(reviewedAt ?? submittedAt ?? created),
      };
      logs.push(log);
      if (reviewedAt && reviewer && rnd.chance(0.45)) {
        const onActivity = dayActs.length > 0 && rnd.chance(0.25) ? rnd.pick(dayActs) : null;
        comments.push({
          id: newId(),
          tenant_id: tenantId,
          log_id: log.id,
          activity_id: onActivity?.id ?? null,
          author_id: reviewer.id,
          body: onActivity ? rnd.pick(ACTIVITY_COMMENTS) : rnd.pick(REVIEW_COMMENTS),
          created_at: iso(reviewedAt),
        });
        const replyAt = new Date(reviewedAt.getTime() + rnd.int(10, 300) * MINUTE);
        if (rnd.chance(0.35) && replyAt.getTime() <= nowMs) {
          comments.push({
            id: newId(),
            tenant_id: tenantId,
            log_id: log.id,
            activity_id: null,
            author_id: p.id,
            body: rnd.pick(REPLIES),
            created_at: iso(replyAt),
          });
        }
      }
    }
  }

  // ---- Coaching: every two to four weeks, weekly for faders in the second half.
  const logOf = new Map(logs.map((l) => [`${l.user_id}|${l.date}`, l]));
  const workdays = days.filter((d) => workday.get(d));
  for (const p of agents) {
    const profile = profiles.get(p.username) ?? 'middle';
    let next = rnd.int(3, 12);
    while (next < workdays.length) {
      const date = workdays[next]!;
      const progress = next / workdays.length;
      const fading = profile === 'fader' && progress > 0.45;
      next += fading ? rnd.int(4, 6) : rnd.int(10, 20);
      if (!employed(p, date)) continue;
      const unitId = unitAt(p, date);
      const coach = reviewerOf(p, unitId);
      if (!coach) continue;
      const what = fading ? rnd.pick(FADER_COACHING) : rnd.pick(COACHING);
      const created = at(s, date, rnd.int(17 * 60, 19 * 60 + 30));
      if (created.getTime() > nowMs) continue;
      const followUp = rnd.chance(0.85) ? addDays(date, 7) : null;
      const followedUp =
        followUp && followUp < today && rnd.chance(0.85) ? at(s, followUp, rnd.int(10 * 60, 17 * 60)) : null;
      const replyAt = new Date(created.getTime() + rnd.int(20, 600) * MINUTE);
      const replied = rnd.chance(0.5) && replyAt.getTime() <= nowMs ? replyAt : null;
      coaching.push({
        id: newId(),
        tenant_id: tenantId,
        user_id: p.id,
        unit_id: unitId,
        coach_id: coach.id,
        log_id: rnd.chance(0.4) ? (logOf.get(`${p.id}|${date}`)?.id ?? null) : null,
        date,
        topic: what.topic,
        agreed: what.agreed,
        follow_up_date: followUp,
        reply: replied ? rnd.pick(COACHING_REPLIES) : null,
        replied_at: replied ? iso(replied) : null,
        followed_up_at: followedUp ? iso(followedUp) : null,
        created_at: iso(created),
        updated_at: iso(
          [created, replied, followedUp]
            .filter((d): d is Date => d !== null)
            .sort((a, b) => b.getTime() - a.getTime())[0]!,
        ),
      });
    }
  }

  // ---- Team standards: the tenant's 日行三访, and 5 a workday in one team (3 new, 2 existing customers).
  const interview = type('interview');
  const service = type('service');
  const standards: ActivityStandardTable[] = [
    {
      tenant_id: tenantId,
      scope_key: 'tenant',
      items: JSON.stringify([{ typeId: interview.row.id, perWorkday: 3 }]),
      points_per_workday_milli: 3 * typePointsOn(interview, today),
      updated_by: null,
      updated_at: stamp,
    },
  ];
  if (fiveTeam) {
    standards.push({
      tenant_id: tenantId,
      scope_key: fiveTeam,
      items: JSON.stringify([
        { typeId: interview.row.id, perWorkday: 3 },
        { typeId: service.row.id, perWorkday: 2 },
      ]),
      points_per_workday_milli: 3 * typePointsOn(interview, today) + 2 * typePointsOn(service, today),
      updated_by: byUsername.get(DEMO_FIVE_VISIT_LEADER)?.id ?? null,
      updated_at: iso(at(s, from, 10 * 60)),
    });
  }

  // ---- Plans: every week and work month of the period, current ones included.
  const currentWeek = weekOf(today);
  const currentMonth = workMonthOf(today, workMonth);
  const periods: { kind: 'week' | 'month'; period: string; from: string; to: string }[] = [];
  for (let w = weekOf(from); w <= currentWeek; w = addDays(w, 7))
    periods.push({ kind: 'week', period: w, ...weekRange(w) });
  for (const m of monthsEndingAt(currentMonth, 4)) {
    const r = workMonthRange(m, workMonth);
    if (r.to >= from) periods.push({ kind: 'month', period: m, ...r });
  }
  for (const p of loggers) {
    const profile = p.role === 'agent' ? (profiles.get(p.username) ?? 'middle') : 'supervisor';
    for (const period of periods) {
      const lastDay = period.to < today ? period.to : today;
      if (!employed(p, period.from) && !employed(p, lastDay)) continue;
      const start = p.join_date && p.join_date > period.from ? p.join_date : period.from;
      const unitId = unitAt(p, start);
      const approver = reviewerOf(p, unitId);
      let wd = 0;
      for (let d = period.from; d <= period.to; d = addDays(d, 1)) if (workday.get(d)) wd++;
      const counts: [string, number][] =
        profile === 'supervisor'
          ? [
              ['jointVisit', wd],
              ['recruitInterview', Math.ceil(wd / 3)],
              ['interview', wd],
            ]
          : [
              ['phoneAppointment', 2 * wd],
              ['interview', (profile === 'star' ? 4 : 3) * wd],
              ...(unitId === fiveTeam ? ([['service', 2 * wd]] as [string, number][]) : []),
              ['proposal', Math.ceil((profile === 'star' ? 1.5 : 0.6) * wd)],
              ['sale', Math.max(1, Math.round((profile === 'star' ? 0.35 : 0.12) * wd))],
            ];
      const items = counts.map(([code, target]) => ({
        typeId: type(code).row.id,
        target,
        sprint: Math.ceil(target * 1.2),
        challenge: Math.ceil(target * 1.5),
      }));
      const pointsOf = (tier: 'target' | 'sprint' | 'challenge') =>
        items.reduce(
          (sum, it) => sum + it[tier] * typePointsOn(cfg.typesById.get(it.typeId)!, period.from),
          0,
        );
      const current = period.to >= today;
      const lateApprover = approver?.id === lateReviewer?.id;
      const r = rnd.next();
      const status = current
        ? r < (lateApprover ? 0.3 : 0.65)
          ? 'approved'
          : r < 0.9
            ? 'submitted'
            : 'returned'
        : r < (lateApprover ? 0.85 : 0.95)
          ? 'approved'
          : r < 0.97
            ? 'submitted'
            : 'returned';
      const created = at(
        s,
        addDays(period.from, period.kind === 'week' ? -rnd.int(0, 2) : -rnd.int(0, 3)),
        rnd.int(8 * 60, 21 * 60),
      );
      const decided = new Date(created.getTime() + (lateApprover ? rnd.int(20, 70) : rnd.int(1, 16)) * HOUR);
      const decidedOk = status !== 'submitted' && approver && decided.getTime() <= nowMs;
      const finalStatus = decidedOk ? status : 'submitted';
      plans.push({
        id: newId(),
        tenant_id: tenantId,
        user_id: p.id,
        unit_id: unitId,
        period_kind: period.kind,
        period: period.period,
        date_from: period.from,
        date_to: period.to,
        status: finalStatus,
        items: JSON.stringify(items),
        target_points_milli: pointsOf('target'),
        sprint_points_milli: pointsOf('sprint'),
        challenge_points_milli: pointsOf('challenge'),
        note: rnd.chance(0.3) ? (profile === 'star' ? '冲刺季度目标' : '按团队标准，争取冲刺档') : null,
        review_comment:
          finalStatus === 'returned'
            ? rnd.pick(RETURN_COMMENTS)
            : finalStatus === 'approved' && rnd.chance(0.2)
              ? '同意，加油！'
              : null,
        approved_by: finalStatus === 'approved' ? approver!.id : null,
        approved_at: finalStatus === 'approved' ? iso(decided) : null,
        created_at: iso(created),
        updated_at: iso(decidedOk ? decided : created),
      });
    }
  }

  // ---- Skill self-assessment: the last 3 complete work months, the supervisor's rating beside it.
  const months = monthsEndingAt(currentMonth, 4).slice(0, 3);
  for (const p of agents) {
    const profile = profiles.get(p.username) ?? 'middle';
    const base = profile === 'star' ? 4.2 : profile === 'fader' ? 2.8 : 3.2;
    const bent = Object.fromEntries(SKILLS.map((k) => [k, rnd.next() - 0.5])) as Record<Skill, number>;
    for (const [i, month] of months.entries()) {
      const range = workMonthRange(month, workMonth);
      if (!employed(p, range.to)) continue;
      const trend = profile === 'fader' ? -0.3 * i : profile === 'middle' ? 0.25 * i : 0.1 * i;
      const ratings = (offset: number): SkillRatings =>
        Object.fromEntries(
          SKILLS.map((k) => [
            k,
            Math.max(1, Math.min(5, Math.round(base + trend + bent[k] + offset + (rnd.next() - 0.5) * 0.6))),
          ]),
        ) as SkillRatings;
      const unitId = unitAt(p, range.to);
      const sup = reviewerOf(p, unitId);
      // Self-rated in the evening of one of the month's last three days (all before today, whatever
      // the hour of seeding); the supervisor rates half a day to four days later, if that has come.
      const selfAt = at(s, addDays(range.to, -rnd.int(0, 2)), rnd.int(19 * 60, 22 * 60));
      const supAt = new Date(selfAt.getTime() + rnd.int(12, 96) * HOUR);
      const rated = sup && rnd.chance(sup.id === lateReviewer?.id ? 0.75 : 0.93) && supAt.getTime() <= nowMs;
      skills.push({
        id: newId(),
        tenant_id: tenantId,
        user_id: p.id,
        unit_id: unitId,
        period: month,
        self_ratings: JSON.stringify(ratings(0.4)),
        self_note: rnd.chance(0.4)
          ? rnd.pick(['促成还需要多练习', '这个月面谈多了，信心更足', '转介绍开口还是有点难'])
          : null,
        self_at: iso(selfAt),
        supervisor_ratings: rated ? JSON.stringify(ratings(-0.1)) : null,
        supervisor_note:
          rated && rnd.chance(0.5) ? rnd.pick(['需求分析进步明显', '异议处理要加强', '保持节奏']) : null,
        supervisor_id: rated ? sup.id : null,
        supervisor_at: rated ? iso(supAt) : null,
        created_at: iso(selfAt),
        updated_at: iso(rated ? supAt : selfAt),
      });
    }
  }

  await bulk(db, 'activity_standards', standards);
  await bulk(db, 'activities', activities);
  await bulk(db, 'work_logs', logs);
  await bulk(db, 'work_log_comments', comments);
  await bulk(db, 'coaching_records', coaching);
  await bulk(db, 'activity_plans', plans);
  await bulk(db, 'skill_assessments', skills);
  await rebuildRollups(db, tenantId);
  return {
    from,
    to,
    activities: activities.length,
    logs: logs.length,
    plans: plans.length,
    coaching: coaching.length,
  };
}

/** One activity at a plausible time of the day, with a prospect, an outcome and a next step. */
function activityRow(
  s: Seed,
  p: Person,
  unitId: string,
  date: string,
  t: TypeConfig,
  prospects: string[],
  loggers: Person[],
): ActivityTable {
  const rnd = s.rnd;
  const stage = t.stage;
  const occurred = at(s, date, rnd.int(9 * 60, 20 * 60 + 30));
  // Mostly logged soon after; some the next morning, as late entries.
  const lateEntry = rnd.chance(0.06);
  let created = lateEntry
    ? at(s, addDays(date, 1), rnd.int(7 * 60 + 30, 11 * 60))
    : new Date(occurred.getTime() + rnd.int(1, 90) * MINUTE);
  if (created.getTime() > s.now.getTime())
    created = new Date(Math.max(occurred.getTime(), s.now.getTime() - MINUTE));
  const late = created.getTime() >= at(s, date, 24 * 60).getTime() ? 1 : 0;
  const outcomeKey = OUTCOMES[stage] ? stage : 'other';
  const next = NEXT_STEPS[stage];
  const partners =
    stage === 'jointVisit' ? loggers.filter((x) => x.role === 'agent' && x.unit_id === unitId) : [];
  const partner = partners.length ? rnd.pick(partners) : undefined;
  return {
    id: newId(),
    tenant_id: s.tenantId,
    user_id: p.id,
    unit_id: unitId,
    type_id: t.row.id,
    stage,
    date,
    occurred_at: iso(occurred),
    points_milli: typePointsOn(t, date),
    premium_fen: stage === 'sale' ? rnd.pick(PREMIUMS_YUAN) * 100 * (rnd.chance(0.2) ? 2 : 1) : null,
    prospect_id: null,
    prospect_name: stage === 'recruitment' ? chineseName(rnd) : rnd.chance(0.92) ? rnd.pick(prospects) : null,
    outcome: rnd.chance(0.85) ? rnd.pick(OUTCOMES[outcomeKey]!) : null,
    notes: rnd.chance(0.15) ? '客户家庭：已婚，两个孩子，关注教育和重疾保障。' : null,
    next_step: next && rnd.chance(0.7) ? rnd.pick(next) : null,
    next_step_date: next && rnd.chance(0.6) ? addDays(date, rnd.int(1, 7)) : null,
    partner_id: partner?.id ?? null,
    late_entry: late,
    created_by: p.id,
    created_at: iso(created),
    updated_at: iso(created),
  };
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

/** The share of a reviewer's logs reviewed within 24 h of submission (for the test and the README). */
export function reviewRateOf(logs: readonly Pick<WorkLogTable, 'submitted_at' | 'reviewed_at'>[]): number {
  const submitted = logs.filter((l) => l.submitted_at);
  if (submitted.length === 0) return 0;
  return submitted.filter((l) => reviewedWithin24h(l.submitted_at!, l.reviewed_at)).length / submitted.length;
}
