import { REQUEST_ERROR_STATUS, type RequestErrorCode } from '../src/sync/protocol';

/** Every code an error answer may carry, with its status. */
const API_ERROR_STATUS = REQUEST_ERROR_STATUS;

/** A stable error code of the API. */
export type ApiErrorCode = RequestErrorCode;

/**
 * A refusal the API answers with its status and the JSON `{ error: code, message, details? }`. Raised by the
 * request handlers and by the storage (conflicts); anything else that escapes a handler becomes a 500 `internal`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly status: (typeof API_ERROR_STATUS)[ApiErrorCode];
  /** The facts of the refusal, sent to the client (a conflict's application, aggregate and version). */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** Extra response headers, such as `Retry-After`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ApiErrorCode,
    message: string,
    options: { details?: Readonly<Record<string, unknown>>; headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(message);
    this.code = code;
    this.status = API_ERROR_STATUS[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}
