/**
 * A web user who shared a case hears back in the chat, on the real server (embedded database, the real
 * SubmissionService) in headless Chromium: an adviser asks a question about the case and then publishes it, and the
 * user sees both in the chat log as the adviser's messages, with the case's own link clickable (and HTML in the
 * adviser's text shown as text), announced to screen readers. Once live, with the page open; once when the user comes
 * back later (a new tab in the same browser, then a reload): what came while the page was closed is shown once, and
 * after the final notice the page no longer opens a stream. On the English page the labels and the rejection are in
 * English. A case shared before the user wrote anything starts the conversation the answers come in.
 * Screenshot: .tmp/shared-case-answer.png.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdviserIdentity } from '../../bot/escalation/escalation-port.js';
import type { SubmissionService } from '../../bot/submissions/submission-port.js';
import { startAllChannelsServer, type AllChannelsServer } from '../support/all-channels-server.js';
import { fillCase } from '../support/fill-case-form.js';
import { CHROMIUM, HAS_CHROMIUM, SKIP_REASON, ask, screenshot } from './chat-page-harness.js';

const ADVISER: AdviserIdentity = { id: 'adviser-rasmus', name: 'Rasmus Redaktør', email: 'rasmus@kraftcenter.example.dk' };
const CASE_LINK = 'https://vesthimmerland.example.dk/droner';
const QUESTION = 'Hvor mange droner brugte I? <b>ikke fed</b>';
const STORE_KEY = 'kc-shared-cases';

describe.skipIf(!HAS_CHROMIUM)(`a shared case's answer in the web chat${SKIP_REASON}`, { timeout: 240_000 }, () => {
  let server: AllChannelsServer;
  let browser: Browser;
  let submissions: SubmissionService;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startAllChannelsServer();
    submissions = server.started.runtime.submissions;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A browser of its own, whose pages record what a screen reader is told (ariaNotify or the status region). */
  async function newUser(): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    await context.addInitScript(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      const notify = (document as unknown as { ariaNotify?: (text: string) => void }).ariaNotify?.bind(document);
      Object.defineProperty(document, 'ariaNotify', { configurable: true, value: (text: string) => (heard.push(text), notify?.(text)) });
      window.addEventListener('DOMContentLoaded', () => {
        const announcer = document.getElementById('announcer');
        if (announcer) new MutationObserver(() => heard.push(announcer.lastElementChild?.textContent ?? '')).observe(announcer, { childList: true });
      });
    });
    return context;
  }

  async function openChat(context: BrowserContext, path = '/'): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
    await page.goto(`${server.baseUrl}${path}`);
    return page;
  }

  /** Asks a first question (that is what stores the conversation), shares a case and returns its id and reference. */
  async function shareCase(page: Page, title: string, chatFirst = true): Promise<{ id: string; reference: string }> {
    if (chatFirst) await ask(page, 'Hvem har brugt droner i kommunen?');
    await page.getByRole('button', { name: 'Del jeres erfaring' }).click();
    await fillCase(page, {
      title,
      organisation: 'Vesthimmerlands Kommune',
      region: 'Nordjylland',
      policy_area: 'affald og genbrug',
      what_we_did: 'Vi fløj med droner over genbrugspladsen og kortlagde affaldssorteringen container for container.',
      what_came_of_it: 'Fejlsorteringen faldt, fordi borgerne fik billeder af, hvad der endte i de forkerte containere.',
      advice: 'Tal med pladsens medarbejdere først: de ved, hvor fejlsorteringen sker.',
    });
    const dialog = page.getByRole('dialog', { name: 'Del jeres erfaring' });
    await dialog.getByRole('textbox', { name: 'Link (valgfrit)' }).fill(CASE_LINK);
    await dialog.getByRole('button', { name: 'Send erfaring' }).click();
    const thanks = dialog.locator('.case-thanks__message');
    await thanks.waitFor();
    const reference = /KC-\d{4}-\d{4}/.exec((await thanks.textContent()) ?? '')![0];
    await dialog.locator('.case-thanks').getByRole('button', { name: 'Luk' }).click();
    const summary = (await submissions.list()).find((item) => item.reference === reference)!;
    return { id: summary.id, reference };
  }

  const adviserMessages = (page: Page) => page.locator('article.message--adviser');
  const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
  const remembered = (page: Page) => page.evaluate((key) => localStorage.getItem(key), STORE_KEY);

  async function expectQuestionShown(page: Page, reference: string): Promise<void> {
    const question = adviserMessages(page).filter({ hasText: `Spørgsmål om jeres indsendte erfaring ${reference}` });
    await question.waitFor();
    expect(await question.locator('.message__author').textContent()).toBe('Rasmus Redaktør · Rådgiver fra Kraftcentret');
    // The adviser's text is text: no element comes of it.
    expect(await question.locator('.answer').textContent()).toContain('<b>ikke fed</b>');
    expect(await question.locator('.answer b').count()).toBe(0);
  }

  async function expectPublishedShown(page: Page, reference: string): Promise<void> {
    const notice = adviserMessages(page).filter({ hasText: `(${reference}) er nu lagt i Kraftcentrets bibliotek` });
    await notice.waitFor();
    const link = notice.getByRole('link', { name: CASE_LINK });
    expect(await link.getAttribute('href')).toBe(CASE_LINK);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');
  }

  it('should show the adviser\'s question and the "published" notice live, and announce them', async () => {
    const context = await newUser();
    const page = await openChat(context);
    const { id, reference } = await shareCase(page, 'Droner kortlægger affaldssortering i Aars');
    const conversationId = (await page.evaluate(() => sessionStorage.getItem('kc-conversation-id')))!;
    expect(JSON.parse((await remembered(page))!)).toMatchObject({ [conversationId]: { references: [reference] } });

    expect((await submissions.ask(id, ADVISER, QUESTION)).ok).toBe(true);
    await expectQuestionShown(page, reference);
    expect((await heard(page)).some((text) => text.startsWith('Rasmus Redaktør · Rådgiver fra Kraftcentret: Spørgsmål om jeres indsendte erfaring'))).toBe(true);

    expect((await submissions.publish(id, ADVISER)).ok).toBe(true);
    await expectPublishedShown(page, reference);
    expect((await heard(page)).some((text) => text.includes(`(${reference}) er nu lagt i Kraftcentrets bibliotek`))).toBe(true);
    expect(await adviserMessages(page).count()).toBe(2);
    await screenshot(page, 'shared-case-answer.png', 1280);
    // The final notice has come: the browser forgets the case.
    await page.waitForFunction((key) => localStorage.getItem(key) === null, STORE_KEY);

    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('should show what came while the page was closed when the user comes back, once, and then stop following', async () => {
    const context = await newUser();
    const first = await openChat(context);
    const { id, reference } = await shareCase(first, 'Droner kortlægger affaldssortering i Farsø');
    await first.close();

    // While no page is open the adviser asks. The user comes back later in a new tab of the same browser.
    expect((await submissions.ask(id, ADVISER, QUESTION)).ok).toBe(true);
    const later = await openChat(context);
    await expectQuestionShown(later, reference);
    expect((await heard(later)).some((text) => text.includes(`Spørgsmål om jeres indsendte erfaring ${reference}`))).toBe(true);

    // A reload shows nothing twice: the question was shown in this browser already.
    await later.reload();
    await later.waitForFunction(() => document.documentElement.classList.contains('js-ready'));
    await later.waitForTimeout(1_500);
    expect(await adviserMessages(later).count()).toBe(0);

    // Published while the user is on another page; back on the chat (a reload), the notice is there, once.
    await later.goto('about:blank');
    expect((await submissions.publish(id, ADVISER)).ok).toBe(true);
    await later.goto(server.baseUrl);
    await expectPublishedShown(later, reference);
    expect(await adviserMessages(later).count()).toBe(1);
    await later.waitForFunction((key) => localStorage.getItem(key) === null, STORE_KEY);

    // Nothing waits any more: the next visit opens no stream.
    const streams: string[] = [];
    later.on('request', (request) => request.url().includes('/events') && streams.push(request.url()));
    await later.reload();
    await later.waitForFunction(() => document.documentElement.classList.contains('js-ready'));
    await later.waitForTimeout(1_000);
    expect(streams).toEqual([]);
    expect(await adviserMessages(later).count()).toBe(0);

    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('should follow a case shared before the user wrote anything: sharing starts the conversation, and the question arrives', async () => {
    const context = await newUser();
    const page = await openChat(context);
    const { id, reference } = await shareCase(page, 'Droner kortlægger affaldssortering i Hobro', false);
    expect(await remembered(page)).not.toBeNull();
    expect((await submissions.ask(id, ADVISER, QUESTION)).ok).toBe(true);
    await expectQuestionShown(page, reference);
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('should tell an English page\'s user in English, a rejection too, and then forget the case', async () => {
    const context = await newUser();
    const page = await openChat(context, '/?lang=en');
    await page.getByRole('textbox', { name: 'Your question' }).fill('Who has used drones in waste sorting?');
    await page.keyboard.press('Enter');
    await page.locator('article.message--bot[data-reply-id]').waitFor();
    await page.getByRole('button', { name: 'Share your experience' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share your experience' });
    const values: Record<string, string> = {
      title: 'Drones map waste sorting in Løgstør', organisation: 'Vesthimmerlands Kommune', year: '2023', policy_area: 'waste',
      what_we_did: 'We flew drones over the recycling centre and mapped the sorting container by container.',
      what_came_of_it: 'Fewer items ended up in the wrong containers.', advice: 'Talk to the staff at the centre first.',
      contact_role: 'Project manager', contact_email: 'projekt@vesthimmerland.dk',
    };
    for (const [name, value] of Object.entries(values)) await dialog.locator(`[name="${name}"]`).fill(value);
    await dialog.locator('[name="organisation_type"]').selectOption('kommune');
    await dialog.locator('[name="region"]').selectOption('Nordjylland');
    await dialog.locator('[name="status"]').selectOption('afsluttet');
    await dialog.getByRole('button', { name: 'Send experience' }).click();
    const thanks = dialog.locator('.case-thanks__message');
    await thanks.waitFor();
    const reference = /KC-\d{4}-\d{4}/.exec((await thanks.textContent()) ?? '')![0];
    await dialog.locator('.case-thanks').getByRole('button', { name: 'Close' }).click();
    const { id } = (await submissions.list()).find((item) => item.reference === reference)!;

    expect((await submissions.reject(id, ADVISER, 'We already have three cases like it.')).ok).toBe(true);
    const notice = adviserMessages(page).filter({ hasText: `(${reference}). We have decided not to add it to the library. Reason: We already have three cases like it.` });
    await notice.waitFor();
    expect(await notice.locator('.message__author').textContent()).toBe('Rasmus Redaktør · Adviser at Kraftcentret');
    expect((await heard(page)).some((text) => text.startsWith('Rasmus Redaktør · Adviser at Kraftcentret: Thank you for sharing'))).toBe(true);
    await page.waitForFunction((key) => localStorage.getItem(key) === null, STORE_KEY);

    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
