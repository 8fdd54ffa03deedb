import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import { readAuditLog, type AdviserIdentity, type EscalationCore } from '../../bot/escalation/index.js';
import { listMessages } from '../../bot/store/conversation-store.js';
import { testDatabases } from '../support/test-databases.js';
import path from 'node:path';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { FIXTURE_LIBRARY } from '../support/library-fixture.js';
import { addAdviser, createTestService, openQueued, outboxRows, testClock } from '../unit/bot/escalation/escalation-fixture.js';

describe.each(testDatabases)("advisers' replies and notes are stored without personal data on $name", (target) => {
  let db: Db;
  let service: EscalationCore;
  let anna: AdviserIdentity;

  beforeAll(async () => {
    db = await target.open();
    service = createTestService(db, { now: testClock().now });
    anna = await addAdviser(db, 'Anna Rådgiver');
  });
  afterAll(async () => db?.close());

  it('should store, send and return the reply with the CPR number and phone number masked when an adviser pastes them', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    await service.claim(id, anna);
    const replied = await service.reply(id, anna, 'Borgeren 010190-1234 kan ringe på (+45) 1234-5678.');
    const expected = 'Borgeren [CPR-nummer fjernet] kan ringe på [telefonnummer fjernet].';
    expect(replied).toEqual({ ok: true, value: { messageId: expect.any(String), text: expected } });

    expect((await listMessages(db, conversationKey)).find((message) => message.role === 'adviser')?.text).toBe(expected);
    const delivery = (await outboxRows(db, id)).find((row) => row.payload.kind === 'adviser_message');
    expect(delivery?.payload.text).toBe(expected);
    expect(JSON.stringify(await readAuditLog(db, { escalationId: id }))).not.toMatch(/010190|1234-5678/);
    expect((await readAuditLog(db, { escalationId: id })).at(-1)?.details).toMatchObject({ masked: ['cpr', 'phone'] });
  });

  it("should keep the library's published contact and the adviser's own address in a reply, and still mask a citizen's number", async () => {
    const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
    await runIngest({ db, embedder }, { inputs: [path.join(FIXTURE_LIBRARY, 'cases/fredericia-hverdagsrehabilitering.md')] });
    await db.query(`UPDATE documents SET contact = contact || '{"phone": "+45 7000 0101"}'::jsonb WHERE contact->>'email' = 'rehab@fredericia.example.dk'`);
    const { id } = await openQueued(db, service);
    await service.claim(id, anna);
    const replied = await service.reply(
      id,
      anna,
      `Ring til projektlederen på 70 00 01 01 eller skriv til Rehab@fredericia.example.dk – eller til mig på ${anna.email}. Borgerens nummer 2345 6789 skal ikke med.`,
    );
    expect(replied.ok && replied.value.text).toBe(
      `Ring til projektlederen på 70 00 01 01 eller skriv til Rehab@fredericia.example.dk – eller til mig på ${anna.email}. Borgerens nummer [telefonnummer fjernet] skal ikke med.`,
    );
  });

  it("should mask in the user's language when the conversation is in English", async () => {
    const { id } = await openQueued(db, service, { language: 'en', question: 'Who tried everyday rehabilitation?' });
    await service.claim(id, anna);
    const replied = await service.reply(id, anna, 'Write to jens(at)kommune.dk');
    expect(replied.ok && replied.value.text).toBe('Write to [e-mail removed]');
  });

  it('should store the resolution note with personal data masked when the adviser resolves', async () => {
    const { id } = await openQueued(db, service);
    await service.claim(id, anna);
    await service.resolve(id, anna, { note: 'Talte med borgeren (CPR ０１０１９０１２３４), IP 10.2.3.4' });
    const note = 'Talte med borgeren (CPR [CPR-nummer fjernet]), IP [IP-adresse fjernet]';
    expect((await service.get(id))?.resolutionNote).toBe(note);
    expect((await readAuditLog(db, { escalationId: id })).at(-1)).toMatchObject({ action: 'resolved', details: { note } });
  });
});
