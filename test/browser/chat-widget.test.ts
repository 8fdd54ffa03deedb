/**
 * The embeddable chat (adapters/web/public/widget.js) on a plain page served from another origin and another site
 * (http://localhost:<port> around the chat at http://127.0.0.1:<port>), under a strict CSP of its own: the launcher
 * appears, opens the chat in an iframe by keyboard, a question is answered inside the frame, Escape closes the panel
 * and gives the focus back to the launcher; English and phone-sized screens; and a site not in WEB_EMBED_ORIGINS
 * gets a frame the browser refuses (CSP frame-ancestors). Screenshot: .tmp/chat-widget.png.
 */
import http from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../adapters/web/index.js';
import { checkAccessibility } from '../support/axe.js';
import { createFakeEngine } from '../fakes/fake-engine.js';
import { CHROMIUM, HAS_CHROMIUM, SKIP_REASON, screenshot } from './chat-page-harness.js';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
const QUESTION = 'Hvem har arbejdet med velfærdsteknologi i ældreplejen?';

/** A municipality's page with the widget tag: its own strict CSP allows scripts and frames from the chat only. */
function hostPage(chatOrigin: string, attributes: string): string {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kommunens intranet</title></head><body><main><h1>Kommunens intranet</h1><p>Nyheder og vejledninger.</p></main>
<script src="${chatOrigin}/widget.js" ${attributes} defer></script></body></html>`;
}

/** Starts a server on 127.0.0.1:0 and returns it with its port. */
async function listen(handler: http.RequestListener): Promise<{ server: Server; port: number }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe.skipIf(!HAS_CHROMIUM)(`embeddable chat widget in headless Chromium${SKIP_REASON}`, { timeout: 60_000 }, () => {
  let browser: Browser;
  const servers: Server[] = [];
  const contexts: BrowserContext[] = [];
  let consoleLines: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  /**
   * The embedding page (on localhost) and the chat server (on 127.0.0.1); `allowed` says whether the chat lets that
   * page frame it. Returns the opened page.
   */
  async function embeddingPage(options: { allowed: boolean; attributes?: string; width?: number; height?: number }) {
    const engine = createFakeEngine();
    let chatOrigin = '';
    const hosting = await listen((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `default-src 'self'; script-src ${chatOrigin}; frame-src ${chatOrigin}; style-src 'self'`,
      });
      res.end(hostPage(chatOrigin, options.attributes ?? 'data-lang="da" data-title="Spørg Kraftcenteret"'));
    });
    const hostOrigin = `http://localhost:${hosting.port}`;
    const chatApp = createWebApp({ engine, embedOrigins: options.allowed ? [hostOrigin] : undefined });
    const chat = await listen(chatApp);
    chatOrigin = `http://127.0.0.1:${chat.port}`;
    servers.push(hosting.server, chat.server);

    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, locale: 'da-DK' });
    contexts.push(context);
    const page = await context.newPage();
    consoleLines = [];
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    await page.goto(hostOrigin);
    return { page, engine, chatOrigin };
  }

  /** The chat's frame once its page has loaded and its script has run. */
  async function chatFrame(page: Page, chatOrigin: string): Promise<Frame> {
    await expect.poll(() => page.frames().some((frame) => frame.url().startsWith(chatOrigin))).toBe(true);
    const frame = page.frames().find((candidate) => candidate.url().startsWith(chatOrigin))!;
    await frame.waitForFunction(() => document.documentElement.classList.contains('js-ready'));
    return frame;
  }

  /** Which element has the focus: inside the launcher's shadow root, or in the chat frame. */
  const focusedInWidget = (page: Page) =>
    page.evaluate(() => {
      const host = document.querySelector('[data-kraftcenter-chat]');
      const inner = host?.shadowRoot?.activeElement;
      if (document.activeElement === host && inner) return inner.className || inner.tagName.toLowerCase();
      return document.activeElement?.tagName.toLowerCase() ?? '';
    });

  it('should open the chat from the launcher by keyboard, answer inside the frame, and close with Escape back to the launcher', async () => {
    const { page, engine, chatOrigin } = await embeddingPage({ allowed: true });
    const launcher = page.getByRole('button', { name: 'Spørg Kraftcenteret' });
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-kraftcenter-chat]')!.shadowRoot!.querySelector('.launcher')!).position)).toBe('fixed');
    expect(page.frames()).toHaveLength(1); // no chat session until it is opened

    await page.keyboard.press('Tab');
    expect(await focusedInWidget(page)).toBe('launcher');
    await page.keyboard.press('Enter');
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByRole('dialog', { name: 'Spørg Kraftcenteret' }).isVisible()).toBe(true);
    const frame = await chatFrame(page, chatOrigin);

    // The keyboard lands in the chat's question box: typing and Enter ask the question.
    await expect.poll(() => focusedInWidget(page)).toBe('iframe');
    await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe('message-input');
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    const reply = frame.locator('article.message--bot[data-reply-id]');
    await reply.first().waitFor();
    expect(await reply.first().locator('.answer').textContent()).toContain('Flere kommuner har erfaring');
    expect(engine.calls.handleMessage[0]?.user.audience).toBe('public');
    // The same conversation goes on: a second question is answered too.
    await frame.locator('#message-input').fill('Hvilke metoder brugte de?');
    await frame.locator('#message-input').press('Enter');
    await reply.nth(1).waitFor();
    expect(new Set(engine.calls.handleMessage.map((message) => message.conversationId)).size).toBe(1);

    const result = await checkAccessibility(page, 'widget open on a host page, with an answer');
    console.log(result.summary);
    expect(result.violations, result.details).toEqual([]);
    await screenshot(page, 'chat-widget.png', 1280);

    // Escape in the chat closes the panel and returns the focus to the launcher; reopening keeps the conversation.
    await frame.locator('#message-input').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await focusedInWidget(page)).toBe('launcher');
    await launcher.click();
    expect(await reply.count()).toBe(2);
    // Escape on the panel's own close button (outside the frame) closes it too.
    await page.getByRole('button', { name: 'Luk chatten' }).focus();
    await page.keyboard.press('Escape');
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await focusedInWidget(page)).toBe('launcher');
    expect(consoleLines).toEqual([]);
  });

  it('should speak English and sit on the left when the tag says data-lang="en" data-position="left"', async () => {
    const { page, chatOrigin } = await embeddingPage({ allowed: true, attributes: 'data-lang="en" data-position="left"' });
    const launcher = page.getByRole('button', { name: 'Ask the Kraftcenter assistant' });
    await launcher.click();
    const frame = await chatFrame(page, chatOrigin);
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await frame.getByRole('textbox', { name: 'Your question' }).count()).toBe(1);
    expect(await frame.getByRole('button', { name: 'Send question' }).count()).toBe(1);
    const box = await launcher.boundingBox();
    expect(box!.x).toBeLessThan(100);
    expect(await page.getByRole('button', { name: 'Close the chat' }).count()).toBe(1);
    expect(consoleLines).toEqual([]);
  });

  it('should fill a 320 px wide phone screen with the chat, with nothing to scroll sideways', async () => {
    const { page, chatOrigin } = await embeddingPage({ allowed: true, width: 320, height: 640 });
    const launcher = page.getByRole('button', { name: 'Spørg Kraftcenteret' });
    const box = (await launcher.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(box.height).toBeGreaterThanOrEqual(44);
    await launcher.click();
    const panel = (await page.getByRole('dialog').boundingBox())!;
    expect(panel).toEqual({ x: 0, y: 0, width: 320, height: 640 });
    const frame = await chatFrame(page, chatOrigin);
    await frame.locator('#message-input').fill(QUESTION);
    await frame.locator('#message-input').press('Enter');
    await frame.locator('article.message--bot[data-reply-id]').waitFor();
    expect(await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(consoleLines).toEqual([]);
  });

  it('should have the browser refuse the frame when the embedding site is not in WEB_EMBED_ORIGINS', async () => {
    const { page, chatOrigin } = await embeddingPage({ allowed: false });
    await page.getByRole('button', { name: 'Spørg Kraftcenteret' }).click();
    await expect.poll(() => consoleLines.some((line) => line.includes("frame-ancestors 'none'"))).toBe(true);
    expect(consoleLines.join('\n')).toContain(chatOrigin);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!;
    expect(await frame.locator('#message-input').count()).toBe(0);
  });
});
