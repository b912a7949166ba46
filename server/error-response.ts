import type { Context } from 'hono';
import type { ErrorBody } from '../src/sync/protocol';
import type { ApiError } from './api-error';
import type { AppEnv } from './app-env';

/** The JSON answer `{ error, message, details? }` of a refusal, with its status and headers. */
export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  c.set('errorCode', error.code);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const body: ErrorBody = {
    error: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: { ...error.details } }),
  };
  return c.json(body, error.status);
}
