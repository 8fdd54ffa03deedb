import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import type { AdviserIdentity, EscalationCore } from '../../bot/escalation/index.js';
import { listMessages } from '../../bot/store/conversation-store.js';
import { testDatabases } from '../support/test-databases.js';
import { addAdviser, auditActions, createTestService, openQueued, outboxRows, seedConversation, testClock } from '../unit/bot/escalation/escalation-fixture.js';

describe.each(testDatabases)('escalation state machine on $name', (target) => {
  let db: Db;
  let service: EscalationCore;
  let anna: AdviserIdentity;
  let bo: AdviserIdentity;
  const clock = testClock();

  beforeAll(async () => {
    db = await target.open();
    service = createTestService(db, { now: clock.now });
    anna = await addAdviser(db, 'Anna Rådgiver');
    bo = await addAdviser(db, 'Bo Rådgiver');
  });
  afterAll(async () => db?.close());

  it('should queue an escalation with question, last answer and summary when the user asks for an adviser', async () => {
    const { id, opened, conversationKey } = await openQueued(db, service);
    expect(opened.created).toBe(true);
    expect(opened.text).toMatch(/rådgivere.*inden for ca\. 4 arbejdstimer \(hverdage 8–16\), senest \S+ kl\. \d/s);
    const detail = await service.get(id);
    expect(detail).toMatchObject({ status: 'queued', trigger: 'user_request', channel: 'web', conversationKey, userName: 'Mette Hansen' });
    expect(detail?.question).toBe('Hvem har prøvet hverdagsrehabilitering?');
    expect(detail?.lastAnswer?.citations[0]?.documentId).toBe('fredericia-laengst-muligt-i-eget-liv');
    expect(detail?.summary).toMatch(/^Spørgsmål: Hvem har prøvet.*\nBotsvar: Fredericia/s);
    expect(new Date(detail!.dueAt).getTime()).toBeGreaterThan(new Date(detail!.createdAt).getTime());
    expect((await outboxRows(db, id)).map((row) => row.payload.type)).toEqual(['escalation.created']);
    expect(await auditActions(db, id)).toEqual(['created']);
  });

  it('should return the open escalation instead of a second one when the user asks again', async () => {
    const { id, conversationKey, channel } = await openQueued(db, service);
    const again = await service.open({ conversationKey, channel, language: 'da' });
    expect(again).toMatchObject({ created: false, escalation: { id } });
    const rows = await db.query('SELECT id FROM escalations WHERE conversation_id = $1', [conversationKey]);
    expect(rows.rows).toHaveLength(1);
  });

  it('should infer the thumbs_down trigger when the last bot reply got a 👎', async () => {
    const seeded = await seedConversation(db);
    await db.query(`INSERT INTO knowledge_gaps (conversation_id, message_id, question, reason) VALUES ($1, $2, 'q', 'thumbs_down')`, [
      seeded.conversationKey,
      seeded.botMessageId,
    ]);
    const opened = await service.open({ conversationKey: seeded.conversationKey, channel: 'web', language: 'da' });
    expect((await service.get(opened.escalation.id))?.trigger).toBe('thumbs_down');
  });

  it('should tell the user in English when the conversation is in English', async () => {
    const { opened } = await openQueued(db, service, { language: 'en', question: 'Who tried everyday rehabilitation?' });
    expect(opened.text).toMatch(/within about 4 working hours \(weekdays 8:00–16:00 Danish time\)/);
  });

  it('should let an adviser claim a queued escalation and tell the user who took over when claimed', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    const claimed = await service.claim(id, anna);
    expect(claimed).toMatchObject({ ok: true, value: { status: 'claimed', adviserId: anna.id, adviserName: 'Anna Rådgiver' } });
    const messages = await listMessages(db, conversationKey);
    expect(messages.at(-1)).toMatchObject({ role: 'system', text: 'Anna Rådgiver fra Kraftcentret har overtaget samtalen.' });
    const outbox = await outboxRows(db, id);
    expect(outbox.map((row) => [row.kind, row.payload.type ?? row.payload.kind])).toEqual([
      ['adviser', 'escalation.created'],
      ['user', 'adviser_joined'],
      ['adviser', 'escalation.claimed'],
    ]);
    expect(outbox.map((row) => row.event_key)).toEqual([`${id}:created:0`, `${id}:claimed:1:user`, `${id}:claimed:1`]);
  });

  it('should refuse a claim when the escalation is already claimed, unknown or resolved', async () => {
    const { id } = await openQueued(db, service);
    await service.claim(id, anna);
    expect(await service.claim(id, bo)).toMatchObject({ ok: false, error: 'already_claimed', message: 'Anna Rådgiver har allerede taget sagen.' });
    expect(await service.claim('no-such-id', bo)).toMatchObject({ ok: false, error: 'not_found' });
    await service.resolve(id, anna);
    expect(await service.claim(id, bo)).toMatchObject({ ok: false, error: 'closed' });
  });

  it('should store and deliver a reply only from the claimer when replying', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    expect(await service.reply(id, anna, 'Hej')).toMatchObject({ ok: false, error: 'not_yours' });
    await service.claim(id, anna);
    expect(await service.reply(id, bo, 'Hej')).toMatchObject({ ok: false, error: 'not_yours' });
    const replied = await service.reply(id, anna, 'Ring til Fredericia, de har erfaringen.');
    expect(replied.ok).toBe(true);
    const stored = (await listMessages(db, conversationKey)).at(-1);
    expect(stored).toMatchObject({ role: 'adviser', authorId: anna.id, authorName: 'Anna Rådgiver', text: 'Ring til Fredericia, de har erfaringen.' });
    expect(replied.ok && stored?.id).toBe(replied.ok && replied.value.messageId);
    const delivery = (await outboxRows(db, id)).at(-1);
    expect(delivery).toMatchObject({ kind: 'user', payload: { kind: 'adviser_message', text: 'Ring til Fredericia, de har erfaringen.' } });
    expect(await service.reply('no-such-id', anna, 'x')).toMatchObject({ ok: false, error: 'not_found' });
  });

  it('should refuse a reply with a clear message when the escalation is resolved', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    await service.claim(id, anna);
    await service.resolve(id, anna, { note: 'Besvaret' });
    const before = (await listMessages(db, conversationKey)).length;
    expect(await service.reply(id, anna, 'For sent')).toEqual({ ok: false, error: 'closed', message: 'Sagen er afsluttet; svaret blev ikke sendt.' });
    expect(await listMessages(db, conversationKey)).toHaveLength(before);
  });

  it('should put the escalation back in the queue and tell the user when the claimer releases it', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    await service.claim(id, anna);
    expect(await service.release(id, bo)).toMatchObject({ ok: false, error: 'not_yours' });
    expect(await service.release(id, anna)).toMatchObject({ ok: true, value: { status: 'queued' } });
    expect((await service.get(id))?.adviserId).toBeUndefined();
    expect((await listMessages(db, conversationKey)).at(-1)?.text).toMatch(/tilbage i køen/);
    expect(await service.release(id, anna)).toMatchObject({ ok: false, error: 'not_yours' });
    expect(await service.claim(id, bo)).toMatchObject({ ok: true, value: { adviserId: bo.id } });
  });

  it('should hand the escalation to a named colleague when reassigned, and refuse unknown or disabled colleagues', async () => {
    const disabled = await addAdviser(db, 'Carl Stoppet', { enabled: false });
    const { id, conversationKey } = await openQueued(db, service);
    await service.claim(id, anna);
    expect(await service.reassign(id, anna, 'nobody')).toMatchObject({ ok: false, error: 'unknown_adviser' });
    expect(await service.reassign(id, anna, disabled.id)).toMatchObject({ ok: false, error: 'unknown_adviser' });
    expect(await service.reassign(id, bo, anna.id)).toMatchObject({ ok: false, error: 'not_yours' });
    expect(await service.reassign(id, anna, bo.id)).toMatchObject({ ok: true, value: { status: 'claimed', adviserId: bo.id, adviserName: 'Bo Rådgiver' } });
    expect((await listMessages(db, conversationKey)).at(-1)?.text).toBe('Bo Rådgiver fra Kraftcentret har overtaget samtalen.');
    expect(await service.reply(id, anna, 'Hej')).toMatchObject({ ok: false, error: 'not_yours' });
  });

  it('should let any adviser give a queued escalation to a colleague when reassigning from the queue', async () => {
    const { id } = await openQueued(db, service);
    expect(await service.reassign(id, anna, bo.id)).toMatchObject({ ok: true, value: { adviserId: bo.id } });
  });

  it('should close the escalation, store the note and tell the user the bot is back when resolved', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    expect(await service.resolve(id, anna)).toMatchObject({ ok: false, error: 'not_yours' });
    await service.claim(id, anna);
    expect(await service.resolve(id, bo)).toMatchObject({ ok: false, error: 'not_yours' });
    expect(await service.resolve(id, anna, { note: 'Henvist til Fredericia' })).toMatchObject({ ok: true, value: { status: 'resolved' } });
    expect((await service.get(id))?.resolutionNote).toBe('Henvist til Fredericia');
    expect((await listMessages(db, conversationKey)).at(-1)?.text).toMatch(/assistent igen/);
    expect((await outboxRows(db, id)).at(-2)).toMatchObject({ kind: 'user', payload: { kind: 'bot_back' } });
    expect(await service.resolve(id, anna)).toMatchObject({ ok: false, error: 'closed' });
    expect(await service.release(id, anna)).toMatchObject({ ok: false, error: 'closed' });
    expect(await service.reassign(id, anna, bo.id)).toMatchObject({ ok: false, error: 'closed' });
  });

  it('should cancel only while queued when the user cancels', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    expect(await service.cancelByUser(conversationKey)).toMatchObject({ ok: true, value: { id, status: 'cancelled' } });
    expect(await service.cancelByUser(conversationKey)).toMatchObject({ ok: false, error: 'not_found' });
    expect(await service.claim(id, anna)).toMatchObject({ ok: false, error: 'closed' });
    const claimed = await openQueued(db, service);
    await service.claim(claimed.id, anna);
    expect(await service.cancelByUser(claimed.conversationKey)).toMatchObject({ ok: false, error: 'not_queued' });
  });

  it('should open a new escalation after the previous one was resolved when the user asks again', async () => {
    const { id, conversationKey, channel } = await openQueued(db, service);
    await service.claim(id, anna);
    await service.resolve(id, anna);
    const again = await service.open({ conversationKey, channel, language: 'da' });
    expect(again.created).toBe(true);
    expect(again.escalation.id).not.toBe(id);
  });

  it('should write an audit row for each action when an escalation goes through its life', async () => {
    const { id } = await openQueued(db, service);
    await service.claim(id, anna);
    await service.reply(id, anna, 'Svar');
    await service.release(id, anna);
    await service.reassign(id, bo, anna.id);
    await service.resolve(id, anna, { note: 'ok' });
    expect(await auditActions(db, id)).toEqual(['created', 'claimed', 'replied', 'released', 'reassigned', 'resolved']);
    const rows = await db.query<{ actor: string; details: Record<string, unknown>; at: Date }>(
      `SELECT actor, details, at FROM audit_log WHERE escalation_id = $1 AND action = 'reassigned'`,
      [id],
    );
    expect(rows.rows[0]).toMatchObject({ actor: bo.id, details: { toAdviserId: anna.id, toAdviserName: 'Anna Rådgiver' } });
    expect(rows.rows[0]?.at).toBeInstanceOf(Date);
  });

  it('should list escalations by status, adviser and channel with age against the target when listing', async () => {
    const { id } = await openQueued(db, service, { channel: 'slack' });
    await service.claim(id, bo);
    const mine = await service.list({ adviserId: bo.id, channel: 'slack', status: ['claimed'] });
    expect(mine.map((summary) => summary.id)).toEqual([id]);
    const queued = await service.list({ status: ['queued'] });
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((summary) => summary.status === 'queued' && summary.ageMinutes >= 0 && summary.overdue === false)).toBe(true);
    expect(await service.list({ minAgeMinutes: 60 * 24 * 365 })).toEqual([]);
  });
});
