import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import type { Config } from '../../config.ts';
import { newId } from '../../db/ids.ts';
import { AppError } from '../../http/errors.ts';
import { businessDate } from '../../lib/clock.ts';
import { runImport, headerPicker, type ImportField, type ImportRow, type MappedRow, type RowError } from '../../lib/import-pipeline.ts';
import { isChineseIdNumber, isChineseMobile, maskIdNumber, maskPhone } from '../../lib/pii.ts';
import { DEFAULT_MAX_ROWS, normaliseDate, parseSpreadsheet } from '../../lib/spreadsheet.ts';
import type { Upload } from '../../lib/upload.ts';
import { buildTemplateXlsx, buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { ImportResult, RosterFieldKey, RosterImportFields, UserExportQuery } from '../../../contracts/import.ts';
import type { Role } from '../../../contracts/roles.ts';
import { UsernameSchema, type UserCreate } from '../../../contracts/user.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertPasswordAcceptable } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/password.ts';
import { listRanks, listUnits } from '../org/org.service.ts';
import { findUsernamesTaken, findUsersForExport, type UserRow } from './user.repository.ts';
import { insertNewUser, validateProfile } from './user.service.ts';
import * as repo from './roster.repository.ts';

export const MAX_EXPORT_ROWS = 20_000;

type K = RosterFieldKey;

/** The roster columns: template headers, the headers and aliases an uploaded file may use. */
export const ROSTER_FIELDS: readonly ImportField<K>[] = [
  {
    key: 'username',
    header: { 'zh-CN': '用户名', 'en-US': 'Username' },
    aliases: ['账号', '帐号', '登录名', '登录账号', '工号', 'user name', 'login', 'account'],
    required: true,
    example: 'zhang.san',
    width: 16,
  },
  {
    key: 'displayName',
    header: { 'zh-CN': '姓名', 'en-US': 'Name' },
    aliases: ['名字', '员工姓名', 'full name', 'display name'],
    required: true,
    example: '张三',
    width: 12,
  },
  {
    key: 'role',
    header: { 'zh-CN': '角色', 'en-US': 'Role' },
    aliases: ['岗位', '身份'],
    required: true,
    example: '营销员',
    width: 12,
  },
  {
    key: 'unit',
    header: { 'zh-CN': '所属单位', 'en-US': 'Unit' },
    aliases: ['单位', '所属机构', '机构', '部门', '所属部门', '团队', '所属团队', '组别', 'team', 'department', 'org unit'],
    required: true,
    example: '营服一部/一组',
    width: 20,
  },
  { key: 'rank', header: { 'zh-CN': '职级', 'en-US': 'Rank' }, aliases: ['级别', '职级名称', 'grade'], example: '业务员', width: 12 },
  {
    key: 'phone',
    header: { 'zh-CN': '手机号', 'en-US': 'Mobile' },
    aliases: ['手机', '手机号码', '联系电话', '电话', 'phone', 'mobile phone', 'mobile number'],
    example: '13812345678',
    width: 16,
    text: true,
  },
  {
    key: 'idNumber',
    header: { 'zh-CN': '身份证号', 'en-US': 'ID number' },
    aliases: ['身份证', '身份证号码', '证件号码', '证件号', 'id no', 'id card', 'id card number'],
    example: '11010519491231002X',
    width: 22,
    text: true,
  },
  { key: 'gender', header: { 'zh-CN': '性别', 'en-US': 'Gender' }, aliases: ['sex'], example: '男', width: 8 },
  {
    key: 'birthDate',
    header: { 'zh-CN': '出生日期', 'en-US': 'Birth date' },
    aliases: ['生日', '出生年月日', 'birthday', 'date of birth', 'dob'],
    example: '1949-12-31',
    width: 12,
    text: true,
  },
  {
    key: 'joinDate',
    header: { 'zh-CN': '入司日期', 'en-US': 'Join date' },
    aliases: ['入司时间', '入职日期', '入职时间', '签约日期', 'hire date', 'start date'],
    example: '2024-03-01',
    width: 12,
    text: true,
  },
  {
    key: 'recruiter',
    header: { 'zh-CN': '推荐人', 'en-US': 'Recruiter' },
    aliases: ['增员人', '介绍人', '推荐人用户名', '推荐人账号', 'referrer', 'recruiter username'],
    example: '',
    width: 16,
  },
];

const ROLE_LABELS: Record<Role, Record<Locale, string>> = {
  agent: { 'zh-CN': '营销员', 'en-US': 'Agent' },
  supervisor: { 'zh-CN': '主管', 'en-US': 'Supervisor' },
  manager: { 'zh-CN': '营服经理', 'en-US': 'Department manager' },
  staff: { 'zh-CN': '内勤', 'en-US': 'Back-office staff' },
  executive: { 'zh-CN': '机构领导', 'en-US': 'Executive' },
  admin: { 'zh-CN': '系统管理员', 'en-US': 'Administrator' },
};

const ROLE_WORDS = new Map<string, Role>([
  ['营销员', 'agent'],
  ['业务员', 'agent'],
  ['代理人', 'agent'],
  ['主管', 'supervisor'],
  ['营服经理', 'manager'],
  ['经理', 'manager'],
  ['部门经理', 'manager'],
  ['内勤', 'staff'],
  ['机构领导', 'executive'],
  ['领导', 'executive'],
  ['系统管理员', 'admin'],
  ['管理员', 'admin'],
  ...(Object.keys(ROLE_LABELS) as Role[]).flatMap((r): [string, Role][] => [
    [r, r],
    [ROLE_LABELS[r]['en-US'].toLowerCase(), r],
  ]),
]);

/** 营销员/业务员 → agent, 主管 → supervisor …, role codes and English labels too; null when unknown. */
export function parseRole(raw: string): Role | null {
  return ROLE_WORDS.get(raw.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ')) ?? null;
}

const GENDER_WORDS = new Map<string, 'male' | 'female'>([
  ['男', 'male'],
  ['女', 'female'],
  ['male', 'male'],
  ['female', 'female'],
  ['m', 'male'],
  ['f', 'female'],
]);

/** Digits only: spaces, dashes and a +86 / 0086 country prefix dropped. */
export function normalisePhone(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
}

/** Birth date and gender written in a resident ID number (digits 7–14, and the 17th: odd = male). */
function fromIdNumber(id: string): { birthDate: string; gender: 'male' | 'female' } {
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

interface UnitEntry {
  id: string;
  path: string[];
}

interface RosterContext {
  taken: Set<string>;
  /** Username → the first row that has it (later rows are duplicates). */
  firstRow: Map<string, number>;
  /** Users of the tenant named as recruiters and not in the file. */
  recruiters: Map<string, string>;
  /** Username → recruiter username, for recruiters who are rows of the same file. */
  recruitedInFile: Map<string, string>;
  cycles: Set<string>;
  units: UnitEntry[];
  ranks: Map<string, string>;
  profileChecks: Map<string, Promise<FieldError[]>>;
  /** Today in business time, computed once: Intl formatting per row costs more than the rest of a row. */
  today: string;
  resolved: Map<number, UserCreate & { recruiterUsername: string | null }>;
}

const usernameOf = (raw: string): string | null => {
  const parsed = UsernameSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
};

const PROFILE_FIELD: Record<string, { field: K; code: string }> = {
  role: { field: 'role', code: 'notAllowed' },
  unitId: { field: 'unit', code: 'unknown' },
  rankId: { field: 'rank', code: 'unknown' },
  recruiterId: { field: 'recruiter', code: 'unknown' },
  idNumber: { field: 'idNumber', code: 'invalid' },
};

/**
 * The user service's own profile checks (role allowed to the actor, unit in scope, rank and
 * recruiter of the tenant, ID number), memoised per distinct value: a roster repeats the same
 * units and ranks on thousands of rows.
 */
async function profileErrors(ctx: Ctx, context: RosterContext, input: Parameters<typeof validateProfile>[1]): Promise<RowError<K>[]> {
  const key = JSON.stringify(input);
  let pending = context.profileChecks.get(key);
  if (!pending) {
    pending = validateProfile(ctx, input, 'row');
    context.profileChecks.set(key, pending);
  }
  return (await pending).map((e) => {
    const target = PROFILE_FIELD[e.path.replace(/^row\./, '')] ?? { field: 'row' as const, code: 'invalid' };
    return { field: target.field, message: e.message, code: target.code };
  });
}

function unitPaths(units: { id: string; parentId: string | null; name: string }[]): UnitEntry[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  return units.map((u) => {
    const path: string[] = [];
    for (let cur: typeof u | undefined = u; cur && path.length < 100; cur = cur.parentId ? byId.get(cur.parentId) : undefined) {
      path.unshift(cur.name.trim());
    }
    return { id: u.id, path };
  });
}

/**
 * A unit by name, or by the tail of its path ("营服一部/一组") when names repeat, among the units the
 * actor sees. A longer path whose tail is a visible unit's full visible path also matches.
 */
function resolveUnit(units: UnitEntry[], raw: string): { id: string } | { error: 'unknown' | 'ambiguous' } {
  const wanted = raw
    .normalize('NFKC')
    .split(/[/\\>]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) return { error: 'unknown' };
  const tailMatches = (long: string[], short: string[]) => short.every((s, i) => long[long.length - short.length + i] === s);
  const matches = units.filter((u) =>
    wanted.length <= u.path.length ? tailMatches(u.path, wanted) : tailMatches(wanted, u.path),
  );
  if (matches.length === 1) return { id: matches[0]!.id };
  return { error: matches.length === 0 ? 'unknown' : 'ambiguous' };
}

async function prepareRoster(ctx: Ctx, rows: MappedRow<K>[]): Promise<RosterContext> {
  const firstRow = new Map<string, number>();
  const recruiterNames = new Set<string>();
  const recruiterOfRow = new Map<string, string>();
  for (const r of rows) {
    const u = usernameOf(r.values.username);
    if (u && !firstRow.has(u)) firstRow.set(u, r.rowNumber);
    const rec = usernameOf(r.values.recruiter);
    if (rec) recruiterNames.add(rec);
    if (u && rec && firstRow.get(u) === r.rowNumber) recruiterOfRow.set(u, rec);
  }
  const inFile = [...recruiterNames].filter((n) => firstRow.has(n));
  const [taken, recruiters, units, ranks] = await Promise.all([
    findUsernamesTaken(ctx.db, [...firstRow.keys()]),
    repo.findTenantUserIdsByUsername(
      ctx.db,
      ctx.actor.tenantId,
      [...recruiterNames].filter((n) => !firstRow.has(n)),
    ),
    listUnits(ctx),
    listRanks(ctx),
  ]);
  const recruitedInFile = new Map([...recruiterOfRow].filter(([, rec]) => inFile.includes(rec)));
  // Recruiter chains inside the file must end outside it; a loop (A recruited B, B recruited A) cannot be inserted.
  const cycles = new Set<string>();
  for (const start of recruitedInFile.keys()) {
    const seen = new Set<string>();
    for (let cur = recruitedInFile.get(start); cur !== undefined; cur = recruitedInFile.get(cur)) {
      if (cur === start) {
        cycles.add(start);
        break;
      }
      if (seen.has(cur)) break;
      seen.add(cur);
    }
  }
  return {
    taken,
    firstRow,
    recruiters,
    recruitedInFile,
    cycles,
    units: unitPaths(units),
    ranks: new Map(ranks.map((r) => [r.name.trim(), r.id])),
    profileChecks: new Map(),
    today: businessDate(),
    resolved: new Map(),
  };
}

async function validateRosterRow(row: MappedRow<K>, context: RosterContext, ctx: Ctx): Promise<RowError<K>[]> {
  const v = row.values;
  const errors: RowError<K>[] = [];
  const err = (field: K, code: string, message: string) => errors.push({ field, code, message });

  const username = usernameOf(v.username);
  if (v.username && !username) err('username', 'invalid', 'Letters, digits, dot, dash or underscore; 2–50 characters');
  if (username) {
    const first = context.firstRow.get(username);
    if (first !== undefined && first !== row.rowNumber) err('username', 'duplicateInFile', `Same username as row ${first}`);
    else if (context.taken.has(username)) err('username', 'taken', 'Username already taken');
  }
  const displayName = v.displayName.trim();
  if (displayName.length > 50) err('displayName', 'invalid', 'At most 50 characters');

  const role = v.role ? parseRole(v.role) : null;
  if (v.role && !role) err('role', 'invalid', 'Unknown role (营销员, 主管, 营服经理, 内勤, 机构领导, 系统管理员)');

  let unitId: string | null = null;
  if (v.unit) {
    const unit = resolveUnit(context.units, v.unit);
    if ('id' in unit) unitId = unit.id;
    else if (unit.error === 'ambiguous') err('unit', 'ambiguous', 'Several units have this name: write its path, e.g. 营服一部/一组');
    else err('unit', 'unknown', 'Unknown unit');
  }

  let rankId: string | null = null;
  if (v.rank) {
    rankId = context.ranks.get(v.rank.trim()) ?? null;
    if (!rankId) err('rank', 'unknown', 'Unknown rank');
  }

  let phone: string | null = null;
  if (v.phone) {
    phone = normalisePhone(v.phone);
    if (!isChineseMobile(phone)) err('phone', 'invalid', 'Expected an 11-digit mainland mobile number');
  }

  const idNumber = v.idNumber ? v.idNumber.replace(/\s/g, '').toUpperCase() : null;
  const fromId = idNumber && isChineseIdNumber(idNumber) ? fromIdNumber(idNumber) : null;

  let gender: 'male' | 'female' | null = fromId?.gender ?? null;
  if (v.gender) {
    gender = GENDER_WORDS.get(v.gender.trim().toLowerCase()) ?? null;
    if (!gender) err('gender', 'invalid', 'Expected 男 or 女');
  }

  const today = context.today;
  let birthDate: string | null = fromId?.birthDate ?? null;
  if (v.birthDate) {
    birthDate = normaliseDate(v.birthDate);
    if (!birthDate) err('birthDate', 'invalid', 'Expected a date such as 1990-01-31');
    else if (birthDate > today) err('birthDate', 'invalid', 'Birth date is in the future');
    else if (fromId && fromId.birthDate !== birthDate) err('birthDate', 'mismatch', 'Does not match the ID number');
  }
  let joinDate: string | null = null;
  if (v.joinDate) {
    joinDate = normaliseDate(v.joinDate);
    if (!joinDate) err('joinDate', 'invalid', 'Expected a date such as 2024-03-01');
    else if (birthDate && joinDate <= birthDate) err('joinDate', 'invalid', 'Join date is before the birth date');
  }

  let recruiterUsername: string | null = null;
  let recruiterId: string | null = null;
  if (v.recruiter) {
    recruiterUsername = usernameOf(v.recruiter);
    if (!recruiterUsername) err('recruiter', 'unknown', 'Unknown recruiter');
    else if (recruiterUsername === username) err('recruiter', 'invalid', 'A person cannot recruit themselves');
    else if (username && context.cycles.has(username)) err('recruiter', 'cycle', 'Recruiters in this file recruit each other in a loop');
    else if (!context.firstRow.has(recruiterUsername)) {
      recruiterId = context.recruiters.get(recruiterUsername) ?? null;
      if (!recruiterId) err('recruiter', 'unknown', 'Unknown recruiter: give the username of a person of the company or of this file');
    }
  }

  errors.push(
    ...(role && unitId ? await profileErrors(ctx, context, { role, unitId }) : []),
    ...(rankId ? await profileErrors(ctx, context, { rankId }) : []),
    ...(recruiterId ? await profileErrors(ctx, context, { recruiterId }) : []),
    ...(idNumber ? await profileErrors(ctx, context, { idNumber }) : []),
  );

  if (errors.length === 0 && username && role && unitId) {
    context.resolved.set(row.rowNumber, {
      username,
      password: '',
      displayName,
      role,
      unitId,
      rankId,
      phone,
      idNumber,
      gender,
      birthDate,
      // Blank means joining today, as for a person created by hand.
      joinDate: joinDate ?? today,
      recruiterId,
      recruiterUsername: recruiterId ? null : recruiterUsername,
    });
  }
  return errors;
}

/** Recruiters who are rows of the file are inserted before the people they recruited. */
function insertOrder(rows: ImportRow<K>[], context: RosterContext): ImportRow<K>[] {
  const depth = new Map<string, number>();
  const depthOf = (username: string): number => {
    let d = 0;
    for (let cur = context.recruitedInFile.get(username); cur !== undefined && d <= rows.length; cur = context.recruitedInFile.get(cur)) d++;
    depth.set(username, d);
    return d;
  };
  const keyed = rows.map((r, i) => ({ r, i, d: depthOf(context.resolved.get(r.rowNumber)?.username ?? '') }));
  return keyed.sort((a, b) => a.d - b.d || a.i - b.i).map((k) => k.r);
}

/** The password policy, reported on the initialPassword field of the upload. */
function checkInitialPassword(password: string, config: Config, username?: string): void {
  try {
    assertPasswordAcceptable(password, config, username);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'WEAK_PASSWORD') throw e;
    const details = (Array.isArray(e.details) ? e.details : []).map((d) => ({ ...d, path: 'body.initialPassword' }));
    throw new AppError('WEAK_PASSWORD', 400, e.message, details);
  }
}

/**
 * Imports a roster: a dry run reports every row with its errors; a commit creates every person in
 * one transaction with the initial password (to change at first login), or nothing at all.
 */
export async function importRoster(
  ctx: Ctx,
  config: Config,
  readUpload: () => Promise<Upload<RosterImportFields>>,
): Promise<ImportResult> {
  assertCan(ctx.actor, 'user.import');
  const { file, fields } = await readUpload();
  const commit = !fields.dryRun;
  if (commit && !fields.initialPassword) {
    throw new AppError('VALIDATION_FAILED', 400, 'An initial password is required to import', [
      { path: 'body.initialPassword', message: 'Required', code: 'required' },
    ]);
  }
  if (fields.initialPassword) checkInitialPassword(fields.initialPassword, config);
  const sheet = await parseSpreadsheet(file, { maxRows: DEFAULT_MAX_ROWS, pickHeader: headerPicker(ROSTER_FIELDS) });
  // Hashed once for the whole file, outside the transaction: argon2 is slow on purpose.
  const passwordHash = commit ? await hashPassword(fields.initialPassword!) : '';
  return runImport(
    ctx,
    sheet,
    { fields: ROSTER_FIELDS, prepare: prepareRoster, validate: validateRosterRow },
    {
      mapping: fields.mapping,
      commit,
      write: async (tx, rows, context) => {
        const inputs = rows.map((r) => context.resolved.get(r.rowNumber)!);
        for (const input of inputs) checkInitialPassword(fields.initialPassword!, config, input.username);
        const created = new Map<string, string>();
        for (const row of insertOrder(rows, context)) {
          const { recruiterUsername, ...input } = context.resolved.get(row.rowNumber)!;
          const recruiterId = input.recruiterId ?? (recruiterUsername ? (created.get(recruiterUsername) ?? null) : null);
          created.set(input.username, await insertNewUser(tx, { ...input, recruiterId }, passwordHash));
        }
        await recordAudit(tx, {
          entity: 'userImport',
          entityId: newId(),
          action: 'import',
          after: { fileName: file.filename, rows: rows.length, created: created.size },
        });
        return created.size;
      },
    },
  );
}

const TEMPLATE_NOTES: Record<Locale, string[]> = {
  'zh-CN': [
    '填写说明（导入时只读取第一个工作表，示例行请删除或改写）',
    '必填列：用户名、姓名、角色、所属单位。',
    '用户名：字母、数字、点、横线或下划线，2–50 个字符，全系统唯一，用于登录。',
    '角色：营销员（业务员）、主管、营服经理（经理）、内勤、机构领导、系统管理员。',
    '所属单位：单位名称；名称重复时写路径，如“营服一部/一组”。',
    '职级：系统中已有的职级名称，如“业务员”。',
    '手机号：11 位手机号码；身份证号：18 位，校验位须正确。请以文本格式填写，避免被 Excel 改成科学计数法。',
    '性别：男 / 女；留空时按身份证号推算。出生日期、入司日期：如 1990-01-31；出生日期留空时按身份证号推算。',
    '推荐人：推荐人的用户名，可以是本文件中的另一行。',
  ],
  'en-US': [
    'How to fill in (only the first sheet is read; delete or overwrite the example row)',
    'Required columns: Username, Name, Role, Unit.',
    'Username: letters, digits, dot, dash or underscore, 2–50 characters, unique; used to log in.',
    'Role: Agent, Supervisor, Department manager, Back-office staff, Executive, Administrator (or 营销员, 主管 …).',
    'Unit: the unit name; when names repeat, its path such as "Dept 1/Team 1".',
    'Rank: the name of a rank defined in the system.',
    'Mobile: 11 digits; ID number: 18 characters with a valid check digit. Enter both as text.',
    'Gender: 男/女 or male/female; taken from the ID number when blank. Dates like 1990-01-31.',
    'Recruiter: the username of the recruiter, who may be another row of this file.',
  ],
};

/** The empty roster template: Chinese headers (English on request), one example row, notes on a second sheet. */
export async function buildRosterTemplate(ctx: Ctx, locale: Locale = 'zh-CN'): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'user.import');
  const buffer = await buildTemplateXlsx(ROSTER_FIELDS, { locale, notes: TEMPLATE_NOTES[locale] });
  return { buffer, filename: locale === 'zh-CN' ? '人员导入模板.xlsx' : 'people-import-template.xlsx' };
}

