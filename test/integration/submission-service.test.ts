/**
 * The SubmissionService on every test database, with the real library publisher over a copy of the fixture library
 * as LIBRARY_DIR: submitting (reference, nothing stored when invalid, attachment rules), editing, asking the
 * submitter (an outbox delivery into their conversation), rejecting, publishing (a file with front matter the ingest
 * reads, found by the next hybrid search), unpublishing (gone from search, file moved aside and not ingested again),
 * near-duplicates, unpublishing a library document by id, and audit rows that never hold the case's text.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertConversation, listMessages } from '../../bot/store/conversation-store.js';
import { createLibraryPublisher } from '../../bot/submissions/library-publisher.js';
import { createSubmissionService } from '../../bot/submissions/submission-service.js';
import type { LibraryPublisher, SubmissionService, Submitter } from '../../bot/submissions/submission-port.js';
import { ATTACHMENT_MAX_BYTES } from '../../bot/submissions/submission-fields.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { silentLogger } from '../../config/logger.js';
import { runIngest } from '../../ingest/run-ingest.js';
import type { Db } from '../../knowledge/db/db.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { searchLibrary } from '../../knowledge/index.js';
import { samplePdf, VALID_CASE } from '../support/case-submission-form.js';
import { copyFixtureLibrary } from '../support/library-fixture.js';
import { testDatabases } from '../support/test-databases.js';

const ADVISER = { id: 'adv-1', name: 'Anna Rådgiver', email: 'anna@kraftcenter.dk' };
const NOW = new Date('2026-03-02T09:00:00Z');
const UNIQUE_STORY = 'Vi byggede en skraldesorteringsrobot til genbrugspladsen i samarbejde med lokale gymnasieelever.';

describe.each(testDatabases)('the submission service on $name', (target) => {
  let db: Db;
  let library: LibraryPublisher;
  let service: SubmissionService;
  const folder = copyFixtureLibrary();
  const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
  const search = (question: string) => searchLibrary({ db, embedder }, question, { audience: 'public', limit: 5 });

  const webSubmitter = async (id: string, language: 'da' | 'en' = 'da'): Promise<Submitter> => {
    const conversation = await upsertConversation(
      db,
      { channel: 'web', conversationId: id, user: { id: `u-${id}`, audience: 'public', anonymous: true } },
      language,
    );
    return { channel: 'web', userId: `u-${id}`, language, audience: 'public', conversationKey: conversation.id };
  };
  const submitValid = async (fields: Record<string, string> = {}, submitter?: Submitter) => {
    const result = await service.submit({ ...VALID_CASE, ...fields }, submitter ?? (await webSubmitter(`c-${Math.random()}`)));
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.value;
  };
  const outboxOf = async (conversationKey: string) =>
    (
      await db.query<{ event_key: string; kind: string; payload: unknown }>(
        'SELECT event_key, kind, payload FROM outbox WHERE conversation_id = $1 ORDER BY id',
        [conversationKey],
      )
    ).rows.map((row) => ({ ...row, payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown> }));
  const submissionCount = async () => Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_submissions')).rows[0]!.n);

  beforeAll(async () => {
    db = await target.open();
    await runIngest({ db, embedder }, { inputs: [folder.dir] });
    library = createLibraryPublisher({ db, embedder, libraryDir: folder.dir, logger: silentLogger });
    service = createSubmissionService({
      db,
      publisher: library,
      search: (question, options) => searchLibrary({ db, embedder }, question, options),
      logger: silentLogger,
      publicBaseUrl: 'https://chat.example.dk/',
      now: () => NOW,
    });
  });
  afterAll(async () => {
    await db?.close();
    folder.cleanup();
  });

  it('stores a valid case and gives it a reference of the year with a running number', async () => {
    const first = await submitValid();
    const second = await submitValid();
    expect(first.reference).toMatch(/^KC-2026-\d{4}$/);
    expect(Number(second.reference.slice(-4))).toBe(Number(first.reference.slice(-4)) + 1);
    const detail = await service.get(first.id);
    expect(detail).toMatchObject({ status: 'new', source: 'submission', channel: 'web', title: VALID_CASE.title, hasAttachment: false });
    expect(detail!.frontMatter).toMatchObject({ type: 'case', organisation: 'Fredericia Kommune' });
    expect(detail!.history.map((event) => event.action)).toEqual(['submission_created']);
    expect(detail!.history[0]!.actor).toMatch(/^user:web:u-/);
    expect((await service.list({ status: ['new'] })).map((entry) => entry.id)).toEqual(expect.arrayContaining([first.id, second.id]));
  });

  it('stores nothing when a field is wrong and names the field', async () => {
    const before = await submissionCount();
    const result = await service.submit({ ...VALID_CASE, contact_email: 'nej' }, await webSubmitter('invalid'));
    expect(result).toMatchObject({ ok: false, error: 'invalid', issues: [expect.objectContaining({ field: 'contact_email' })] });
    expect(await submissionCount()).toBe(before);
  });

  it('refuses an attachment that is too large, of another type or not what its type says, and keeps a valid PDF', async () => {
    const submitter = await webSubmitter('attachments');
    const before = await submissionCount();
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(ATTACHMENT_MAX_BYTES)]);
    const tooLarge = await service.submit(VALID_CASE, submitter, { fileName: 'stor.pdf', mimeType: 'application/pdf', bytes: big });
    expect(tooLarge).toMatchObject({ ok: false, error: 'attachment', message: { da: expect.stringContaining('10 MB') } });
    const wrongType = await service.submit(VALID_CASE, submitter, { fileName: 'billede.png', mimeType: 'image/png', bytes: Buffer.from([0x89, 0x50]) });
    expect(wrongType).toMatchObject({ ok: false, error: 'attachment' });
    const disguised = await service.submit(VALID_CASE, submitter, { fileName: 'virus.pdf', mimeType: 'application/pdf', bytes: Buffer.from('MZ not a pdf') });
    expect(disguised).toMatchObject({ ok: false, error: 'attachment' });
    expect(await submissionCount()).toBe(before);

    const pdf = samplePdf();
    const kept = await service.submit(VALID_CASE, submitter, { fileName: '../../etc/erfaring.pdf', mimeType: 'application/pdf', bytes: pdf });
    expect(kept.ok).toBe(true);
    if (!kept.ok) return;
    const detail = await service.get(kept.value.id);
    expect(detail!.attachment).toEqual({ fileName: 'erfaring.pdf', mimeType: 'application/pdf', size: pdf.length });
    const download = await service.attachment(kept.value.id);
    expect(download!.bytes.equals(pdf)).toBe(true);
  });

  it('lets an adviser edit front matter and body with the same schema, and refuses a wrong field', async () => {
    const { id } = await submitValid();
    const detail = (await service.get(id))!;
    const refused = await service.update(id, ADVISER, { frontMatter: { ...detail.frontMatter, region: 'Atlantis' }, body: detail.body });
    expect(refused).toMatchObject({ ok: false, error: 'invalid', issues: [expect.objectContaining({ field: 'region' })] });
    const edited = await service.update(id, ADVISER, { frontMatter: { ...detail.frontMatter, title: 'Hverdagsrehabilitering, rettet' }, body: `${detail.body}\nRing 20 12 34 56.` });
    expect(edited.ok).toBe(true);
    if (!edited.ok) return;
    expect(edited.value.title).toBe('Hverdagsrehabilitering, rettet');
    expect(edited.value.body).not.toContain('20 12 34 56');
    expect(edited.value.history.at(-1)).toMatchObject({ actor: ADVISER.id, action: 'submission_edited', details: { fields: ['title'], bodyChanged: true } });
  });

  it('asks the submitter in their own conversation: a stored message and an outbox user delivery', async () => {
    const submitter = await webSubmitter('asked');
    const { id, reference } = await submitValid({}, submitter);
    const asked = await service.ask(id, ADVISER, 'Hvor mange borgere var med? Ring evt. 20 12 34 56.');
    expect(asked).toMatchObject({ ok: true, value: { status: 'asked' } });
    const [delivery] = await outboxOf(submitter.conversationKey!);
    expect(delivery).toMatchObject({
      event_key: expect.stringMatching(new RegExp(`^submission:${id}:asked:`)),
      kind: 'user',
      payload: { kind: 'adviser_message', channel: 'web', conversationKey: submitter.conversationKey, authorName: ADVISER.name, language: 'da' },
    });
    expect(delivery!.payload.text).toContain(reference);
    expect(delivery!.payload.text).toContain('Hvor mange borgere var med?');
    expect(delivery!.payload.text).not.toContain('20 12 34 56');
    // Where to answer: the adviser's e-mail (a reply in the chat reaches the bot, not the proposal).
    expect(delivery!.payload.text).toContain(`Svar ${ADVISER.name} på ${ADVISER.email}, og skriv ${reference} i emnefeltet.`);
    const messages = await listMessages(db, submitter.conversationKey!);
    expect(messages.at(-1)).toMatchObject({ role: 'adviser', text: delivery!.payload.text });
  });

  it('refuses to ask a submitter it cannot reach', async () => {
    const { id } = await submitValid({}, { channel: 'web', userId: 'no-conversation', language: 'da', audience: 'public' });
    expect(await service.ask(id, ADVISER, 'Et spørgsmål?')).toMatchObject({ ok: false, error: 'no_conversation' });
    expect((await service.get(id))!.status).toBe('new');
  });

  it('rejects with a reason the submitter is told, in English when they wrote English, and then refuses to publish', async () => {
    const submitter = await webSubmitter('rejected', 'en');
    const { id } = await submitValid({}, submitter);
    const rejected = await service.reject(id, ADVISER, 'Already in the library.');
    expect(rejected).toMatchObject({ ok: true, value: { status: 'rejected', rejectionReason: 'Already in the library.' } });
    const [delivery] = await outboxOf(submitter.conversationKey!);
    expect(delivery!.payload).toMatchObject({ kind: 'adviser_message', language: 'en', text: expect.stringContaining('Reason: Already in the library.') });
    const publish = await service.publish(id, ADVISER);
    expect(publish).toMatchObject({ ok: false, error: 'wrong_status', message: { da: expect.stringContaining('afvist'), en: expect.stringContaining('rejected') } });
  });

  it('publishes: a file with front matter the ingest reads, found by the next hybrid search, and the submitter told with a link', async () => {
    const submitter = await webSubmitter('published');
    const { id, reference } = await submitValid({ title: 'Skraldesorteringsrobot på genbrugspladsen', what_we_did: UNIQUE_STORY }, submitter);
    expect((await search('skraldesorteringsrobot genbrugspladsen')).some((hit) => hit.documentId === `indsendt-${reference.toLowerCase()}`)).toBe(false);

    const published = await service.publish(id, ADVISER);
    expect(published.ok).toBe(true);
    if (!published.ok) return;
    const documentId = `indsendt-${reference.toLowerCase()}`;
    expect(published.value).toMatchObject({ status: 'published', documentId, libraryPath: `indsendt/${reference}-skraldesorteringsrobot-paa-genbrugspladsen.md` });

    const file = fs.readFileSync(path.join(folder.dir, published.value.libraryPath!), 'utf8');
    const [, front] = /^---\n([\s\S]*?)\n---\n/.exec(file)!;
    expect(YAML.parse(front!)).toMatchObject({ id: documentId, type: 'case', title: 'Skraldesorteringsrobot på genbrugspladsen', year: 2021, audience: 'public' });
    expect(file).toContain(UNIQUE_STORY);

    const hits = await search('skraldesorteringsrobot på genbrugspladsen');
    expect(hits[0]?.documentId).toBe(documentId);

    const [notice] = await outboxOf(submitter.conversationKey!);
    expect(notice!.payload).toMatchObject({ kind: 'adviser_message', text: expect.stringContaining('https://chat.example.dk/') });
    expect(notice!.payload.text).toContain(reference);
    expect(published.value.history.at(-1)).toMatchObject({ action: 'submission_published', details: { documentId, outcome: 'added', notified: true } });

    // Published is final until unpublished.
    expect(await service.reject(id, ADVISER, 'for sent')).toMatchObject({ ok: false, error: 'wrong_status' });
  });

  it('unpublishes: gone from search, the file moved aside, and a later ingest of the folder does not bring it back', async () => {
    const { id, reference } = await submitValid({ title: 'Cykelværksted for ledige', what_we_did: 'Ledige reparerede kasserede cykler i et cykelværksted og solgte dem videre.' });
    const published = await service.publish(id, ADVISER);
    expect(published.ok).toBe(true);
    if (!published.ok) return;
    const documentId = published.value.documentId!;
    expect((await search('cykelværksted for ledige'))[0]?.documentId).toBe(documentId);

    const unpublished = await service.unpublish(id, ADVISER, 'forældet');
    expect(unpublished).toMatchObject({ ok: true, value: { status: 'unpublished' } });
    expect((await search('cykelværksted for ledige')).some((hit) => hit.documentId === documentId)).toBe(false);
    const movedTo = `.afpubliceret/${published.value.libraryPath}`;
    expect(fs.existsSync(path.join(folder.dir, published.value.libraryPath!))).toBe(false);
    expect(fs.existsSync(path.join(folder.dir, movedTo))).toBe(true);
    expect(unpublished.ok && unpublished.value.history.at(-1)).toMatchObject({ action: 'submission_unpublished', details: { documentId, movedTo } });

    await runIngest({ db, embedder }, { inputs: [folder.dir] });
    expect((await search('cykelværksted for ledige')).some((hit) => hit.documentId === documentId)).toBe(false);
    expect(reference).toMatch(/^KC-/);
  });

  it('unpublishes a library document that no submission published, by its id', async () => {
    const target = (await search('telemedicin KOL'))[0]!;
    expect(target.documentId).toBeDefined();
    const result = await service.unpublishDocument(target.documentId, ADVISER);
    expect(result).toMatchObject({ ok: true, value: { documentId: target.documentId, movedTo: '.afpubliceret/cases/region-telemedicin.md' } });
    expect((await search('telemedicin KOL')).some((hit) => hit.documentId === target.documentId)).toBe(false);
    expect(await service.unpublishDocument('findes-ikke', ADVISER)).toMatchObject({ ok: false, error: 'not_found' });
  });

  it('finds a similar document already in the library as a near-duplicate', async () => {
    const { id } = await submitValid();
    const duplicates = await service.nearDuplicates(id, 3);
    expect(duplicates.length).toBeGreaterThan(0);
    expect(duplicates[0]).toMatchObject({ title: 'Hverdagsrehabilitering i Fredericia', organisation: 'Fredericia Kommune', year: 2008 });
  });

  it('gives each near-duplicate its likeness as a 0–1 similarity: high for a retold library case, low for a new story', async () => {
    // 0.7 is where the Forslag page calls a document very close (adapters/console/public/forslag-format.js).
    const retold = await submitValid({
      title: 'Hverdagsrehabilitering i Fredericia',
      what_we_did: 'Fredericia Kommune ville hjælpe ældre borgere til at klare sig selv længere i eget hjem. Hjemmeplejen trænede med borgerne i hverdagens gøremål i stedet for at overtage dem.',
      what_came_of_it: 'Mange borgere blev helt eller delvist selvhjulpne efter et forløb.',
    });
    const [closest] = await service.nearDuplicates(retold.id, 3);
    expect(closest).toMatchObject({ title: 'Hverdagsrehabilitering i Fredericia', similarity: expect.any(Number) });
    expect(closest!.similarity).toBeGreaterThanOrEqual(0.7);
    expect(closest!.similarity).toBeLessThanOrEqual(1);

    const fresh = await submitValid({ title: 'Skraldesorteringsrobot på genbrugspladsen', what_we_did: UNIQUE_STORY, what_came_of_it: 'Eleverne lærte at programmere, og sorteringen blev bedre.', advice: 'Inviter skolerne tidligt.' });
    const unlike = await service.nearDuplicates(fresh.id, 3);
    for (const duplicate of unlike) expect(duplicate.similarity ?? 0).toBeLessThan(0.7);
  });

  it('refuses a publish whose file the ingest cannot read, and leaves no file behind', async () => {
    const report = await library.publish('indsendt/broken.md', '---\ntitle: "open quote\n---\nTekst.\n');
    expect(report).toMatchObject({ path: 'indsendt/broken.md', outcome: 'failed', problem: expect.any(String) });
    expect(fs.existsSync(path.join(folder.dir, 'indsendt/broken.md'))).toBe(false);
    await expect(library.publish('../outside.md', '# x')).rejects.toThrow(/inside LIBRARY_DIR/);
  });

  it('audits every action without the case text', async () => {
    const secret = 'Hemmelig fortælling om kantinens suppe.';
    const submitter = await webSubmitter('audited');
    const { id } = await submitValid({ what_we_did: secret }, submitter);
    await service.ask(id, ADVISER, 'Hvad kostede suppen?');
    await service.reject(id, ADVISER, 'Ikke et innovationsprojekt.');
    const rows = await db.query<{ action: string; details: unknown }>('SELECT action, details FROM audit_log WHERE submission_id = $1 ORDER BY id', [id]);
    expect(rows.rows.map((row) => row.action)).toEqual(['submission_created', 'submission_asked', 'submission_rejected']);
    const all = JSON.stringify(rows.rows);
    for (const text of [secret, 'Hvad kostede suppen?', 'Ikke et innovationsprojekt.', VALID_CASE.title as string]) expect(all).not.toContain(text);
  });
});
