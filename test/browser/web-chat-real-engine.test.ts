/**
 * The web chat against the real engine and the sample library (not the fake): a who-has-done-this question shows
 * case cards and working citation links, and 👍 is stored in the database.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../adapters/web/index.js';
import { createEngine } from '../../bot/index.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/db/db.js';
import { openKnowledgeBase } from '../../knowledge/knowledge-base.js';
import { openSampleKnowledge } from '../support/sample-knowledge.js';
import { testDatabases } from '../support/test-databases.js';
import { ask, CHROMIUM, HAS_CHROMIUM, screenshot, SKIP_REASON } from './chat-page-harness.js';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];

describe.skipIf(!HAS_CHROMIUM)(`web chat with the real engine${SKIP_REASON}`, () => {
  let db: Db;
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const sample = await openSampleKnowledge(testDatabases[0]!);
    db = sample.db;
    const knowledge = await openKnowledgeBase({} as never, { db, embedder: sample.embedder, checkModel: false });
    const engine = createEngine({ knowledge, logger: silentLogger });
    server = await new Promise<Server>((resolve) => {
      const listening = createWebApp({ engine, db }).listen(0, '127.0.0.1', () => resolve(listening));
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' })).newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  it('should show case cards and citation links for a who-has-done-this question, and store 👍', async () => {
    await ask(page, 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?');
    const reply = page.locator('article.message--bot[data-reply-id]').last();
    const replyId = await reply.getAttribute('data-reply-id');

    expect(await reply.locator('.case-card__org').allTextContents()).toContain('Fredericia Kommune');
    const citation = reply.locator('.answer a.cite', { hasText: '[1]' }).first();
    await citation.click();
    const source = page.locator(`#src-${replyId}-1`);
    expect(await source.getAttribute('class')).toContain('is-highlighted');
    const stored = await db.query<{ citations: { n: number; url?: string }[] }>('SELECT citations FROM messages WHERE id = $1', [replyId]);
    const first = (typeof stored.rows[0]!.citations === 'string' ? JSON.parse(stored.rows[0]!.citations as never) : stored.rows[0]!.citations)[0];
    if (first.url) expect(await source.locator('a.source__title').getAttribute('href')).toBe(first.url);

    await reply.locator('[data-feedback="up"]').click();
    await expect
      .poll(async () => (await db.query<{ value: string }>('SELECT value FROM feedback WHERE message_id = $1', [replyId])).rows[0]?.value)
      .toBe('up');
    await screenshot(page, 'web-chat-real-engine.png', 1280);
  }, 60_000);
});
