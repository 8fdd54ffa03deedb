import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rewriteFollowUp, summariseConversation } from '../../../../bot/llm/index.js';
import { requestMessages, sentJsonSchema, startLlmHarness, strictSchemaProblems, type LlmHarness } from './llm-test-harness.js';

describe('rewriteFollowUp and summariseConversation', () => {
  let h: LlmHarness;
  beforeAll(async () => {
    h = await startLlmHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.fake.reset());

  const followUp = {
    question: 'Hvordan gjorde de det?',
    previousQuestion: 'Hvem har prøvet hverdagsrehabilitering?',
    previousAnswer: 'Fredericia Kommune startede i 2008 [1].',
    language: 'da' as const,
  };

  it('should return the trimmed stand-alone question when the model returns it', async () => {
    h.fake.queueChat({ json: { standalone: '  Hvordan gjorde Fredericia Kommune\nhverdagsrehabilitering?  ' } });
    expect(await rewriteFollowUp(h.model(), followUp)).toBe('Hvordan gjorde Fredericia Kommune hverdagsrehabilitering?');
    const request = h.chatRequests()[0]!;
    expect(request.body).toHaveProperty('response_format.type', 'json_schema');
    expect(sentJsonSchema(request)).toBeDefined();
    expect(strictSchemaProblems(sentJsonSchema(request))).toEqual([]);
    const user = requestMessages(request)[1]!.content;
    expect(user).toContain('<previous_answer>\nFredericia Kommune startede i 2008 [1].\n</previous_answer>');
    expect(user).toContain('<follow_up>\nHvordan gjorde de det?\n</follow_up>');
  });

  it('should throw llm.bad_response when the rewritten question is empty', async () => {
    h.fake.queueChat({ json: { standalone: '   ' } });
    await expect(rewriteFollowUp(h.model(), followUp)).rejects.toMatchObject({ code: 'llm.bad_response' });
  });

  it('should throw llm.bad_response when the model returns the wrong shape', async () => {
    h.fake.queueChat({ json: { question: 'Hvordan?' } });
    await expect(rewriteFollowUp(h.model(), followUp)).rejects.toMatchObject({ code: 'llm.bad_response' });
  });

  it('should summarise the transcript in the requested language when asked for a hand-off', async () => {
    h.fake.queueChat({ content: 'Brugeren vil starte hverdagsrehabilitering.\nBotten henviste til Fredericia.' });
    const summary = await summariseConversation(
      h.model(),
      [
        { role: 'user', content: 'Hvem har prøvet hverdagsrehabilitering?' },
        { role: 'assistant', content: 'Fredericia Kommune [1].' },
        { role: 'user', content: '   ' },
      ],
      'en',
    );
    expect(summary).toBe('Brugeren vil starte hverdagsrehabilitering. Botten henviste til Fredericia.');
    const messages = requestMessages(h.chatRequests()[0]);
    expect(messages[0]!.content).toMatch(/2-3 sætninger/);
    expect(messages[0]!.content).toMatch(/Answer in English/);
    expect(messages[1]!.content).toBe(
      '<transcript>\nBruger: Hvem har prøvet hverdagsrehabilitering?\nAssistent: Fredericia Kommune [1].\n</transcript>',
    );
  });
});
