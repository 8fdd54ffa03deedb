/**
 * Answers streamed into Teams, end to end with a fake engine that writes its answer in pieces: the real botbuilder
 * CloudAdapter, activities POSTed to /api/messages, and the activities as the fake Bot Framework connector received
 * them on the wire (it also refuses anything that breaks Teams' streaming rules, see fake-bot-connector.ts).
 * Updates are paced by a test clock (TEST_PACING), never by waiting.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderReply } from '../../../../adapters/teams/render-reply.js';
import type { Db } from '../../../../knowledge/index.js';
import { streamInfoOf, type ConnectorRequest } from '../../../fakes/fake-bot-connector.js';
import { createFakeEngine, type FakeEngine } from '../../../fakes/fake-engine.js';
import { testDatabases } from '../../../support/test-databases.js';
import {
  channelMention,
  groupChatMessage,
  personalMessage,
  startTeamsHarness,
  TEST_PACING,
  USER,
  type TeamsHarness,
} from './teams-test-harness.js';

const QUESTION = 'Hvem har erfaring med velfærdsteknologi?';
const CHAT = `a:personal-${USER.id}`;

describe('Teams streaming (fake engine, real CloudAdapter)', () => {
  let db: Db;
  let engine: FakeEngine;
  let teams: TeamsHarness | undefined;

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
  });
  afterAll(async () => db?.close());
  beforeEach(() => {
    engine = createFakeEngine();
  });
  afterEach(async () => {
    await teams?.close();
    teams = undefined;
  });

  const start = async (streamPacing = TEST_PACING.every) => (teams = await startTeamsHarness({ engine, db, turnBudgetMs: 5_000, streamPacing }));
  const kinds = (requests: ConnectorRequest[]) => requests.map((request) => `${request.body.type}:${streamInfoOf(request)?.streamType ?? '-'}`);

  it('should stream a 1:1 answer: an informative update, the text so far with increasing streamSequence under one streamId, then the final answer', async () => {
    const teams = await start();
    engine.setStreaming({ wordsPerDelta: 4 });
    expect((await teams.post(personalMessage(teams.connector.url, QUESTION))).status).toBe(200);

    const streamed = teams.connector.streamed(CHAT);
    const infos = streamed.map((request) => streamInfoOf(request)!);
    expect(teams.connector.violations).toEqual([]);
    expect(infos[0]).toEqual({ type: 'streaminfo', streamType: 'informative', streamSequence: 1 });
    expect(streamed[0]!.body.text).toBe('Søger i biblioteket …');
    const streamId = streamed[0]!.assignedId!;
    const updates = streamed.filter((request) => streamInfoOf(request)!.streamType === 'streaming');
    expect(updates.length).toBeGreaterThan(3);
    // Every update after the first names the stream; the sequence goes 1, 2, 3 … up to the final message, which has none.
    expect(infos.slice(1).map((info) => info.streamId)).toEqual(infos.slice(1).map(() => streamId));
    expect(infos.slice(0, -1).map((info) => info.streamSequence)).toEqual(infos.slice(0, -1).map((_, i) => i + 1));
    // Each update carries the whole text so far.
    for (let i = 1; i < updates.length; i++) expect(updates[i]!.body.text.startsWith(updates[i - 1]!.body.text)).toBe(true);

    const final = streamed.at(-1)!;
    expect(kinds([final])).toEqual(['message:final']);
    expect(infos.at(-1)).toEqual({ type: 'streaminfo', streamType: 'final', streamId });
    const reply = engine.replies.get('reply-1')!;
    expect(final.body.text).toBe(renderReply(reply).text);
    expect(updates.at(-1)!.body.text.trim()).toBe(reply.text.trim());
    // The citations and the AI label, as on every answer, and nothing sent but the stream.
    const [message] = final.body.entities;
    expect(message).toMatchObject({ type: 'https://schema.org/Message', additionalType: ['AIGeneratedContent'] });
    expect(message.citation.map((claim: { position: number }) => claim.position)).toEqual([1, 2, 3]);
    expect(final.body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(final.body.channelData).toMatchObject({ feedbackLoopEnabled: true, kraftcenterReplyId: 'reply-1' });
    expect(teams.connector.requests.filter((request) => !request.failed)).toHaveLength(streamed.length);
  });

  it('should send at most one streaming update per interval: text written within it goes out with the final answer', async () => {
    const teams = await start(TEST_PACING.frozen);
    engine.setStreaming({ wordsPerDelta: 1 });
    await teams.post(personalMessage(teams.connector.url, QUESTION));
    // The clock never moves: the progress line, the first words at once, and then only the final answer.
    expect(kinds(teams.connector.streamed(CHAT))).toEqual(['typing:informative', 'typing:streaming', 'message:final']);
    expect(teams.connector.violations).toEqual([]);
  });

  it('should replace the streamed text with the final reply: a citation shown while streaming but removed in the final is gone', async () => {
    const teams = await start();
    engine.setStreaming({ streamedText: 'Aalborg Kommune arbejdede med ejerskab [1] og et laboratorium [4].' });
    await teams.post(personalMessage(teams.connector.url, QUESTION));
    const streamed = teams.connector.streamed(CHAT);
    const updates = streamed.filter((request) => streamInfoOf(request)!.streamType === 'streaming');
    expect(updates.at(-1)!.body.text).toContain('[4]');
    const final = streamed.at(-1)!;
    expect(streamInfoOf(final)!.streamType).toBe('final');
    expect(final.body.text).not.toContain('[4]');
    expect(final.body.text).toBe(renderReply(engine.replies.get('reply-1')!).text);
    expect(final.body.entities[0].citation.map((claim: { position: number }) => claim.position)).toEqual([1, 2, 3]);
  });

  it('should send group chats and channels the final answer only', async () => {
    const teams = await start();
    await teams.post(groupChatMessage(teams.connector.url, QUESTION));
    await teams.post(channelMention(teams.connector.url, QUESTION));
    expect(teams.connector.streamed()).toEqual([]);
    const answers = teams.connector.messages();
    expect(answers.map((answer) => answer.conversationId)).toEqual(['19:group-chat@thread.v2', expect.stringMatching(/^19:abc@thread\.tacv2/)]);
    for (const answer of answers) expect(answer.body.entities[0].citation).toHaveLength(3);
  });

  it('should still deliver the final answer whole when Teams refuses a streaming update (ContentStreamNotAllowed)', async () => {
    const teams = await start();
    teams.connector.failNext({
      status: 403, code: 'ContentStreamNotAllowed', message: 'Content stream is not allowed',
      when: (request) => streamInfoOf(request)?.streamType === 'streaming',
    });
    await teams.post(personalMessage(teams.connector.url, QUESTION));

    const refused = teams.connector.requests.filter((request) => request.failed);
    expect(kinds(refused)).toEqual(['typing:streaming']);
    const answers = teams.connector.messages();
    expect(answers).toHaveLength(1);
    const reply = engine.replies.get('reply-1')!;
    expect(answers[0]!.body.text).toBe(renderReply(reply).text);
    expect(answers[0]!.body.entities[0].citation).toHaveLength(3);
    expect(streamInfoOf(answers[0]!)).toBeUndefined(); // a message of its own: the refused stream is not continued
    expect(teams.connector.violations).toEqual([]);
    expect(teams.logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('should end the stream with an apology when the engine fails part-way', async () => {
    const teams = await start();
    engine.failNext('handleMessage');
    await teams.post(personalMessage(teams.connector.url, QUESTION));
    const streamed = teams.connector.streamed(CHAT);
    expect(kinds(streamed)).toEqual(['typing:informative', 'message:final']);
    expect(streamed[1]!.body.text).toMatch(/^Beklager/);
    expect(streamed[1]!.body.text).not.toContain('/srv/secret');
    expect(teams.connector.violations).toEqual([]);
  });

  it('should apologise in English to a user who wrote in English, in a 1:1 stream and in a group chat', async () => {
    const teams = await start();
    engine.failNext('handleMessage');
    await teams.post(personalMessage(teams.connector.url, 'Who has experience with welfare technology in home care?'));
    const streamed = teams.connector.streamed(CHAT);
    expect(streamed.at(-1)!.body.text).toMatch(/^Sorry, something went wrong/);

    engine.failNext('handleMessage');
    await teams.post(groupChatMessage(teams.connector.url, 'Which method should we use to involve citizens?'));
    const [apology] = teams.connector.messages().filter((message) => message.conversationId === '19:group-chat@thread.v2');
    expect(apology!.body.text).toMatch(/^Sorry, something went wrong/);

    engine.failNext('handleMessage');
    await teams.post(groupChatMessage(teams.connector.url, QUESTION));
    const danish = teams.connector.messages().filter((message) => message.conversationId === '19:group-chat@thread.v2');
    expect(danish.at(-1)!.body.text).toMatch(/^Beklager, der gik noget galt/);
  });

  it('should acknowledge the turn within the budget while a slow answer goes on streaming after it', async () => {
    teams = await startTeamsHarness({ engine, db, turnBudgetMs: 1, streamPacing: TEST_PACING.every });
    engine.setStreaming({ delayMs: 20 });
    expect((await teams.post(personalMessage(teams.connector.url, QUESTION))).status).toBe(200);
    const final = await teams.connector.waitFor((request) => streamInfoOf(request)?.streamType === 'final');
    expect(final.body.text).toBe(renderReply(engine.replies.get('reply-1')!).text);
    expect(teams.logger.entries.some((entry) => entry.message.includes('goes on streaming after it'))).toBe(true);
    expect(teams.connector.violations).toEqual([]);
  });
});
