/**
 * The insight page's figures, counted in SQL on every test database, from conversations, messages, feedback, gaps
 * and escalations written by the engine's own store functions and escalation service (then dated by hand, so the
 * weeks and times are known): exact numbers, the period's edges in Copenhagen time, and the channel and audience
 * filters.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDueAt, createEscalationService, DEFAULT_OFFICE_HOURS, type EscalationCore } from '../../bot/escalation/index.js';
import { createInsightService, type InsightService } from '../../bot/insight/index.js';
import type { Citation } from '../../bot/messages.js';
import { groupGapTopics } from '../../bot/report/gap-topics.js';
import { appendMessage, upsertConversation } from '../../bot/store/conversation-store.js';
import { openEscalation } from '../../bot/store/escalation-store.js';
import { recordGap, upsertFeedback, type GapReason } from '../../bot/store/feedback-store.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/db/db.js';
import { replaceDocument } from '../../knowledge/store/document-store.js';
import { testDatabases } from '../support/test-databases.js';

/** Wednesday 18 March 2026, 13:00 in Copenhagen (UTC+1 until 29 March). */
const NOW = new Date('2026-03-18T12:00:00Z');
const ADVISER = { id: 'adviser-mette', name: 'Mette Rådgiver', email: 'mette@kraftcenter.example.dk' };
const cite = (n: number, documentId: string): Citation => ({ n, documentId, title: `Titel ${documentId}`, passage: 'Et uddrag.' });

