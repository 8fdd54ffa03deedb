/**
 * The whole hand-off in headless Chromium, on the real stack: the real engine over PGlite with the sample library,
 * the real escalation service, the adviser store, the web chat and the advisers' console in one express app.
 * A user asks for an adviser; an adviser signs in on a second page, sees it arrive live, claims, replies and resolves;
 * the user sees each step live, then the assistant answers again. (Routing during a hand-off: stand-in until wired.)
 * Screenshots: .tmp/handoff-console.png, .tmp/handoff-chat.png, .tmp/handoff-chat-mobile.png.
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
import { createEscalationService, DEFAULT_OFFICE_HOURS, type EscalationCore } from '../../bot/escalation/index.js';
import { createEngine, type BotReply, type Engine } from '../../bot/index.js';
import { silentLogger } from '../../config/logger.js';
import { searchLibrary, type Db } from '../../knowledge/index.js';
import { openSampleKnowledge } from '../support/sample-knowledge.js';
import { testDatabases } from '../support/test-databases.js';
import { CHROMIUM, HAS_CHROMIUM, SKIP_REASON, ask, screenshot } from './chat-page-harness.js';
import { signInAdviser } from '../support/sign-in-adviser.js';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
const QUESTION = 'Hvem har arbejdet med velfærdsteknologi i ældreplejen?';
const REPLY = 'Hej! Jeg er Mette fra Kraftcentret. Ring gerne til Assens Kommune – de har erfaring med skærmbesøg.';

/**
 * Stand-in for the engine's routing while a hand-off is open (the lead wires `routeUserMessage` into
 * handleMessage); used only when the probe in beforeAll finds the real engine does not route yet.
 */
function routeFirst(engine: Engine, escalations: EscalationCore): Engine {
  return {
    ...engine,
    async handleMessage(message) {
      const routed = await escalations.routeUserMessage(`${message.channel}:${message.conversationId}`, message.text, { id: message.user.id });
      if (!routed.routed) return engine.handleMessage(message);
      const { messageId: replyId, text, escalation } = routed.reply;
      return { replyId, conversationId: message.conversationId, language: 'da', intent: 'human', mode: 'extractive', text, citations: [], cases: [], actions: [], confidence: 0, escalationOffered: false, notices: [], escalation } satisfies BotReply;
    },
  };
}

/** Whether the engine already withdraws an open request when the user writes "annuller". */
async function engineRoutes(engine: Engine): Promise<boolean> {
  const message = { channel: 'web', conversationId: `probe-${Date.now()}`, threadId: '', user: { id: 'anon-probe', audience: 'public' as const } };
  await engine.handleMessage({ ...message, text: 'Hej' });
  await engine.requestAdviser(message);
  return (await engine.handleMessage({ ...message, text: 'annuller' })).escalation?.status === 'cancelled';
}

