/**
 * The check of a recovery code as typed or pasted, before anything reaches the network: the sync module's
 * `parseRecoveryCode(text)` (a checksum catches every mistyped character and every swap of two neighbours), which
 * throws a `RecoveryCodeError` (`code` 'recovery-code') saying what is wrong. Loaded with the sync module, on first
 * use only.
 */

/** What is wrong with a recovery code as typed. */
export type RecoveryCodeProblem = 'empty' | 'length' | 'character' | 'checksum';

/** The outcome of checking a recovery code. `checked` is false where this build's sync module has no parser. */
export type RecoveryCodeCheck =
  | { readonly ok: true; readonly checked: boolean }
  | {
      readonly ok: false;
      readonly problem: RecoveryCodeProblem;
      /** For `character`: the character as typed, and its index in the text. */
      readonly character?: string;
      readonly index?: number;
      /** For `length`: how many code characters the text holds, and how many a code has. */
      readonly count?: number;
      readonly expected?: number;
    };

/** Reads a recovery code: its key's bytes, or a `RecoveryCodeError` thrown (or rejected). */
export type ParseRecoveryCode = (text: string) => Uint8Array | Promise<Uint8Array>;

/** Checks a recovery code with `parse` (by default the sync module's `parseRecoveryCode`). */
export async function checkRecoveryCode(text: string, parse?: ParseRecoveryCode): Promise<RecoveryCodeCheck> {
  const parser = parse ?? (await loadParser());
  if (parser === undefined) return { ok: true, checked: false };
  try {
    await parser(text);
    return { ok: true, checked: true };
  } catch (error) {
    if (!isRecoveryCodeError(error)) throw error;
    const { problem, character, index, count, expected } = error;
    return {
      ok: false,
      problem,
      ...(character === undefined ? {} : { character }),
      ...(index === undefined ? {} : { index }),
      ...(count === undefined ? {} : { count }),
      ...(expected === undefined ? {} : { expected }),
    };
  }
}

/** What is wrong with a recovery code, in words, next to the field. */
export function describeRecoveryCodeProblem(check: Extract<RecoveryCodeCheck, { ok: false }>): string {
  switch (check.problem) {
    case 'empty':
      return 'Enter the recovery code your other device shows in Settings → Sync.';
    case 'length':
      return check.count === undefined || check.expected === undefined
        ? 'That is not the whole recovery code: check that every group is there.'
        : `A recovery code has ${check.expected} letters and digits; this has ${check.count}. Check that every group is there.`;
    case 'character':
      return check.character === undefined
        ? 'The code holds a character no recovery code has.'
        : `“${check.character}” is not part of any recovery code: recovery codes hold only letters and digits.`;
    case 'checksum':
      return 'This code has a typo: compare it group by group with the one your other device shows.';
  }
}

interface RecoveryCodeErrorFields {
  readonly code: 'recovery-code';
  readonly problem: RecoveryCodeProblem;
  readonly character?: string;
  readonly index?: number;
  readonly count?: number;
  readonly expected?: number;
}

const PROBLEMS: ReadonlySet<string> = new Set<RecoveryCodeProblem>(['empty', 'length', 'character', 'checksum']);

/** Recognises a `RecoveryCodeError` by its `code` and `problem` (which works where `instanceof` does not). */
function isRecoveryCodeError(value: unknown): value is RecoveryCodeErrorFields {
  if (typeof value !== 'object' || value === null) return false;
  const { code, problem } = value as { code?: unknown; problem?: unknown };
  return code === 'recovery-code' && typeof problem === 'string' && PROBLEMS.has(problem);
}

/** The sync module's parser, if this build has one. */
async function loadParser(): Promise<ParseRecoveryCode | undefined> {
  const sync = (await import('../../sync')) as { readonly parseRecoveryCode?: ParseRecoveryCode };
  return sync.parseRecoveryCode;
}