describe.each(testDatabases)('insight figures on $name', (target) => {
  let db: Db;
  let insights: InsightService;
  let escalations: EscalationCore;
  const drafts = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-insight-drafts-'));
  const PERIOD = { from: '2026-03-02', to: '2026-03-15' };

  async function conversation(channel: string, id: string, audience: 'public' | 'internal'): Promise<string> {
    return (await upsertConversation(db, { channel, conversationId: id, threadId: '', user: { id: `user-${id}`, audience } }, 'da')).id;
  }

  /** A message dated `at`. */
  async function message(key: string, at: string, input: Parameters<typeof appendMessage>[2]): Promise<string> {
    const id = await appendMessage(db, key, input);
    await db.query('UPDATE messages SET created_at = $2 WHERE id = $1', [id, at]);
    return id;
  }

  async function gap(key: string, messageId: string, question: string, reason: GapReason, at: string): Promise<void> {
    await recordGap(db, { conversationId: key, messageId, question, reason, language: 'da' });
    await db.query('UPDATE knowledge_gaps SET created_at = $3 WHERE message_id = $1 AND reason = $2', [messageId, reason, at]);
  }

  async function vote(messageId: string, value: 'up' | 'down', at: string): Promise<void> {
    await upsertFeedback(db, { messageId, userId: `voter-${messageId}`, channel: 'web', value });
    await db.query('UPDATE feedback SET created_at = $2 WHERE message_id = $1', [messageId, at]);
  }

  /** An escalation opened at `opened` (due after 4 working hours), then claimed and resolved by the service, dated by hand. */
  async function escalation(key: string, channel: string, opened: string, claimed?: string, resolved?: string): Promise<void> {
    const { escalation: record } = await openEscalation(db, {
      conversationId: key,
      trigger: 'user_request',
      channel,
      language: 'da',
      question: 'Kan en rådgiver hjælpe?',
      summary: 'Spørger efter en rådgiver.',
      dueAt: computeDueAt(new Date(opened), 4, DEFAULT_OFFICE_HOURS),
    });
    if (claimed) expect((await escalations.claim(record.id, ADVISER)).ok).toBe(true);
    if (resolved) expect((await escalations.resolve(record.id, ADVISER)).ok).toBe(true);
    await db.query('UPDATE escalations SET created_at = $2, claimed_at = $3, resolved_at = $4 WHERE id = $1', [record.id, opened, claimed ?? null, resolved ?? null]);
  }

  beforeAll(async () => {
    db = await target.open();
    insights = createInsightService({ db, now: () => NOW });
    escalations = createEscalationService({ db, logger: silentLogger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir: drafts });
    for (const [id, type, audience] of [['doc-a', 'case', 'public'], ['doc-b', 'method', 'public'], ['doc-c', 'case', 'internal'], ['doc-d', 'research', 'public']] as const) {
      await replaceDocument(db, {
        document: { id, type, title: `Titel ${id}`, innovationType: [], methods: [], tags: [], audience, body: 'Tekst.', sourcePath: `${id}.md`, sourceFormat: 'markdown' },
        summary: '',
        contentHash: id,
        embeddingModel: 'test',
        chunks: [],
      });
    }

    // Web, public: a cited answer in week 10 (Mon 2 March) and a low-confidence method answer with 👎 in week 11.
    const web = await conversation('web', 'web-1', 'public');
    await message(web, '2026-03-03T09:00:00Z', { role: 'user', text: 'Hvem har lavet hverdagsrehabilitering?' });
    const webAnswer1 = await message(web, '2026-03-03T09:00:30Z', { role: 'bot', text: 'Fredericia [1] [2], og [3].', intent: 'case_lookup', confidence: 0.8, citations: [cite(1, 'doc-a'), cite(2, 'doc-a'), cite(3, 'doc-b')] });
    await vote(webAnswer1, 'up', '2026-03-03T09:05:00Z');
    await message(web, '2026-03-10T09:00:00Z', { role: 'user', text: 'Hvem har brugt droner i hjemmeplejen?' });
    const webAnswer2 = await message(web, '2026-03-10T09:00:30Z', { role: 'bot', text: 'Jeg er ikke sikker [1].', intent: 'method', confidence: 0.2, citations: [cite(1, 'doc-b')] });
    await gap(web, webAnswer2, 'Hvem har brugt droner i hjemmeplejen?', 'low_confidence', '2026-03-10T09:00:30Z');
    await vote(webAnswer2, 'down', '2026-03-10T09:02:00Z');
    await gap(web, webAnswer2, 'Hvem har brugt droner i hjemmeplejen?', 'thumbs_down', '2026-03-10T09:02:00Z');

    // Slack, internal: a greeting in week 10, a declined question in week 11 (cites the internal document).
    const slack = await conversation('slack', 'slack-1', 'internal');
    await message(slack, '2026-03-04T10:00:00Z', { role: 'user', text: 'Hej' });
    await message(slack, '2026-03-04T10:00:30Z', { role: 'bot', text: 'Hej!', intent: 'greeting', confidence: 0 });
    await message(slack, '2026-03-11T10:00:00Z', { role: 'user', text: 'Hvad bliver vejret?' });
    await message(slack, '2026-03-11T10:00:30Z', { role: 'bot', text: 'Det ved jeg ikke [1].', intent: 'out_of_scope', confidence: 0, citations: [cite(1, 'doc-c')] });

    // Teams, public: one turn just before the period (Sunday 1 March, 23:30 in Copenhagen), one just inside its end
    // (Sunday 15 March, 23:58), and one just after (Monday 16 March, 00:00).
    const teams = await conversation('teams', 'teams-1', 'public');
    await message(teams, '2026-03-01T22:30:00Z', { role: 'user', text: 'Droner i hjemmeplejen' });
    const before = await message(teams, '2026-03-01T22:30:30Z', { role: 'bot', text: 'Usikkert.', intent: 'case_lookup', confidence: 0.1, citations: [cite(1, 'doc-d')] });
    await gap(teams, before, 'Droner i hjemmeplejen', 'low_confidence', '2026-03-01T22:30:30Z');
    await message(teams, '2026-03-15T22:58:00Z', { role: 'user', text: 'Erfaringer med droner i hjemmeplejen?' });
    const teamsAnswer = await message(teams, '2026-03-15T22:58:30Z', { role: 'bot', text: 'Se [1].', intent: 'case_lookup', confidence: 0.7, citations: [cite(1, 'doc-a')] });
    await vote(teamsAnswer, 'down', '2026-03-15T22:59:00Z');
    await gap(teams, teamsAnswer, 'Erfaringer med droner i hjemmeplejen?', 'thumbs_down', '2026-03-15T22:59:00Z');
    await message(teams, '2026-03-15T23:00:00Z', { role: 'user', text: 'Og robotter?' });

    // Escalations: web twice (claimed on time, resolved), Slack once (opened Friday 15:00, claimed Monday after its
    // due time), Teams once (never claimed, now overdue).
    await escalation(web, 'web', '2026-03-03T09:10:00Z', '2026-03-03T09:40:00Z', '2026-03-03T11:10:00Z');
    await escalation(web, 'web', '2026-03-10T10:00:00Z', '2026-03-10T10:20:00Z', '2026-03-10T14:00:00Z');
    await escalation(slack, 'slack', '2026-03-06T14:00:00Z', '2026-03-09T12:00:00Z');
    await escalation(teams, 'teams', '2026-03-12T08:00:00Z');
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    fs.rmSync(drafts, { recursive: true, force: true });
  });

  it('should count questions per Monday-to-Sunday week and channel, Copenhagen time, with both period edges', async () => {
    const report = await insights.report(PERIOD);
    expect(report.period).toEqual({ from: '2026-03-02', to: '2026-03-15', days: 14, timezone: 'Europe/Copenhagen' });
    expect(report.weeks).toEqual(['2026-03-02', '2026-03-09']);
    expect(report.questionsByChannel).toEqual([
      { week: '2026-03-02', channel: 'slack', questions: 1 },
      { week: '2026-03-02', channel: 'web', questions: 1 },
      { week: '2026-03-09', channel: 'slack', questions: 1 },
      { week: '2026-03-09', channel: 'teams', questions: 1 },
      { week: '2026-03-09', channel: 'web', questions: 1 },
    ]);
  });

  it('should count the bot replies per week by intent', async () => {
    const report = await insights.report(PERIOD);
    expect(report.repliesByIntent).toEqual([
      { week: '2026-03-02', intent: 'case_lookup', replies: 1 },
      { week: '2026-03-02', intent: 'greeting', replies: 1 },
      { week: '2026-03-09', intent: 'case_lookup', replies: 1 },
      { week: '2026-03-09', intent: 'method', replies: 1 },
      { week: '2026-03-09', intent: 'out_of_scope', replies: 1 },
    ]);
  });

  it('should give the share of low-confidence answers and the 👍 share of the votes per week', async () => {
    const report = await insights.report(PERIOD);
    expect(report.quality).toEqual([
      { week: '2026-03-02', answers: 1, lowConfidence: 0, lowConfidenceShare: 0, up: 1, down: 0, upShare: 1 },
      { week: '2026-03-09', answers: 2, lowConfidence: 1, lowConfidenceShare: 0.5, up: 0, down: 2, upShare: 0 },
    ]);
  });

  it('should group the period’s gaps exactly as npm run report -- gaps does', async () => {
    const report = await insights.report(PERIOD);
    const newestFirst = [
      { question: 'Erfaringer med droner i hjemmeplejen?', reason: 'thumbs_down' },
      { question: 'Hvem har brugt droner i hjemmeplejen?', reason: 'thumbs_down' },
      { question: 'Hvem har brugt droner i hjemmeplejen?', reason: 'low_confidence' },
    ];
    expect(report.gaps).toMatchObject({ questions: 3, capped: false, topicCount: 1 });
    expect(report.gaps.topics).toEqual(groupGapTopics(newestFirst, { top: Number.POSITIVE_INFINITY }));
    expect(report.gaps.topics[0]).toMatchObject({ count: 3, reasons: { thumbs_down: 2, low_confidence: 1 } });
    expect(report.gaps.topics[0]!.topic).toMatch(/droner/);
  });

  it('should count escalations per channel against the office-hours target, with median claim and resolve times', async () => {
    const report = await insights.report(PERIOD);
    expect(report.escalations.targetWorkingHours).toBe(4);
    expect(report.escalations.byChannel).toEqual([
      { channel: 'web', opened: 2, claimed: 2, claimedOnTime: 2, waitingOverdue: 0, waiting: 0, resolved: 2, cancelled: 0, medianMinutesToClaim: 25, medianMinutesToResolve: 180 },
      // Friday 15:00 → due Monday 11:00 (10:00Z); claimed Monday 13:00: 70 hours after opening, too late.
      { channel: 'slack', opened: 1, claimed: 1, claimedOnTime: 0, waitingOverdue: 0, waiting: 0, resolved: 0, cancelled: 0, medianMinutesToClaim: 4200, medianMinutesToResolve: null },
      { channel: 'teams', opened: 1, claimed: 0, claimedOnTime: 0, waitingOverdue: 1, waiting: 0, resolved: 0, cancelled: 0, medianMinutesToClaim: null, medianMinutesToResolve: null },
    ]);
  });

  it('should rank the cited documents by answers citing them, and list the documents nobody cited', async () => {
    const report = await insights.report(PERIOD);
    expect(report.documents.mostCited).toEqual([
      { documentId: 'doc-a', title: 'Titel doc-a', type: 'case', answers: 2 },
      { documentId: 'doc-b', title: 'Titel doc-b', type: 'method', answers: 2 },
      { documentId: 'doc-c', title: 'Titel doc-c', type: 'case', answers: 1 },
    ]);
    // doc-d was cited only before the period.
    expect(report.documents).toMatchObject({ neverCited: [{ documentId: 'doc-d', title: 'Titel doc-d', type: 'research' }], neverCitedTotal: 1 });
  });

  it('should apply the channel filter to every figure', async () => {
    const report = await insights.report({ ...PERIOD, channel: 'web' });
    expect(report.filters).toEqual({ channel: 'web' });
    expect(report.questionsByChannel.map((row) => row.channel)).toEqual(['web', 'web']);
    expect(report.repliesByIntent).toEqual([
      { week: '2026-03-02', intent: 'case_lookup', replies: 1 },
      { week: '2026-03-09', intent: 'method', replies: 1 },
    ]);
    expect(report.quality.map(({ answers, lowConfidence, up, down }) => ({ answers, lowConfidence, up, down }))).toEqual([
      { answers: 1, lowConfidence: 0, up: 1, down: 0 },
      { answers: 1, lowConfidence: 1, up: 0, down: 1 },
    ]);
    expect(report.gaps.questions).toBe(2);
    expect(report.escalations.byChannel.map((row) => row.channel)).toEqual(['web']);
    expect(report.documents.mostCited.map((doc) => [doc.documentId, doc.answers])).toEqual([['doc-b', 2], ['doc-a', 1]]);
    expect(report.documents.neverCited.map((doc) => doc.documentId)).toEqual(['doc-c', 'doc-d']);
  });

  it('should apply the audience filter, leaving internal documents out of the never-cited list for the public', async () => {
    const internal = await insights.report({ ...PERIOD, audience: 'internal' });
    expect(internal.questionsByChannel).toEqual([
      { week: '2026-03-02', channel: 'slack', questions: 1 },
      { week: '2026-03-09', channel: 'slack', questions: 1 },
    ]);
    expect(internal.gaps.questions).toBe(0);
    expect(internal.escalations.byChannel.map((row) => row.channel)).toEqual(['slack']);
    const publicOnly = await insights.report({ ...PERIOD, audience: 'public' });
    expect(publicOnly.questionsByChannel.reduce((sum, row) => sum + row.questions, 0)).toBe(3);
    expect(publicOnly.documents.mostCited.map((doc) => doc.documentId)).toEqual(['doc-a', 'doc-b']);
    expect(publicOnly.documents.neverCited.map((doc) => doc.documentId)).toEqual(['doc-d']);
  });

  it('should give zeros, not missing weeks, for a period without activity', async () => {
    const report = await insights.report({ from: '2026-02-16', to: '2026-02-22' });
    expect(report.weeks).toEqual(['2026-02-16']);
    expect(report.questionsByChannel).toEqual([]);
    expect(report.quality).toEqual([{ week: '2026-02-16', answers: 0, lowConfidence: 0, lowConfidenceShare: null, up: 0, down: 0, upShare: null }]);
    expect(report.gaps).toMatchObject({ questions: 0, topicCount: 0, topics: [] });
    expect(report.documents.neverCitedTotal).toBe(4);
  });

  it('should count today’s new messages and votes on the next report (today is rebuilt when something was written)', async () => {
    const live = createInsightService({ db });
    const period = live.lastDays(7);
    const questions = async () => (await live.report(period)).questionsByChannel.reduce((sum, row) => sum + row.questions, 0);
    const before = await questions();
    const key = await conversation('web', 'web-today', 'public');
    await appendMessage(db, key, { role: 'user', text: 'Et nyt spørgsmål i dag' });
    const answer = await appendMessage(db, key, { role: 'bot', text: 'Svar.', intent: 'case_lookup', citations: [cite(1, 'doc-d')] });
    expect(await questions()).toBe(before + 1);
    await upsertFeedback(db, { messageId: answer, userId: 'voter-today', channel: 'web', value: 'up' });
    const report = await live.report(period);
    expect(report.quality.reduce((sum, week) => sum + week.up, 0)).toBe(1);
    expect(report.documents.mostCited.map((doc) => doc.documentId)).toContain('doc-d');
  });

  it('should give the last 7, 30 and 90 days up to today in the office time zone', () => {
    expect(insights.lastDays(7)).toEqual({ from: '2026-03-12', to: '2026-03-18' });
    expect(insights.lastDays(30)).toEqual({ from: '2026-02-17', to: '2026-03-18' });
  });
});
