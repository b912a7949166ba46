/** Why a row cannot be imported. */
export type StatementProblem =
  | 'no-rows'
  | 'empty-date'
  | 'date'
  | 'empty-amount'
  | 'amount'
  | 'fraction-of-cent'
  | 'too-large'
  | 'zero'
  | 'debit-and-credit'
  | 'note-too-long';

/** A refused file: the first row that cannot be imported, why, and the cell that says so. */
export interface StatementRefusal {
  /** The row as a spreadsheet numbers it (the header is row 1); 0 for a file without rows. */
  readonly row: number;
  readonly problem: StatementProblem;
  readonly value: string;
}

/** Why a statement was refused, in words, naming the row as a spreadsheet numbers it. */
export function describeStatementRefusal({ row, problem, value }: StatementRefusal): string {
  const cell = value === '' ? '' : ` “${value}”`;
  switch (problem) {
    case 'no-rows':
      return 'The file has no rows to import under its header.';
    case 'empty-date':
      return `Row ${row} has no date.`;
    case 'date':
      return `Row ${row}: the date${cell} is not a day written the chosen way.`;
    case 'empty-amount':
      return `Row ${row} has no amount.`;
    case 'amount':
      return `Row ${row}: the amount${cell} is not an amount of money written the chosen way.`;
    case 'fraction-of-cent':
      return `Row ${row}: the amount${cell} has more than two decimals (a fraction of a cent).`;
    case 'too-large':
      return `Row ${row}: the amount${cell} is too large.`;
    case 'zero':
      return `Row ${row}: the amount is zero.`;
    case 'debit-and-credit':
      return `Row ${row} has both a debit and a credit${cell}.`;
    case 'note-too-long':
      return `Row ${row}: the note is longer than 200 characters.`;
  }
}
