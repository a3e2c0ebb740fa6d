import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  PersonEraseResultSchema,
  PersonEraseSchema,
  PersonExportQuerySchema,
  RevealResultSchema,
  RevealSchema,
} from '../../../contracts/privacy.ts';
import { ctxOf } from '../../http/auth.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import * as service from './privacy.service.ts';

/** Personal data of prospects and customers (PIPL): reveal one number, export and erase one person. */
export const privacyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['privacy'];
  const config = { sessionNeutral: true };

  app.post(
    '/privacy/reveal',
    {
      config,
      schema: {
        tags,
        description:
          "One full phone or ID number of a Plan 100 name, a prospect card or a customer in the caller's scope " +
          '(prospect.revealPii; 404 out of scope). Every reveal is audited (pii.reveal, without the value).',
        body: RevealSchema,
        response: { 200: RevealResultSchema },
      },
    },
    (req) => service.reveal(ctxOf(req, db), req.body),
  );

  app.get(
    '/privacy/person/export',
    {
      schema: {
        tags,
        description:
          'Everything held about one person (the name, card, stage history, activities of the card, customer, ' +
          'household, policies they hold, service requests) as JSON or .xlsx, full numbers included. ' +
          "privacy.manage; the named row must be in the caller's scope; audited (pii.export).",
        querystring: PersonExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { entity, id, format } = req.query;
      const data = await service.exportPerson(ctxOf(req, db), entity, id, format);
      if (format === 'xlsx') {
        const lang = req.headers['accept-language']?.startsWith('en') ? 'en-US' : 'zh-CN';
        return sendXlsx(reply, await service.personExportXlsx(data, lang), `person-${entity}-${id}.xlsx`);
      }
      return reply.header('cache-control', 'private, no-store').send(data);
    },
  );

  app.post(
    '/privacy/person/erase',
    {
      config,
      schema: {
        tags,
        description:
          "Erases one person's personal fields everywhere (name, card, customer, the card's activities, policies " +
          'naming them, texts quoting them, their audit trail and notifications); rows stay anonymised so figures ' +
          "do not change. privacy.manage; the named row must be in the caller's scope; audited (pii.erase).",
        body: PersonEraseSchema,
        response: { 200: PersonEraseResultSchema },
      },
    },
    (req) => service.erasePerson(ctxOf(req, db), req.body),
  );
};