describe.skipIf(!HAS_CHROMIUM)(`hand-off to an adviser in headless Chromium${SKIP_REASON}`, { timeout: 90_000 }, () => {
  let db: Db;
  let server: Server;
  let consoleApp: ConsoleApp;
  let advisers: AdviserStore;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const drafts = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-handoff-drafts-'));

  async function newPage(width = 1280, height = 900): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'da-DK' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message)).on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    return page;
  }

  /** A chat page whose conversation has asked for an adviser (👎, then "Tal med en rådgiver"). */
  async function escalatedChat(width?: number): Promise<Page> {
    const user = await newPage(width);
    await user.goto(baseUrl);
    await ask(user, QUESTION);
    const reply = user.locator('article.message--bot[data-reply-id]').first();
    await reply.locator('button[data-feedback="down"]').click();
    await reply.locator('.adviser-offer').getByRole('button', { name: 'Tal med en rådgiver' }).click();
    await user.getByText('Venter på en rådgiver…').waitFor();
    await user.getByText('Din henvendelse er i kø hos Kraftcentrets rådgivere.').waitFor();
    return user;
  }

  async function signedInConsole(name: string): Promise<Page> {
    const { token } = await advisers.add({ name, email: `${name.split(' ')[0]!.toLowerCase()}-${Date.now()}@kraftcenter.dk` });
    const page = await newPage();
    await signInAdviser(page, baseUrl, token);
    await page.locator('#live[data-state="on"]').waitFor();
    return page;
  }

  beforeAll(async () => {
    const sample = await openSampleKnowledge(testDatabases[0]!);
    db = sample.db;
    const knowledge = { db, embedder: sample.embedder, search: (q: string, o: Parameters<typeof searchLibrary>[2]) => searchLibrary(sample, q, o), close: () => db.close() };
    const escalations = createEscalationService({ db, logger: silentLogger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir: drafts });
    let engine = createEngine({ knowledge, logger: silentLogger });
    if (!(await engineRoutes(engine))) {
      console.warn('handoff.test: the engine does not route messages to the adviser yet; using a stand-in for that wiring.');
      engine = routeFirst(engine, escalations);
    }
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

  it('should carry a conversation from the chat to an adviser and back, live on both pages', async () => {
    const adviser = await signedInConsole('Mette Rådgiver');
    const user = await escalatedChat();

    // The escalation appears in the console without a reload.
    const item = adviser.locator('.queue-item', { hasText: QUESTION });
    await item.waitFor();
    await item.getByRole('link').click();
    await adviser.getByRole('heading', { level: 2, name: QUESTION }).waitFor();
    const answer = adviser.locator('.last-answer');
    await answer.locator('a.cite').first().click();
    await expect.poll(() => answer.locator('.source.is-highlighted').count()).toBe(1);
    expect(await answer.locator('.source a.source__title').count()).toBeGreaterThan(0);

    await adviser.getByRole('button', { name: 'Overtag' }).click();
    await user.getByText(/Mette Rådgiver fra Kraftcentret har overtaget samtalen/).waitFor();
    await user.getByText('Du skriver nu med Mette Rådgiver fra Kraftcentret.').waitFor();
    expect(await user.getByRole('button', { name: /Annuller/ }).isVisible()).toBe(false); // only while queued

    await adviser.getByLabel('Svar til brugeren').fill(REPLY);
    await adviser.getByRole('button', { name: 'Send svar' }).click();
    const adviserMessage = user.locator('article.message--adviser');
    await adviserMessage.waitFor();
    expect(await adviserMessage.textContent()).toContain(REPLY);
    expect(await adviserMessage.locator('.message__author').textContent()).toContain('Mette Rådgiver');
    await adviser.locator('.entry--adviser', { hasText: 'Ring gerne til Assens' }).waitFor();
    await screenshot(adviser, 'handoff-console.png', 1280);
    await screenshot(user, 'handoff-chat.png', 1280);
    // A reload picks the hand-off up again: status bar and the adviser's replies so far.
    await user.reload();
    await user.locator('article.message--adviser', { hasText: 'Ring gerne til Assens' }).waitFor();
    await user.getByText('Du skriver nu med Mette Rådgiver fra Kraftcentret.').waitFor();

    await adviser.getByLabel('Note (kun for rådgivere, valgfri)').fill('Henvist til Assens Kommune.');
    await adviser.getByRole('button', { name: 'Afslut' }).click();
    await user.locator('.handoff-divider', { hasText: 'Assistenten er tilbage' }).waitFor();
    await user.getByText(/Rådgiveren har afsluttet samtalen/).waitFor();
    expect(await user.locator('#handoff').isVisible()).toBe(false);
    await adviser.getByText('Henvendelsen er løst.').waitFor();
    // The queue refreshes from the live change feed, a moment after the detail says it is resolved.
    await adviser.locator('.queue-item', { hasText: QUESTION }).waitFor({ state: 'detached' });

    // The assistant answers again, with sources.
    const bots = user.locator('article.message--bot[data-reply-id]');
    const before = await bots.count();
    await ask(user, 'Hvilke metoder kan vi bruge til at inddrage borgerne?');
    expect(await bots.count()).toBe(before + 1);
    expect(await bots.last().locator('.source').count()).toBeGreaterThan(0);
    expect(await user.locator('article.message--adviser').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("should show the user's message to the adviser live, and let the user cancel while waiting", async () => {
    const adviser = await signedInConsole('Jonas Rådgiver');
    const user = await escalatedChat(390);
    await adviser.locator('.queue-item', { hasText: QUESTION }).first().getByRole('link').click();
    await adviser.getByRole('button', { name: 'Overtag' }).waitFor();

    await ask(user, 'Jeg har også et spørgsmål om budgettet.');
    await user.getByText(/Din besked er sendt videre til rådgiveren/).waitFor();
    expect(await user.getByPlaceholder('Skriv en besked til rådgiveren…').count()).toBe(1);
    await adviser.locator('.entry--user', { hasText: 'budgettet' }).waitFor();
    await user.getByRole('button', { name: /Annuller/ }).click();
    await user.locator('.handoff-divider', { hasText: 'Assistenten er tilbage' }).waitFor();
    await user.getByText(/annulleret/).first().waitFor();
    expect(await user.locator('#handoff').isVisible()).toBe(false);
    await adviser.getByText('Brugeren annullerede anmodningen.').waitFor();
    const overflow = await user.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(user, 'handoff-chat-mobile.png', 390);
    expect(pageErrors).toEqual([]);
  });
});
