import { html, LitElement, nothing, svg } from 'lit';
import type { BalancePoint } from './balance-point';
import { CHART_RANGES, pointsInRange, type ChartRange } from '../use-cases/account-history';
import { formatDateTime } from '../format/format-date-time';
import { formatMoney } from '../format/format-money';
import type { MoneyFormat } from '../format/money-format';
import { balanceChartStyles } from '../styles/balance-chart-styles';

const HEIGHT = 200;
const PAD = { top: 18, right: 8, bottom: 26, left: 8 };

/**
 * An account's balance over time as a step line on a time axis (a balance holds until the next change), in plain
 * SVG: the last month, year or all of it; the zero line when the balance went below it; the highest and lowest
 * balance and the first and last date. Pointing at it, or focusing it and pressing the arrow keys, shows the balance
 * at each change; the same figures are in a table for screen readers and for anyone who prefers numbers. Pixel
 * positions are the only floating point here; amounts stay in cents.
 */
export class BalanceChart extends LitElement {
  static override properties = {
    points: { attribute: false },
    format: { attribute: false },
    range: { state: true },
    selected: { state: true },
    width: { state: true },
  };
  static override styles = balanceChartStyles;

  declare points: readonly BalancePoint[];
  declare format: MoneyFormat;
  declare range: ChartRange;
  /** The index of the point under the pointer or the keyboard's cursor, among the points shown. */
  declare selected: number | undefined;
  declare width: number;
  readonly #resize = new ResizeObserver(([entry]) => {
    const width = Math.round(entry?.contentRect.width ?? 0);
    if (width > 0 && width !== this.width) this.width = width;
  });

  constructor() {
    super();
    this.points = [];
    this.range = 'all';
    this.width = 600;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  override render() {
    if (this.points.length < 2) return html`<p class="empty">The chart appears after the first deposit.</p>`;
    const points = pointsInRange(this.points, this.range, Date.now());
    return html`
      <div class="ranges" role="group" aria-label="Time range">
        ${CHART_RANGES.map(
          ({ range, label }) =>
            html`<button
              type="button"
              aria-pressed=${range === this.range ? 'true' : 'false'}
              @click=${() => {
                this.range = range;
                this.selected = undefined;
              }}
            >
              ${label}
            </button>`,
        )}
      </div>
      ${points.length === 0 ? html`<p class="empty">No change in this time.</p>` : this.#renderChart(points)}
      ${this.#renderTable(points)}
    `;
  }

  #renderChart(points: readonly BalancePoint[]) {
    const { format, width } = this;
    const first = points[0]!;
    const last = points.at(-1)!;
    const times = points.map((point) => Date.parse(point.timestamp));
    const start = times[0]!;
    const end = Math.max(Date.now(), times.at(-1)!);
    const balances = points.map((point) => point.balance);
    const high = Math.max(0, ...balances);
    const low = Math.min(0, ...balances);
    const x = (time: number) => PAD.left + ((time - start) / (end - start || 1)) * (width - PAD.left - PAD.right);
    const span = high - low || 1;
    const y = (balance: number) => PAD.top + ((high - balance) / span) * (HEIGHT - PAD.top - PAD.bottom);
    let path = `M ${x(start).toFixed(1)} ${y(first.balance).toFixed(1)}`;
    points.forEach((point, index) => {
      if (index > 0) path += ` H ${x(times[index]!).toFixed(1)} V ${y(point.balance).toFixed(1)}`;
    });
    path += ` H ${(width - PAD.right).toFixed(1)}`;
    const baseline = y(Math.max(low, 0));
    const area = `${path} V ${baseline.toFixed(1)} H ${PAD.left} Z`;
    const label =
      `Balance over time: ${formatMoney(first.balance, format)} on ${formatDateTime(first.timestamp, format.locale)}, ` +
      `now ${formatMoney(last.balance, format)}; highest ${formatMoney(high, format)}, lowest ${formatMoney(low, format)}. ` +
      'Use the arrow keys to read the balance at each change.';
    const selected = this.selected === undefined ? undefined : points[Math.min(this.selected, points.length - 1)];
    const selectedIndex = selected === undefined ? -1 : points.indexOf(selected);
    return html`<svg
        viewBox="0 0 ${width} ${HEIGHT}"
        role="img"
        tabindex="0"
        aria-label=${label}
        @pointermove=${(event: PointerEvent) => this.#point(event, times, x)}
        @pointerleave=${() => (this.selected = undefined)}
        @keydown=${(event: KeyboardEvent) => this.#key(event, points.length)}
        @blur=${() => (this.selected = undefined)}
      >
        ${svg`
        <line class="grid" x1=${PAD.left} x2=${width - PAD.right} y1=${PAD.top} y2=${PAD.top}></line>
        <line class="grid" x1=${PAD.left} x2=${width - PAD.right} y1=${HEIGHT - PAD.bottom} y2=${HEIGHT - PAD.bottom}></line>
        <path class="area" d=${area}></path>
        ${low < 0 ? svg`<line class="zero" x1=${PAD.left} x2=${width - PAD.right} y1=${y(0)} y2=${y(0)}></line>` : nothing}
        <path class="line" d=${path}></path>
        ${
          selected === undefined
            ? nothing
            : svg`<line class="cursor" x1=${x(times[selectedIndex]!)} x2=${x(times[selectedIndex]!)} y1=${PAD.top} y2=${HEIGHT - PAD.bottom}></line>
                <circle class="dot" r="4" cx=${x(times[selectedIndex]!)} cy=${y(selected.balance)}></circle>`
        }
        <text x=${PAD.left + 4} y=${PAD.top - 4}>${formatMoney(high, format)}</text>
        <text x=${PAD.left + 4} y=${HEIGHT - PAD.bottom - 6}>${formatMoney(low, format)}</text>
        <text x=${PAD.left} y=${HEIGHT - 8}>${formatDateTime(first.timestamp, format.locale, false)}</text>
        <text x=${width - PAD.right} y=${HEIGHT - 8} text-anchor="end">${formatDateTime(new Date(end).toISOString(), format.locale, false)}</text>
      `}
      </svg>
      <p class="readout" aria-live="polite" data-testid="chart-readout">
        ${
          selected === undefined
            ? nothing
            : `${formatDateTime(selected.timestamp, format.locale)}: ${formatMoney(selected.balance, format)}`
        }
      </p>`;
  }

  #renderTable(points: readonly BalancePoint[]) {
    if (points.length === 0) return nothing;
    return html`<details>
      <summary>Show as a table</summary>
      <table>
        <caption class="visually-hidden">
          Balance after each change, oldest first
        </caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col" class="money">Balance</th>
          </tr>
        </thead>
        <tbody>
          ${points.map(
            (point) =>
              html`<tr>
                <td>${formatDateTime(point.timestamp, this.format.locale)}</td>
                <td class="money">${formatMoney(point.balance, this.format)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </details>`;
  }

  /** Selects the change nearest the pointer. */
  #point(event: PointerEvent, times: readonly number[], x: (time: number) => number): void {
    const svgElement = event.currentTarget as SVGSVGElement;
    const box = svgElement.getBoundingClientRect();
    const at = ((event.clientX - box.left) / (box.width || 1)) * this.width;
    let nearest = 0;
    times.forEach((time, index) => {
      if (Math.abs(x(time) - at) < Math.abs(x(times[nearest]!) - at)) nearest = index;
    });
    this.selected = nearest;
  }

  /** Moves the cursor with the arrow keys, Home and End. */
  #key(event: KeyboardEvent, count: number): void {
    const current = this.selected ?? count - 1;
    const next =
      event.key === 'ArrowLeft'
        ? Math.max(0, current - 1)
        : event.key === 'ArrowRight'
          ? Math.min(count - 1, current + 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? count - 1
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    this.selected = this.selected === undefined && event.key !== 'Home' ? count - 1 : next;
  }
}

customElements.define('balance-chart', BalanceChart);
