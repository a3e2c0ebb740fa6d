import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PlanName, PlanNamePage, Rubric, RubricPut } from '../../../contracts/plan100.ts';
import type { DB } from '../../db/database.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import { auditOf, clientsOf, countRows, detailsOf, errorOf, ok } from '../activity/recording.test-helpers.ts';

/** Answers picking, per criterion in order, the option worth the given points. */
function answersWorth(rubric: Rubric, points: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  rubric.criteria.forEach((c, i) => {
    out[c.key] = c.options.find((o) => o.points === points[i])!.key;
  });
  return out;
}

forEachDialect('grading rubric and scoring', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  const as = clientsOf(() => app);
  let v1: Rubric;

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  it('the first read makes the default of practice version 1; concurrent first reads agree', async () => {
    const [a, b] = await Promise.all([(await as(org.users.agent1)).get('/api/prospect-rubric'), (await as(org.users.sup1)).get('/api/prospect-rubric')]);
    v1 = ok<Rubric>(a);
    expect(ok<Rubric>(b).id).toBe(v1.id);
    expect(v1).toMatchObject({ version: 1, gradeAMin: 20, gradeBMin: 15, maxScore: 24, createdBy: null });
    expect(v1.criteria).toHaveLength(8);
    expect(v1.criteria[0]).toMatchObject({ key: 'age', label: '年龄', labelEn: 'Age' });
    for (const c of v1.criteria) expect(c.options.map((o) => o.points)).toEqual([3, 2, 1]);
    expect(await countRows(db, 'prospect_rubrics')).toBe(1);
    // Another tenant gets its own.
    expect(ok<Rubric>(await (await as(org.other.agent)).get('/api/prospect-rubric')).id).not.toBe(v1.id);
  });

  it('scoring: every criterion answered, else 400 naming the missing one and nothing written', async () => {
    const agent = await as(org.users.agent1);
    const name = ok<PlanName>(await agent.post('/api/names', { name: '评分', category: 'friends' }), 201);
    const answers = answersWorth(v1, [3, 3, 3, 3, 2, 2, 2, 2]);
    const partial = { ...answers };
    delete partial.attitude;
    const res = await agent.post(`/api/names/${name.id}/score`, { answers: partial });
    expect(errorOf(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(detailsOf(res)).toEqual([expect.objectContaining({ path: 'body.answers.attitude', code: 'required' })]);
    const wrong = await agent.post(`/api/names/${name.id}/score`, { answers: { ...answers, age: 'nope' } });
    expect(detailsOf(wrong)).toEqual([expect.objectContaining({ path: 'body.answers.age', code: 'invalid' })]);
    const row = await db.selectFrom('plan_names').select(['score', 'grade', 'answers']).where('id', '=', name.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ score: null, grade: null, answers: null });
    expect((await auditOf(db, 'planName', name.id)).map((a) => a.action)).toEqual(['create']);
  });

  it.each([
    [[2, 2, 2, 2, 2, 2, 1, 1], 14, 'C'],
    [[2, 2, 2, 2, 2, 2, 2, 1], 15, 'B'],
    [[3, 3, 3, 2, 2, 2, 2, 2], 19, 'B'],
    [[3, 3, 3, 3, 2, 2, 2, 2], 20, 'A'],
  ])('answers worth %j score %i, grade %s; stored with version and answers, audited', async (points, score, grade) => {
    const agent = await as(org.users.agent1);
    const name = ok<PlanName>(await agent.post('/api/names', { name: `得分${score}`, category: 'friends' }), 201);
    const answers = answersWorth(v1, points);
    const scored = ok<PlanName>(await agent.post(`/api/names/${name.id}/score`, { answers }));
    expect(scored).toMatchObject({ score, grade, rubricVersion: 1, answers });
    expect(scored.scoredAt).not.toBeNull();
    const audit = await auditOf(db, 'planName', name.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'score']);
    expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ score, grade, rubricVersion: 1 });
  });

  it('only the owner scores; a lead in scope gets 403, anyone else 404', async () => {
    const name = ok<PlanNamePage>(await (await as(org.users.agent1)).get('/api/names?pageSize=1')).items[0]!;
    const answers = answersWorth(v1, [3, 3, 3, 3, 3, 3, 3, 3]);
    expect(errorOf(await (await as(org.users.sup1)).post(`/api/names/${name.id}/score`, { answers }))).toEqual({ status: 403, code: 'FORBIDDEN' });
    for (const u of [org.users.agent1b, org.users.sup2, org.other.admin]) {
      expect(errorOf(await (await as(u)).post(`/api/names/${name.id}/score`, { answers }))).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
  });

  it('changing the rubric needs prospect.configure and a valid rubric; bad input writes nothing', async () => {
    const put: RubricPut = { criteria: v1.criteria, gradeAMin: 22, gradeBMin: 18 };
    for (const u of [org.users.agent1, org.users.sup1, org.users.manager1]) {
      expect(errorOf(await (await as(u)).put('/api/prospect-rubric', put))).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
    const staff = await as(org.users.staff1);
    const c0 = v1.criteria[0]!;
    const bad: [RubricPut, string][] = [
      [{ ...put, gradeAMin: 18 }, 'body.gradeAMin'],
      [{ ...put, criteria: [c0, c0] }, 'body.criteria.1.key'],
      [{ ...put, criteria: [{ ...c0, options: [c0.options[0]!] }] }, 'body.criteria.0.options'],
      [{ ...put, criteria: [{ ...c0, options: [{ ...c0.options[0]!, points: 1.5 }, c0.options[1]!] }] }, 'body.criteria.0.options.0.points'],
      [{ ...put, criteria: [{ ...c0, options: [{ ...c0.options[0]!, points: -1 }, c0.options[1]!] }] }, 'body.criteria.0.options.0.points'],
      [{ ...put, criteria: [] }, 'body.criteria'],
    ];
    for (const [body, path] of bad) {
      const res = await staff.put('/api/prospect-rubric', body);
      expect(errorOf(res), path).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(res).map((d) => d.path), path).toContain(path);
    }
    expect(await countRows(db, 'prospect_rubrics')).toBe(2);
    expect(await auditOf(db, 'prospectRubric')).toEqual([]);
  });

  it('a new version never rewrites stored grades; the list shows the version so a name may be re-scored', async () => {
    const agent = await as(org.users.agent1);
    const before = ok<PlanNamePage>(await agent.get('/api/names?grade=A'));
    const a20 = before.items.find((n) => n.score === 20)!;
    expect(a20).toMatchObject({ grade: 'A', rubricVersion: 1 });

    const v2 = ok<Rubric>(
      await (await as(org.users.staff1)).put('/api/prospect-rubric', { criteria: v1.criteria, gradeAMin: 22, gradeBMin: 18 }),
    );
    expect(v2).toMatchObject({ version: 2, gradeAMin: 22, gradeBMin: 18, createdBy: org.users.staff1.id });
    const audit = await auditOf(db, 'prospectRubric', v2.id);
    expect(audit.map((a) => a.action)).toEqual(['update']);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ version: 1 });
    expect(ok<Rubric>(await agent.get('/api/prospect-rubric')).version).toBe(2);

    const after = ok<PlanNamePage>(await agent.get('/api/names?pageSize=100'));
    expect(after.currentRubricVersion).toBe(2);
    const kept = after.items.find((n) => n.id === a20.id)!;
    expect(kept).toMatchObject({ score: 20, grade: 'A', rubricVersion: 1, scoredAt: a20.scoredAt });
    expect(after.items.filter((n) => n.score !== null).every((n) => n.rubricVersion === 1)).toBe(true);

    // Re-scoring is the same call: the same answers under version 2 give B.
    const rescored = ok<PlanName>(await agent.post(`/api/names/${a20.id}/score`, { answers: a20.answers }));
    expect(rescored).toMatchObject({ score: 20, grade: 'B', rubricVersion: 2 });
  });

  it('a rubric with other criteria: answers follow the current version', async () => {
    const staff = await as(org.users.staff1);
    const v3 = ok<Rubric>(
      await staff.put('/api/prospect-rubric', {
        criteria: [
          {
            key: 'need',
            label: '需求',
            labelEn: 'Need',
            options: [
              { key: 'strong', label: '强', labelEn: 'Strong', points: 10 },
              { key: 'weak', label: '弱', labelEn: 'Weak', points: 0 },
            ],
          },
        ],
        gradeAMin: 10,
        gradeBMin: 5,
      }),
    );
    expect(v3).toMatchObject({ version: 3, maxScore: 10 });
    const agent = await as(org.users.agent1);
    const name = ok<PlanName>(await agent.post('/api/names', { name: '新表', category: 'friends' }), 201);
    const old = await agent.post(`/api/names/${name.id}/score`, { answers: answersWorth(v1, [3, 3, 3, 3, 3, 3, 3, 3]) });
    expect(detailsOf(old).map((d) => d.path)).toContain('body.answers.need');
    expect(ok<PlanName>(await agent.post(`/api/names/${name.id}/score`, { answers: { need: 'strong' } }))).toMatchObject({
      score: 10,
      grade: 'A',
      rubricVersion: 3,
    });
  });
});
