/**
 * The app's final error handler: body-parser errors become their 4xx JSON answers; anything else is logged once and
 * answered with a polite 500 that carries no internal details.
 */
import type { ErrorRequestHandler } from 'express';
import { INTERNAL_ERROR_MESSAGE, sendError } from './http-errors.js';
import type { WebLogger } from './web-app-options.js';

interface BodyParserError {
  status: number;
  type: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  if (typeof error !== 'object' || error === null) return false;
  const { status, type } = error as Partial<BodyParserError>;
  return typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500;
}

/** Builds the error handler; `maxBodyBytes` is quoted in the 413 message. */
export function createErrorHandler(logger: WebLogger, maxBodyBytes: number): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (isBodyParserError(error)) {
      if (error.type === 'entity.too.large') {
        const kb = Math.floor(maxBodyBytes / 1024);
        return sendError(res, 413, 'payload_too_large', `Forespørgslen er for stor (højst ${kb} KB).`);
      }
      if (error.type === 'entity.parse.failed') {
        return sendError(res, 400, 'bad_request', 'Forespørgslen er ikke gyldig JSON.');
      }
      if (error.status === 415) {
        return sendError(res, 415, 'unsupported_media_type', 'Forespørgslens tegnsæt eller kodning understøttes ikke.');
      }
      return sendError(res, 400, 'bad_request', 'Forespørgslen kunne ikke læses.');
    }
    logger.error('web request failed', { method: req.method, path: req.path, cause: error });
    sendError(res, 500, 'internal', INTERNAL_ERROR_MESSAGE);
  };
}
