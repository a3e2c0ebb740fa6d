import type { ErrorCode, FieldError } from '../../contracts/errors.ts';

/** The one error type services throw; the error handler turns it into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message?: string,
    readonly details?: FieldError[] | Record<string, unknown>,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Resource') => new AppError('NOT_FOUND', 404, `${what} not found`);
export const forbidden = (message = 'Not allowed') => new AppError('FORBIDDEN', 403, message);
export const conflict = (code: ErrorCode, message: string) => new AppError(code, 409, message);
export const invalid = (details: FieldError[], message = 'Invalid input') =>
  new AppError('VALIDATION_FAILED', 400, message, details);
