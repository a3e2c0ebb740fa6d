import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AttendanceRequestCreateSchema,
  AttendanceRequestListQuerySchema,
  AttendanceRequestSchema,
  DecisionSchema,
} from '../../../contracts/attendance.ts';
import { AttendanceRequestExportQuerySchema } from '../../../contracts/attendance-report.ts';
import { IdParamsSchema, pageOf } from '../../../contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import { exportRequests } from './request-export.service.ts';
import { cancelRequest, createRequest, decideRequest, getRequest, listRequests } from './request.service.ts';

/** Leave and make-up requests (请假 / 补卡): asking, the approver's list, deciding, withdrawing. */
export const requestRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['attendance'];
  // Requests never change who anyone is or what they may see: cached sessions stay valid.
  const config = { sessionNeutral: true };

  app.post(
    '/attendance/requests',
    {
      config,
      schema: {
        tags,
        description:
          "The caller's own leave (a date range) or make-up (a date and the time they arrived). " +
          'Errors: LEAVE_NOTICE_TOO_SHORT, LEAVE_LIMIT_REACHED, MAKE_UP_TOO_LATE, MAKE_UP_LIMIT_REACHED (422); ' +
          'REQUEST_OVERLAPS, NOT_A_MEETING_DAY, CONFLICT (409).',
        body: AttendanceRequestCreateSchema,
        response: { 201: AttendanceRequestSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createRequest(ctxOf(req, db), req.body)),
  );
  app.get(
    '/attendance/requests',
    {
      schema: {
        tags,
        description:
          "view=mine: the caller's own requests; view=toApprove: other people's requests the caller may decide " +
          '(needs attendance.approve). Newest first.',
        querystring: AttendanceRequestListQuerySchema,
        response: { 200: pageOf(AttendanceRequestSchema) },
      },
    },
    (req) => listRequests(ctxOf(req, db), req.query),
  );
  // Before '/attendance/requests/:id', so that "export" is never read as an id.
  app.get(
    '/attendance/requests/export',
    {
      schema: {
        tags,
        summary: 'The requests as .xlsx (same view, filters and order as GET /attendance/requests)',
        description:
          'Every matching request, headers in lang (zh-CN by default); view=toApprove needs ' +
          'attendance.approve. Errors: EXPORT_TOO_LARGE (400).',
        querystring: AttendanceRequestExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportRequests(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
  app.get(
    '/attendance/requests/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: AttendanceRequestSchema } } },
    (req) => getRequest(ctxOf(req, db), req.params.id),
  );
  app.post(
    '/attendance/requests/:id/approve',
    {
      config,
      schema: {
        tags,
        description:
          'Approve a pending request: its meeting days are written into the attendance records. ' +
          'Errors: OWN_REQUEST (403), REQUEST_NOT_PENDING (409).',
        params: IdParamsSchema,
        body: DecisionSchema,
        response: { 200: AttendanceRequestSchema },
      },
    },
    (req) => decideRequest(ctxOf(req, db), req.params.id, 'approved', req.body.comment),
  );
  app.post(
    '/attendance/requests/:id/reject',
    {
      config,
      schema: {
        tags,
        description: 'Reject a pending request. Errors: OWN_REQUEST (403), REQUEST_NOT_PENDING (409).',
        params: IdParamsSchema,
        body: DecisionSchema,
        response: { 200: AttendanceRequestSchema },
      },
    },
    (req) => decideRequest(ctxOf(req, db), req.params.id, 'rejected', req.body.comment),
  );
  app.post(
    '/attendance/requests/:id/cancel',
    {
      config,
      schema: {
        tags,
        description: 'The requester withdraws a pending request. Errors: REQUEST_NOT_PENDING (409).',
        params: IdParamsSchema,
        response: { 200: AttendanceRequestSchema },
      },
    },
    (req) => cancelRequest(ctxOf(req, db), req.params.id),
  );
};