const GENDER_LABELS: Record<'male' | 'female', Record<Locale, string>> = {
  male: { 'zh-CN': '男', 'en-US': 'Male' },
  female: { 'zh-CN': '女', 'en-US': 'Female' },
};
const STATUS_LABELS: Record<string, Record<Locale, string>> = {
  active: { 'zh-CN': '在职', 'en-US': 'Active' },
  left: { 'zh-CN': '离职', 'en-US': 'Left' },
};

const header = (key: K) => ROSTER_FIELDS.find((f) => f.key === key)!.header;

/** The export shares the import's headers where the content is the same; numbers are masked, the recruiter is a name. */
const EXPORT_COLUMNS: SheetColumn<UserRow>[] = [
  { key: 'username', header: header('username'), width: 18 },
  { key: 'display_name', header: header('displayName'), width: 12 },
  { key: 'role', header: header('role'), width: 12, format: (r, l) => ROLE_LABELS[r.role as Role]?.[l] ?? r.role },
  { key: 'unit_name', header: header('unit'), width: 20 },
  { key: 'rank_name', header: header('rank'), width: 12 },
  { key: 'phone', header: header('phone'), width: 16, text: true, format: (r) => maskPhone(r.phone) },
  { key: 'id_number', header: header('idNumber'), width: 22, text: true, format: (r) => maskIdNumber(r.id_number) },
  {
    key: 'gender',
    header: header('gender'),
    width: 8,
    format: (r, l) => (r.gender === 'male' || r.gender === 'female' ? GENDER_LABELS[r.gender][l] : null),
  },
  { key: 'birth_date', header: header('birthDate'), width: 12 },
  { key: 'join_date', header: header('joinDate'), width: 12 },
  { key: 'recruiter_name', header: { 'zh-CN': '推荐人姓名', 'en-US': 'Recruiter name' }, width: 12 },
  { key: 'status', header: { 'zh-CN': '状态', 'en-US': 'Status' }, width: 8, format: (r, l) => STATUS_LABELS[r.status]?.[l] ?? r.status },
  { key: 'leave_date', header: { 'zh-CN': '离司日期', 'en-US': 'Leave date' }, width: 12 },
];

/** The visible people matching the list filters as .xlsx, personal numbers masked; refused above MAX_EXPORT_ROWS. */
export async function exportUsers(ctx: Ctx, q: UserExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'user.export');
  const { lang, ...filter } = q;
  const locale = lang ?? 'zh-CN';
  const rows = await findUsersForExport(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, filter, MAX_EXPORT_ROWS + 1);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `More than ${MAX_EXPORT_ROWS} people match: narrow the filters`, {
      maxRows: MAX_EXPORT_ROWS,
    });
  }
  const buffer = await buildXlsx(EXPORT_COLUMNS, rows, { locale, sheetName: locale === 'zh-CN' ? '人员名单' : 'People' });
  // An export takes personal data out of the system: who took how much, with which filters, is on record.
  await recordAudit(ctx, { entity: 'userExport', entityId: newId(), action: 'export', after: { filter, rows: rows.length } });
  const date = businessDate();
  return { buffer, filename: locale === 'zh-CN' ? `人员名单-${date}.xlsx` : `people-${date}.xlsx` };
}
