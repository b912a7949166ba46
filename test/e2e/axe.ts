import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle, read once: injected into each page that is checked (the app never ships it). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One element that breaks one of axe's rules. */
export interface AxeViolation {
  readonly rule: string;
  readonly impact: ImpactValue | undefined;
  readonly help: string;
  /** Where it is: CSS selectors, through shadow roots joined by ` >>> `. */
  readonly target: string;
  /** What axe says is wrong with this element. */
  readonly summary: string;
}

/** The impacts that fail the check: a person who relies on assistive technology cannot use the page. */
export const BLOCKING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

/** Runs axe-core on what `page` shows now (through its shadow roots) and returns every violation, one per element. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const options: RunOptions = { resultTypes: ['violations'] };
  const results = await page.evaluate(
    (runOptions) =>
      (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe.run(
        document,
        runOptions,
      ),
    options,
  );
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => ({
      rule: violation.id,
      impact: node.impact ?? violation.impact ?? undefined,
      help: violation.help,
      target: node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' >>> '),
      summary: (node.failureSummary ?? '').replace(/\s+/gu, ' ').trim(),
    })),
  );
}

/** The violations a person relying on assistive technology cannot get past. */
export function blocking(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((violation) => violation.impact != null && BLOCKING_IMPACTS.includes(violation.impact));
}

/** One line per violation: where it was seen, the rule, its impact and the element. */
export function describeViolations(found: readonly { readonly where: string; readonly violation: AxeViolation }[]) {
  return found
    .map(
      ({ where, violation }) =>
        `${where}: ${violation.rule} (${violation.impact ?? 'no impact'}) at ${violation.target} — ${violation.summary}`,
    )
    .join('\n');
}
