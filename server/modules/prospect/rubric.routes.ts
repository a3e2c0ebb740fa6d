import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RubricPutSchema, RubricSchema } from '../../../contracts/plan100.ts';
import { ctxOf } from '../../http/auth.ts';
import * as service from './rubric.service.ts';

/** The grading rubric: read by everyone who grades names, changed (as a new version) by prospect.configure. */
export const rubricRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['prospect'];
  const config = { sessionNeutral: true };

  app.get(
    '/prospect-rubric',
    {
      schema: {
        tags,
        summary: "The tenant's current grading rubric",
        description: 'Criteria × options × points and the grade thresholds; the default of practice on first read (version 1).',
        response: { 200: RubricSchema },
      },
    },
    (req) => service.getRubric(ctxOf(req, db)),
  );
  app.put(
    '/prospect-rubric',
    {
      config,
      schema: {
        tags,
        summary: 'Change the rubric (a new version)',
        description:
          'Needs prospect.configure. Criteria non-empty with unique keys, ≥ 2 options each with unique keys and ' +
          'integer points ≥ 0, gradeAMin > gradeBMin (400 VALIDATION_FAILED otherwise). Grades already given keep ' +
          'their version; the name list shows rubricVersion so a name may be re-scored. Audited.',
        body: RubricPutSchema,
        response: { 200: RubricSchema },
      },
    },
    (req) => service.putRubric(ctxOf(req, db), req.body),
  );
};
