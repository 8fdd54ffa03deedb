/**
 * axe-core in headless Chromium: checks a page against WCAG 2.1 A and AA and says what it found in one line.
 *
 * axe is injected with `frame.evaluate(source)` (DevTools' Runtime.evaluate), not `page.addScriptTag({ content })`:
 * an added <script> element is inline script, which the app's CSP (`script-src 'self'`) refuses, and turning the CSP
 * off with `bypassCSP: true` would test a page the users never see. Runtime.evaluate is not subject to the page's
 * CSP, so the page is checked exactly as served. axe is injected into every frame (same- or cross-origin), so
 * `iframes: true` reaches into an embedded chat as well.
 *
 * @example
 * const report = await checkAccessibility(page, 'chat empty');
 * console.log(report.summary);
 * expect(report.violations, report.details).toEqual([]);
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { Frame, Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rule tags (the Danish web accessibility act points to WCAG 2.1 AA). */
export const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What one axe run found. */
export interface AxeReport {
  /** The WCAG 2.1 A/AA violations (empty when the page passes). */
  violations: Result[];
  /** How many rules passed. */
  passes: number;
  /** One line for the test output: page name, rules passed, violations with ids and node counts. */
  summary: string;
  /** Every violation with its help text and the selectors of the failing nodes, for an assertion message. */
  details: string;
}

/** Injects axe into the frame unless it is already there. */
async function injectAxe(frame: Frame): Promise<void> {
  const present = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!present) await frame.evaluate(AXE_SOURCE);
}

/** Runs axe (WCAG 2.1 A/AA) on the page as it is now, frames included. `name` names the page in the summary. */
export async function checkAccessibility(page: Page, name: string): Promise<AxeReport> {
  for (const frame of page.frames()) {
    if (!frame.isDetached()) await injectAxe(frame);
  }
  const options: RunOptions = { runOnly: { type: 'tag', values: WCAG_21_AA_TAGS }, iframes: true, resultTypes: ['violations'] };
  const results = await page.evaluate(
    (runOptions) => (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> } }).axe.run(document, runOptions),
    options as unknown as Record<string, unknown>,
  );
  return report(name, results);
}

/** Builds the report from axe's results. */
export function report(name: string, results: Pick<AxeResults, 'violations' | 'passes'>): AxeReport {
  const { violations } = results;
  const passes = results.passes.length;
  const found = violations.map((violation) => `${violation.id} (${violation.nodes.length} ${violation.nodes.length === 1 ? 'node' : 'nodes'})`);
  const summary = `axe WCAG 2.1 A/AA [${name}]: ${passes} rules passed, ${violations.length} violations${found.length ? `: ${found.join(', ')}` : ''}`;
  const details = violations
    .map((violation) => `${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `  ${node.target.join(' ')} – ${node.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
  return { violations, passes, summary, details: details || summary };
}
