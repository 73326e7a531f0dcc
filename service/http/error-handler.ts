/**
 * Maps every error to `{ error, code, message, field? }` JSON. Catalogued errors keep their status;
 * anything else is logged and answered as a bare 500 — stack traces never reach a client.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { NotFoundError, PayloadTooLargeError, ScangateError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** body-parser reports its own failures with `type`; translate them into catalogued errors. */
function fromBodyParser(err: { type?: string; message?: string }): ScangateError | undefined {
  if (err.type === 'entity.parse.failed') return new ValidationError('Expected a JSON body', 'body');
  if (err.type === 'entity.too.large') return new PayloadTooLargeError('Expected a smaller JSON body', 'body');
  return undefined;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = err instanceof ScangateError ? err : fromBodyParser(err as { type?: string });
    if (!known || known.status >= 500) log.error({ err, req }, 'request failed');
    const error = known ?? new ScangateError('SCANGATE_ERR_INTERNAL', 500, 'Internal error');
    if (error.status === 503) res.set('Retry-After', '5');
    if (res.headersSent) return;
    res.status(error.status).json({
      error: STATUS_TEXT[error.status] ?? 'Error',
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route ${req.method} ${req.path}`));
};
