import { formatMoney } from './format-money';
import type { MoneyFormat } from './money-format';

/**
 * What an account can still pay out, said the way a person reads it. Below zero (a limit lowered under a debt, or
 * payments waiting to sync) nothing is available, and the words say by how much the account is past its limit
 * instead of "−$66.40 available".
 */
export function describeAvailable(
  available: bigint | number,
  format: MoneyFormat,
): { readonly label: string; readonly amount: string; readonly overLimit: boolean } {
  const cents = BigInt(available);
  return cents < 0n
    ? { label: 'Over its limit by', amount: formatMoney(-cents, format), overLimit: true }
    : { label: 'Available', amount: formatMoney(cents, format), overLimit: false };
}

/** The same inside a sentence: "$20.00 available", or "nothing available ($66.40 over its limit)". */
export function availableClause(available: bigint | number, format: MoneyFormat): string {
  const { amount, overLimit } = describeAvailable(available, format);
  return overLimit ? `nothing available (${amount} over its limit)` : `${amount} available`;
}
