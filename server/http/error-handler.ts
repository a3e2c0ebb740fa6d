import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FieldError } from '../../contracts/errors.ts';
import { AppError } from './errors.ts';

interface ValidationIssue {
  instancePath: string;
  message?: string;
  keyword: string;
  params: { issue?: { code?: string } };
}

const CONTEXT_PREFIX: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/** One error shape for the whole API: `{ error: { code, message, details } }`. */
export function errorHandler(err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details } });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const prefix = CONTEXT_PREFIX[(err as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
    // The library's error type comes from a path the linter cannot resolve; its shape is stable.
    const issues = err.validation as unknown as ValidationIssue[];
    const details: FieldError[] = issues.map((v) => ({
      path: [prefix, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'Invalid value',
      code: v.params.issue?.code ?? v.keyword,
    }));
    return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: 'Invalid input', details } });
  }
  const status = err.statusCode ?? 500;
  if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') {
    return reply.status(413).send({ error: { code: 'FILE_TOO_LARGE', message: 'The upload is too large' } });
  }
  if (status >= 400 && status < 500) {
    // Malformed JSON, wrong content type and the like: still the client's fault, still a stable shape.
    return reply.status(status).send({ error: { code: 'VALIDATION_FAILED', message: err.message, details: [] } });
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Internal error' } });
}
