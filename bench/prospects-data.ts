// Data of the prospects benchmark (bench/prospects.ts), written straight into a fresh, migrated database
// before the server starts: the company of bench/org-data.ts (20 departments of 500 agents in teams of
// 10 by default, a manager per department, an executive), sessions for the readers measured only (one
// agent and the first department's manager), and per agent:
//
// - a Plan 100 list of 100 names (relationship categories, most with a phone, most scored and graded);
// - 40 prospect cards, most made from those names (the name links to its card), the others referrals,
//   campaign or company-assigned; grades A/B/C, created over the last two quarters, each moved along the
//   funnel from lead at its own pace (older cards further on), some paused or lost with a reason, next
//   follow-ups spread over ±60 days around today (none on most signed and lost cards);
// - the stage-change history of every card (a move into lead at creation, then each move);
// - 20 customers (the signed cards' and older ones), about a third grouped in households of two or
//   three, with one to three policies each.
//
// Names follow the surnames' real frequencies (王, 李, 张 … each about 7 %), so a department search by
// a common surname finds what it would in practice. Rows go in through bench/bulk.ts (multi-row
// INSERTs on SQLite, INSERT … SELECT FROM unnest on PostgreSQL), secondary indexes of the loaded tables
// built after the load; PostgreSQL then gets VACUUM ANALYZE.
import { openDatabase, type DB } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { businessDate } from '../server/lib/clock.ts';
import { addDays, zonedInstant } from '../server/modules/attendance/attendance.rules.ts';
import { hashPassword } from '../server/modules/auth/password.ts';
import { nameKeyOf } from '../server/modules/prospect/name.rules.ts';
import { chineseName, idNumber, mobile } from '../server/seed/people.ts';
import { makeRandom, type Random } from '../server/seed/random.ts';
import { IncomeBands, type ProspectStage } from '../contracts/prospect.ts';
import { PlanNameCategories } from '../contracts/plan100.ts';
import { CoverageKinds } from '../contracts/customer.ts';
import { idMaker, idPrefix, openSink, type ColumnType, type TableSpec } from './bulk.ts';
import { cpuSeconds } from './common.ts';
import { TIME_ZONE, buildBenchOrg, newToken, writeBenchOrg, type Target } from './org-data.ts';

export const NAMES_PER_AGENT = 100;
export const CARDS_PER_AGENT = 40;
export const CUSTOMERS_PER_AGENT = 20;

