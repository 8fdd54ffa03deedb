/**
 * The chat page reading the answer as it is written (headless Chromium, real server, fake engine that streams):
 * the status line while the library is searched, the text before the final reply (HTML in it shown as text), then
 * the final reply in its place with its sources, cases and feedback, announced once; and the JSON path where the
 * browser cannot read a stream.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, SKIP_REASON, ask, useChatPage } from './chat-page-harness.js';

const QUESTION = 'Hvem har arbejdet med velfærdsteknologi i ældreplejen?';
const STREAMED =
  'Flere kommuner har erfaring med **velfærdsteknologi** [1]. <img src="x" onerror="window.__pwned = 1"> ' +
  'Ballerup har et laboratorium [4], og Assens matcher teknologien med borgeren [2]. Aalborg arbejdede med ejerskab [3].';

interface Snapshot {
  draftText: string;
  finalShown: boolean;
  injected: boolean;
}

/** Records, at every change of the log, the draft's text, whether a final reply is shown and any injected element. */
async function recordLog(page: Page): Promise<void> {
  await page.evaluate(() => {
    const snapshots: Snapshot[] = [];
    const heard: string[] = [];
    Object.assign(window, { snapshots, heard });
    const notify = (document as unknown as { ariaNotify?: (text: string) => void }).ariaNotify?.bind(document);
    Object.defineProperty(document, 'ariaNotify', { configurable: true, value: (text: string) => (heard.push(text), notify?.(text)) });
    new MutationObserver(() => {
      const draft = document.querySelector('.message--draft .answer');
      snapshots.push({
        draftText: draft?.textContent ?? '',
        finalShown: document.querySelector('article.message--bot[data-reply-id]') !== null,
        injected: document.querySelector('#log img, #log script, #log [onerror]') !== null,
      });
    }).observe(document.getElementById('log')!, { subtree: true, childList: true, characterData: true });
  });
}

describe.skipIf(!HAS_CHROMIUM)(`web chat streaming in headless Chromium${SKIP_REASON}`, { timeout: 30_000 }, () => {
  const t = useChatPage();

  it('should show the status line, then the text before the final reply, then the reply with its sources, announced once', async () => {
    const { page, engine } = t;
    engine.setDelay(400);
    engine.setStreaming({ wordsPerDelta: 2, delayMs: 40, streamedText: STREAMED });
    await recordLog(page);

    const input = page.getByRole('textbox', { name: 'Dit spørgsmål' });
    await input.fill(QUESTION);
    await input.press('Enter');
    await page.locator('#typing', { hasText: 'Søger i biblioteket' }).waitFor();
    const reply = page.locator('article.message--bot[data-reply-id]');
    await reply.waitFor();

    const snapshots = await page.evaluate(() => (window as unknown as { snapshots: Snapshot[] }).snapshots);
    const whileStreaming = snapshots.filter((snapshot) => snapshot.draftText !== '' && !snapshot.finalShown);
    expect(whileStreaming.length).toBeGreaterThan(1);
    expect(whileStreaming.at(-1)!.draftText).toContain('Ballerup har et laboratorium [4]');
    expect(whileStreaming.some((snapshot) => snapshot.draftText.includes('<img'))).toBe(true);
    expect(snapshots.some((snapshot) => snapshot.injected)).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // The final reply took the draft's place: its own text (no [4]), sources, cases and feedback.
    expect(await page.locator('.message--draft').count()).toBe(0);
    expect(await page.locator('#typing').isHidden()).toBe(true);
    expect(await reply.count()).toBe(1);
    expect(await reply.locator('.answer').textContent()).toContain('Flere kommuner har erfaring');
    expect(await reply.locator('.answer').textContent()).not.toContain('[4]');
    expect(await reply.locator('.source').count()).toBe(3);
    expect(await reply.locator('.case-card').count()).toBe(3);
    expect(await reply.locator('button[data-feedback="up"]').count()).toBe(1);
    const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatch(/^Kraftcenterets assistent: Flere kommuner har erfaring/);
    expect(heard[0]).toContain('Under svaret: 3 cases og 3 kilder.');
    expect(engine.streamed).toHaveLength(1);
  });

  it('should ask for the whole answer as JSON where the browser cannot read a stream', async () => {
    const { page, engine } = t;
    await page.addInitScript(() => Object.defineProperty(window, 'TextDecoderStream', { value: undefined }));
    await page.reload();
    await ask(page, QUESTION);
    const reply = page.locator('article.message--bot[data-reply-id]');
    expect(await reply.locator('.source').count()).toBe(3);
    expect(engine.streamed).toHaveLength(0);
    expect(engine.calls.handleMessage).toHaveLength(1);
  });
});
