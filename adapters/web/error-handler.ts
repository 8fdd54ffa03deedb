/**
 * The app's final error handler: request errors (body-parser, decompression, a bad %-escape in the path) become
 * their 4xx JSON answers, our errors whose code has an answer in error-responses.ts that answer (a refused
 * conversation its 403/404/409); anything else is logged once and answered with a polite 500 that carries no
 * internal details.
 */
import type { ErrorRequestHandler } from 'express';
import { isAppError } from '../../config/app-error.js';
import { sendErrorResponse } from './error-responses.js';
import { INTERNAL_ERROR_MESSAGE, sendError } from './http-errors.js';
import type { Logger } from '../../config/logger.js';

/** What body-parser, zlib (through body-parser) and the router's parameter decoding throw: a 4xx `status`. */
interface RequestError {
  status: number;
  type?: string;
  code?: string;
  name?: string;
}

function isRequestError(error: unknown): error is RequestError {
  if (typeof error !== 'object' || error === null) return false;
  const { status } = error as Partial<RequestError>;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** Builds the error handler; `maxBodyBytes` is quoted in the 413 message. */
export function createErrorHandler(logger: Logger, maxBodyBytes: number): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (isAppError(error) && sendErrorResponse(res, error.code)) return;
    if (isRequestError(error)) {
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
      if (error instanceof URIError) {
        return sendError(res, 400, 'bad_request', 'Adressen indeholder en ugyldig %-kode.');
      }
      // zlib's Z_DATA_ERROR and friends, brotli's ERR__ERROR_FORMAT_…: a body that says it is compressed but is not.
      if (typeof error.code === 'string' && (error.code.startsWith('Z_') || error.code.startsWith('ERR__'))) {
        return sendError(res, 400, 'bad_request', 'Forespørgslens komprimerede indhold kunne ikke pakkes ud.');
      }
      return sendError(res, 400, 'bad_request', 'Forespørgslen kunne ikke læses.');
    }
    logger.error('web request failed', { method: req.method, path: req.path, cause: error });
    sendError(res, 500, 'internal', INTERNAL_ERROR_MESSAGE);
  };
}
