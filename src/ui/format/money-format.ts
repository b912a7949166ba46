/** How money is shown: a BCP 47 locale and an ISO 4217 currency with two minor digits (cents). */
export interface MoneyFormat {
  readonly locale: string;
  readonly currency: string;
}
