/**
 * Accessibility of the web chat during a hand-off, on the real stack (engine over PGlite with the sample library,
 * escalation service, advisers' console): axe-core finds no WCAG 2.1 A/AA violation while the request waits in the
 * queue and while an adviser writes (also at 320 px), and a screen reader hears the adviser's reply once.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleApp, type ConsoleApp } from '../../adapters/console/index.js';
import { createWebApp } from '../../adapters/web/index.js';
import { createAdviserStore, type AdviserStore } from '../../bot/advisers/index.js';
import { createEscalationService, DEFAULT_OFFICE_HOURS } from '../../bot/escalation/index.js';
import { createEngine } from '../../bot/index.js';
import { silentLogger } from '../../config/logger.js';
import { searchLibrary, type Db } from '../../knowledge/index.js';
import { checkAccessibility } from '../support/axe.js';
import { openSampleKnowledge } from '../support/sample-knowledge.js';
import { testDatabases } from '../support/test-databases.js';
import { CHROMIUM, HAS_CHROMIUM, SKIP_REASON, ask } from './chat-page-harness.js';
import { signInAdviser } from '../support/sign-in-adviser.js';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
const QUESTION = 'Hvem har arbejdet med velfærdsteknologi i ældreplejen?';
const REPLY = 'Hej! Jeg er Sara fra Kraftcentret. Ring gerne til Assens Kommune – de har erfaring med skærmbesøg.';

/** Runs axe, prints the one-line summary and fails with the details when anything is found. */
async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const result = await checkAccessibility(page, name);
  console.log(result.summary);
  expect(result.violations, result.details).toEqual([]);
}

describe.skipIf(!HAS_CHROMIUM)(`web chat accessibility during a hand-off${SKIP_REASON}`, { timeout: 120_000 }, () => {
  let db: Db;
  let server: Server;
  let consoleApp: ConsoleApp;
  let advisers: AdviserStore;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const drafts = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-handoff-a11y-drafts-'));

  async function newPage(width = 1280, height = 900): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'da-DK' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message)).on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    return page;
  }

  beforeAll(async () => {
    const sample = await openSampleKnowledge(testDatabases[0]!);
    db = sample.db;
    const knowledge = { db, embedder: sample.embedder, search: (q: string, o: Parameters<typeof searchLibrary>[2]) => searchLibrary(sample, q, o), close: () => db.close() };
    const escalations = createEscalationService({ db, logger: silentLogger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir: drafts });
    const engine = createEngine({ knowledge, logger: silentLogger });
    advisers = createAdviserStore(db);
    consoleApp = createConsoleApp({ escalations, advisers, db, logger: silentLogger, pollMs: 250 });
    const app = express();
    app.use(consoleApp);
    app.use(createWebApp({ engine, db, eventPollMs: 250 }));
    server = await new Promise<Server>((resolve) => void (server = app.listen(0, '127.0.0.1', () => resolve(server))));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    await browser?.close();
    consoleApp?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
    fs.rmSync(drafts, { recursive: true, force: true });
  });

  it('should have no violation while waiting and while an adviser writes, and announce the adviser once', async () => {
    const user = await newPage(320, 640);
    await user.goto(baseUrl);
    await ask(user, QUESTION);
    const reply = user.locator('article.message--bot[data-reply-id]').first();
    await reply.locator('button[data-feedback="down"]').click();
    await reply.locator('.adviser-offer').getByRole('button', { name: 'Tal med en rådgiver' }).click();
    await user.getByText('Din henvendelse er i kø hos Kraftcentrets rådgivere.').waitFor();
    await expectNoAxeViolations(user, 'web chat, hand-off queued, 320 px');
    await user.setViewportSize({ width: 1280, height: 900 });
    await expectNoAxeViolations(user, 'web chat, hand-off queued');

    // What the screen reader is told from here on.
    await user.evaluate(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      const notify = (document as unknown as { ariaNotify: (text: string) => void }).ariaNotify.bind(document);
      Object.defineProperty(document, 'ariaNotify', { configurable: true, value: (text: string) => (heard.push(text), notify(text)) });
    });

    const { token } = await advisers.add({ name: 'Sara Rådgiver', email: `sara-${Date.now()}@kraftcenter.dk` });
    const adviser = await newPage();
    await signInAdviser(adviser, baseUrl, token);
    await adviser.locator('.queue-item', { hasText: QUESTION }).first().getByRole('link').click();
    await adviser.getByRole('button', { name: 'Overtag' }).click();
    await user.getByText('Du skriver nu med Sara Rådgiver fra Kraftcentret.').waitFor();
    await adviser.getByLabel('Svar til brugeren').fill(REPLY);
    await adviser.getByRole('button', { name: 'Send svar' }).click();
    await user.locator('article.message--adviser').waitFor();
    await expectNoAxeViolations(user, 'web chat, adviser writing');
    await user.setViewportSize({ width: 320, height: 640 });
    await expectNoAxeViolations(user, 'web chat, adviser writing, 320 px');
    expect(await user.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    const heard = await user.evaluate(() => (window as unknown as { heard: string[] }).heard);
    expect(heard.filter((text) => text.includes(REPLY))).toEqual([`Sara Rådgiver · Rådgiver fra Kraftcentret: ${REPLY}`]);
    expect(heard.some((text) => /Sara Rådgiver fra Kraftcentret har overtaget samtalen/.test(text))).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
