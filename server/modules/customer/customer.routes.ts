import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema } from '../../../contracts/common.ts';
import {
  CustomerCreateSchema,
  CustomerDetailSchema,
  CustomerExportQuerySchema,
  CustomerListQuerySchema,
  CustomerPageSchema,
  CustomerPatchSchema,
  CustomerSchema,
  HouseholdCreateSchema,
  HouseholdPatchSchema,
  HouseholdSchema,
  PolicyCreateSchema,
  PolicyExportQuerySchema,
  PolicyImportFieldsSchema,
  PolicyImportResultSchema,
  PolicyListQuerySchema,
  PolicyPageSchema,
  PolicyPatchSchema,
  PolicySchema,
  ReviewCardSchema,
  SatisfactionQuerySchema,
  SatisfactionSchema,
  ServiceRequestCreateSchema,
  ServiceRequestExportQuerySchema,
  ServiceRequestListQuerySchema,
  ServiceRequestPageSchema,
  ServiceRequestPatchSchema,
  ServiceRequestSchema,
  TodoListSchema,
} from '../../../contracts/customer.ts';
import { TemplateQuerySchema } from '../../../contracts/import.ts';
import { ctxOf } from '../../http/auth.ts';
import { readUpload } from '../../lib/upload.ts';
import { EXPORT_ROUTE_NOTE, sendBuiltXlsx } from '../../lib/xlsx-export.ts';
import { myTodos } from './care.service.ts';
import * as customers from './customer.service.ts';
import * as households from './household.service.ts';
import { buildPolicyTemplate, importPolicies } from './policy-import.service.ts';
import * as policies from './policy.service.ts';
import { getReviewCard } from './review-card.service.ts';
import * as requests from './service-request.service.ts';

/**
 * Customers, households, policies (with their import and the review card), service requests (with
 * the satisfaction figure) and the caller's to-dos. Agents read and write their own; leads
 * (prospect.read) read their scope; managers, staff and admins (prospect.handover) also write in it.
 * Out of scope: 404. Phone and ID numbers are masked in every answer.
 */
