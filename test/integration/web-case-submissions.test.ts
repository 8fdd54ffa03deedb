/**
 * "Del jeres erfaring" from the web chat into the real SubmissionService, on PGlite and (with TEST_DATABASE_URL)
 * native Postgres: a valid form with a PDF is stored with its reference and attachment, and the visitor's own
 * conversation goes with it (the adviser's question then arrives in it); another browser's conversation does not;
 * a form with wrong fields, too large a file or a file of the wrong type stores nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebApp } from '../../adapters/web/index.js';
import { listMessages, upsertConversation } from '../../bot/store/conversation-store.js';
import type { LibraryPublisher, SubmissionService } from '../../bot/submissions/submission-port.js';
import { createSubmissionService } from '../../bot/submissions/submission-service.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/index.js';
import { createFakeEngine } from '../fakes/fake-engine.js';
import { caseForm, postCaseForm, samplePdf } from '../support/case-submission-form.js';
import { testDatabases } from '../support/test-databases.js';

/** Submitting never publishes: a publisher that is called fails the test. */
const unusedPublisher: LibraryPublisher = {
  libraryDir: '/nonexistent',
  publish: () => Promise.reject(new Error('publish is not part of submitting')),
  ingest: () => Promise.reject(new Error('ingest is not part of submitting')),
  unpublish: () => Promise.reject(new Error('unpublish is not part of submitting')),
};
const ADVISER = { id: 'adv-rie', name: 'Rie Rådgiver', email: 'rie@kraftcenter.dk' };

describe.each(testDatabases)('web case submissions into the SubmissionService on $name', (database) => {
  let db: Db;
  let server: Server;
  let baseUrl: string;
  let submissions: SubmissionService;

  beforeAll(async () => {
    db = await database.open();
    submissions = createSubmissionService({ db, publisher: unusedPublisher, search: async () => [], logger: silentLogger });
    server = await new Promise<Server>((resolve) => {
      const listening = createWebApp({ engine: createFakeEngine(), db, submissions }).listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });
  beforeEach(async () => {
    await db.exec('DELETE FROM case_submissions');
  });

  /** A visitor (the kc_uid cookie) and a stored conversation they own. */
  async function visitorWithConversation(): Promise<{ cookie: string; conversationId: string }> {
    const uid = randomUUID();
    const conversationId = randomUUID();
    const user = { id: `anon-${uid}`, audience: 'public' as const, anonymous: true };
    await upsertConversation(db, { channel: 'web', conversationId, threadId: '', user }, 'da');
    return { cookie: `kc_uid=${uid}`, conversationId };
  }

  it('should store a valid case with its PDF, answer 201 with the reference, and let the adviser ask in the visitor’s conversation', async () => {
    const { cookie, conversationId } = await visitorWithConversation();
    const response = await postCaseForm(
      baseUrl,
      caseForm({ conversationId, what_we_did: 'Ring til Jens på 20 30 40 50, så forklarer han det.' }, { name: 'erfaring.pdf', bytes: samplePdf(), type: 'application/pdf' }),
      { Cookie: cookie },
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as { reference: string; message: string };
    expect(body.reference).toMatch(/^KC-\d{4}-\d{4}$/);
    expect(body.message).toContain(`referencenummer ${body.reference}`);
    expect(body.message).toContain('Vi har fjernet personoplysninger');

    const [summary] = await submissions.list();
    expect(summary).toMatchObject({ reference: body.reference, channel: 'web', status: 'new', hasAttachment: true, title: 'Hverdagsrehabilitering i hjemmeplejen' });
    const detail = await submissions.get(summary!.id);
    expect(detail?.attachment).toEqual({ fileName: 'erfaring.pdf', mimeType: 'application/pdf', size: samplePdf().length });
    expect(detail?.body).not.toContain('20 30 40 50');
    expect((await submissions.attachment(summary!.id))?.bytes.equals(samplePdf())).toBe(true);

    const asked = await submissions.ask(summary!.id, ADVISER, 'Hvor mange borgere var med?');
    expect(asked.ok).toBe(true);
    const messages = await listMessages(db, `web:${conversationId}`);
    expect(messages.some((message) => message.role === 'adviser' && message.text.includes('Hvor mange borgere var med?'))).toBe(true);
  });

  it('should start the visitor’s conversation when they share a case before asking anything, so the adviser’s question reaches them', async () => {
    const uid = randomUUID();
    const conversationId = randomUUID();
    const response = await postCaseForm(baseUrl, caseForm({ conversationId }), { Cookie: `kc_uid=${uid}` });
    expect(response.status).toBe(201);
    const [summary] = await submissions.list();
    expect(await submissions.ask(summary!.id, ADVISER, 'Hvor mange borgere var med?')).toMatchObject({ ok: true });
    const messages = await listMessages(db, `web:${conversationId}`);
    expect(messages.filter((message) => message.role === 'adviser').map((message) => message.text)).toEqual([expect.stringContaining('Hvor mange borgere var med?')]);

    // The conversation is theirs: another browser sharing a case with the same id does not get it.
    await db.exec('DELETE FROM case_submissions');
    await postCaseForm(baseUrl, caseForm({ conversationId }), { Cookie: `kc_uid=${randomUUID()}` });
    const [other] = await submissions.list();
    expect(await submissions.ask(other!.id, ADVISER, 'Et spørgsmål')).toMatchObject({ ok: false, error: 'no_conversation' });
  });

  it('should not tie the case to a conversation another browser owns', async () => {
    const { conversationId } = await visitorWithConversation();
    const response = await postCaseForm(baseUrl, caseForm({ conversationId }), { Cookie: `kc_uid=${randomUUID()}` });
    expect(response.status).toBe(201);
    const [summary] = await submissions.list();
    const asked = await submissions.ask(summary!.id, ADVISER, 'Et spørgsmål');
    expect(asked).toMatchObject({ ok: false, error: 'no_conversation' });
    expect((await listMessages(db, `web:${conversationId}`)).filter((message) => message.role === 'adviser')).toEqual([]);
  });

  it('should answer 400 naming the wrong fields, in Danish and in English, and store nothing', async () => {
    const da = await postCaseForm(baseUrl, caseForm({ contact_email: 'ikke-en-mail', year: 'sidste år' }));
    expect(da.status).toBe(400);
    const daBody = (await da.json()) as { error: { code: string; issues: Array<{ field: string; message: string }> } };
    expect(daBody.error.code).toBe('invalid');
    expect(daBody.error.issues.map((issue) => issue.field)).toEqual(['year', 'contact_email']);
    expect(daBody.error.issues[1]?.message).toMatch(/skal være en e-mailadresse/);

    const en = await postCaseForm(baseUrl, caseForm({ contact_email: 'not-an-email', lang: 'en' }));
    const enBody = (await en.json()) as { error: { message: string; issues: Array<{ field: string; message: string }> } };
    expect(en.status).toBe(400);
    expect(enBody.error.issues).toEqual([{ field: 'contact_email', message: expect.stringMatching(/^must be an e-mail address/) }]);
    expect(await submissions.list()).toEqual([]);
  });

  it('should answer 413 for a file over 10 MB and 400 for a file that is not a PDF, storing nothing', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]);
    expect((await postCaseForm(baseUrl, caseForm({}, { name: 'stor.pdf', bytes: big }))).status).toBe(413);
    const wrong = await postCaseForm(baseUrl, caseForm({}, { name: 'rapport.pdf', bytes: Buffer.from('<html>ikke en pdf</html>') }));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { field: string } }).error.field).toBe('attachment');
    expect(await submissions.list()).toEqual([]);
  });
});