export interface ProspectsBenchOptions {
  departments: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface Period {
  from: string;
  to: string;
  name: string;
}

export interface ProspectsBenchData {
  tenantId: string;
  today: string;
  companyId: string;
  /** The first department: the manager's search and funnel. */
  departmentId: string;
  departmentTeamIds: string[];
  /** The agent whose card list is read (first agent of the first department). */
  agent: { id: string; username: string; token: string; unitId: string };
  manager: { id: string; username: string; token: string };
  /** The last complete calendar quarter (tenant dates). */
  quarter: Period;
  counts: Record<
    | 'units'
    | 'people'
    | 'sessions'
    | 'names'
    | 'prospects'
    | 'stageChanges'
    | 'customers'
    | 'households'
    | 'policies',
    number
  >;
  /** Seconds per phase. */
  seconds: Record<'setup' | 'rows' | 'indexes' | 'analyze' | 'total', number>;
  /** CPU seconds of the rows and indexes phases, here and (PostgreSQL) in the backend that ran the load. */
  cpu: { rows: number; indexes: number; serverRows: number | null; serverIndexes: number | null };
}

// ---- Tables -----------------------------------------------------------------------------------------

function spec(table: string, columns: [string, ColumnType][]): TableSpec {
  return { table, columns: columns.map((c) => c[0]), types: columns.map((c) => c[1]) };
}
const T = 'text' as const;
const I = 'int8' as const;

const NAMES = spec('plan_names', [
  ['id', T],
  ['tenant_id', T],
  ['owner_id', T],
  ['unit_id', T],
  ['name', T],
  ['name_key', T],
  ['category', T],
  ['phone', T],
  ['note', T],
  ['excluded', I],
  ['score', I],
  ['grade', T],
  ['rubric_version', I],
  ['scored_at', T],
  ['prospect_id', T],
  ['created_by', T],
  ['created_at', T],
  ['updated_at', T],
]);
const PROSPECTS = spec('prospects', [
  ['id', T],
  ['tenant_id', T],
  ['owner_id', T],
  ['unit_id', T],
  ['name_id', T],
  ['name', T],
  ['phone', T],
  ['gender', T],
  ['birth_date', T],
  ['family', T],
  ['occupation', T],
  ['income_band', T],
  ['needs', T],
  ['source', T],
  ['referrer_prospect_id', T],
  ['campaign_ref', T],
  ['grade', T],
  ['score', I],
  ['rubric_version', I],
  ['stage', T],
  ['stage_reason', T],
  ['stage_changed_at', T],
  ['next_follow_up', T],
  ['customer_id', T],
  ['created_by', T],
  ['created_at', T],
  ['updated_at', T],
]);
const STAGE_CHANGES = spec('prospect_stage_changes', [
  ['id', T],
  ['tenant_id', T],
  ['prospect_id', T],
  ['owner_id', T],
  ['unit_id', T],
  ['from_stage', T],
  ['to_stage', T],
  ['reason', T],
  ['changed_at', T],
  ['changed_by', T],
]);
const HOUSEHOLDS = spec('households', [
  ['id', T],
  ['tenant_id', T],
  ['owner_id', T],
  ['unit_id', T],
  ['name', T],
  ['created_at', T],
  ['updated_at', T],
]);
const CUSTOMERS = spec('customers', [
  ['id', T],
  ['tenant_id', T],
  ['owner_id', T],
  ['unit_id', T],
  ['household_id', T],
  ['household_role', T],
  ['prospect_id', T],
  ['name', T],
  ['phone', T],
  ['id_number', T],
  ['gender', T],
  ['birth_date', T],
  ['created_by', T],
  ['created_at', T],
  ['updated_at', T],
]);
const POLICIES = spec('policies', [
  ['id', T],
  ['tenant_id', T],
  ['owner_id', T],
  ['unit_id', T],
  ['customer_id', T],
  ['household_id', T],
  ['policy_no', T],
  ['product', T],
  ['coverage_kind', T],
  ['sum_assured_fen', I],
  ['insured_name', T],
  ['beneficiary_name', T],
  ['premium_fen', I],
  ['payment_mode', T],
  ['payment_term_years', I],
  ['effective_date', T],
  ['status', T],
  ['created_by', T],
  ['created_at', T],
  ['updated_at', T],
]);
const TABLES = [NAMES, PROSPECTS, STAGE_CHANGES, HOUSEHOLDS, CUSTOMERS, POLICIES];

// ---- Distributions --------------------------------------------------------------------------------

/** The commonest surnames with their share of the population (%); the rest drawn evenly. */
const TOP_SURNAMES: [string, number][] = [
  ['王', 7.1],
  ['李', 7.0],
  ['张', 6.7],
  ['刘', 5.4],
  ['陈', 4.5],
  ['杨', 3.1],
  ['黄', 2.2],
  ['赵', 2.0],
  ['吴', 2.0],
  ['周', 1.9],
];
const TOP_SHARE = TOP_SURNAMES.reduce((s, [, w]) => s + w, 0) / 100;

function weighted<T>(rnd: Random, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = rnd.next() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![0];
}

function personName(rnd: Random): string {
  const base = chineseName(rnd);
  return rnd.next() < TOP_SHARE ? weighted(rnd, TOP_SURNAMES) + base.slice(1) : base;
}

/** How far along the main line a card is meant to go (lead … signed) if time allows. */
const DEPTH: [number, number][] = [
  [0, 28],
  [1, 22],
  [2, 16],
  [3, 14],
  [4, 10],
  [5, 10],
];
const MAIN: ProspectStage[] = ['lead', 'appointment', 'needsAnalysis', 'proposal', 'closing', 'signed'];
const LOST_REASONS = ['预算不足', '已在他司投保', '联系不上', '家人反对'];
const PAUSED_REASONS = ['客户出差', '等待体检结果', '年底再议'];
const OCCUPATIONS = [
  '教师',
  '医生',
  '工程师',
  '个体经营',
  '公务员',
  '销售',
  '会计',
  '护士',
  '企业主',
  '自由职业',
];
const NEEDS = ['子女教育金', '重疾保障', '养老规划', '家庭保障', '医疗补充'];
const PRODUCTS: Record<(typeof CoverageKinds)[number], string[]> = {
  life: ['福满终身寿险', '安心定期寿险'],
  criticalIllness: ['康健重大疾病保险', '守护多倍重疾险'],
  medical: ['百万医疗险', '住院医疗补充险'],
  accident: ['综合意外险', '交通意外险'],
  annuity: ['金色年华养老年金', '状元教育年金'],
};
const DAY_MS = 86_400_000;

// ---- The tenant -------------------------------------------------------------------------------------

/** Writes the benchmark tenant into a fresh database (migrated here). */
export async function createProspectsBenchData(
  target: Target,
  opts: ProspectsBenchOptions,
): Promise<ProspectsBenchData> {
  const log = opts.log ?? (() => undefined);
  const started = performance.now();
  const rnd = makeRandom(20261127);
  const nowDate = new Date();
  const nowMs = nowDate.getTime();
  const today = businessDate(nowDate, TIME_ZONE);
  const quarter = lastCompleteQuarter(today);
  // Cards made from a month before the measured quarter up to yesterday: about two quarters.
  const historyFrom = addDays(quarter.from, -30);
  const historyStartMs = zonedInstant(historyFrom, '00:00', TIME_ZONE).getTime();
  const historyEndMs = zonedInstant(today, '00:00', TIME_ZONE).getTime();
  const createdAt = `${addDays(today, -1500)}T00:00:00.000Z`;
  const joined = addDays(today, -1500);

  // ---- Org, people, sessions: through Kysely.
  const handle = openDatabase(
    target.dialect === 'postgres'
      ? { databaseUrl: target.databaseUrl, poolSize: 2 }
      : { sqliteFile: target.sqliteFile!, sqliteSynchronous: 'NORMAL' },
  );
  const db: DB = handle.db;
  await migrateToLatest(db);
  const org = buildBenchOrg(rnd, {
    departments: opts.departments,
    createdAt,
    joined,
    now: nowDate,
    passwordHash: await hashPassword(newToken()),
    // The card list is read by one agent; the department's manager searches and reads the funnel.
    agentSession: (d, i) => d === 0 && i === 0,
  });
  await writeBenchOrg(db, org, createdAt);
  await handle.close();
  const firstDept = org.departments[0]!;
  const firstAgent = firstDept.agents[0]!;
  const setupSeconds = (performance.now() - started) / 1000;
  log(
    `    org, ${org.rows.users.length} people and ${org.rows.sessions.length} sessions: ${setupSeconds.toFixed(1)} s`,
  );

  // ---- Names, cards, stage moves, customers, households, policies: bulk, agent by agent.
  const rowsStarted = performance.now();
  const cpuOf = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const rowsCpu = cpuOf();
  const sink = await openSink(target);
  const indexes = await sink.dropIndexes(TABLES.map((t) => t.table));
  const serverCpu = () => (sink.serverPid === null ? null : (cpuSeconds(sink.serverPid) ?? null));
  const serverRowsCpu = serverCpu();
  const buffers = new Map<TableSpec, unknown[]>(TABLES.map((t) => [t, []]));
  const FLUSH_ROWS = target.dialect === 'sqlite' ? 50_000 : 20_000;
  const flushTable = async (t: TableSpec, force = false) => {
    const values = buffers.get(t)!;
    if (values.length === 0 || (!force && values.length < FLUSH_ROWS * t.columns.length)) return;
    buffers.set(t, []);
    await sink.write(t, values);
  };
  const counts = { names: 0, prospects: 0, stageChanges: 0, customers: 0, households: 0, policies: 0 };
  const id = idMaker();
  const prefix = idPrefix(nowMs);
  const tenantId = org.tenantId;
  const iso = (ms: number) => new Date(ms).toISOString();
  const categories = [...PlanNameCategories];
  let policyNo = 0;
  let lastReport = performance.now();
  const agents = org.departments.flatMap((d) => d.agents);

  for (const [ai, a] of agents.entries()) {
    const names = buffers.get(NAMES)!;
    const cards = buffers.get(PROSPECTS)!;
    const moves = buffers.get(STAGE_CHANGES)!;
    const households = buffers.get(HOUSEHOLDS)!;
    const customers = buffers.get(CUSTOMERS)!;
    const policies = buffers.get(POLICIES)!;
    const owner = a.id;
    const unit = a.unitId;

    // Cards first (a name made into a card points at it), oldest first.
    const cardCreated = Array.from(
      { length: CARDS_PER_AGENT },
      () => historyStartMs + Math.floor(rnd.next() * (historyEndMs - historyStartMs)),
    ).sort((x, y) => x - y);
    const cardIds: string[] = [];
    const signed: {
      prospectId: string;
      customerId: string;
      name: string;
      phone: string | null;
      gender: string;
      at: number;
    }[] = [];
    const cardNames: {
      nameId: string;
      cardId: string;
      name: string;
      phone: string | null;
      grade: string;
      score: number;
      created: number;
    }[] = [];
    for (let c = 0; c < CARDS_PER_AGENT; c++) {
      const cardId = id(prefix);
      const created = cardCreated[c]!;
      const source = weighted(rnd, [
        ['plan100', 80],
        ['referral', 10],
        ['campaign', 5],
        ['assigned', 5],
      ] as const);
      const grade =
        source === 'plan100'
          ? weighted(rnd, [
              ['A', 35],
              ['B', 50],
              ['C', 15],
            ] as const)
          : weighted(rnd, [
              ['A', 30],
              ['B', 40],
              ['C', 15],
              [null, 15],
            ] as const);
      const score =
        grade === 'A'
          ? rnd.int(20, 28)
          : grade === 'B'
            ? rnd.int(15, 19)
            : grade === 'C'
              ? rnd.int(6, 14)
              : null;
      const name = personName(rnd);
      const gender = rnd.chance(0.5) ? 'male' : 'female';
      const phone = rnd.chance(0.75) ? mobile(rnd) : null;
      const nameId = source === 'plan100' ? id(prefix) : null;
      if (nameId) cardNames.push({ nameId, cardId, name, phone, grade: grade!, score: score!, created });

      // The funnel: a move into lead at creation, then on along the main line at the card's pace, as
      // far as it is meant to go and time allows; some are paused or lost on the way.
      const depth = weighted(rnd, DEPTH);
      const pace = (grade === 'A' ? 8 : grade === 'B' ? 12 : 18) * DAY_MS;
      let at = created;
      let stage: ProspectStage = 'lead';
      let reason: string | null = null;
      moves.push(id(prefix), tenantId, cardId, owner, unit, null, 'lead', null, iso(at), owner);
      let k = 0;
      for (; k < depth; k++) {
        const next = at + Math.max(0.2 * DAY_MS, -Math.log(1 - rnd.next()) * pace);
        if (next >= nowMs) break;
        moves.push(id(prefix), tenantId, cardId, owner, unit, stage, MAIN[k + 1]!, null, iso(next), owner);
        at = next;
        stage = MAIN[k + 1]!;
      }
      if (stage !== 'signed' && rnd.chance(0.22)) {
        const next = at + Math.max(0.5 * DAY_MS, -Math.log(1 - rnd.next()) * pace);
        if (next < nowMs) {
          const lost = rnd.chance(0.6);
          reason = lost ? rnd.pick(LOST_REASONS) : rnd.pick(PAUSED_REASONS);
          const to: ProspectStage = lost ? 'lost' : 'paused';
          moves.push(id(prefix), tenantId, cardId, owner, unit, stage, to, reason, iso(next), owner);
          at = next;
          stage = to;
        }
      }
      counts.stageChanges += 1 + k + (stage === 'lost' || stage === 'paused' ? 1 : 0);
      const open = stage !== 'signed' && stage !== 'lost';
      const followUp = rnd.chance(open ? 0.85 : 0.1) ? addDays(today, rnd.int(-60, 60)) : null;
      let customerId: string | null = null;
      if (stage === 'signed') {
        customerId = id(prefix);
        signed.push({ prospectId: cardId, customerId, name, phone, gender, at });
      }
      const referrer = source === 'referral' && cardIds.length > 0 ? rnd.pick(cardIds) : null;
      cards.push(
        cardId,
        tenantId,
        owner,
        unit,
        nameId,
        name,
        phone,
        gender,
        rnd.chance(0.6)
          ? `${rnd.int(1965, 2000)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`
          : null,
        rnd.chance(0.5) ? rnd.pick(['已婚，一子', '已婚，二孩', '未婚', '已婚']) : null,
        rnd.chance(0.7) ? rnd.pick(OCCUPATIONS) : null,
        rnd.chance(0.6) ? rnd.pick(IncomeBands) : null,
        rnd.chance(0.5) ? rnd.pick(NEEDS) : null,
        source,
        referrer,
        source === 'campaign' ? '春季客户答谢会' : null,
        grade,
        score,
        score === null ? null : 1,
        stage,
        reason,
        iso(at),
        followUp,
        customerId,
        owner,
        iso(created),
        iso(at),
      );
      cardIds.push(cardId);
    }
    counts.prospects += CARDS_PER_AGENT;

    // The Plan 100 list: the cards' names, and the rest, entered before and during the cards' period.
    let cardName = 0;
    for (let n = 0; n < NAMES_PER_AGENT; n++) {
      const fromCard = n % 2 === 0 && cardName < cardNames.length ? cardNames[cardName++]! : null;
      const created = fromCard
        ? fromCard.created - rnd.int(1, 20) * DAY_MS
        : historyStartMs -
          60 * DAY_MS +
          Math.floor(rnd.next() * (historyEndMs - historyStartMs + 60 * DAY_MS));
      const name = fromCard?.name ?? personName(rnd);
      const scored = fromCard !== null || rnd.chance(0.7);
      const grade =
        fromCard?.grade ??
        (scored
          ? weighted(rnd, [
              ['A', 20],
              ['B', 40],
              ['C', 40],
            ] as const)
          : null);
      const score =
        fromCard?.score ??
        (grade === 'A'
          ? rnd.int(20, 28)
          : grade === 'B'
            ? rnd.int(15, 19)
            : grade === 'C'
              ? rnd.int(4, 14)
              : null);
      names.push(
        fromCard?.nameId ?? id(prefix),
        tenantId,
        owner,
        unit,
        name,
        nameKeyOf(name),
        rnd.pick(categories),
        fromCard ? fromCard.phone : rnd.chance(0.5) ? mobile(rnd) : null,
        rnd.chance(0.1) ? '周末方便联系' : null,
        !fromCard && rnd.chance(0.03) ? 1 : 0,
        score,
        grade,
        scored ? 1 : null,
        scored ? iso(created + DAY_MS) : null,
        fromCard?.cardId ?? null,
        owner,
        iso(created),
        iso(scored ? created + DAY_MS : created),
      );
    }
    counts.names += NAMES_PER_AGENT;

    // Customers: the signed cards', then older ones; about a third in households of two or three.
    let householdId: string | null = null;
    let householdLeft = 0;
    for (let c = 0; c < CUSTOMERS_PER_AGENT; c++) {
      const fromCard = signed[c];
      const custId = fromCard?.customerId ?? id(prefix);
      const created = fromCard?.at ?? nowMs - rnd.int(200, 1500) * DAY_MS;
      const gender = fromCard?.gender ?? (rnd.chance(0.5) ? 'male' : 'female');
      const name = fromCard?.name ?? personName(rnd);
      const birth = `${rnd.int(1960, 2015)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
      let role: string | null = null;
      if (householdLeft === 0 && rnd.chance(0.15)) {
        householdId = id(prefix);
        householdLeft = rnd.int(2, 3);
        households.push(
          householdId,
          tenantId,
          owner,
          unit,
          `${name.slice(0, 1)}家`,
          iso(created),
          iso(created),
        );
        counts.households++;
        role = 'self';
      } else if (householdLeft > 0) role = rnd.pick(['spouse', 'child', 'parent']);
      const inHousehold = householdLeft > 0 ? householdId : null;
      if (householdLeft > 0) householdLeft--;
      customers.push(
        custId,
        tenantId,
        owner,
        unit,
        inHousehold,
        inHousehold ? role : null,
        fromCard?.prospectId ?? null,
        name,
        fromCard?.phone ?? (rnd.chance(0.8) ? mobile(rnd) : null),
        rnd.chance(0.6) ? idNumber(rnd, birth, gender as 'male' | 'female') : null,
        gender,
        birth,
        owner,
        iso(created),
        iso(created),
      );
      const n = weighted(rnd, [
        [1, 45],
        [2, 35],
        [3, 20],
      ] as const);
      for (let p = 0; p < n; p++) {
        const kind = rnd.pick(CoverageKinds);
        const mode = weighted(rnd, [
          ['annual', 70],
          ['single', 10],
          ['monthly', 10],
          ['semiAnnual', 5],
          ['quarterly', 5],
        ] as const);
        const effective = addDays(today, -Math.floor((nowMs - created) / DAY_MS) + rnd.int(0, 30));
        policies.push(
          id(prefix),
          tenantId,
          owner,
          unit,
          custId,
          inHousehold,
          `BP${org.tag}${(policyNo++).toString().padStart(8, '0')}`,
          rnd.pick(PRODUCTS[kind]),
          kind,
          rnd.int(10, 100) * 10_000_00,
          name,
          rnd.chance(0.5) ? personName(rnd) : null,
          rnd.int(30, 300) * 100_00,
          mode,
          mode === 'single' ? null : rnd.pick([10, 15, 20, 30]),
          effective > today ? today : effective,
          weighted(rnd, [
            ['inForce', 85],
            ['lapsed', 7],
            ['surrendered', 4],
            ['claimed', 4],
          ] as const),
          owner,
          iso(created),
          iso(created),
        );
        counts.policies++;
      }
    }
    counts.customers += CUSTOMERS_PER_AGENT;

    for (const t of TABLES) await flushTable(t);
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      log(
        `    … ${ai + 1}/${agents.length} agents, ${((performance.now() - rowsStarted) / 1000).toFixed(0)} s`,
      );
    }
  }
  for (const t of TABLES) await flushTable(t, true);
  await sink.flush();
  const rowsSeconds = (performance.now() - rowsStarted) / 1000;
  const indexCpu = cpuOf();
  const serverIndexCpu = serverCpu();
  log(`    rows written in ${rowsSeconds.toFixed(0)} s; building ${indexes.length} indexes …`);

  const indexStarted = performance.now();
  for (const def of indexes) await sink.exec(def);
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  const doneCpu = cpuOf();
  const serverDoneCpu = serverCpu();
  const analyzeStarted = performance.now();
  if (target.dialect === 'postgres') {
    for (const t of [
      ...TABLES.map((x) => x.table),
      'users',
      'org_units',
      'org_unit_closure',
      'unit_memberships',
      'sessions',
    ])
      await sink.exec(`vacuum (analyze) "${t}"`);
  }
  await sink.close();
  const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
  const diff = (x: number | null, y: number | null) => (x === null || y === null ? null : y - x);

  return {
    tenantId,
    today,
    companyId: org.company.id,
    departmentId: firstDept.unit.id,
    departmentTeamIds: firstDept.teams.map((t) => t.id),
    agent: {
      id: firstAgent.id,
      username: firstAgent.username,
      token: firstAgent.token!,
      unitId: firstAgent.unitId,
    },
    manager: {
      id: firstDept.manager.id,
      username: firstDept.manager.username,
      token: firstDept.manager.token!,
    },
    quarter,
    counts: {
      units: org.rows.units.length,
      people: org.rows.users.length,
      sessions: org.rows.sessions.length,
      ...counts,
    },
    seconds: {
      setup: setupSeconds,
      rows: rowsSeconds,
      indexes: indexSeconds,
      analyze: analyzeSeconds,
      total: (performance.now() - started) / 1000,
    },
    cpu: {
      rows: indexCpu - rowsCpu,
      indexes: doneCpu - indexCpu,
      serverRows: diff(serverRowsCpu, serverIndexCpu),
      serverIndexes: diff(serverIndexCpu, serverDoneCpu),
    },
  };
}

/** The last calendar quarter that ended before `today`. */
export function lastCompleteQuarter(today: string): Period {
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3); // 0-based, this quarter
  const [y, p] = q === 0 ? [year - 1, 3] : [year, q - 1];
  const firstMonth = p * 3 + 1;
  const from = `${y}-${String(firstMonth).padStart(2, '0')}-01`;
  const nextStart = p === 3 ? `${y + 1}-01-01` : `${y}-${String(firstMonth + 3).padStart(2, '0')}-01`;
  return { from, to: addDays(nextStart, -1), name: `${y}-Q${p + 1}` };
}
