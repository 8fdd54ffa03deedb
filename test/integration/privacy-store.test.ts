import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdviserIdentity, EscalationCore } from '../../bot/escalation/index.js';
import { appendMessage, upsertConversation } from '../../bot/store/conversation-store.js';
import { recordGap, upsertFeedback } from '../../bot/store/feedback-store.js';
import { erasePerson, exportPerson, parsePersonRef, resolvePerson, type PersonExport } from '../../bot/store/privacy-store.js';
import { checkRateLimit } from '../../bot/store/rate-limiter.js';
import { createSlackStore } from '../../bot/store/slack-store.js';
import { insertSubmission } from '../../bot/store/submission-store.js';
import type { Db } from '../../knowledge/index.js';
import { addAdviser, createTestService } from '../unit/bot/escalation/escalation-fixture.js';
import { testDatabases } from '../support/test-databases.js';

/** Per table, how many rows mention `needle` in any text, varchar, json or array column (found through information_schema). */
async function rowsMentioning(db: Db, needle: string): Promise<Record<string, number>> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of columns.rows) byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
  const found: Record<string, number> = {};
  for (const [table, names] of byTable) {
    const condition = names.map((name) => `strpos(coalesce("${name}"::text, ''), $1) > 0`).join(' OR ');
    const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE ${condition}`, [needle]);
    if (result.rows[0]!.n > 0) found[table] = result.rows[0]!.n;
  }
  return found;
}

/** Every table where rows mention `needle` has at least that many rows in the export, and the export mentions it there. */
function expectExportCovers(exported: PersonExport, mentioning: Record<string, number>, needle: string): void {
  for (const [table, count] of Object.entries(mentioning)) {
    const rows = exported.tables[table] ?? [];
    expect(rows.length, `${table}: rows in the export`).toBeGreaterThanOrEqual(count);
    expect(rows.filter((row) => JSON.stringify(row).includes(needle)).length, `${table}: rows mentioning ${needle}`).toBe(count);
  }
}

describe.each(testDatabases)('privacy store on $name', (target) => {
  let db: Db;
  let service: EscalationCore;
  let anna: AdviserIdentity;
  const web = randomUUID();
  const other = randomUUID();
  const slackUser = `U${randomUUID().slice(0, 8).toUpperCase()}`;
  const slackOther = `U${randomUUID().slice(0, 8).toUpperCase()}`;
  const teamsUser = randomUUID();
  let webConversation = '';
  let sharedThread = '';

  beforeAll(async () => {
    db = await target.open();
    service = createTestService(db);
    anna = await addAdviser(db, 'Anna Privatsen');
    // The web visitor: a question, an answer with a 👎 and a comment, a knowledge gap, and an escalation an adviser
    // answered and resolved with a note.
    const conversation = await upsertConversation(db, { channel: 'web', conversationId: randomUUID(), user: { id: web, audience: 'public', anonymous: true } }, 'da');
    webConversation = conversation.id;
    await appendMessage(db, conversation.id, { role: 'user', text: 'Hvem har prøvet borgerbudgetter?', authorId: web });
    const answer = await appendMessage(db, conversation.id, { role: 'bot', text: 'Ingen i biblioteket.', confidence: 0.1 });
    await upsertFeedback(db, { messageId: answer, userId: web, channel: 'web', value: 'down', comment: 'Jeg bor i Vejle' });
    await recordGap(db, { conversationId: conversation.id, messageId: answer, question: 'Hvem har prøvet borgerbudgetter?', reason: 'thumbs_down', language: 'da' });
    const opened = await service.open({ conversationKey: conversation.id, channel: 'web', language: 'da' });
    await service.claim(opened.escalation.id, anna);
    await service.reply(opened.escalation.id, anna, 'Prøv Aarhus – skriv til mig på anna@kraftcenter.example.dk');
    await service.resolve(opened.escalation.id, anna, { note: 'Borgeren fra Vejle fik svar' });
    await checkRateLimit(db, `user:web-chat:${web}`, { limit: 20, windowSeconds: 60 });
    await checkRateLimit(db, web, { limit: 20, windowSeconds: 60 });
    // Two cases the visitor shared from that conversation: one waiting for an adviser, one published.
    const shared = { source: 'submission' as const, body: '## Hvad vi gjorde\n\nBorgerbudgetter.\n', channel: 'web', submitterId: web, submitterName: 'Vera Vejle', language: 'da', audience: 'public', conversationKey: conversation.id };
    const waiting = await insertSubmission(db, { ...shared, frontMatter: { type: 'case', title: 'Borgerbudget i Vejle' }, attachment: { fileName: 'vejle.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4') } }, new Date());
    const published = await insertSubmission(db, { ...shared, frontMatter: { type: 'case', title: 'Borgerbudget i Kolding' } }, new Date());
    await db.query(`UPDATE case_submissions SET status = 'published' WHERE id = $1`, [published!.id]);
    await db.query(`INSERT INTO audit_log (actor, action, submission_id) VALUES ($1, 'submission_created', $2)`, [`user:web:${web}`, waiting!.id]);

    // Someone else on the web: must stay whole.
    const theirs = await upsertConversation(db, { channel: 'web', conversationId: randomUUID(), user: { id: other, audience: 'public', anonymous: true } }, 'da');
    await appendMessage(db, theirs.id, { role: 'user', text: 'Hvad er samskabelse?', authorId: other });
    await appendMessage(db, theirs.id, { role: 'bot', text: 'Samskabelse er …' });

    // The Slack user: a DM of their own (an Assistant thread), and a channel thread they share with a colleague.
    const slack = createSlackStore(db);
    const dm = await upsertConversation(db, { channel: 'slack', conversationId: 'D0PRIV', threadId: '1.1', user: { id: slackUser, audience: 'internal', displayName: 'Sune Slack' } }, 'da', { channel: 'D0PRIV', thread_ts: '1.1' });
    await appendMessage(db, dm.id, { role: 'user', text: 'Hvad er design thinking?', authorId: slackUser, authorName: 'Sune Slack' });
    await appendMessage(db, dm.id, { role: 'bot', text: 'Design thinking er …' });
    await slack.saveAssistantThreadContext('D0PRIV', '1.1', { channel_id: 'C0GENERAL' } as never);
    const say = async (user: string, name: string, text: string) => {
      const conversation = await upsertConversation(db, { channel: 'slack', conversationId: 'C0SHARED', threadId: '2.2', user: { id: user, audience: 'internal', displayName: name } }, 'da');
      await appendMessage(db, conversation.id, { role: 'user', text, authorId: user, authorName: name });
      await appendMessage(db, conversation.id, { role: 'bot', text: `Svar på: ${text}` });
      return conversation.id;
    };
    await say(slackUser, 'Sune Slack', 'Hvem har lavet tillidsreform?');
    await say(slackOther, 'Olga Kollega', 'Og i regionerne?');
    sharedThread = await say(slackUser, 'Sune Slack', 'Tak, hvem kan jeg kontakte?');
    await slack.rememberThread('C0SHARED', '2.2', slackUser);

    // The Teams user: their conversation reference names them.
    const teams = await upsertConversation(
      db,
      { channel: 'teams', conversationId: 'a:1teams', user: { id: teamsUser, audience: 'internal', displayName: 'Tina Teams' } },
      'da',
      { conversation: { id: 'a:1teams' }, user: { id: '29:1abc', aadObjectId: teamsUser, name: 'Tina Teams' }, serviceUrl: 'https://smba.example' },
    );
    await appendMessage(db, teams.id, { role: 'user', text: 'Hej', authorId: teamsUser, authorName: 'Tina Teams' });
    await db.query(`INSERT INTO processed_events (source, event_id) VALUES ('teams', 'a:1teams|1700000000001'), ('teams', 'a:2someone-else|1700000000002')`);
  });
  afterAll(async () => db?.close());

  it('should read every kind of user reference', () => {
    expect(parsePersonRef('slack:T01:U0ABC')).toEqual({ kind: 'user', channel: 'slack', id: 'U0ABC' });
    expect(parsePersonRef('slack:U0ABC')).toEqual({ kind: 'user', channel: 'slack', id: 'U0ABC' });
    expect(parsePersonRef('teams:0b8c-aad')).toEqual({ kind: 'user', channel: 'teams', id: '0b8c-aad' });
    expect(parsePersonRef('Anna@Kraftcenter.example.dk')).toEqual({ kind: 'email', email: 'anna@kraftcenter.example.dk' });
    expect(parsePersonRef(' 7d1c ')).toEqual({ kind: 'user', id: '7d1c' });
    expect(() => parsePersonRef('slack:')).toThrow(/mangler et id/);
  });

  it('should export every row that mentions the web visitor, then erase them all and leave other people alone when asked to erase', async () => {
    const person = await resolvePerson(db, parsePersonRef(web));
    const before = await rowsMentioning(db, web);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['conversations', 'messages', 'feedback', 'rate_limits']));
    const exported = await exportPerson(db, person, new Date());
    expectExportCovers(exported, before, web);
    // The escalation, the adviser's reply and the resolution are theirs too, though they name another id.
    expect(exported.tables.escalations).toHaveLength(1);
    expect(exported.tables.messages!.some((row) => (row as { role: string; text: string }).role === 'adviser' && (row as { text: string }).text.startsWith('Prøv Aarhus'))).toBe(true);
    expect(exported.tables.knowledge_gaps).toHaveLength(1);
    expect(exported.tables.outbox!.length).toBeGreaterThan(0);
    const noteAudit = exported.tables.audit_log!.filter((row) => JSON.stringify(row).includes('Borgeren fra Vejle'));
    expect(noteAudit).toHaveLength(1);
    // Their shared cases, without the attachment's bytes.
    expect(exported.tables.case_submissions).toHaveLength(2);
    expect(exported.tables.case_submissions![0]).toMatchObject({ attachment_name: 'vejle.pdf' });
    expect(exported.tables.case_submissions![0]).not.toHaveProperty('attachment');

    const report = await erasePerson(db, person, 'cli:test');
    expect(report.deleted).toMatchObject({ conversations: 1, feedback: 1, escalations: 1, knowledge_gaps: 1, rate_limits: 2, case_submissions: 1 });
    // The published case stays in the library's queue, without who sent it.
    const kept = await db.query<{ title: string; submitter_name: string | null; conversation_key: string | null }>(
      `SELECT front_matter->>'title' AS title, submitter_name, conversation_key FROM case_submissions`,
    );
    expect(kept.rows).toEqual([{ title: 'Borgerbudget i Kolding', submitter_name: null, conversation_key: null }]);
    expect(await rowsMentioning(db, web)).toEqual({});
    expect(await rowsMentioning(db, 'Vejle')).toEqual({});
    expect(await rowsMentioning(db, webConversation)).toEqual({});
    // Who did what stays: the audit entries of the escalation, without their content; the erasure itself, with counts.
    const audit = await db.query<{ actor: string; action: string; details: unknown }>('SELECT actor, action, details FROM audit_log ORDER BY id');
    expect(audit.rows.map((row) => row.action)).toEqual(expect.arrayContaining(['created', 'claimed', 'resolved', 'privacy_erased']));
    expect(audit.rows.at(-1)).toMatchObject({ actor: 'cli:test', action: 'privacy_erased' });
    expect((await rowsMentioning(db, other)).conversations).toBe(1);
    expect((await rowsMentioning(db, other)).messages).toBe(1);
  });

  it('should remove the Slack user from a thread they share, keep their colleague there, and delete their own DM when asked to erase', async () => {
    const person = await resolvePerson(db, parsePersonRef(`slack:T0TEAM:${slackUser}`));
    const before = await rowsMentioning(db, slackUser);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['conversations', 'messages', 'slack_threads']));
    const exported = await exportPerson(db, person, new Date());
    expectExportCovers(exported, before, slackUser);
    expect(exported.tables.slack_assistant_threads).toHaveLength(1);

    await erasePerson(db, person, 'cli:test');
    expect(await rowsMentioning(db, slackUser)).toEqual({});
    expect(await rowsMentioning(db, 'Sune Slack')).toEqual({});
    expect(await rowsMentioning(db, 'tillidsreform')).toEqual({});
    const left = await db.query<{ role: string; text: string; author_id: string | null }>(
      'SELECT role, text, author_id FROM messages WHERE conversation_id = $1 ORDER BY created_at',
      [sharedThread],
    );
    expect(left.rows).toEqual([
      { role: 'user', text: 'Og i regionerne?', author_id: slackOther },
      { role: 'bot', text: 'Svar på: Og i regionerne?', author_id: null },
    ]);
    const thread = await db.query<{ user_id: string }>('SELECT user_id FROM conversations WHERE id = $1', [sharedThread]);
    expect(thread.rows).toEqual([{ user_id: slackOther }]);
    expect(await db.query('SELECT 1 FROM slack_assistant_threads')).toMatchObject({ rows: [] });
  });

  it('should erase the Teams user with their conversation reference and the de-duplication claims of their chat', async () => {
    const person = await resolvePerson(db, parsePersonRef(`teams:${teamsUser}`));
    const before = await rowsMentioning(db, teamsUser);
    expectExportCovers(await exportPerson(db, person, new Date()), before, teamsUser);
    const exported = await exportPerson(db, person, new Date());
    expect(exported.tables.processed_events).toEqual([expect.objectContaining({ event_id: 'a:1teams|1700000000001' })]);
    await erasePerson(db, person, 'cli:test');
    expect(await rowsMentioning(db, teamsUser)).toEqual({});
    expect(await rowsMentioning(db, 'Tina Teams')).toEqual({});
    expect(await rowsMentioning(db, 'a:1teams')).toEqual({});
    expect(await rowsMentioning(db, 'a:2someone-else')).toEqual({ processed_events: 1 });
  });

  it("should erase an adviser by e-mail and keep their replies in users' conversations without their name", async () => {
    const reply = await upsertConversation(db, { channel: 'web', conversationId: randomUUID(), user: { id: randomUUID(), audience: 'public', anonymous: true } }, 'da');
    await appendMessage(db, reply.id, { role: 'user', text: 'Kan en rådgiver hjælpe?', authorId: 'someone' });
    const opened = await service.open({ conversationKey: reply.id, channel: 'web', language: 'da' });
    await service.claim(opened.escalation.id, anna);
    await service.reply(opened.escalation.id, anna, 'Ja, det kan jeg.');
    const person = await resolvePerson(db, parsePersonRef(anna.email));
    expect(person.adviser?.id).toBe(anna.id);
    const before = await rowsMentioning(db, anna.id);
    const exported = await exportPerson(db, person, new Date());
    expectExportCovers(exported, before, anna.id);
    expect(exported.tables.advisers).toEqual([expect.not.objectContaining({ token_hash: expect.anything() })]);

    await erasePerson(db, person, 'cli:test');
    for (const needle of [anna.id, anna.email, anna.name]) expect(await rowsMentioning(db, needle), needle).toEqual({});
    const texts = await db.query<{ role: string; text: string }>('SELECT role, text FROM messages WHERE conversation_id = $1 ORDER BY created_at', [reply.id]);
    expect(texts.rows).toEqual(expect.arrayContaining([{ role: 'adviser', text: 'Ja, det kan jeg.' }]));
  });
});
