import { html, nothing, type TemplateResult } from 'lit';
import type { DomainEvent } from '../../eventsourcing';
import { requestAccounts, type InspectedEvents, type InspectedRequest } from '../../bank';
import { formatDateTime } from '../format/format-date-time';
import { formatMoney } from '../format/format-money';
import type { MoneyFormat } from '../format/money-format';

/** What the detail of a request needs to name things. */
export interface DetailContext {
  readonly syncs: boolean;
  readonly nameOf: (accountId: string) => string;
  readonly deviceOf: (request: InspectedRequest) => string;
  readonly format: MoneyFormat;
}

/** The applications of the bank, as the technical details name them. */
const APPLICATIONS: readonly (readonly [keyof InspectedEvents, string])[] = [
  ['sagas', 'Sagas'],
  ['accounts', 'Accounts'],
  ['ledger', 'Ledger'],
  ['transactionLog', 'Transaction log'],
];

/**
 * The detail of one request: when and where it was made, its place in the order and its chain link (shortened,
 * with whether it verified), each account's balance once it was decided, and, in a disclosure plainly marked
 * technical, the events it caused in each application with their data: the one place where those show.
 */
export function inspectedRequestDetail(request: InspectedRequest, context: DetailContext): TemplateResult {
  const { format, nameOf } = context;
  return html`<div class="detail">
    <dl>
      <dt>When</dt>
      <dd>${formatDateTime(request.timestamp, format.locale)}</dd>
      <dt>Device</dt>
      <dd>${context.deviceOf(request)}</dd>
      <dt>Place in the order</dt>
      <dd>
        ${
          request.seq === null
            ? context.syncs
              ? 'Not in the vault’s order yet'
              : 'Not decided yet'
            : context.syncs
              ? `No. ${request.seq.toLocaleString(format.locale)} in the vault’s order`
              : `No. ${request.seq.toLocaleString(format.locale)} on this device`
        }
      </dd>
      ${
        request.link === null
          ? nothing
          : html`<dt>Chain link</dt>
              <dd>
                <code title="The link of this request in the chain every device checks">${shorten(request.link)}</code>
                ${request.verified ? html`<span class="badge succeeded">Verified</span>` : nothing}
              </dd>`
      }
      ${
        request.balancesAfter.length === 0
          ? nothing
          : html`<dt>Balance after</dt>
              <dd>
                <ul class="balances">
                  ${inRequestOrder(request).map(
                    ({ accountId, balance }) =>
                      html`<li>
                        ${nameOf(accountId)}:
                        <span class="money ${balance < 0 ? 'negative' : ''}">${formatMoney(balance, format)}</span>
                      </li>`,
                  )}
                </ul>
              </dd>`
      }
    </dl>
    <details class="technical">
      <summary>Technical details</summary>
      ${request.problem === undefined ? nothing : html`<p class="small">Could not be read: ${request.problem}</p>`}
      ${
        request.events === null
          ? html`<p class="small muted">
              ${
                request.seq === null
                  ? 'Nothing yet: it has not been decided.'
                  : 'Only its outcome is known: it was decided by an earlier version of the app, which did not record what each request changed.'
              }
            </p>`
          : APPLICATIONS.map(([key, label]) => eventList(label, request.events?.[key] ?? []))
      }
    </details>
  </div>`;
}

function eventList(label: string, events: readonly DomainEvent[]): TemplateResult {
  return html`<section class="events">
    <h4>${label} <span class="muted small">(${events.length} ${events.length === 1 ? 'event' : 'events'})</span></h4>
    ${
      events.length === 0
        ? nothing
        : html`<ol>
            ${events.map(
              (event) =>
                html`<li>
                  <code class="event-type">${event.type}</code>
                  <span class="muted small">v${event.originatorVersion}</span>
                  <pre>${JSON.stringify(event.data, null, 2)}</pre>
                </li>`,
            )}
          </ol>`
    }
  </section>`;
}

/** The balances after a request in the order the request names its accounts: the debit side first. */
function inRequestOrder(request: InspectedRequest): InspectedRequest['balancesAfter'] {
  const named = request.request === null ? [] : requestAccounts(request.request);
  const place = (accountId: string) => {
    const index = named.indexOf(accountId);
    return index === -1 ? named.length : index;
  };
  return [...request.balancesAfter].sort((a, b) => place(a.accountId) - place(b.accountId));
}

/** The start of a chain link: enough to compare two devices by eye. */
function shorten(link: string): string {
  return link.length <= 12 ? link : `${link.slice(0, 12)}…`;
}
