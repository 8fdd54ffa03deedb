/**
 * Streamed Slack answers from the real engine in llm mode (sample library, the fake OpenAI server writing a word every
 * few milliseconds) through the real Slack channel: the model's text goes out as it is written, and the final answer
 * replaces it — without a citation to a source that was not retrieved, and, when the model breaks off mid-answer,
 * as the extractive answer with the model-fallback notice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatModel, replyTexts } from '../../../../bot/index.js';
import { ONE_CHANGE_A_SECOND } from '../../../../bot/delivery/index.js';
import type { KnowledgeBase } from '../../../../knowledge/index.js';
import type { FakeReply } from '../../../fakes/fake-openai-server.js';
import { FAKE_BOT } from '../../../fakes/fake-slack-api.js';
import { engineOn, openEngineKnowledge } from '../../../support/engine-harness.js';
import { testDatabases } from '../../../support/test-databases.js';
import { startLlmHarness, type LlmHarness } from '../../bot/llm/llm-test-harness.js';
import { startSlackHarness, type SlackHarness } from './slack-harness.js';

const da = replyTexts('da');
const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';
let sequence = 0;

describe('Slack answers streamed from the engine in llm mode', () => {
  let knowledge: KnowledgeBase;
  let llm: LlmHarness;
  let h: SlackHarness;

  beforeAll(async () => {
    [knowledge, llm] = await Promise.all([openEngineKnowledge(testDatabases[0]!), startLlmHarness()]);
    const chatModel = createChatModel({ apiKey: 'test', baseURL: llm.fake.baseURL, chatModel: 'gpt-test', timeoutMs: 5_000 }, { baseDelayMs: 1, maxDelayMs: 5 });
    const { engine } = engineOn(knowledge, { chatModel });
    h = await startSlackHarness({ engine, db: knowledge.db, identity: true, streamPacing: { ...ONE_CHANGE_A_SECOND, minIntervalMs: 0 } });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await llm?.close();
    await knowledge?.close();
  });
  beforeEach(() => {
    h.fake.reset();
    llm.fake.reset();
  });

  /** Classification requests get case_lookup; the answer request gets `answer`, a word every 10 ms. */
  function script(answer: FakeReply): void {
    llm.fake.onChat((request) => (request.body.response_format ? { json: { intent: 'case_lookup', filters: null } } : { tokenDelayMs: 10, ...answer }));
  }

  async function ask(): Promise<{ streamed: string; final: Record<string, any> }> {
    const ts = `1700500000.${String(++sequence).padStart(6, '0')}`;
    const response = await h.sendEvent({ type: 'app_mention', channel: 'C1', user: `U${sequence}`, ts, text: `<@${FAKE_BOT.userId}> ${QUESTION}` });
    expect(response.status).toBe(200);
    const [final] = await h.fake.waitFor('chat.update', 1, 30_000);
    const start = h.fake.callsTo('chat.startStream')[0]!;
    expect(start.args).toMatchObject({ channel: 'C1', thread_ts: ts, recipient_user_id: `U${sequence}` });
    const streamed = [start, ...h.fake.callsTo('chat.appendStream')].map((call) => String(call.args.markdown_text)).join('');
    expect(final!.args.ts).toBe(start.response!.ts);
    return { streamed, final: final!.args };
  }

  it('should stream the model text and replace it with the checked answer, without the citation to a source that was not retrieved', async () => {
    script({ content: 'Fredericia Kommune var først med hverdagsrehabilitering [1]. Det sparede 40 % [9].' });
    const { streamed, final } = await ask();
    expect(streamed).toContain('[9]');
    const shown = JSON.stringify(final.blocks);
    expect(shown).toContain('Fredericia Kommune var først');
    expect(shown).not.toContain('[9]');
    expect(String(final.text)).not.toContain('[9]');
    expect(h.fake.calls.map((call) => call.method).filter((method) => /Stream|chat\.update/.test(method)).slice(-2)).toEqual(['chat.stopStream', 'chat.update']);
  });

  it('should end with the extractive answer and the fallback notice when the model breaks off mid-answer', async () => {
    script({ content: 'Fredericia Kommune var først med hverdagsrehabilitering [1]. Derefter fulgte mange andre kommuner efter [2].', failAfterTokens: { tokens: 4, how: 'drop' } });
    const { streamed, final } = await ask();
    expect(streamed).toContain('Fredericia');
    const shown = JSON.stringify(final.blocks);
    expect(shown).toContain(da.modelFallback());
    expect(shown).toContain(da.framing.caseLookupIntro.slice(0, 20));
    expect(shown).toContain('kc_feedback_up');
  });
});
