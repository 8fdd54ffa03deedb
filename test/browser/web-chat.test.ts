/**
 * The chat page in headless Chromium against a real server with the fake engine: asking, reading the cited answer
 * and case cards, jumping to a source, 👍 feedback and HTML injection. Screenshot: .tmp/web-chat.png.
 */
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, SKIP_REASON, ask, screenshot, useChatPage } from './chat-page-harness.js';

const QUESTION = 'Hvem har arbejdet med velfærdsteknologi i ældreplejen?';

describe.skipIf(!HAS_CHROMIUM)(`web chat in headless Chromium${SKIP_REASON}`, { timeout: 30_000 }, () => {
  const t = useChatPage();
  const firstReply = () => t.page.locator('article.message--bot[data-reply-id]').first();

  it('should show the answer, case cards and sources when a question is sent with Enter', async () => {
    const { page, engine } = t;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Spørg Kraftcenterets assistent');
    const input = page.getByRole('textbox', { name: 'Dit spørgsmål' });
    // Long enough that the typing indicator cannot come and go before the check sees it (100 ms could, on a busy machine).
    engine.setDelay(1_500);
    await input.fill(QUESTION);
    await input.press('Enter');
    await page.locator('#typing').waitFor({ state: 'visible' });
    const reply = firstReply();
    await reply.waitFor();
    await page.locator('#typing').waitFor({ state: 'hidden' });

    expect(await input.inputValue()).toBe('');
    expect(await page.locator('.message--user .message__text').textContent()).toBe(QUESTION);
    expect(await reply.locator('.answer').textContent()).toContain('Flere kommuner har erfaring');
    expect(await reply.locator('.answer strong').first().textContent()).toBe('velfærdsteknologi');
    expect(await reply.locator('.answer li').count()).toBe(3);
    expect(await reply.locator('.case-card__org').allTextContents()).toEqual([
      'Aalborg Kommune, Ældre- og Handicapforvaltningen',
      'Assens Kommune',
      'Ballerup Kommune i samarbejde med OPI-Lab',
    ]);
    for (const organisation of ['Aalborg Kommune, Ældre- og Handicapforvaltningen', 'Assens Kommune']) {
      expect(await reply.getByText(organisation, { exact: true }).first().isVisible()).toBe(true);
    }
    const aalborg = reply.locator('.case-card').first();
    expect(await aalborg.getByRole('link', { name: 'velfaerdsteknologi@aalborg.example.dk' }).getAttribute('href')).toBe(
      'mailto:velfaerdsteknologi@aalborg.example.dk',
    );
    expect(await aalborg.getByRole('link', { name: '+45 7000 0502' }).getAttribute('href')).toBe('tel:+4570000502');
    expect(await aalborg.locator('.case-card__meta').textContent()).toBe('Kommune · Nordjylland · 2014–2016 · Afsluttet');
    expect(await aalborg.locator('.case-card__cite').textContent()).toBe('Kilde [1]');
    expect(await reply.locator('.source').count()).toBe(3);

    expect(engine.calls.handleMessage[0]?.text).toBe(QUESTION);
    const conversationId = await page.evaluate(() => sessionStorage.getItem('kc-conversation-id'));
    expect(engine.calls.handleMessage[0]?.conversationId).toBe(conversationId);
    await screenshot(page, 'web-chat.png', 1280);
  });

  it('should focus and highlight the source and link its title when citation [1] is clicked', async () => {
    const { page } = t;
    await ask(page, QUESTION);
    const replyId = await firstReply().getAttribute('data-reply-id');
    await firstReply().locator('.answer a.cite', { hasText: '[1]' }).first().click();
    const target = page.locator(`#src-${replyId}-1`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`src-${replyId}-1`);
    expect(await target.getAttribute('class')).toContain('is-highlighted');
    expect(await target.isVisible()).toBe(true);
    const title = target.locator('a.source__title');
    expect(await title.getAttribute('href')).toBe('https://example.dk/cases/aalborg-ejerskab');
    expect(await title.getAttribute('target')).toBe('_blank');
    expect(await target.locator('details blockquote').textContent()).toContain('ejerskab i tre led');
  });

  it('should send 👍 with the reply id and thank the user when the thumbs-up is clicked', async () => {
    const { page, engine } = t;
    await ask(page, QUESTION);
    const reply = firstReply();
    const replyId = await reply.getAttribute('data-reply-id');
    await reply.locator('button[data-feedback="up"]').click();
    await reply.getByText('Tak for din feedback').waitFor();
    expect(engine.calls.recordFeedback).toHaveLength(1);
    expect(engine.calls.recordFeedback[0]).toMatchObject({ replyId, value: 'up', channel: 'web' });
    expect(await reply.locator('button[data-feedback="up"]').isDisabled()).toBe(true);
    expect(await reply.locator('button[data-feedback="down"]').isDisabled()).toBe(true);
  });

  it('should render HTML and scripts in the reply text as text when the engine returns them', async () => {
    const { page, engine } = t;
    engine.queueReply({ text: 'Farligt: <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> [x](javascript:window.__xss=3)' });
    await ask(page, 'Test');
    const answer = firstReply().locator('.answer');
    expect(await answer.textContent()).toContain('<img src=x onerror="window.__xss=1">');
    expect(await answer.locator('img, script, a').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});
