import { SyncError } from './sync-error';

/** What is wrong with a recovery code as typed. */
export type RecoveryCodeProblem = 'empty' | 'length' | 'character' | 'checksum';

/** The facts of a `RecoveryCodeError`, per problem. */
export type RecoveryCodeFacts =
  | { readonly problem: 'empty' | 'checksum' }
  | { readonly problem: 'length'; readonly count: number; readonly expected: number }
  | { readonly problem: 'character'; readonly character: string; readonly index: number };

/**
 * The text given as a recovery code is not one: nothing typed (`empty`), a character that no code holds
 * (`character`, with the character and its index in the text as given), too few or too many code characters
 * (`length`, with how many there were and how many a code has), or a checksum that does not match (`checksum`: a
 * mistyped or swapped character). Raised before anything is stored; the person should check the code against where
 * they kept it.
 */
export class RecoveryCodeError extends SyncError {
  override readonly name = 'RecoveryCodeError';
  readonly code = 'recovery-code';
  readonly retryable = false;
  readonly problem: RecoveryCodeProblem;
  /** For `character`: the character as typed. */
  readonly character?: string;
  /** For `character`: its index (UTF-16 code units) in the text as given. */
  readonly index?: number;
  /** For `length`: how many code characters the text holds. */
  readonly count?: number;
  /** For `length`: how many a recovery code has. */
  readonly expected?: number;

  constructor(facts: RecoveryCodeFacts) {
    super(message(facts));
    this.problem = facts.problem;
    if (facts.problem === 'character') {
      this.character = facts.character;
      this.index = facts.index;
    } else if (facts.problem === 'length') {
      this.count = facts.count;
      this.expected = facts.expected;
    }
  }
}

function message(facts: RecoveryCodeFacts): string {
  switch (facts.problem) {
    case 'empty':
      return 'No recovery code was given';
    case 'length':
      return `A recovery code has ${facts.expected} characters, not ${facts.count}`;
    case 'character':
      return `A recovery code cannot hold ${JSON.stringify(facts.character)} (at index ${facts.index})`;
    case 'checksum':
      return 'The recovery code does not check out: a character is mistyped or two are swapped';
  }
}
