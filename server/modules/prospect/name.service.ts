import type { FieldError } from '../../../contracts/errors.ts';
import {
  PLAN100_TARGET,
  PlanNameSorts,
  type Grade,
  type PlanName,
  type PlanNameBulk,
  type PlanNameBulkResult,
  type PlanNameCategory,
  type PlanNameCreate,
  type PlanNameListQuery,
  type PlanNamePage,
  type PlanNamePatch,
  type PlanNameScore,
  type Plan100Progress,
} from '../../../contracts/plan100.ts';
import type { Actor, Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { assertUserVisible, type Visibility } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { PlanNameTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { conflict, forbidden, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { maskPhone } from '../../lib/pii.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';
import { auditRow, recordAudit, recordAuditRows } from '../audit/audit.service.ts';
import { answerErrors, gradeOf, scoreOf } from './grading.rules.ts';
import * as repo from './name.repository.ts';
import {
  BULK_MAX,
  checkName,
  flagDuplicates,
  lineView,
  nameKeyOf,
  parseNameLines,
  type CheckedName,
  type ParsedLine,
} from './name.rules.ts';
import { currentRubric } from './rubric.service.ts';

/**
 * Plan 100 (计划100): each person's own list of names. Everyone writes only their own list
 * (`prospect.own`); leads (`prospect.read`) read the lists of people in their scope. A name out of
 * the reader's scope answers 404 like a missing one; one in scope but someone else's is read-only
 * (403 on writes). Phones are masked in every answer and in the audit trail.
 */

/** What the actor may read: their scope with prospect.read, otherwise only their own rows. */
export function nameVisibility(actor: Actor): Visibility {
  return can(actor, 'prospect.read') ? actor.visibility : { ...actor.visibility, all: false, roots: [] };
}

export function toPlanName(row: repo.NameRow): PlanName {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    category: row.category as PlanNameCategory,
    phone: maskPhone(row.phone),
    // A number typed into the note is shown masked like the phone field.
    note: row.note === null ? null : maskPersonalNumbersInText(row.note),
    excluded: row.excluded === 1,
    score: row.score,
    grade: row.grade as Grade | null,
    rubricVersion: row.rubric_version,
    answers: row.answers ? (JSON.parse(row.answers) as Record<string, string>) : null,
    scoredAt: row.scored_at,
    prospectId: row.prospect_id,
    duplicate: Number(row.duplicate) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The owner whose list is read: the actor, or (prospect.read) a person in scope; anyone else is 404. */
async function ownerOf(ctx: Ctx, ownerId: string | undefined): Promise<string> {
  if (!ownerId || ownerId === ctx.actor.userId) return ctx.actor.userId;
  if (!can(ctx.actor, 'prospect.read')) throw notFound('User');
  await assertUserVisible(ctx.db, ctx.actor, ownerId);
  return ownerId;
}

export function parseNameSort(sort: string | undefined): { sort: repo.NameSortKey; desc: boolean } {
  if (!sort) return { sort: 'createdAt', desc: true };
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  if (!(PlanNameSorts as readonly string[]).includes(key)) {
    throw invalid([
      { path: 'querystring.sort', message: `One of ${PlanNameSorts.join(', ')}, "-" for descending`, code: 'invalid_value' },
    ]);
  }
  return { sort: key as repo.NameSortKey, desc };
}

export async function nameFilter(
  ctx: Ctx,
  q: Omit<PlanNameListQuery, 'page' | 'pageSize'>,
): Promise<repo.NameFilter> {
  const ownerId = await ownerOf(ctx, q.ownerId);
  const order = parseNameSort(q.sort);
  const keyPrefix = q.q ? nameKeyOf(q.q) : '';
  return {
    ownerId,
    category: q.category,
    grade: q.grade,
    excluded: q.excluded === undefined ? undefined : q.excluded === '1',
    keyPrefix: keyPrefix || undefined,
    ...order,
  };
}

async function progressOf(ctx: Ctx, ownerId: string): Promise<Plan100Progress> {
  const counts = await repo.countByGrade(ctx.db, ctx.actor.tenantId, nameVisibility(ctx.actor), ownerId);
  const progress: Plan100Progress = {
    count: 0,
    target: PLAN100_TARGET,
    excludedCount: 0,
    grades: { A: 0, B: 0, C: 0, none: 0 },
  };
  for (const c of counts) {
    if (c.excluded) {
      progress.excludedCount += c.n;
      continue;
    }
    progress.count += c.n;
    const g = c.grade === 'A' || c.grade === 'B' || c.grade === 'C' ? c.grade : 'none';
    progress.grades[g] += c.n;
  }
  return progress;
}

export async function listNames(ctx: Ctx, q: PlanNameListQuery): Promise<PlanNamePage> {
  assertCan(ctx.actor, 'prospect.own');
  const filter = await nameFilter(ctx, q);
  const { tenantId } = ctx.actor;
  const vis = nameVisibility(ctx.actor);
  const { rows, total } = await repo.findNamesPage(ctx.db, tenantId, vis, filter, q.page, q.pageSize);
  const [progress, rubric] = await Promise.all([progressOf(ctx, filter.ownerId), currentRubric(ctx.db, tenantId)]);
  return {
    items: rows.map(toPlanName),
    total,
    page: q.page,
    pageSize: q.pageSize,
    progress,
    currentRubricVersion: rubric.version,
  };
}

export async function getName(ctx: Ctx, id: string): Promise<PlanName> {
  assertCan(ctx.actor, 'prospect.own');
  const row = await repo.findName(ctx.db, ctx.actor.tenantId, id, nameVisibility(ctx.actor));
  if (!row) throw notFound('Name');
  return toPlanName(row);
}

/** A name of the actor's own list, for a write: 404 out of scope, 403 someone else's. */
async function ownName(ctx: Ctx, id: string): Promise<repo.NameRow> {
  const row = await repo.findName(ctx.db, ctx.actor.tenantId, id, nameVisibility(ctx.actor));
  if (!row) throw notFound('Name');
  if (row.owner_id !== ctx.actor.userId) throw forbidden('Only the owner of a list changes it');
  return row;
}

async function loadName(ctx: Ctx, id: string): Promise<PlanName> {
  const [row] = await repo.findNamesByIds(ctx.db, ctx.actor.tenantId, [id]);
  if (!row) throw notFound('Name');
  return toPlanName(row);
}

function newRow(ctx: Ctx, n: CheckedName & { category: PlanNameCategory }, excluded = false): PlanNameTable {
  const at = nowIso();
  return {
    id: newId(),
    tenant_id: ctx.actor.tenantId,
    owner_id: ctx.actor.userId,
    unit_id: ctx.actor.unitId,
    name: n.name,
    name_key: n.nameKey,
    category: n.category,
    phone: n.phone,
    note: n.note,
    excluded: excluded ? 1 : 0,
    score: null,
    grade: null,
    rubric_version: null,
    answers: null,
    scored_at: null,
    prospect_id: null,
    erased_at: null,
    created_by: ctx.actor.userId,
    created_at: at,
    updated_at: at,
  };
}

/** What the audit trail keeps of a name: no answers blob, the phone masked by recordAudit. */
function auditView(n: PlanName | PlanNameTable): Record<string, unknown> {
  if ('owner_id' in n) {
    const note = n.note === null ? null : maskPersonalNumbersInText(n.note);
    return { id: n.id, ownerId: n.owner_id, name: n.name, category: n.category, phone: n.phone, note, excluded: n.excluded === 1 };
  }
  const { answers: _answers, duplicate: _duplicate, ...rest } = n;
  return rest;
}

export async function createName(ctx: Ctx, input: PlanNameCreate): Promise<PlanName> {
  assertCan(ctx.actor, 'prospect.own');
  const checked = checkName(input, input.category);
  if (checked.errors.length) throw invalid(checked.errors.map((e) => ({ path: `body.${e.field}`, message: e.message, code: e.code })));
  const row = newRow(ctx, { ...checked, category: input.category }, input.excluded ?? false);
  return inTx(ctx, async (tx) => {
    await repo.insertNames(tx.db, [row]);
    const dto = await loadName(tx, row.id);
    await recordAudit(tx, { entity: 'planName', entityId: row.id, action: 'create', after: auditView(row), sessionNeutral: true });
    return dto;
  });
}

/**
 * Many names at once (see PlanNameBulkSchema): all or nothing unless skipInvalid; dryRun writes
 * nothing and shows every line parsed.
 */
export async function bulkNames(
  ctx: Ctx,
  body: PlanNameBulk,
  opts: { skipInvalid: boolean; dryRun: boolean },
): Promise<PlanNameBulkResult> {
  assertCan(ctx.actor, 'prospect.own');
  const fallback: PlanNameCategory = body.defaultCategory ?? 'referrals';
  const lines: ParsedLine[] =
    'text' in body
      ? parseNameLines(body.text, fallback)
      : body.names.map((n, i) => ({ line: i + 1, ...checkName(n, fallback) }));
  if (lines.length === 0) throw invalid([{ path: 'body.text', message: 'No names in the text', code: 'required' }]);
  if (lines.length > BULK_MAX) {
    throw invalid([{ path: 'text' in body ? 'body.text' : 'body.names', message: `At most ${BULK_MAX} names at once`, code: 'tooMany' }]);
  }
  const bad = lines.filter((l) => l.errors.length > 0);
  if (bad.length > 0 && !opts.skipInvalid && !opts.dryRun) {
    const details: FieldError[] = bad.flatMap((l) =>
      l.errors.map((e) => ({ path: `lines.${l.line}.${e.field}`, message: `Line ${l.line}: ${e.message}`, code: e.code })),
    );
    throw invalid(details, `${bad.length} lines have errors; nothing was written`);
  }
  const write = async (c: Ctx): Promise<PlanNameBulkResult> => {
    const existing = await repo.ownerKeys(c.db, c.actor.tenantId, c.actor.userId);
    const duplicates = flagDuplicates(lines, existing);
    const view = lines.map((l, i) => lineView(l, duplicates[i] ?? false, maskPhone, maskPersonalNumbersInText));
    const good = lines.filter((l) => l.errors.length === 0);
    if (opts.dryRun) {
      return { committed: false, createdCount: 0, skippedCount: bad.length, lines: view, items: [] };
    }
    const rows = good.map((l) => newRow(c, { ...l, category: l.category ?? fallback }));
    await repo.insertNames(c.db, rows);
    await recordAuditRows(
      c.db,
      rows.map((r) =>
        auditRow(c, c.actor.tenantId, c.actor.userId, { entity: 'planName', entityId: r.id, action: 'create', after: auditView(r) }),
      ),
      { sessionNeutral: true },
    );
    const items = (await repo.findNamesByIds(c.db, c.actor.tenantId, rows.map((r) => r.id))).map(toPlanName);
    return { committed: true, createdCount: rows.length, skippedCount: bad.length, lines: view, items };
  };
  return opts.dryRun ? write(ctx) : inTx(ctx, write);
}

export async function patchName(ctx: Ctx, id: string, patch: PlanNamePatch): Promise<PlanName> {
  assertCan(ctx.actor, 'prospect.own');
  return inTx(ctx, async (tx) => {
    const row = await ownName(tx, id);
    const checked = checkName(
      {
        name: patch.name ?? row.name,
        category: patch.category ?? row.category,
        phone: patch.phone === undefined ? (row.phone ?? undefined) : (patch.phone ?? undefined),
        note: patch.note === undefined ? (row.note ?? undefined) : (patch.note ?? undefined),
      },
      row.category as PlanNameCategory,
    );
    if (checked.errors.length) throw invalid(checked.errors.map((e) => ({ path: `body.${e.field}`, message: e.message, code: e.code })));
    const before = toPlanName(row);
    const { duplicate: _d, ...table } = row;
    const next: PlanNameTable = {
      ...table,
      name: checked.name,
      name_key: checked.nameKey,
      category: checked.category ?? row.category,
      phone: checked.phone,
      note: checked.note,
      excluded: patch.excluded === undefined ? row.excluded : patch.excluded ? 1 : 0,
      updated_at: nowIso(),
    };
    await repo.updateName(tx.db, next);
    const after = await loadName(tx, id);
    const action = patch.excluded !== undefined && Object.keys(patch).length === 1 ? (patch.excluded ? 'exclude' : 'include') : 'update';
    await recordAudit(tx, { entity: 'planName', entityId: id, action, before: auditView(before), after: auditView(after), sessionNeutral: true });
    return after;
  });
}

export async function deleteName(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'prospect.own');
  await inTx(ctx, async (tx) => {
    const row = await ownName(tx, id);
    if (row.prospect_id !== null || !(await repo.deleteName(tx.db, tx.actor.tenantId, id))) {
      throw conflict('NAME_HAS_CARD', 'This name became a prospect card: mark it excluded instead');
    }
    await recordAudit(tx, { entity: 'planName', entityId: id, action: 'delete', before: auditView(toPlanName(row)), sessionNeutral: true });
  });
}

/**
 * Scores (or re-scores) a name under the current rubric: every criterion answered with one of its
 * options, else 400 naming the missing or wrong ones. Stores score, grade, version, answers.
 */
export async function scoreName(ctx: Ctx, id: string, input: PlanNameScore): Promise<PlanName> {
  assertCan(ctx.actor, 'prospect.own');
  return inTx(ctx, async (tx) => {
    const row = await ownName(tx, id);
    const rubric = await currentRubric(tx.db, tx.actor.tenantId);
    const errors = answerErrors(input.answers, rubric);
    if (errors.length) throw invalid(errors, 'Answer every criterion of the rubric');
    const score = scoreOf(input.answers, rubric);
    const answers: Record<string, string> = {};
    for (const c of rubric.criteria) answers[c.key] = input.answers[c.key]!;
    const { duplicate: _d, ...table } = row;
    const at = nowIso();
    await repo.updateName(tx.db, {
      ...table,
      score,
      grade: gradeOf(score, rubric),
      rubric_version: rubric.version,
      answers: JSON.stringify(answers),
      scored_at: at,
      updated_at: at,
    });
    const after = await loadName(tx, id);
    await recordAudit(tx, {
      entity: 'planName',
      entityId: id,
      action: 'score',
      before: { score: row.score, grade: row.grade, rubricVersion: row.rubric_version },
      after: { score: after.score, grade: after.grade, rubricVersion: after.rubricVersion, answers },
      sessionNeutral: true,
    });
    return after;
  });
}