export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  // These writes never change who anyone is or what they may see: cached sessions stay.
  const config = { sessionNeutral: true };
  const scopeNote =
    "The caller's own, and with prospect.read those filed under their scope; an id out of scope is 404.";
  const writeNote =
    'The owner writes; managers, staff and admins (prospect.handover) also in their scope (403 for a reader who may not write).';

  // ---- Customers ----------------------------------------------------------------------------------
  {
    const tags = ['customer'];
    app.get(
      '/customers',
      {
        schema: {
          tags,
          description: `${scopeNote} q: name prefix. sort: name, createdAt, birthDate, updatedAt ("-" descending; default name).`,
          querystring: CustomerListQuerySchema,
          response: { 200: CustomerPageSchema },
        },
      },
      (req) => customers.listCustomers(ctxOf(req, db), req.query),
    );
    app.get(
      '/customers/export',
      {
        schema: {
          tags,
          summary: 'The customers as .xlsx (same scope, filters and order as GET /customers), numbers masked',
          description: EXPORT_ROUTE_NOTE,
          querystring: CustomerExportQuerySchema,
        },
      },
      (req, reply) => sendBuiltXlsx(reply, customers.exportCustomers(ctxOf(req, db), req.query)),
    );
    app.get(
      '/customers/:id',
      {
        schema: {
          tags,
          description: `The customer with household, policies and open service requests. ${scopeNote}`,
          params: IdParamsSchema,
          response: { 200: CustomerDetailSchema },
        },
      },
      (req) => customers.getCustomer(ctxOf(req, db), req.params.id),
    );
    app.get(
      '/customers/:id/review-card',
      {
        schema: {
          tags,
          summary: "The policy review card (保单检视卡) of the customer's household, or of the customer alone",
          description: `Per member and coverage kind the in-force policies, gaps and annual premiums. ${scopeNote}`,
          params: IdParamsSchema,
          response: { 200: ReviewCardSchema },
        },
      },
      (req) => getReviewCard(ctxOf(req, db), req.params.id),
    );
    app.post(
      '/customers',
      {
        config,
        schema: {
          tags,
          description:
            'A customer entered by hand, owned by the caller (or by ownerId, a person the caller may assign to). ' +
            'The ID number is checked (400 body.idNumber).',
          body: CustomerCreateSchema,
          response: { 201: CustomerSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await customers.createCustomer(ctxOf(req, db), req.body)),
    );
    app.patch(
      '/customers/:id',
      {
        config,
        schema: {
          tags,
          description: `${writeNote} A household must be the owner's. Errors: CONFLICT (409) for an erased customer.`,
          params: IdParamsSchema,
          body: CustomerPatchSchema,
          response: { 200: CustomerSchema },
        },
      },
      (req) => customers.patchCustomer(ctxOf(req, db), req.params.id, req.body),
    );
  }

  // ---- Households ---------------------------------------------------------------------------------
  {
    const tags = ['customer'];
    app.post(
      '/households',
      {
        config,
        schema: {
          tags,
          description: 'A household of customers of one owner (400 with the position of each bad member id).',
          body: HouseholdCreateSchema,
          response: { 201: HouseholdSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await households.createHousehold(ctxOf(req, db), req.body)),
    );
    app.get(
      '/households/:id',
      { schema: { tags, description: scopeNote, params: IdParamsSchema, response: { 200: HouseholdSchema } } },
      (req) => households.getHousehold(ctxOf(req, db), req.params.id),
    );
    app.patch(
      '/households/:id',
      {
        config,
        schema: {
          tags,
          description: `Rename; add or remove members (customers of the household's owner). ${writeNote}`,
          params: IdParamsSchema,
          body: HouseholdPatchSchema,
          response: { 200: HouseholdSchema },
        },
      },
      (req) => households.patchHousehold(ctxOf(req, db), req.params.id, req.body),
    );
  }

  // ---- Policies -----------------------------------------------------------------------------------
  {
    const tags = ['policy'];
    app.get(
      '/policies',
      {
        schema: {
          tags,
          description: `${scopeNote} sort: effectiveDate, createdAt, premium, policyNo (default -effectiveDate).`,
          querystring: PolicyListQuerySchema,
          response: { 200: PolicyPageSchema },
        },
      },
      (req) => policies.listPolicies(ctxOf(req, db), req.query),
    );
    app.get(
      '/policies/export',
      {
        schema: {
          tags,
          summary: 'The policies as .xlsx (same scope, filters and order as GET /policies)',
          description: EXPORT_ROUTE_NOTE,
          querystring: PolicyExportQuerySchema,
        },
      },
      (req, reply) => sendBuiltXlsx(reply, policies.exportPolicies(ctxOf(req, db), req.query)),
    );
    app.get(
      '/policies/import/template',
      { schema: { tags, summary: 'Policy import template (.xlsx)', querystring: TemplateQuerySchema } },
      (req, reply) => sendBuiltXlsx(reply, buildPolicyTemplate(ctxOf(req, db), req.query.lang)),
    );
    app.post(
      '/policies/import',
      {
        config,
        schema: {
          tags,
          summary: 'Preview (dryRun, the default) or commit a policy file',
          description:
            'multipart/form-data: file (.xlsx or .csv), dryRun ("true", the default, or "false"), mapping (JSON). ' +
            'Columns: 保单号, 投保人 + 工号 (or 客户编号), 产品名称, 险种类别, 保额（元）, 被保险人, 受益人, 保费（元）, ' +
            '缴费方式, 缴费年期, 生效日期, 保单状态. Errors: IMPORT_HAS_ERRORS (400, nothing written), POLICY_NUMBER_TAKEN (409).',
          consumes: ['multipart/form-data'],
          response: { 200: PolicyImportResultSchema },
        },
      },
      (req) => importPolicies(ctxOf(req, db), () => readUpload(req, PolicyImportFieldsSchema)),
    );
    app.get(
      '/policies/:id',
      { schema: { tags, description: scopeNote, params: IdParamsSchema, response: { 200: PolicySchema } } },
      (req) => policies.getPolicy(ctxOf(req, db), req.params.id),
    );
    app.post(
      '/policies',
      {
        config,
        schema: {
          tags,
          description: `A policy of a customer the caller may change; owner, team and household are the customer's. Errors: POLICY_NUMBER_TAKEN (409).`,
          body: PolicyCreateSchema,
          response: { 201: PolicySchema },
        },
      },
      async (req, reply) => reply.status(201).send(await policies.createPolicy(ctxOf(req, db), req.body)),
    );
    app.patch(
      '/policies/:id',
      {
        config,
        schema: {
          tags,
          description: `${writeNote} Errors: POLICY_NUMBER_TAKEN (409).`,
          params: IdParamsSchema,
          body: PolicyPatchSchema,
          response: { 200: PolicySchema },
        },
      },
      (req) => policies.patchPolicy(ctxOf(req, db), req.params.id, req.body),
    );
  }

  // ---- Service requests ---------------------------------------------------------------------------
  {
    const tags = ['service'];
    app.get(
      '/service-requests',
      {
        schema: {
          tags,
          description: `${scopeNote} overdue=1: open or in progress and due before today. sort: dueDate, createdAt, updatedAt (default dueDate).`,
          querystring: ServiceRequestListQuerySchema,
          response: { 200: ServiceRequestPageSchema },
        },
      },
      (req) => requests.listServiceRequests(ctxOf(req, db), req.query),
    );
    app.get(
      '/service-requests/export',
      {
        schema: {
          tags,
          summary: 'The service requests as .xlsx (same scope, filters and order as GET /service-requests)',
          description: EXPORT_ROUTE_NOTE,
          querystring: ServiceRequestExportQuerySchema,
        },
      },
      (req, reply) => sendBuiltXlsx(reply, requests.exportServiceRequests(ctxOf(req, db), req.query)),
    );
    app.get(
      '/service-requests/satisfaction',
      {
        schema: {
          tags,
          summary: 'The satisfaction figure: average return-visit score and count, per team and agent',
          description: `Return visits completed in [from, to] (default the last 90 days). ${scopeNote}`,
          querystring: SatisfactionQuerySchema,
          response: { 200: SatisfactionSchema },
        },
      },
      (req) => requests.satisfactionFigure(ctxOf(req, db), req.query),
    );
    app.get(
      '/service-requests/:id',
      { schema: { tags, description: scopeNote, params: IdParamsSchema, response: { 200: ServiceRequestSchema } } },
      (req) => requests.getServiceRequest(ctxOf(req, db), req.params.id),
    );
    app.post(
      '/service-requests',
      {
        config,
        schema: {
          tags,
          description:
            "A request for a customer the caller may change, owned by the customer's owner. A policy must be the " +
            "customer's, an activity one the owner logged (400 on the field).",
          body: ServiceRequestCreateSchema,
          response: { 201: ServiceRequestSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await requests.createServiceRequest(ctxOf(req, db), req.body)),
    );
    app.patch(
      '/service-requests/:id',
      {
        config,
        schema: {
          tags,
          description: `${writeNote} A return visit marked done needs satisfaction 1–5; any other refuses it (400 body.satisfaction).`,
          params: IdParamsSchema,
          body: ServiceRequestPatchSchema,
          response: { 200: ServiceRequestSchema },
        },
      },
      (req) => requests.patchServiceRequest(ctxOf(req, db), req.params.id, req.body),
    );
  }

  app.get(
    '/todos',
    {
      schema: {
        tags: ['customer'],
        summary: "The caller's care to-dos of today",
        description:
          'Birthdays of their customers and prospects, anniversaries of their policies in force, prospect follow-ups due ' +
          'today or before, overdue service requests; each with the entity and id to open.',
        response: { 200: TodoListSchema },
      },
    },
    (req) => myTodos(ctxOf(req, db)),
  );
};
