/**
 * "Del jeres erfaring" in the web chat, in headless Chromium (fake engine, in-memory submission service): the
 * header button and a reply's share_case action open the same dialog; a wrong e-mail is shown beside its field
 * (aria-invalid, aria-describedby, focus, summary); corrected and sent with a small PDF, the dialog shows the
 * reference. axe finds no WCAG 2.1 A/AA violation in the open form, with errors, or in the thanks. In the widget's
 * frame on another site the form is sent too, and Escape closes the dialog without closing the widget's panel.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebApp } from '../../adapters/web/index.js';
import { createFakeEngine, type FakeEngine } from '../fakes/fake-engine.js';
import { createMemorySubmissions, type MemorySubmissions } from '../fakes/memory-submissions.js';
import { checkAccessibility } from '../support/axe.js';
import { fillCase, SAMPLE_PDF_PATH } from '../support/fill-case-form.js';
import { CHROMIUM, HAS_CHROMIUM, SKIP_REASON, ask } from './chat-page-harness.js';

async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const result = await checkAccessibility(page, name);
  console.log(result.summary);
  expect(result.violations, result.details).toEqual([]);
}

describe(`Del jeres erfaring in the web chat (Chromium)${SKIP_REASON}`, { skip: !HAS_CHROMIUM }, () => {
  let browser: Browser;
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let engine: FakeEngine;
  let submissions: MemorySubmissions;
  let baseUrl: string;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    engine = createFakeEngine();
    submissions = createMemorySubmissions();
    server = await new Promise<Server>((resolve) => {
      const listening = createWebApp({ engine, submissions }).listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    context.setDefaultTimeout(8_000);
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The 400 of the first try is expected; the browser logs it as a failed resource.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 400/.test(message.text())) pageErrors.push(message.text());
    });
  });
  afterEach(async () => {
    await context?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(pageErrors).toEqual([]);
  });

  it('should show a wrong e-mail beside its field, then send the corrected form with a PDF and show the reference', async () => {
    await page.goto(baseUrl);
    const opener = page.getByRole('button', { name: 'Del jeres erfaring' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Del jeres erfaring' });
    await dialog.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('case-title');
    await expectNoAxeViolations(page, 'case form open');

    await fillCase(page, { contact_email: 'projekt-at-fredericia' });
    await dialog.getByRole('button', { name: 'Send erfaring' }).click();
    const email = dialog.getByRole('textbox', { name: 'Kontaktens arbejdsmail', exact: true });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const error = dialog.locator('#case-contact-email-error');
    await expect.poll(() => error.textContent()).toMatch(/skal være en e-mailadresse/);
    expect((await email.getAttribute('aria-describedby'))?.split(' ')).toContain('case-contact-email-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-contact-email');
    expect(await dialog.locator('.form-summary').textContent()).toMatch(/Ret disse felter:.*Kontaktens arbejdsmail: skal være en e-mailadresse/);
    expect(submissions.stored).toHaveLength(0);
    await expectNoAxeViolations(page, 'case form with a field error');

    await email.fill('projekt@fredericia.dk');
    await dialog.getByLabel('Vedhæft en fil (valgfrit)').setInputFiles(SAMPLE_PDF_PATH);
    await dialog.getByRole('button', { name: 'Send erfaring' }).click();
    const thanks = dialog.locator('.case-thanks__message');
    await thanks.waitFor();
    expect(await thanks.textContent()).toMatch(/^Tak! Jeres erfaring er modtaget med referencenummer KC-2026-0001\./);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Tak for jeres erfaring');
    await expectNoAxeViolations(page, 'case form sent');

    expect(submissions.stored).toHaveLength(1);
    expect(submissions.stored[0]?.attachment).toMatchObject({ fileName: 'erfaring.pdf', mimeType: 'application/pdf' });
    expect(submissions.stored[0]?.value.frontMatter).toMatchObject({ contact: { email: 'projekt@fredericia.dk' }, innovation_type: ['medarbejderdreven'] });
    expect(submissions.stored[0]?.submitter).toMatchObject({ channel: 'web', language: 'da' });

    await dialog.locator('.case-thanks').getByRole('button', { name: 'Luk' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('share-case');
    // Opened again, the form is empty.
    await opener.click();
    expect(await page.getByRole('dialog').getByRole('textbox', { name: 'Titel', exact: true }).inputValue()).toBe('');
  });

  it('should open the same form from a reply that offers share_case, and close with Escape back to the button', async () => {
    await page.goto(baseUrl);
    engine.queueReply({ actions: [{ type: 'share_case', label: 'Del jeres erfaring med os' }] });
    await ask(page, 'Vi har selv prøvet hverdagsrehabilitering');
    const offer = page.locator('#log').getByRole('button', { name: 'Del jeres erfaring med os' });
    await offer.click();
    const dialog = page.getByRole('dialog', { name: 'Del jeres erfaring' });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Titel', exact: true }).getAttribute('maxlength')).toBe('150');
    expect(await dialog.getByLabel('Vedhæft en fil (valgfrit)').getAttribute('accept')).toBe('.pdf,.docx');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Del jeres erfaring med os');
  });

  it('should speak English on the English page, field errors included', async () => {
    await page.goto(`${baseUrl}/?lang=en`);
    await page.getByRole('button', { name: 'Share your experience' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share your experience' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Send experience' }).click();
    const title = dialog.getByRole('textbox', { name: 'Title', exact: true });
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#case-title-error').textContent()).toBe('is required');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-title');
    await expectNoAxeViolations(page, 'case form in English with errors');
  });
});

describe(`Del jeres erfaring inside the embedded widget (Chromium)${SKIP_REASON}`, { skip: !HAS_CHROMIUM, timeout: 60_000 }, () => {
  let browser: Browser;
  const servers: Server[] = [];
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await context?.close();
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const listen = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return (server.address() as AddressInfo).port;
  };

  it('should send the form from the chat framed on another site, and close only the dialog with Escape', async () => {
    const submissions = createMemorySubmissions();
    let chatOrigin = '';
    const hostPort = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Intranet</title></head><body><main><h1>Intranet</h1></main>
<script src="${chatOrigin}/widget.js" data-lang="da" data-title="Spørg Kraftcenteret" defer></script></body></html>`);
    });
    const hostOrigin = `http://localhost:${hostPort}`;
    const chatPort = await listen(createWebApp({ engine: createFakeEngine(), submissions, embedOrigins: [hostOrigin] }));
    chatOrigin = `http://127.0.0.1:${chatPort}`;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    await page.goto(hostOrigin);
    const launcher = page.getByRole('button', { name: 'Spørg Kraftcenteret' });
    await launcher.click();
    await expect.poll(() => page.frames().some((frame) => frame.url().startsWith(chatOrigin))).toBe(true);
    const frame = page.frames().find((candidate) => candidate.url().startsWith(chatOrigin))!;
    await frame.waitForFunction(() => document.documentElement.classList.contains('js-ready'));

    await frame.getByRole('button', { name: 'Del jeres erfaring' }).click();
    const dialog = frame.getByRole('dialog', { name: 'Del jeres erfaring' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');

    await frame.getByRole('button', { name: 'Del jeres erfaring' }).click();
    await fillCase(frame);
    await dialog.getByRole('button', { name: 'Send erfaring' }).click();
    await dialog.locator('.case-thanks__message').waitFor();
    expect(await dialog.locator('.case-thanks__message').textContent()).toContain('referencenummer KC-2026-0001');
    expect(submissions.stored).toHaveLength(1);
  });
});
