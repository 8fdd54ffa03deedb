/**
 * Test harness for the chat page in headless Chromium: one browser per test file; per test a fresh fake engine,
 * a real server on 127.0.0.1:0 and a fresh page. Page errors and console errors fail the test.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createWebApp } from '../../adapters/web/index.js';
import { createFakeEngine, type FakeEngine } from '../fakes/fake-engine.js';

/** Chromium to drive: CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Suffix for describe titles that says why the suite is skipped. */
export const SKIP_REASON = HAS_CHROMIUM ? '' : ` (SKIPPED: no Chromium at ${CHROMIUM}; install chromium or set CHROMIUM_PATH)`;

if (!HAS_CHROMIUM) console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (install chromium or set CHROMIUM_PATH).`);

const TMP_DIR = fileURLToPath(new URL('../../.tmp/', import.meta.url));
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];

/** What a test sees; fields are replaced before every test. */
export interface ChatPage {
  page: Page;
  engine: FakeEngine;
  baseUrl: string;
  /** Errors the page logged; a test that expects some removes them. */
  pageErrors: string[];
}

/** A bot reply or an error line: what a question ends in. */
const ANSWERS = 'article.message--bot[data-reply-id], .message--error';

/** Registers the hooks and returns the per-test state. Call inside a describe. */
export function useChatPage(): ChatPage {
  const state = {} as ChatPage;
  let browser: Browser;
  let server: Server;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    state.engine = createFakeEngine();
    state.engine.setDelay(100);
    server = await new Promise<Server>((resolve) => {
      const listening = createWebApp({ engine: state.engine }).listen(0, '127.0.0.1', () => resolve(listening));
    });
    state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    state.page = await context.newPage();
    state.pageErrors = [];
    state.page.on('pageerror', (error) => state.pageErrors.push(error.message));
    state.page.on('console', (message) => {
      if (message.type() === 'error') state.pageErrors.push(message.text());
    });
    await state.page.goto(state.baseUrl);
  });
  afterEach(async () => {
    await context?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(state.pageErrors).toEqual([]);
  });

  return state;
}

/** Types `text` in the question box, presses Enter and waits for the answer (or error line) it produces. */
export async function ask(page: Page, text: string): Promise<void> {
  const count = await page.locator(ANSWERS).count();
  await page.getByRole('textbox', { name: 'Dit spørgsmål' }).fill(text);
  await page.keyboard.press('Enter');
  await page.locator(ANSWERS).nth(count).waitFor();
}

/** Screenshot to .tmp/<name>, with the viewport grown to the whole page so the sticky composer sits at the bottom. */
export async function screenshot(page: Page, name: string, width: number): Promise<string> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height });
  mkdirSync(TMP_DIR, { recursive: true });
  const path = `${TMP_DIR}${name}`;
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}
