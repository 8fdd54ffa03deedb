import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import { parseMarkdown } from '../../ingest/parse/markdown.js';
import { createEscalationService, DEFAULT_OFFICE_HOURS, routeToAdviser, type AdviserIdentity, type EscalationCore } from '../../bot/escalation/index.js';
import { silentLogger } from '../../config/logger.js';
import type { ChatModel } from '../../bot/llm/index.js';
import { listMessages } from '../../bot/store/conversation-store.js';
import { testDatabases } from '../support/test-databases.js';
import { addAdviser, auditActions, createTestService, openQueued, outboxRows, tempDraftsDir, testClock } from '../unit/bot/escalation/escalation-fixture.js';

const user = { id: 'u-1', displayName: 'Mette Hansen' };

function fakeModel(answer: string | Error): ChatModel & { calls: number } {
  const model = {
    modelId: 'fake:model',
    calls: 0,
    async complete() {
      model.calls++;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    async structured(): Promise<never> {
      throw new Error('not used');
    },
    async *stream(): AsyncGenerator<string> {
      throw new Error('not used');
    },
  };
  return model;
}

describe.each(testDatabases)('routing, summaries and drafts of hand-offs on $name', (target) => {
  let db: Db;
  let service: EscalationCore;
  let anna: AdviserIdentity;
  let draftsDir: string;
  const clock = testClock();

  beforeAll(async () => {
    db = await target.open();
    draftsDir = tempDraftsDir();
    service = createTestService(db, { now: clock.now, draftsDir });
    anna = await addAdviser(db, 'Anna Rådgiver');
  });
  afterAll(async () => db?.close());

  it('should not route when the conversation has no open escalation', async () => {
    expect(await routeToAdviser(db, 'web:nobody', 'Hej', user)).toEqual({ routed: false });
  });

  it('should store the message, notify advisers and tell the user it was passed on when queued', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    const routed = await routeToAdviser(db, conversationKey, 'Vi er 3 kommuner, der vil samarbejde', user);
    expect(routed).toMatchObject({ routed: true, reply: { escalation: { id, status: 'queued' } } });
    expect(routed.routed && routed.reply.text).toMatch(/^Din besked er sendt videre til rådgiveren/);
    const messages = await listMessages(db, conversationKey);
    expect(messages.slice(-2).map((message) => [message.role, message.text])).toEqual([
      ['user', 'Vi er 3 kommuner, der vil samarbejde'],
      ['system', routed.routed && routed.reply.text],
    ]);
    expect(routed.routed && routed.reply.messageId).toBe(messages.at(-1)?.id);
    expect((await outboxRows(db, id)).at(-1)?.payload).toMatchObject({ type: 'escalation.user_message', text: 'Vi er 3 kommuner, der vil samarbejde' });
    const transcript = (await service.get(id))?.transcript ?? [];
    expect(transcript.map((entry) => entry.text)).toContain('Vi er 3 kommuner, der vil samarbejde');
    expect(transcript.map((entry) => entry.text)).not.toContain(routed.routed && routed.reply.text);
  });

  it('should route to the adviser with a short acknowledgement when claimed', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    await service.claim(id, anna);
    const routed = await routeToAdviser(db, conversationKey, 'Tak, hvad med økonomien?', user);
    expect(routed).toMatchObject({ routed: true, reply: { text: 'Sendt til Anna Rådgiver.', escalation: { status: 'claimed', adviserName: 'Anna Rådgiver' } } });
  });

  it('should cancel the request when the user writes annuller while queued', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    const routed = await routeToAdviser(db, conversationKey, 'annuller', user);
    expect(routed).toMatchObject({ routed: true, reply: { cancelled: true, escalation: { id, status: 'cancelled' } } });
    expect(routed.routed && routed.reply.text).toMatch(/annulleret/);
    expect((await listMessages(db, conversationKey)).slice(-2).map((message) => message.text)).toEqual(['annuller', routed.routed && routed.reply.text]);
    expect(await auditActions(db, id)).toEqual(['created', 'cancelled']);
    expect((await outboxRows(db, id)).at(-1)?.payload).toMatchObject({ type: 'escalation.cancelled' });
    expect(await routeToAdviser(db, conversationKey, 'Hvem har prøvet velfærdsteknologi?', user)).toEqual({ routed: false });
  });

  it('should forward cancel to the adviser instead of cancelling when claimed', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    await service.claim(id, anna);
    expect(await routeToAdviser(db, conversationKey, 'cancel', user)).toMatchObject({ routed: true, reply: { escalation: { status: 'claimed' } } });
  });

  it('should let the bot answer again when the escalation is resolved', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    await service.claim(id, anna);
    await service.resolve(id, anna);
    expect(await routeToAdviser(db, conversationKey, 'Et nyt spørgsmål', user)).toEqual({ routed: false });
  });

  it('should summarise with the chat model when one is configured', async () => {
    const model = fakeModel('Brugeren vil vide, hvem der har prøvet hverdagsrehabilitering.');
    const withModel = createTestService(db, { now: clock.now, chatModel: model });
    const { id } = await openQueued(db, withModel);
    expect(model.calls).toBe(1);
    expect((await withModel.get(id))?.summary).toBe('Brugeren vil vide, hvem der har prøvet hverdagsrehabilitering.');
  });

  it('should fall back to question and answer when the chat model fails', async () => {
    const withModel = createTestService(db, { now: clock.now, chatModel: fakeModel(new Error('rate limited')) });
    const { id } = await openQueued(db, withModel);
    expect((await withModel.get(id))?.summary).toMatch(/^Spørgsmål: .*\nBotsvar: /s);
  });

  it('should write a masked draft knowledge item in the library format when resolved with keep', async () => {
    const { id } = await openQueued(db, service, { question: 'Hvem har prøvet hverdagsrehabilitering? Skriv til mette@aarhus.dk' });
    await service.claim(id, anna);
    await service.reply(id, anna, 'Kontakt Fredericia på 70 00 09 00 eller jens@fredericia.dk. Borgerens CPR 010203-1234 skal ikke med.');
    expect(await service.resolve(id, anna, { keep: true, note: 'God case' })).toMatchObject({ ok: true });

    const files = fs.readdirSync(draftsDir).filter((name) => name.includes(id.slice(0, 8)));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${id.slice(0, 8)}-hvem-har-proevet-hverdagsrehabilitering.*\\.md$`));
    const text = fs.readFileSync(path.join(draftsDir, files[0]!), 'utf8');
    expect(text).not.toMatch(/mette@aarhus\.dk|jens@fredericia\.dk|70 00 09 00|010203-1234/);
    expect(text).toContain('[telefonnummer fjernet]');
    expect(text).toContain('[CPR-nummer fjernet]');
    expect(text).toMatch(/## Spørgsmål[\s\S]*## Svar fra rådgiver\n\nKontakt Fredericia[\s\S]*## Kilder botten brugte\n\n- \[1\] Længst muligt i eget liv \(Fredericia Kommune, 2008\)/);

    const parsed = parseMarkdown(text, files[0]!);
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents[0]).toMatchObject({ type: 'method', audience: 'internal', author: 'Anna Rådgiver', tags: ['adviser-svar', 'udkast'] });
    expect(await auditActions(db, id)).toEqual(['created', 'claimed', 'replied', 'resolved', 'draft_stored', 'draft_written']);
  });

  it('should put a kept answer in the Forslag queue as a masked adviser draft, with no file unless DRAFTS_DIR is set', async () => {
    const noExport = createEscalationService({ db, logger: silentLogger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, now: clock.now });
    const { id } = await openQueued(db, noExport, { question: 'Hvem har prøvet madspild i skolekøkkener? Ring 20 12 34 56' });
    await noExport.claim(id, anna);
    await noExport.reply(id, anna, 'Vejle Kommune vejede madspildet hver dag.');
    expect(await noExport.resolve(id, anna, { keep: true })).toMatchObject({ ok: true });

    const stored = await db.query<{ source: string; status: string; channel: string; front_matter: unknown; body: string; submitter_id: string }>(
      'SELECT source, status, channel, front_matter, body, submitter_id FROM case_submissions WHERE escalation_id = $1',
      [id],
    );
    expect(stored.rows).toHaveLength(1);
    const row = stored.rows[0]!;
    const front = typeof row.front_matter === 'string' ? JSON.parse(row.front_matter) : row.front_matter;
    expect(row).toMatchObject({ source: 'adviser_draft', status: 'new', channel: 'console', submitter_id: anna.id });
    expect(front).toMatchObject({ type: 'method', audience: 'internal', author: 'Anna Rådgiver', tags: ['adviser-svar', 'udkast'] });
    expect(front.title).not.toContain('20 12 34 56');
    expect(row.body).toMatch(/## Spørgsmål[\s\S]*## Svar fra rådgiver\n\nVejle Kommune vejede madspildet/);
    expect(await auditActions(db, id)).toEqual(['created', 'claimed', 'replied', 'resolved', 'draft_stored']);
  });

  it('should keep the resolve and audit the failure when the draft cannot be written', async () => {
    const blocked = path.join(tempDraftsDir(), 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    const failing = createTestService(db, { now: clock.now, draftsDir: path.join(blocked, 'drafts') });
    const { id } = await openQueued(db, failing);
    await failing.claim(id, anna);
    expect(await failing.resolve(id, anna, { keep: true })).toMatchObject({ ok: true, value: { status: 'resolved' } });
    expect((await failing.get(id))?.status).toBe('resolved');
    // The queue has the draft; only the file export failed.
    expect(await auditActions(db, id)).toEqual(['created', 'claimed', 'resolved', 'draft_stored', 'draft_failed']);
  });
});
