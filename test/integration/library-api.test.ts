/**
 * The Bibliotek API over HTTP on every test database, with the real console, adviser store and a library folder
 * ingested as LIBRARY_DIR: who may call it (401 without a session, 403 without the CSRF token), the list and one
 * document, an upload that is added and searchable, one whose front matter is broken (reported with the problem,
 * not stored), files of other types, and unpublishing (gone from the list).
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleApp, type ConsoleApp } from '../../adapters/console/index.js';
import { createAdviserStore, type AdviserStore } from '../../bot/advisers/index.js';
import type { LibraryPublisher, SubmissionService } from '../../bot/submissions/submission-port.js';
import { appendMessage, upsertConversation } from '../../bot/store/conversation-store.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/db/db.js';
import { createFakeEscalationService } from '../unit/adapters/console/fake-escalation-service.js';
import { copyFixtureLibrary, ROOT } from '../support/library-fixture.js';
import { testDatabases } from '../support/test-databases.js';
import { openLibraryServices } from '../support/library-services.js';

const GOOD = `---
type: case
title: Madspild i skolekøkkenet
organisation: Vejle Kommune
organisation_type: kommune
region: Syddanmark
year: 2021
---
## Baggrund
Skolekøkkenerne i Vejle vejede madspildet hver dag og halverede det på et år med mindre portioner.
`;

const BROKEN = `---
type: case
title: "Uafsluttet citat
organisation: Et sted
---
Tekst.
`;

interface Report {
  files: Array<{ name: string; outcome: string; documentId?: string; path?: string; chunks?: number; problem?: string }>;
}

describe.each(testDatabases)('the library API on $name', (target) => {
  let db: Db;
  let server: Server;
  let consoleApp: ConsoleApp;
  let advisers: AdviserStore;
  let library: LibraryPublisher;
  let submissions: SubmissionService;
  let baseUrl: string;
  let session: { cookie: string; csrf: string };
  let bearer: string;
  const folder = copyFixtureLibrary();

  const api = (method: string, url: string, init: { cookie?: string; csrf?: string; bearer?: string; body?: unknown; form?: FormData } = {}) =>
    fetch(`${baseUrl}${url}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.csrf ? { 'x-csrf-token': init.csrf } : {}),
        ...(init.bearer ? { authorization: `Bearer ${init.bearer}` } : {}),
      },
      body: init.form ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    });
  const form = (...files: Array<[name: string, text: string]>) => {
    const data = new FormData();
    for (const [name, text] of files) data.append('files', new Blob([text], { type: 'text/markdown' }), name);
    return data;
  };
  const list = async (query: string) => (await (await api('GET', `/api/library/documents?${query}`, { bearer })).json()) as { documents: Array<{ id: string }>; total: number };

  beforeAll(async () => {
    db = await target.open();
    ({ library, submissions } = await openLibraryServices(db, folder.dir));
    advisers = createAdviserStore(db);
    consoleApp = createConsoleApp({ escalations: createFakeEscalationService(), advisers, db, logger: silentLogger, pollMs: 200, library, submissions });
    const app = express().use(consoleApp);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { token } = await advisers.add({ name: 'Bo Bibliotekar', email: `bo-${target.name}@kraftcenter.dk` });
    bearer = token;
    const signIn = await fetch(`${baseUrl}/advisers/session`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const me = (await (await api('GET', '/api/advisers/me', { cookie })).json()) as { csrfToken: string };
    session = { cookie, csrf: me.csrfToken };
  }, 60_000);

  afterAll(async () => {
    consoleApp?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
    folder.cleanup();
  });

  it('should refuse every route without a session (401) and changes without the CSRF token (403)', async () => {
    for (const [method, url] of [['GET', '/api/library/documents'], ['GET', '/api/library/documents/region-telemedicin'], ['POST', '/api/library/uploads'], ['POST', '/api/library/documents/region-telemedicin/unpublish']] as const) {
      const response = await api(method, url);
      expect(response.status, `${method} ${url}`).toBe(401);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe('Log ind som rådgiver for at fortsætte.');
    }
    const upload = await api('POST', '/api/library/uploads', { cookie: session.cookie, form: form(['madspild.md', GOOD]) });
    expect(upload.status).toBe(403);
    expect(((await upload.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    expect((await api('POST', '/api/library/documents/region-telemedicin/unpublish', { cookie: session.cookie, body: {} })).status).toBe(403);
    expect(fs.existsSync(path.join(folder.dir, 'uploads'))).toBe(false);
    expect((await list('q=Telemedicin')).documents.map((doc) => doc.id)).toContain('region-telemedicin');
  });

  it('should list with filters and show one document with its chunks and the questions that cited it', async () => {
    const nordjylland = await api('GET', '/api/library/documents?region=Nordjylland&type=case&yearTo=2015', { cookie: session.cookie });
    expect(nordjylland.status).toBe(200);
    expect(((await nordjylland.json()) as { documents: Array<{ id: string }> }).documents.map((doc) => doc.id)).toEqual(['region-telemedicin']);
    const bad = await api('GET', '/api/library/documents?region=Atlantis', { cookie: session.cookie });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string; message: string } }).error).toMatchObject({ field: 'region' });

    const key = (await upsertConversation(db, { channel: 'web', conversationId: `lib-${target.name}`, threadId: '', user: { id: 'anon-1', audience: 'public' } }, 'da')).id;
    await appendMessage(db, key, { role: 'user', text: 'Hvem bruger telemedicin til KOL?' });
    await appendMessage(db, key, { role: 'bot', text: 'Region Nordjylland [1].', citations: [{ n: 1, documentId: 'region-telemedicin', title: 'Telemedicin', passage: 'KOL' }] });
    const detail = await api('GET', '/api/library/documents/region-telemedicin', { cookie: session.cookie });
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as { document: { id: string; chunks: Array<{ ordinal: number }> }; citingQuestions: Array<{ question: string; channel: string }> };
    expect(body.document.id).toBe('region-telemedicin');
    expect(body.document.chunks.map((chunk) => chunk.ordinal)).toEqual(body.document.chunks.map((_, index) => index));
    expect(body.citingQuestions).toEqual([expect.objectContaining({ question: 'Hvem bruger telemedicin til KOL?', channel: 'web' })]);
    expect((await api('GET', '/api/library/documents/findes-ikke', { cookie: session.cookie })).status).toBe(404);
  });

  it('should add a good Markdown file at once (searchable), and report a broken one with its problem without keeping it', async () => {
    const response = await api('POST', '/api/library/uploads', {
      ...session,
      form: form(['Madspild i skolen.md', GOOD], ['ødelagt.md', BROKEN], ['billede.png', 'ikke et dokument']),
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    const [good, broken, image] = report.files;
    expect(good).toMatchObject({ name: 'Madspild i skolen.md', outcome: 'added', documentId: 'madspild-i-skolen' });
    expect(good!.path).toMatch(/^uploads\/\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\/Madspild i skolen\.md$/);
    expect(fs.existsSync(path.join(folder.dir, good!.path!))).toBe(true);
    expect(broken).toMatchObject({ name: 'ødelagt.md', outcome: 'failed' });
    expect(broken!.problem).toMatch(/front matter/i);
    expect(broken!.path).toBeUndefined();
    expect(image).toMatchObject({ name: 'billede.png', outcome: 'failed' });
    expect(image!.problem).toContain('.png');
    // Nothing of the broken file is left on disk, and only the good file is in search.
    const saved = fs.readdirSync(path.dirname(path.join(folder.dir, good!.path!)));
    expect(saved).toEqual(['Madspild i skolen.md']);
    expect((await list('q=madspild skolekøkkenerne')).documents.map((doc) => doc.id)).toContain('madspild-i-skolen');
    expect((await list('q=Uafsluttet')).documents).toEqual([]);
    const audit = await db.query<{ action: string; details: unknown }>(`SELECT action, details FROM audit_log WHERE action = 'library.uploaded'`);
    expect(audit.rows).toHaveLength(1);
  });

  it('should take PDF, DOCX and HTML files too, each with its chunks', async () => {
    const data = new FormData();
    for (const [file, type] of [['rapport.pdf', 'application/pdf'], ['rapport.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], ['rapport.html', 'text/html']] as const) {
      data.append('files', new Blob([fs.readFileSync(path.join(ROOT, 'test/fixtures/documents', file))], { type }), `Kvartal ${path.extname(file).slice(1).toUpperCase()}${path.extname(file)}`);
    }
    const response = await api('POST', '/api/library/uploads', { ...session, form: data });
    expect(response.status).toBe(200);
    const { files } = (await response.json()) as Report;
    expect(files.map((line) => [line.name, line.outcome, line.documentId])).toEqual([
      ['Kvartal PDF.pdf', 'added', 'kvartal-pdf'],
      ['Kvartal DOCX.docx', 'added', 'kvartal-docx'],
      ['Kvartal HTML.html', 'added', 'kvartal-html'],
    ]);
    for (const line of files) expect(line.chunks).toBeGreaterThan(0);
    expect((await list('type=research')).documents.map((doc) => doc.id)).toEqual(expect.arrayContaining(['kvartal-pdf', 'kvartal-docx', 'kvartal-html']));
  });

  it('should refuse a file whose id another library file already has, and leave that document as it was', async () => {
    const before = (await (await api('GET', '/api/library/documents/fredericia-hverdagsrehabilitering', { bearer })).json()) as { document: { title: string } };
    const response = await api('POST', '/api/library/uploads', { ...session, form: form(['fredericia-hverdagsrehabilitering.md', GOOD]) });
    const [line] = ((await response.json()) as Report).files;
    expect(line).toMatchObject({ outcome: 'failed' });
    expect(line!.problem).toBe('id "fredericia-hverdagsrehabilitering" bruges allerede af cases/fredericia-hverdagsrehabilitering.md; afpublicér det dokument først, eller giv filen et andet id (id i front matter)');
    expect(line!.path).toBeUndefined();
    const left = fs.readdirSync(path.join(folder.dir, 'uploads'), { recursive: true }).map(String);
    expect(left.filter((file) => file.endsWith('fredericia-hverdagsrehabilitering.md'))).toEqual([]);
    const after = (await (await api('GET', '/api/library/documents/fredericia-hverdagsrehabilitering', { bearer })).json()) as { document: { title: string; sourcePath: string } };
    expect(after.document).toMatchObject({ title: before.document.title, sourcePath: 'cases/fredericia-hverdagsrehabilitering.md' });
  });

  it('should answer an upload without files 400 and one that is not multipart 415, in Danish', async () => {
    const empty = await api('POST', '/api/library/uploads', { ...session, form: new FormData() });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toBe('Vælg mindst én fil.');
    const json = await api('POST', '/api/library/uploads', { ...session, body: { files: [] } });
    expect(json.status).toBe(415);
  });

  it('should refuse a file over the size limit with a Danish 413 and keep nothing', async () => {
    const big = `${GOOD}\n${'x'.repeat(10 * 1024 * 1024)}`;
    const response = await api('POST', '/api/library/uploads', { ...session, form: form(['stor.md', big]) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('10 MB');
    expect((await list('q=stor')).documents.map((doc) => doc.id)).not.toContain('stor');
  });

  it('should unpublish a document: gone from the list, its file moved aside', async () => {
    expect((await list('q=Telemedicin')).documents.map((doc) => doc.id)).toContain('region-telemedicin');
    const response = await api('POST', '/api/library/documents/region-telemedicin/unpublish', { ...session, body: { reason: 'Forældet' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ documentId: 'region-telemedicin', movedTo: '.afpubliceret/cases/region-telemedicin.md' });
    expect(fs.existsSync(path.join(folder.dir, '.afpubliceret/cases/region-telemedicin.md'))).toBe(true);
    expect((await list('q=Telemedicin')).documents.map((doc) => doc.id)).not.toContain('region-telemedicin');
    expect((await api('GET', '/api/library/documents/region-telemedicin', { bearer })).status).toBe(404);
    expect(fs.existsSync(path.join(folder.dir, 'cases/region-telemedicin.md'))).toBe(false);
    const again = await api('POST', '/api/library/documents/region-telemedicin/unpublish', { ...session, body: {} });
    expect(again.status).toBe(404);
  });
});
