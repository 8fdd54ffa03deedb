/**
 * The shared axe helper (test/support/axe.ts) finds WCAG violations, so a clean result on the app's pages means
 * something, and it works under the app's strict CSP (no inline script).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../adapters/web/security-headers.js';
import { checkAccessibility } from '../support/axe.js';
import { CHROMIUM, HAS_CHROMIUM, SKIP_REASON } from './chat-page-harness.js';

const BROKEN_PAGE = '<!doctype html><html><head><title>Broken</title></head><body><main><img src="data:,"><button></button></main></body></html>';

describe.skipIf(!HAS_CHROMIUM)(`axe helper${SKIP_REASON}`, () => {
  let browser: Browser;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': CONTENT_SECURITY_POLICY }).end(BROKEN_PAGE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('reports the violations of a page served with the app CSP, by rule id and node count, in one line', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const result = await checkAccessibility(page, 'broken page');
    console.log(result.summary);
    expect(result.violations.map((violation) => violation.id)).toEqual(expect.arrayContaining(['image-alt', 'button-name', 'html-has-lang']));
    expect(result.summary).toMatch(/^axe WCAG 2\.1 A\/AA \[broken page\]: \d+ rules passed, \d+ violations: .*image-alt \(1 node\)/);
    expect(result.details).toContain('image-alt');
    await page.close();
  });
});
