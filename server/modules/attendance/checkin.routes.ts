import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AttendanceRecordSchema,
  CheckInCreateSchema,
  CheckOutCreateSchema,
  MonthSchema,
  MyAttendanceSchema,
  QrQuerySchema,
  QrTokenSchema,
} from '../../../contracts/attendance.ts';
import { ctxOf } from '../../http/auth.ts';
import { checkIn, checkOut } from './checkin.service.ts';
import { myAttendance } from './me.service.ts';
import { meetingQrToken } from './qr.service.ts';

/** The daily check-in: the caller's own (tap or QR), staff's manual record, check-out, the QR screen. */
export const checkInRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['attendance'];

  app.post(
    '/attendance/check-ins',
    {
      config: { sessionNeutral: true },
      schema: {
        tags,
        description:
          'Check in. Header Idempotency-Key (8–100 characters): a retry with the same key returns the first result. ' +
          'Answers 201 when a record was made, 200 when the day already had one.',
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: CheckInCreateSchema,
        response: { 200: AttendanceRecordSchema, 201: AttendanceRecordSchema },
      },
    },
    async (req, reply) => {
      const result = await checkIn(ctxOf(req, db), req.body, req.headers['idempotency-key']);
      return reply.status(result.created ? 201 : 200).send(result.record);
    },
  );
  app.post(
    '/attendance/check-outs',
    {
      config: { sessionNeutral: true },
      schema: { tags, body: CheckOutCreateSchema, response: { 200: AttendanceRecordSchema } },
    },
    (req) => checkOut(ctxOf(req, db), req.body.at),
  );
  app.get(
    '/attendance/me',
    {
      schema: {
        tags,
        querystring: z.object({ month: MonthSchema.optional() }),
        response: { 200: MyAttendanceSchema },
      },
    },
    (req) => myAttendance(ctxOf(req, db), req.query.month),
  );
  app.get(
    '/attendance/qr',
    {
      schema: {
        tags,
        description: 'A meeting code for the screen; fetch a new one after refreshInMs.',
        querystring: QrQuerySchema,
        response: { 200: QrTokenSchema },
      },
    },
    (req) => meetingQrToken(ctxOf(req, db), req.query.unitId),
  );
};
