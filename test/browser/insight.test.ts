/**
 * The console's Indsigt page in headless Chromium on the real stack (PGlite, the engine's stores, the escalation
 * service, the console): with conversations, votes, gaps and escalations seeded through the engine's own store
 * functions, the charts render (chart.js under the app's strict CSP) with the numbers of their tables, and each CSV
 * download holds exactly its table. axe-core checks every console page (sign-in, queue, detail, insight; the insight
 * page also at 320 px) for WCAG 2.1 A/AA and prints one line per page.
 * Screenshots: .tmp/insight.png, .tmp/insight-320.png.
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
import { createAdviserStore, type AdviserStore } from '../../bot/advisers/index.js';
import { computeDueAt, createEscalationService, DEFAULT_OFFICE_HOURS } from '../../bot/escalation/index.js';
import type { Citation } from '../../bot/messages.js';
import { appendMessage, upsertConversation } from '../../bot/store/conversation-store.js';
import { openEscalation } from '../../bot/store/escalation-store.js';
import { recordGap, upsertFeedback } from '../../bot/store/feedback-store.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/db/db.js';
import { checkAccessibility } from '../support/axe.js';
import { testDatabases } from '../support/test-databases.js';
import { CHROMIUM, HAS_CHROMIUM, SKIP_REASON, screenshot } from './chat-page-harness.js';
import { signInAdviser } from '../support/sign-in-adviser.js';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
const DAY = 86_400_000;
const cite = (n: number, documentId: string): Citation => ({ n, documentId, title: `Case om ${documentId}`, passage: 'Et uddrag.' });

describe.skipIf(!HAS_CHROMIUM)(`the insight page in headless Chromium${SKIP_REASON}`, { timeout: 120_000 }, () => {
  let db: Db;
  let server: Server;
  let consoleApp: ConsoleApp;
  let advisers: AdviserStore;
  let browser: Browser;
  let baseUrl: string;
  let escalationId: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const drafts = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-insight-browser-'));
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-insight-csv-'));

  async function signedIn(width = 1280): Promise<Page> {
    const { token } = await advisers.add({ name: 'Ida Indsigt', email: `ida-${Date.now()}-${Math.random()}@kraftcenter.dk` });
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'da-DK', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message)).on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await signInAdviser(page, baseUrl, token);
    return page;
  }

  /** Waits until every figure has rendered (the status line says what is shown). */
  async function openInsight(page: Page, query = ''): Promise<void> {
    await page.goto(`${baseUrl}/advisers/insight${query}`);
    await page.locator('#insight-status', { hasText: /^Viser / }).waitFor();
  }

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
    const now = Date.now();
    const at = (daysAgo: number, seconds = 0) => new Date(now - daysAgo * DAY + seconds * 1000).toISOString();
    const date = async (table: string, id: string, iso: string, column = 'created_at', key = 'id') => db.query(`UPDATE ${table} SET ${column} = $2 WHERE ${key} = $1`, [id, iso]);
    // Three web conversations, two Slack, one Teams, over the last three weeks; every answer cites documents.
    const plan = [
      { channel: 'web', daysAgo: 3, intent: 'case_lookup', docs: ['assens', 'fredericia'], vote: 'up', gap: undefined },
      { channel: 'web', daysAgo: 4, intent: 'method', docs: ['assens'], vote: 'down', gap: 'Hvem har brugt droner i hjemmeplejen?' },
      { channel: 'web', daysAgo: 10, intent: 'case_lookup', docs: ['odense'], vote: undefined, gap: 'Droner i hjemmeplejen – erfaringer?' },
      { channel: 'slack', daysAgo: 5, intent: 'case_lookup', docs: ['assens'], vote: 'up', gap: undefined },
      { channel: 'slack', daysAgo: 17, intent: 'out_of_scope', docs: [], vote: undefined, gap: undefined },
      { channel: 'teams', daysAgo: 11, intent: 'method', docs: ['fredericia'], vote: 'down', gap: 'Kunstig intelligens i jobcentre' },
    ] as const;
    for (const [index, turn] of plan.entries()) {
      const key = (await upsertConversation(db, { channel: turn.channel, conversationId: `insight-${index}`, threadId: '', user: { id: `user-${index}`, audience: 'public' } }, 'da')).id;
      const question = await appendMessage(db, key, { role: 'user', text: turn.gap ?? `Spørgsmål nummer ${index}` });
      await date('messages', question, at(turn.daysAgo));
      const answer = await appendMessage(db, key, { role: 'bot', text: 'Svar.', intent: turn.intent, confidence: turn.gap ? 0.2 : 0.8, citations: turn.docs.map((doc, n) => cite(n + 1, doc)) });
      await date('messages', answer, at(turn.daysAgo, 20));
      if (turn.gap) {
        await recordGap(db, { conversationId: key, messageId: answer, question: turn.gap, reason: 'low_confidence', language: 'da' });
        await date('knowledge_gaps', answer, at(turn.daysAgo, 20), 'created_at', 'message_id');
      }
      if (turn.vote) {
        await upsertFeedback(db, { messageId: answer, userId: `user-${index}`, channel: turn.channel, value: turn.vote });
        await date('feedback', answer, at(turn.daysAgo, 60), 'created_at', 'message_id');
      }
      if (index === 1) {
        const opened = await openEscalation(db, { conversationId: key, trigger: 'thumbs_down', channel: 'web', language: 'da', question: turn.gap!, summary: 'Vil tale med en rådgiver om droner.', dueAt: computeDueAt(new Date(at(turn.daysAgo, 30)), 4, DEFAULT_OFFICE_HOURS) });
        escalationId = opened.escalation.id;
        await date('escalations', escalationId, at(turn.daysAgo, 30));
      }
    }
    const escalations = createEscalationService({ db, logger: silentLogger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir: drafts });
    advisers = createAdviserStore(db);
    consoleApp = createConsoleApp({ escalations, advisers, db, logger: silentLogger, pollMs: 250 });
    const app = express().use(consoleApp);
    server = await new Promise<Server>((resolve) => void (server = app.listen(0, '127.0.0.1', () => resolve(server))));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    await browser?.close();
    consoleApp?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
    fs.rmSync(drafts, { recursive: true, force: true });
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  it('should draw every chart from the seeded data, with the numbers of the table under it', async () => {
    const page = await signedIn();
    await openInsight(page);
    const charts = await page.evaluate(() => {
      const chartApi = (window as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): { data: { datasets: { label: string; data: (number | null)[] }[] } } | undefined } }).Chart;
      return Object.fromEntries(
        Array.from(document.querySelectorAll('canvas')).map((canvas) => {
          const chart = chartApi.getChart(canvas as HTMLCanvasElement);
          // A drawn canvas has pixels that are not transparent.
          const pixels = (canvas as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted += 1;
          return [canvas.id, { painted, datasets: chart?.data.datasets.map((dataset) => ({ label: dataset.label, sum: dataset.data.reduce<number>((a, b) => a + (b ?? 0), 0) })) }];
        }),
      );
    });
    expect(Object.keys(charts).sort()).toEqual(['cited-chart', 'escalations-chart', 'gaps-chart', 'intents-chart', 'quality-chart', 'questions-chart']);
    for (const chart of Object.values(charts)) expect(chart.painted).toBeGreaterThan(500);
    // 6 questions in the last 30 days: web 3, Slack 2, Teams 1.
    expect(charts['questions-chart']!.datasets).toEqual([{ label: 'Web', sum: 3 }, { label: 'Slack', sum: 2 }, { label: 'Teams', sum: 1 }]);
    expect(charts['intents-chart']!.datasets).toEqual([{ label: 'Case-opslag', sum: 3 }, { label: 'Metode', sum: 2 }, { label: 'Uden for emnet', sum: 1 }]);
    // The gaps: "droner" twice (one topic, as the report groups them), "kunstig intelligens" once.
    expect(charts['gaps-chart']!.datasets).toEqual([{ label: 'Spørgsmål', sum: 3 }]);
    expect(charts['escalations-chart']!.datasets![0]).toEqual({ label: 'Åbnet', sum: 1 });
    // Answers citing each document: assens 3, fredericia 2, odense 1.
    expect(charts['cited-chart']!.datasets).toEqual([{ label: 'Svar der citerer det', sum: 6 }]);

    const totals = await page.locator('#questions-table tbody tr td:last-child').allTextContents();
    expect(totals.reduce((sum, cell) => sum + Number(cell), 0)).toBe(6);
    const gapRows = page.locator('#gaps-table tbody tr');
    expect(await gapRows.count()).toBe(2);
    expect(await gapRows.first().locator('td').first().textContent()).toBe('2');
    await expect.poll(() => gapRows.first().locator('th').textContent()).toMatch(/droner/);
    const cited = await page.locator('#cited-table tbody tr th').allTextContents();
    expect(cited).toEqual(['Case om assens', 'Case om fredericia', 'Case om odense']);
    await screenshot(page, 'insight.png', 1280);
    expect(pageErrors).toEqual([]);
  });

  it('should download for each figure a CSV holding exactly the cells of its table', async () => {
    const page = await signedIn();
    await openInsight(page);
    const links = page.locator('a[data-csv]');
    // Six figures have rows (no library is ingested here, so the never-cited list is empty and has no CSV).
    expect(await links.count()).toBe(6);
    for (const id of await links.evaluateAll((anchors) => anchors.map((a) => (a as HTMLElement).dataset.csv!))) {
      await page.locator(`#${id}-table`).evaluate((element) => element.closest('details')!.setAttribute('open', ''));
      const table = await page.locator(`#${id}-table table`).evaluate((element) => {
        const dataColumns = element.querySelectorAll('thead th').length - (element.querySelector('.data-table__actions') ? 1 : 0);
        const text = (cell: Element) => (cell.querySelector('li') ? Array.from(cell.querySelectorAll('li')).map((li) => li.textContent).join(' | ') : (cell.textContent ?? ''));
        return Array.from(element.querySelectorAll('tr')).map((row) => Array.from(row.children).slice(0, dataColumns).map(text));
      });
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[data-csv="${id}"]`).click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const file = path.join(downloads, `${id}.csv`);
      await download.saveAs(file);
      const csv = fs.readFileSync(file, 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const parsed = csv.slice(1).trimEnd().split('\r\n').map((line) => line.split(';').map((field) => (field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field)));
      expect(parsed, id).toEqual(table);
    }
  });

  it('should apply the channel filter and a custom period from the form, and offer a case draft of a gap', async () => {
    const page = await signedIn();
    await openInsight(page);
    await page.locator('#filter-channel').selectOption('slack');
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.waitForURL(/channel=slack/);
    await page.locator('#insight-status', { hasText: /kanal: Slack/ }).waitFor();
    const sum = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { data: { datasets: { data: number[] }[] } } } }).Chart.getChart('questions-chart');
      return chart.data.datasets.flatMap((dataset) => dataset.data).reduce((a, b) => a + b, 0);
    });
    expect(sum).toBe(2);

    await page.locator('#filter-period').selectOption('custom');
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10);
    await page.locator('#filter-from').fill(from);
    await page.locator('#filter-to').fill(to);
    await page.locator('#filter-channel').selectOption('web');
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.locator('#insight-status', { hasText: /\(8 dage\), kanal: Web/ }).waitFor();
    await page.locator('#gaps-table').evaluate((element) => element.closest('details')!.setAttribute('open', ''));
    const [draft] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Case-udkast om .*droner/ }).click()]);
    expect(draft.suggestedFilename()).toMatch(/^udkast-case-.*droner.*\.md$/);
    const markdown = fs.readFileSync((await draft.path())!, 'utf8');
    expect(markdown).toContain('type: case');
    expect(markdown).toContain('- Hvem har brugt droner i hjemmeplejen?');
    expect(pageErrors).toEqual([]);
  });

  it('should pass axe (WCAG 2.1 A/AA) on every console page: sign-in, queue, detail and insight, also at 320 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    contexts.push(context);
    const signIn = await context.newPage();
    await signIn.goto(`${baseUrl}/advisers`);
    const reports = [await checkAccessibility(signIn, 'console sign-in')];

    const page = await signedIn();
    await page.locator('.queue-item').first().waitFor();
    reports.push(await checkAccessibility(page, 'console queue'));
    await page.goto(`${baseUrl}/advisers/queue#/${encodeURIComponent(escalationId)}`);
    await page.getByRole('button', { name: 'Overtag' }).waitFor();
    reports.push(await checkAccessibility(page, 'console detail'));
    await openInsight(page);
    await page.locator('details.figure-table').evaluateAll((all) => all.forEach((details) => details.setAttribute('open', '')));
    reports.push(await checkAccessibility(page, 'console insight'));

    const narrow = await signedIn(320);
    await openInsight(narrow);
    await narrow.locator('details.figure-table').evaluateAll((all) => all.forEach((details) => details.setAttribute('open', '')));
    reports.push(await checkAccessibility(narrow, 'console insight 320 px'));
    // Nothing but the tables' own scroll regions may scroll sideways at 320 px (WCAG 1.4.10 reflow).
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await screenshot(narrow, 'insight-320.png', 320);

    for (const report of reports) console.log(report.summary);
    for (const report of reports) expect(report.violations, report.details).toEqual([]);
  });
});
