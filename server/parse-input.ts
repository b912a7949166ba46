import type { z } from 'zod';
import { ApiError } from './api-error';

/** Parses a body as JSON in UTF-8; `invalid-json` otherwise. */
export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new ApiError('invalid-json', 'The body is not JSON in UTF-8');
  }
}

/** Parses untrusted input with `schema`; `invalid-request` naming the first problem and where it is otherwise. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
  throw new ApiError('invalid-request', `Invalid request${where}: ${issue?.message ?? 'malformed'}`);
}
