/**
 * Accessibility of the web chat in headless Chromium (fake engine): axe-core finds no WCAG 2.1 A/AA violation
 * (empty, with an answer, after asking for an adviser), the page works by keyboard alone with a visible focus,
 * a screen reader hears each answer once (the final one), and the page reflows at 320 px and at 200 % zoom.
 * The axe summaries are printed to the test output. The hand-off with an adviser writing: web-chat-handoff-accessibility.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkAccessibility } from '../support/axe.js';
import { HAS_CHROMIUM, SKIP_REASON, ask, useChatPage } from './chat-page-harness.js';

const QUESTION = 'Hvem har arbejdet med velfærdsteknologi i ældreplejen?';

/** Runs axe, prints the one-line summary and fails with the details when anything is found. */
export async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const result = await checkAccessibility(page, name);
  console.log(result.summary);
  expect(result.violations, result.details).toEqual([]);
}

/**
 * What does not fit the window: the page's horizontal overflow, visible elements reaching past either edge, and
 * elements that clip their own content sideways (text cut off).
 */
export async function reflowProblems(page: Page): Promise<{ overflow: number; outside: string[]; clipped: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const describe = (element: Element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${Array.from(element.classList).join('.')}`;
    const outside: string[] = [];
    const clipped: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      if (element.closest('.visually-hidden, .skip-link, [hidden], noscript, svg')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.left < -0.5 || box.right > width + 0.5) outside.push(describe(element));
      const style = getComputedStyle(element);
      const clips = ['hidden', 'clip'].includes(style.overflowX) && !(element instanceof HTMLTextAreaElement);
      if (clips && element.scrollWidth > element.clientWidth + 1) clipped.push(describe(element));
    }
    return { overflow: root.scrollWidth - root.clientWidth, outside, clipped };
  });
}

/**
 * What a screen reader is told while `action` runs: every `document.ariaNotify` call (region 'ariaNotify') and every
 * change to a live region (its id or class, and the text it gained). `withoutAriaNotify` hides ariaNotify, as in
 * browsers that lack it.
 */
async function liveAnnouncements(page: Page, action: () => Promise<void>, withoutAriaNotify = false): Promise<Array<{ region: string; text: string }>> {
  await page.evaluate((hide) => {
    const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]:not([aria-live="off"])';
    const heard: Array<{ region: string; text: string }> = [];
    (window as unknown as { heard: typeof heard }).heard = heard;
    const notify = (document as unknown as { ariaNotify?: (text: string) => void }).ariaNotify?.bind(document);
    Object.defineProperty(document, 'ariaNotify', {
      configurable: true,
      value: hide || !notify ? undefined : (text: string) => (heard.push({ region: 'ariaNotify', text }), notify(text)),
    });
    new MutationObserver((records) => {
      for (const record of records) {
        const target = record.target instanceof Element ? record.target : record.target.parentElement;
        const region = target?.closest(live);
        if (!region) continue;
        const added = Array.from(record.addedNodes).map((node) => node.textContent ?? '').join(' ').trim();
        const text = record.type === 'childList' ? added : (region.textContent ?? '').trim();
        if (record.type === 'attributes' && (region as HTMLElement).hidden) continue;
        if (text) heard.push({ region: region.id || region.className, text });
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
  }, withoutAriaNotify);
  await action();
  return page.evaluate(() => (window as unknown as { heard: Array<{ region: string; text: string }> }).heard);
}

/** Presses Tab and says what has the focus and whether a focus indicator is drawn around it. */
async function tabTo(page: Page): Promise<{ name: string; visible: boolean }> {
  await page.keyboard.press('Tab');
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const shown = (candidate: Element | null) => {
      if (!candidate) return false;
      const style = getComputedStyle(candidate);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
    };
    // The textarea draws its focus on its row (:focus-within), a ring around the whole field.
    const visible = shown(element) || (element.tagName === 'TEXTAREA' && shown(element.closest('.composer__row')));
    const name = element.getAttribute('aria-label') || element.textContent?.trim() || element.id || element.tagName;
    return { name, visible };
  });
}

describe.skipIf(!HAS_CHROMIUM)(`web chat accessibility in headless Chromium${SKIP_REASON}`, { timeout: 60_000 }, () => {
  const t = useChatPage();

  it('should have no WCAG 2.1 A/AA violation when empty, with an answer and after asking for an adviser', async () => {
    const { page } = t;
    await expectNoAxeViolations(page, 'web chat, empty');

    await ask(page, QUESTION);
    const reply = page.locator('article.message--bot[data-reply-id]').first();
    expect(await reply.locator('.case-card').count()).toBe(3);
    expect(await reply.locator('.source').count()).toBe(3);
    await reply.locator('.source__details summary').first().click();
    await expectNoAxeViolations(page, 'web chat, answer with cases and sources');

    await reply.locator('button[data-feedback="down"]').click();
    await reply.locator('.adviser-offer').getByRole('button', { name: 'Tal med en rådgiver' }).click();
    await page.getByText('Venter på en rådgiver…').waitFor();
    await expectNoAxeViolations(page, 'web chat, adviser requested');
  });

  it('should announce the final answer once, and not the question or the typing indicator', async () => {
    const { page } = t;
    const heard = await liveAnnouncements(page, () => ask(page, QUESTION));
    expect(heard).toHaveLength(1);
    expect(heard[0]!.region).toBe('ariaNotify');
    expect(heard[0]!.text).toMatch(/^Kraftcenterets assistent: Flere kommuner har erfaring/);
    expect(heard[0]!.text).toContain('Under svaret: 3 cases og 3 kilder.');
    expect(heard[0]!.text).not.toContain(QUESTION);
  });

  it('should announce the final answer once through the status region where the browser has no ariaNotify', async () => {
    const { page } = t;
    const heard = await liveAnnouncements(page, () => ask(page, QUESTION), true);
    expect(heard.map((entry) => entry.region)).toEqual(['announcer']);
    expect(heard[0]!.text).toMatch(/^Kraftcenterets assistent: Flere kommuner har erfaring/);
    // The same answer again is heard again (a new line in the region), and the earlier copy is gone from the page.
    const again = await liveAnnouncements(page, () => ask(page, QUESTION), true);
    expect(again.map((entry) => entry.region)).toEqual(['announcer']);
    expect(await page.locator('#announcer p').count()).toBe(1);
  });

  it('should announce an error once when the question cannot be answered', async () => {
    const { page, engine } = t;
    engine.failNext('handleMessage');
    const heard = await liveAnnouncements(page, () => ask(page, QUESTION));
    t.pageErrors.length = 0; // the 500 is logged by the browser on purpose
    expect(heard).toEqual([{ region: 'ariaNotify', text: expect.stringMatching(/^Beklager/) }]);
  });

  it('should reach every control in reading order with the keyboard, with a visible focus, and send with Enter', async () => {
    const { page, engine } = t;
    const stops = [];
    for (let i = 0; i < 8; i += 1) stops.push(await tabTo(page));
    expect(stops.map((stop) => stop.name)).toEqual([
      'Gå til spørgsmålsfeltet',
      'Del jeres erfaring',
      'Start en ny samtale',
      'Hvem har arbejdet med velfærdsteknologi i ældreplejen?',
      'Hvilke metoder kan vi bruge til at inddrage borgerne?',
      'Hvordan kommer vi i gang med en innovationspulje?',
      'message-input',
      'Send spørgsmål',
    ]);
    expect(stops.filter((stop) => !stop.visible)).toEqual([]);

    // The skip link takes the keyboard straight to the question box.
    await page.reload();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('message-input');

    // Shift+Enter is a new line, Enter sends; the focus stays in the box for the next question.
    await page.keyboard.type('Første linje');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('anden linje');
    expect(await page.locator('#message-input').inputValue()).toBe('Første linje\nanden linje');
    expect(engine.calls.handleMessage).toHaveLength(0);
    await page.keyboard.press('Enter');
    await page.locator('article.message--bot[data-reply-id]').first().waitFor();
    expect(engine.calls.handleMessage[0]?.text).toBe('Første linje\nanden linje');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('message-input');

    // After the answer, every one of its controls is reached (thumbs, "Tal med en rådgiver", follow-up), focus shown.
    const names = [];
    await page.locator('.answer a').first().focus();
    for (let i = 0; i < 30; i += 1) {
      const stop = await tabTo(page);
      expect(stop.visible, `focus not visible on ${stop.name}`).toBe(true);
      names.push(stop.name);
      if (stop.name === 'message-input') break;
    }
    expect(names).toEqual(expect.arrayContaining(['Godt svar', 'Dårligt svar', 'Tal med en rådgiver', 'Hvilke metoder brugte de?']));
  });

  it('should fit a 320 px wide screen without horizontal scrolling or cut-off content', async () => {
    const { page } = t;
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await reflowProblems(page)).toEqual({ overflow: 0, outside: [], clipped: [] });
    await ask(page, QUESTION);
    await page.locator('.source__details summary').first().click();
    expect(await reflowProblems(page)).toEqual({ overflow: 0, outside: [], clipped: [] });
    await expectNoAxeViolations(page, 'web chat, answer at 320 px');
  });

  it('should work at 200 % zoom: reflowed, the question box in view, the answer readable', async () => {
    const { page } = t;
    // 200 % zoom of a 1280×900 window: a 640×450 CSS-pixel viewport drawn at two device pixels per CSS pixel.
    const zoomed = await page.context().browser()!.newContext({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2, locale: 'da-DK' });
    const zoomedPage = await zoomed.newPage();
    try {
      await zoomedPage.goto(t.baseUrl);
      await ask(zoomedPage, QUESTION);
      expect(await reflowProblems(zoomedPage)).toEqual({ overflow: 0, outside: [], clipped: [] });
      const box = await zoomedPage.locator('#message-input').boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(450);
      expect(await zoomedPage.locator('.case-card').first().isVisible()).toBe(true);
      await expectNoAxeViolations(zoomedPage, 'web chat, answer at 200 % zoom');
    } finally {
      await zoomed.close();
    }
  });
});
