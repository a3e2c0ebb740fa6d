import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CommentCreateSchema,
  ReviewCreateSchema,
  ReviewQueuePageSchema,
  ReviewQueueQuerySchema,
  WorkLogCommentSchema,
  WorkLogPutSchema,
  WorkLogQuerySchema,
  WorkLogSchema,
  WorkLogSubmitSchema,
} from '../../../contracts/activity.ts';
import { DateParamsSchema } from '../../../contracts/attendance.ts';
import { IdParamsSchema } from '../../../contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import * as service from './worklog.service.ts';

/** The daily work log: one's own day, submitting it, the review queue, reviews and comments. */
export const workLogRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['activity'];
  const config = { sessionNeutral: true };
  const windowErrors = 'ACTIVITY_DATE_IN_FUTURE, ACTIVITY_DATE_TOO_OLD (422)';

  app.get(
    '/work-logs',
    {
      schema: {
        tags,
        summary: 'The review queue',
        description:
          "Submitted logs of people in the caller's scope (never their own), newest day first, with the " +
          "day's activities, points and the team standard's planned points. Needs activity.read.",
        querystring: ReviewQueueQuerySchema,
        response: { 200: ReviewQueuePageSchema },
      },
    },
    (req) => service.listReviewQueue(ctxOf(req, db), req.query),
  );
  app.get(
    '/work-logs/:date',
    {
      schema: {
        tags,
        description:
          "The caller's day (status none when nothing is saved), or with userId a person in the caller's scope.",
        params: DateParamsSchema,
        querystring: WorkLogQuerySchema,
        response: { 200: WorkLogSchema },
      },
    },
    (req) => service.getWorkLog(ctxOf(req, db), req.params.date, req.query.userId),
  );
  app.put(
    '/work-logs/:date',
    {
      config,
      schema: {
        tags,
        description:
          "Saves the caller's summary and tomorrow's plan (a draft when new). Today or a day within the " +
          `backdating window. Errors: ${windowErrors}, WORK_LOG_REVIEWED (409).`,
        params: DateParamsSchema,
        body: WorkLogPutSchema,
        response: { 200: WorkLogSchema },
      },
    },
    (req) => service.putWorkLog(ctxOf(req, db), req.params.date, req.body),
  );
  app.post(
    '/work-logs/:date/submit',
    {
      config,
      schema: {
        tags,
        description:
          'Submits the day; a day without activity needs noActivity: true. Submitting again before the review ' +
          `updates the text and keeps the first submission time. Errors: ${windowErrors}, WORK_LOG_EMPTY (422), WORK_LOG_REVIEWED (409).`,
        params: DateParamsSchema,
        body: WorkLogSubmitSchema,
        response: { 200: WorkLogSchema },
      },
    },
    (req) => service.submitWorkLog(ctxOf(req, db), req.params.date, req.body),
  );
  app.post(
    '/work-logs/:id/reviews',
    {
      config,
      schema: {
        tags,
        description:
          "Marks another person's submitted log reviewed (first time and reviewer kept), optionally with a comment " +
          'on the log or one of its activities; the owner is notified. Needs activity.review. ' +
          'Errors: OWN_WORK_LOG (403), WORK_LOG_NOT_SUBMITTED (409).',
        params: IdParamsSchema,
        body: ReviewCreateSchema,
        response: { 200: WorkLogSchema },
      },
    },
    (req) => service.reviewWorkLog(ctxOf(req, db), req.params.id, req.body),
  );
  app.post(
    '/work-logs/:id/comments',
    {
      config,
      schema: {
        tags,
        description:
          "A reviewer's note or the owner's answer in the log's thread; the other side is notified.",
        params: IdParamsSchema,
        body: CommentCreateSchema,
        response: { 201: WorkLogCommentSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.commentWorkLog(ctxOf(req, db), req.params.id, req.body)),
  );
};
