import pg from 'pg';

/**
 * Whether an error from `pg` means the database could not be reached or the connection was lost, rather than a
 * refused statement: a network error, a connection the server closed, a server shutting down or starting up
 * (SQLSTATE class 08, 57P01–57P03), or out of connections or resources (class 53). Such a failure is retryable.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) {
    const state = error.code ?? '';
    return state.startsWith('08') || state.startsWith('53') || /^57P0[123]$/.test(state);
  }
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  // pg raises these as plain Errors without a code.
  return /^Connection terminated|not queryable|timeout exceeded when trying to connect/.test(error.message);
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
