// The PWA's public pieces: money formatting and parsing (tested in Node), and the app's entry component.
export { describeAmountProblem } from './describe-amount-problem';
export { centsToDecimal, formatAmountForInput, formatMoney } from './format-money';
export type { MoneyFormat } from './money-format';
export { numberSymbols, type NumberSymbols } from './number-symbols';
export { parseAmount, type AmountParse, type AmountProblem } from './parse-amount';
