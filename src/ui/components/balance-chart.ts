import { css, html, LitElement, svg, nothing } from 'lit';
import type { BalancePoint } from './balance-point';
import { formatDateTime } from '../format/format-date-time';
import { formatMoney } from '../format/format-money';
import type { MoneyFormat } from '../format/money-format';

const HEIGHT = 200;
const PAD = { top: 18, right: 8, bottom: 26, left: 8 };

/**
 * An account's balance over time as a step line in plain SVG (a balance holds until the next change), one step per
 * entry, with the zero line when the balance went below it, the highest and lowest balance, and the first and last
 * date. Drawn at the width it is given (text stays readable on a phone). Screen readers get the same facts as its
 * label. Pixel positions are the only floating point here; amounts stay in cents.
 */
export class BalanceChart extends LitElement {
  static override properties = {
    points: { attribute: false },
    format: { attribute: false },
    width: { state: true },
  };
  static override styles = css`
    :host {
      display: block;
    }
    svg {
      display: block;
      width: 100%;
      height: auto;
      overflow: visible;
    }
    .line {
      fill: none;
      stroke: var(--brand-text);
      stroke-width: 2.5;
      stroke-linejoin: round;
      vector-effect: non-scaling-stroke;
    }
    .area {
      fill: var(--brand-text);
      opacity: 0.1;
    }
    .zero {
      stroke: var(--negative);
      stroke-dasharray: 4 4;
      vector-effect: non-scaling-stroke;
    }
    .grid {
      stroke: var(--border);
      vector-effect: non-scaling-stroke;
    }
    text {
      fill: var(--muted);
      font:
        12px system-ui,
        sans-serif;
    }
    .empty {
      color: var(--muted);
      margin: 0;
    }
  `;

  declare points: readonly BalancePoint[];
  declare format: MoneyFormat;
  declare width: number;
  readonly #resize = new ResizeObserver(([entry]) => {
    const width = Math.round(entry?.contentRect.width ?? 0);
    if (width > 0 && width !== this.width) this.width = width;
  });

  constructor() {
    super();
    this.points = [];
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
    const points = this.points;
    if (points.length < 2) return html`<p class="empty">The chart appears after the first deposit.</p>`;
    const first = points[0]!;
    const last = points.at(-1)!;
    const balances = points.map((point) => point.balance);
    const high = Math.max(0, ...balances);
    const low = Math.min(0, ...balances);
    const width = this.width;
    const step = (width - PAD.left - PAD.right) / points.length;
    const x = (index: number) => PAD.left + index * step;
    const span = high - low || 1;
    const y = (balance: number) => PAD.top + ((high - balance) / span) * (HEIGHT - PAD.top - PAD.bottom);
    let path = `M ${x(0).toFixed(1)} ${y(first.balance).toFixed(1)}`;
    points.forEach((point, index) => {
      if (index > 0) path += ` H ${x(index).toFixed(1)} V ${y(point.balance).toFixed(1)}`;
    });
    path += ` H ${(width - PAD.right).toFixed(1)}`;
    const baseline = y(Math.max(low, 0));
    const area = `${path} V ${baseline.toFixed(1)} H ${PAD.left} Z`;
    const label =
      `Balance over time: ${formatMoney(first.balance, this.format)} on ${formatDateTime(first.timestamp, this.format.locale)}, ` +
      `now ${formatMoney(last.balance, this.format)}; highest ${formatMoney(high, this.format)}, lowest ${formatMoney(low, this.format)}.`;
    return html`<svg viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label=${label}>
      ${svg`
        <line class="grid" x1=${PAD.left} x2=${width - PAD.right} y1=${PAD.top} y2=${PAD.top}></line>
        <line class="grid" x1=${PAD.left} x2=${width - PAD.right} y1=${HEIGHT - PAD.bottom} y2=${HEIGHT - PAD.bottom}></line>
        <path class="area" d=${area}></path>
        ${low < 0 ? svg`<line class="zero" x1=${PAD.left} x2=${width - PAD.right} y1=${y(0)} y2=${y(0)}></line>` : nothing}
        <path class="line" d=${path}></path>
        <text x=${PAD.left + 4} y=${PAD.top - 4}>${formatMoney(high, this.format)}</text>
        <text x=${PAD.left + 4} y=${HEIGHT - PAD.bottom - 6}>${formatMoney(low, this.format)}</text>
        <text x=${PAD.left} y=${HEIGHT - 8}>${formatDateTime(first.timestamp, this.format.locale, false)}</text>
        <text x=${width - PAD.right} y=${HEIGHT - 8} text-anchor="end">${formatDateTime(last.timestamp, this.format.locale, false)}</text>
      `}
    </svg>`;
  }
}

customElements.define('balance-chart', BalanceChart);
