/**
 * More of the chat page in headless Chromium: adviser hand-off, error recovery, keyboard, follow-ups, notices,
 * "Ny samtale" and the phone layout (screenshot: .tmp/web-chat-mobile.png).
 */
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, SKIP_REASON, ask, screenshot, useChatPage } from './chat-page-harness.js';

const QUESTION = 'Hvem har arbejdet med velfærdsteknologi i ældreplejen?';

describe.skipIf(!HAS_CHROMIUM)(`web chat flows in headless Chromium${SKIP_REASON}`, { timeout: 30_000 }, () => {
  const t = useChatPage();
  const replies = () => t.page.locator('article.message--bot[data-reply-id]');

  it('should show the adviser offer and then the queued status when 👎 and "Tal med en rådgiver" are clicked', async () => {
    const { page, engine } = t;
    await ask(page, QUESTION);
    const reply = replies().first();
    await reply.locator('button[data-feedback="down"]').click();
    await reply.getByText('Vil du hellere tale med en af Kraftcenterets rådgivere?').waitFor();
    expect(await reply.getByRole('button', { name: 'Tal med en rådgiver' }).count()).toBe(1);
    await reply.locator('.adviser-offer').getByRole('button', { name: 'Tal med en rådgiver' }).click();
    await page.getByText('Venter på en rådgiver…').waitFor();
    expect(engine.calls.recordFeedback[0]?.value).toBe('down');
    expect(engine.calls.requestAdviser[0]?.conversationId).toBe(engine.calls.handleMessage[0]?.conversationId);
  });

  it('should show a polite error and put the text back when the server fails', async () => {
    const { page, engine } = t;
    engine.failNext('handleMessage');
    await ask(page, 'Hvad gør vi med borgerinddragelse?');
    const error = await page.locator('.message--error').textContent();
    expect(error).toMatch(/^Beklager/);
    expect(error).not.toMatch(/secret|engine\.ts/);
    expect(await page.getByRole('textbox', { name: 'Dit spørgsmål' }).inputValue()).toBe('Hvad gør vi med borgerinddragelse?');
    t.pageErrors = t.pageErrors.filter((text) => !/status of 500/.test(text));
  });

  it('should insert a newline and not send when Shift+Enter is pressed', async () => {
    const { page, engine } = t;
    const input = page.getByRole('textbox', { name: 'Dit spørgsmål' });
    await input.fill('Linje et');
    await input.press('Shift+Enter');
    await input.pressSequentially('Linje to');
    expect(await input.inputValue()).toBe('Linje et\nLinje to');
    expect(engine.calls.handleMessage).toHaveLength(0);
  });

  it('should send the follow-up text when a follow-up button is clicked', async () => {
    const { page, engine } = t;
    await ask(page, QUESTION);
    await page.getByRole('button', { name: 'Hvilke metoder brugte de?' }).click();
    await replies().nth(1).waitFor();
    expect(engine.calls.handleMessage[1]?.text).toBe('Hvilke metoder brugte de til implementeringen?');
  });

  it('should show notices and the escalation status when the reply has them', async () => {
    const { page, engine } = t;
    engine.queueReply({
      notices: ['Vi har fjernet et CPR-nummer fra dit spørgsmål.'],
      escalation: { id: 'e1', status: 'claimed', adviserName: 'Mette Rådgiver' },
    });
    await ask(page, 'Test');
    await page.getByText('Vi har fjernet et CPR-nummer fra dit spørgsmål.').waitFor();
    await page.getByText('Mette Rådgiver har overtaget samtalen').waitFor();
  });

  it('should start a new conversation id and clear the log when "Ny samtale" is clicked', async () => {
    const { page, engine } = t;
    await ask(page, QUESTION);
    const before = await page.evaluate(() => sessionStorage.getItem('kc-conversation-id'));
    await page.getByRole('button', { name: 'Start en ny samtale' }).click();
    expect(await replies().count()).toBe(0);
    const after = await page.evaluate(() => sessionStorage.getItem('kc-conversation-id'));
    expect(after).toMatch(/^[0-9a-f-]{36}$/);
    expect(after).not.toBe(before);
    await ask(page, 'Hej igen');
    expect(engine.calls.handleMessage[1]?.conversationId).toBe(after);
  });

  it('should keep the conversation id when the page is reloaded', async () => {
    const { page } = t;
    const before = await page.evaluate(() => sessionStorage.getItem('kc-conversation-id'));
    await page.reload();
    expect(await page.evaluate(() => sessionStorage.getItem('kc-conversation-id'))).toBe(before);
  });

  it('should not overflow horizontally when the screen is phone-sized', async () => {
    const { page } = t;
    await page.setViewportSize({ width: 390, height: 844 });
    await ask(page, QUESTION);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'web-chat-mobile.png', 390);
  });
});
