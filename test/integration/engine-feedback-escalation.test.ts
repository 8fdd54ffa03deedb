import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyTexts, type Citation, type Engine } from '../../bot/index.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import { engineOn, openEngineKnowledge, rows, startChat, storedMessages, type Chat } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

const da = replyTexts('da');
const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';

interface EscalationRow {
  id: string;
  status: string;
  trigger: string;
  question: string;
  summary: string;
  last_answer: { text: string; citations: Citation[] } | string | null;
}

describe.each(testDatabases)('engine feedback and hand-off on $name with the sample library', (target) => {
  let knowledge: KnowledgeBase;
  let engine: Engine;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(target);
    ({ engine } = engineOn(knowledge));
  });
  afterAll(async () => knowledge?.close());

  const feedbackRows = (replyId: string) =>
    rows<{ user_id: string; value: string; comment: string | null }>(
      knowledge.db,
      'SELECT user_id, value, comment FROM feedback WHERE message_id = $1',
      [replyId],
    );
  const gapRows = (replyId: string) =>
    rows<{ reason: string; question: string }>(knowledge.db, 'SELECT reason, question FROM knowledge_gaps WHERE message_id = $1', [replyId]);
  const escalationRows = async (chat: Chat) =>
    (await rows<EscalationRow>(knowledge.db, 'SELECT * FROM escalations WHERE conversation_id = $1', [chat.key])).map((row) => ({
      ...row,
      last_answer: typeof row.last_answer === 'string' ? JSON.parse(row.last_answer) : row.last_answer,
    }));
  const vote = (chat: Chat, replyId: string, value: 'up' | 'down', comment?: string) =>
    engine.recordFeedback({ replyId, value, comment, userId: chat.user.id, channel: chat.channel });

  describe('recordFeedback', () => {
    it('should store a thumbs up without a knowledge gap or an adviser offer when the user likes the answer', async () => {
      const chat = startChat(engine);
      const reply = await chat.say(QUESTION);
      expect(await vote(chat, reply.replyId, 'up')).toEqual({ ok: true, offerAdviser: false, message: da.feedbackThanks('up') });
      expect(await feedbackRows(reply.replyId)).toEqual([{ user_id: chat.user.id, value: 'up', comment: null }]);
      expect(await gapRows(reply.replyId)).toEqual([]);
    });

    it('should change the vote, record a knowledge gap and offer an adviser when the user clicks down after up', async () => {
      const chat = startChat(engine);
      const reply = await chat.say(QUESTION);
      await vote(chat, reply.replyId, 'up');
      const result = await vote(chat, reply.replyId, 'down', 'Mangler eksempler fra Jylland');

      expect(result).toEqual({ ok: true, offerAdviser: true, message: da.feedbackThanks('down') });
      expect(await feedbackRows(reply.replyId)).toEqual([{ user_id: chat.user.id, value: 'down', comment: 'Mangler eksempler fra Jylland' }]);
      expect(await gapRows(reply.replyId)).toEqual([{ reason: 'thumbs_down', question: QUESTION }]);
      await vote(chat, reply.replyId, 'down');
      expect(await gapRows(reply.replyId)).toHaveLength(1);
    });

    it('should keep one vote per user when two users rate the same reply', async () => {
      const chat = startChat(engine);
      const reply = await chat.say(QUESTION);
      await vote(chat, reply.replyId, 'up');
      await engine.recordFeedback({ replyId: reply.replyId, value: 'down', userId: 'someone-else', channel: chat.channel });
      expect((await feedbackRows(reply.replyId)).map((row) => row.value).sort()).toEqual(['down', 'up']);
    });

    it('should answer ok false when the reply id is unknown or is not a bot reply', async () => {
      const chat = startChat(engine);
      await chat.say(QUESTION);
      const userMessage = (await storedMessages(knowledge.db, chat.key)).find((message) => message.role === 'user')!;
      for (const replyId of ['no-such-reply', userMessage.id]) {
        expect(await vote(chat, replyId, 'down')).toMatchObject({ ok: false, reason: 'unknown_reply' });
        expect(await feedbackRows(replyId)).toEqual([]);
      }
    });
  });

  describe('adviser requests', () => {
    it('should queue one escalation with the earlier question and the last answer when the user asks for an adviser', async () => {
      const chat = startChat(engine);
      const answer = await chat.say(QUESTION);
      const reply = await chat.say('kan jeg tale med en rådgiver?');

      expect(reply).toMatchObject({ intent: 'human', escalation: { status: 'queued' } });
      expect(reply.text.startsWith(da.adviserRequested())).toBe(true);
      const [escalation, ...others] = await escalationRows(chat);
      expect(others).toEqual([]);
      expect(escalation).toMatchObject({ id: reply.escalation!.id, status: 'queued', trigger: 'user_request', question: QUESTION });
      expect(escalation!.last_answer).toEqual({ text: answer.text, citations: answer.citations });
      expect(escalation!.summary).toContain(QUESTION);
    });

    it('should return the same escalation and add no row when the user asks again or clicks the adviser button', async () => {
      const chat = startChat(engine);
      await chat.say(QUESTION);
      const first = await chat.say('kan jeg tale med en rådgiver?');
      const again = await chat.say('kan jeg tale med en rådgiver?');
      const button = await engine.requestAdviser({
        channel: chat.channel,
        conversationId: chat.conversationId,
        threadId: chat.threadId,
        user: chat.user,
      });

      // While queued, a message may also be forwarded to the adviser instead: either way no second request.
      expect(again.text).not.toContain(da.adviserRequested());
      expect(again.escalation?.id ?? first.escalation!.id).toBe(first.escalation!.id);
      expect(button).toMatchObject({ intent: 'human', text: da.adviserAlreadyRequested(), escalation: first.escalation });
      expect(await escalationRows(chat)).toHaveLength(1);
      expect((await escalationRows(chat))[0]!.question).toBe(QUESTION);
    });

    it('should queue the escalation from the button alone when no message asked for it', async () => {
      const chat = startChat(engine);
      const answer = await chat.say(QUESTION);
      const reply = await engine.requestAdviser({ channel: chat.channel, conversationId: chat.conversationId, threadId: chat.threadId, user: chat.user });
      expect(reply).toMatchObject({ intent: 'human', escalation: { status: 'queued' } });
      expect(reply.text.startsWith(da.adviserRequested())).toBe(true);
      expect(await escalationRows(chat)).toMatchObject([{ question: QUESTION, last_answer: { citations: answer.citations } }]);
    });

    it('should answer the button in English and keep the conversation English when the conversation is in English', async () => {
      const chat = startChat(engine);
      await chat.say('Who has worked with telemedicine for COPD patients?');
      const reply = await engine.requestAdviser({ channel: chat.channel, conversationId: chat.conversationId, threadId: chat.threadId, user: chat.user });

      expect(reply.language).toBe('en');
      expect(reply.text.startsWith(replyTexts('en').adviserRequested())).toBe(true);
      expect(await rows(knowledge.db, 'SELECT language FROM conversations WHERE id = $1', [chat.key])).toEqual([{ language: 'en' }]);
      expect(await rows(knowledge.db, 'SELECT language FROM escalations WHERE conversation_id = $1', [chat.key])).toEqual([{ language: 'en' }]);
    });
  });
});
