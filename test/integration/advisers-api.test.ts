/**
 * The advisers' API over HTTP with the real escalation service, on every test database: the claim race, the rules
 * about who may act, a whole hand-off, and the user's own event stream in the web chat.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEscalationService, DEFAULT_OFFICE_HOURS, readAuditLog, requestAdviserEscalation, DEFAULT_ESCALATION_SETTINGS, type EscalationCore } from '../../bot/escalation/index.js';
import { appendMessage, upsertConversation } from '../../bot/store/conversation-store.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/db/db.js';
import { testDatabases } from '../support/test-databases.js';
import { startConsoleTestServer, type ConsoleTestServer } from '../unit/adapters/console/console-test-server.js';
import { readStream, waitFor } from '../unit/adapters/console/sse-reader.js';

const CITATION = { n: 1, documentId: 'assens-velfaerd', title: 'Velfærdsteknologi i Assens', organisation: 'Assens Kommune', url: 'https://example.org/assens', passage: 'Skærmbesøg i hjemmeplejen.' };

describe.each(testDatabases)('advisers API with the real escalation service on $name', (target) => {
  let db: Db;
  let service: EscalationCore;
  let server: ConsoleTestServer<EscalationCore>;
  const drafts = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-drafts-'));

  /** A web conversation of user `anon-<uid>` with a question, a cited bot answer and an open escalation. */
  async function escalate(uid = randomUUID()): Promise<{ id: string; conversationId: string; uid: string }> {
    const conversationId = randomUUID();
    const key = (await upsertConversation(db, { channel: 'web', conversationId, threadId: '', user: { id: `anon-${uid}`, audience: 'public', anonymous: true } }, 'da')).id;
    await appendMessage(db, key, { role: 'user', text: 'Hvem har prøvet velfærdsteknologi?' });
    await appendMessage(db, key, { role: 'bot', text: 'Assens Kommune har prøvet skærmbesøg [1].', citations: [CITATION] });
    const opened = await requestAdviserEscalation({ db, logger: silentLogger, settings: DEFAULT_ESCALATION_SETTINGS }, { conversationKey: key, channel: 'web', language: 'da' });
    return { id: opened.escalation.id, conversationId, uid };
  }

  beforeAll(async () => {
    db = await target.open();
    service = createEscalationService({ db, logger: silentLogger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir: drafts });
    server = await startConsoleTestServer(db, { escalations: service, pollMs: 50, webEvents: true });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
    fs.rmSync(drafts, { recursive: true, force: true });
  });

  it('should let exactly one of 5 concurrent claims win (one 200, four 409)', async () => {
    const { id } = await escalate();
    const advisers = await Promise.all(Array.from({ length: 5 }, (_, i) => server.addAdviser(`Rådgiver ${i + 1}`)));
    const sessions = await Promise.all(advisers.slice(0, 2).map((a) => server.signIn(a.token)));
    const responses = await Promise.all(
      advisers.map((a, i) =>
        server.api('POST', `/api/escalations/${id}/claim`, i < 2 ? { cookie: sessions[i]!.cookie, csrf: sessions[i]!.csrf } : { bearer: a.token }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = advisers[responses.findIndex((r) => r.status === 200)]!;
    const detail = await service.get(id);
    expect(detail).toMatchObject({ status: 'claimed', adviserId: winner.adviser.id });
    for (const loser of responses.filter((r) => r.status === 409)) {
      expect(((await loser.json()) as { error: { code: string } }).error.code).toBe('already_claimed');
    }
  });

  it('should carry a hand-off from claim to resolve, refusing the replies of anyone but the claimer', async () => {
    const { id } = await escalate();
    const mette = await server.addAdviser('Mette Rådgiver');
    const jonas = await server.addAdviser('Jonas Rådgiver');
    const open = (await (await server.api('GET', '/api/escalations?status=open', { bearer: jonas.token })).json()) as { escalations: Array<{ id: string }> };
    expect(open.escalations.map((e) => e.id)).toContain(id);

    expect((await server.api('POST', `/api/escalations/${id}/claim`, { bearer: mette.token })).status).toBe(200);
    expect((await server.api('POST', `/api/escalations/${id}/messages`, { bearer: jonas.token, body: { text: 'Ikke min' } })).status).toBe(403);
    expect((await server.api('POST', `/api/escalations/${id}/resolve`, { bearer: jonas.token, body: {} })).status).toBe(403);
    expect((await server.api('POST', `/api/escalations/${id}/messages`, { bearer: mette.token, body: { text: 'Ring til Assens.' } })).status).toBe(201);

    const mine = (await (await server.api('GET', '/api/escalations?status=open&mine=true', { bearer: mette.token })).json()) as { escalations: Array<{ id: string }> };
    expect(mine.escalations.map((e) => e.id)).toContain(id);
    const detail = (await (await server.api('GET', `/api/escalations/${id}`, { bearer: jonas.token })).json()) as Record<string, any>;
    expect(detail.lastAnswer.citations[0]).toMatchObject({ n: 1, url: 'https://example.org/assens' });
    expect(detail.transcript.map((t: { role: string }) => t.role)).toEqual(expect.arrayContaining(['user', 'bot', 'system', 'adviser']));

    const resolved = await server.api('POST', `/api/escalations/${id}/resolve`, { bearer: mette.token, body: { note: 'Henvist til Assens', keep: false } });
    expect(resolved.status).toBe(200);
    expect(((await resolved.json()) as { status: string }).status).toBe('resolved');
    expect((await server.api('POST', `/api/escalations/${id}/messages`, { bearer: mette.token, body: { text: 'For sent' } })).status).toBe(409);
    const audit = await readAuditLog(db, { escalationId: id });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['claimed', 'replied', 'resolved']));
  });

  it("should reassign to a colleague, who may then reply; and refuse reassigning to an unknown adviser", async () => {
    const { id } = await escalate();
    const a = await server.addAdviser('A');
    const b = await server.addAdviser('B');
    await server.api('POST', `/api/escalations/${id}/claim`, { bearer: a.token });
    expect((await server.api('POST', `/api/escalations/${id}/reassign`, { bearer: a.token, body: { adviserId: 'nobody' } })).status).toBe(400);
    expect((await server.api('POST', `/api/escalations/${id}/reassign`, { bearer: a.token, body: { adviserId: b.adviser.id } })).status).toBe(200);
    expect((await server.api('POST', `/api/escalations/${id}/messages`, { bearer: a.token, body: { text: 'x' } })).status).toBe(403);
    expect((await server.api('POST', `/api/escalations/${id}/messages`, { bearer: b.token, body: { text: 'Hej, det er B.' } })).status).toBe(201);
    expect((await server.api('POST', `/api/escalations/${id}/release`, { bearer: b.token })).status).toBe(200);
    expect((await service.get(id))?.status).toBe('queued');
  });

  it("should stream the hand-off into the user's own web conversation, and to nobody else", async () => {
    const { id, conversationId, uid } = await escalate();
    const url = `/api/conversations/${conversationId}/events`;
    expect((await server.api('GET', url)).status).toBe(403);
    expect((await server.api('GET', url, { cookie: `kc_uid=${randomUUID()}` })).status).toBe(403);
    expect((await server.api('GET', `/api/conversations/${randomUUID()}/events`, { cookie: `kc_uid=${uid}` })).status).toBe(404);

    const controller = new AbortController();
    const response = await fetch(`${server.baseUrl}${url}`, { headers: { cookie: `kc_uid=${uid}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream = readStream(response);
    await waitFor(() => stream.events.some((e) => e.event === 'escalation'));
    expect(stream.events[0]).toEqual({ event: 'escalation', data: { id, status: 'queued' } });

    const anna = await server.addAdviser('Anna Rådgiver');
    await server.api('POST', `/api/escalations/${id}/claim`, { bearer: anna.token });
    // The stream polls the database: wait for each state to be seen before the next change, as a user would.
    await waitFor(() => stream.events.some((e) => e.event === 'escalation' && (e.data as { status: string }).status === 'claimed'));
    await server.api('POST', `/api/escalations/${id}/messages`, { bearer: anna.token, body: { text: 'Hej, jeg hedder Anna.' } });
    await waitFor(() => stream.events.some((e) => (e.data as { role?: string }).role === 'adviser'));
    await server.api('POST', `/api/escalations/${id}/resolve`, { bearer: anna.token, body: {} });
    await waitFor(() => stream.events.some((e) => e.event === 'escalation' && (e.data as { status: string }).status === 'resolved'));
    controller.abort();

    const summary = stream.events.map((e) => (e.event === 'escalation' ? `escalation:${(e.data as any).status}` : `${(e.data as any).role}:${(e.data as any).text}`));
    expect(summary[0]).toBe('escalation:queued');
    expect(summary).toContain('escalation:claimed');
    expect(summary.indexOf('escalation:claimed')).toBeLessThan(summary.indexOf('adviser:Hej, jeg hedder Anna.'));
    expect(summary.some((s) => /^system:Anna Rådgiver .*har overtaget samtalen/.test(s))).toBe(true);
    expect(summary.at(-1)).toBe('escalation:resolved');
    expect(summary.at(-2)).toMatch(/^system:Rådgiveren har afsluttet samtalen/);
    const adviserEvent = stream.events.find((e) => (e.data as any).role === 'adviser')!;
    expect(adviserEvent.data).toMatchObject({ authorName: 'Anna Rådgiver', text: 'Hej, jeg hedder Anna.' });
    expect(new Set(stream.events.filter((e) => e.event === 'message').map((e) => (e.data as any).id)).size).toBe(stream.events.filter((e) => e.event === 'message').length);
  });

  it('should resume after the last event the browser saw (Last-Event-ID) without repeating it', async () => {
    const { id, conversationId, uid } = await escalate();
    const bo = await server.addAdviser('Bo Rådgiver');
    await server.api('POST', `/api/escalations/${id}/claim`, { bearer: bo.token });
    const first = await server.api('POST', `/api/escalations/${id}/messages`, { bearer: bo.token, body: { text: 'Første svar' } });
    const { messageId } = (await first.json()) as { messageId: string };
    await server.api('POST', `/api/escalations/${id}/messages`, { bearer: bo.token, body: { text: 'Andet svar' } });

    const controller = new AbortController();
    const headers = { cookie: `kc_uid=${uid}`, 'last-event-id': messageId };
    const stream = readStream(await fetch(`${server.baseUrl}/api/conversations/${conversationId}/events`, { headers, signal: controller.signal }));
    await waitFor(() => stream.events.some((e) => (e.data as { text?: string }).text === 'Andet svar'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    const texts = stream.events.filter((e) => e.event === 'message').map((e) => (e.data as { text: string }).text);
    expect(texts).toEqual(['Andet svar']);
    expect(stream.events.find((e) => e.event === 'message')?.id).not.toBe(messageId);
  });
});
