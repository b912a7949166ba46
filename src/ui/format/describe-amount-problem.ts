import { MAX_AMOUNT } from '../../bank';
import { formatAmountForInput } from './format-money';
import type { AmountProblem } from './parse-amount';

/** The message shown next to an amount field that holds no amount, with an example in the locale's own notation. */
export function describeAmountProblem(problem: AmountProblem, locale: string): string {
  const example = formatAmountForInput(123456, locale);
  switch (problem) {
    case 'empty':
      return 'Enter an amount.';
    case 'negative':
      return 'Enter the amount without a minus sign.';
    case 'format':
      return `Enter an amount like ${example}.`;
    case 'decimals':
      return 'Use at most two decimal places (cents).';
    case 'too-large':
      return `Enter at most ${formatAmountForInput(MAX_AMOUNT, locale)}.`;
  }
}
