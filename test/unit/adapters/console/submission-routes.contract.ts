/**
 * The Forslag API's behaviour over HTTP, written once and run against any SubmissionService: the in-memory double
 * (submission-routes.test.ts) and the real service on PGlite and Postgres (test/integration/submission-console.test.ts).
 * Staff only (no session → 401), CSRF on every write, each refusal mapped to its HTTP status, field errors named,
 * and what each action does where it matters: a published case is searchable, a question reaches the outbox.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SubmissionService } from '../../../../bot/submissions/submission-port.js';
import type { Db } from '../../../../knowledge/db/db.js';
import { startConsoleTestServer, type ConsoleTestServer } from './console-test-server.js';

/** What the suite needs from a service under test. */
export interface SubmissionHarness {
  submissions: SubmissionService;
  /** Stores a new proposal and returns its id (a user's case by default; `attachment` adds a small PDF). */
  seed(options?: { source?: 'submission' | 'adviser_draft'; title?: string; attachment?: boolean }): Promise<string>;
  /** Whether a library search for `query` finds a document titled `title`. */
  searchable(query: string, title: string): Promise<boolean>;
  /** How many messages for the submitter of `id` are waiting in (or went through) the outbox. */
  deliveries(id: string): Promise<number>;
  close?(): Promise<void>;
}

/** A valid front matter and body, as the editor sends them. */
export function validEdit(title: string) {
  return {
    frontMatter: {
      type: 'case',
      title,
      organisation: 'Fredericia Kommune',
      organisation_type: 'kommune',
      region: 'Syddanmark',
      year: '2019',
      policy_area: 'ældre',
      status: 'afsluttet',
      methods: ['hverdagsrehabilitering', 'træning'],
      contact: { role: 'Projektleder', email: 'projekt@fredericia.dk' },
      audience: 'public',
    },
    body: '## Hvad vi gjorde\n\nVi trænede borgerne i hverdagens gøremål i stedet for at gøre dem for dem.\n\n## Hvad det førte til\n\nFærre timer i hjemmeplejen.\n\n## Råd til andre\n\nStart med et hold.\n',
  };
}

interface ErrorBody {
  error: { code: string; reason?: string; message: string; field?: string; issues?: Array<{ field: string; message: string }> };
}

/** Registers the suite's tests in the current `describe`. */
export function submissionRouteSuite(open: () => Promise<{ db: Db; harness: SubmissionHarness }>): void {
  let db: Db;
  let harness: SubmissionHarness;
  let server: ConsoleTestServer<never>;
  let session: { cookie: string; csrf: string };
  let token: string;
  let adviserId: string;

  beforeAll(async () => {
    ({ db, harness } = await open());
    server = (await startConsoleTestServer(db, { submissions: harness.submissions })) as unknown as ConsoleTestServer<never>;
    const added = await server.addAdviser('Frida Forslag');
    token = added.token;
    adviserId = added.adviser.id;
    session = await server.signIn(token);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await harness?.close?.();
    await db?.close();
  });

  const signedIn = (body?: unknown) => ({ cookie: session.cookie, csrf: session.csrf, ...(body === undefined ? {} : { body }) });
  const json = async <T>(response: Response) => (await response.json()) as T;

  it('should refuse the API without a session (401) and send the page to sign-in', async () => {
    const id = await harness.seed();
    for (const [method, path] of [
      ['GET', '/api/submissions'],
      ['GET', '/api/submissions/fields'],
      ['GET', `/api/submissions/${id}`],
      ['GET', `/api/submissions/${id}/attachment`],
      ['PUT', `/api/submissions/${id}`],
      ['POST', `/api/submissions/${id}/publish`],
    ] as const) {
      const response = await server.api(method, path, method === 'PUT' ? { body: validEdit('X') } : {});
      expect(response.status, `${method} ${path}`).toBe(401);
      expect((await json<ErrorBody>(response)).error.code).toBe('unauthorized');
    }
    const page = await server.api('GET', '/advisers/forslag');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/advisers');
  });

  it('should refuse every write made with the session but without its CSRF token (403), and change nothing', async () => {
    const id = await harness.seed();
    const writes: Array<[string, string, unknown]> = [
      ['PUT', `/api/submissions/${id}`, validEdit('Ændret uden token')],
      ['POST', `/api/submissions/${id}/ask`, { question: 'Hvor mange borgere?' }],
      ['POST', `/api/submissions/${id}/reject`, { reason: 'Findes allerede.' }],
      ['POST', `/api/submissions/${id}/publish`, undefined],
      ['POST', `/api/submissions/${id}/unpublish`, {}],
    ];
    for (const [method, path, body] of writes) {
      const response = await server.api(method, path, { cookie: session.cookie, ...(body === undefined ? {} : { body }) });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await json<ErrorBody>(response)).error.code).toBe('csrf_failed');
    }
    const detail = await json<{ status: string; title: string }>(await server.api('GET', `/api/submissions/${id}`, { cookie: session.cookie }));
    expect(detail.status).toBe('new');
    expect(detail.title).not.toBe('Ændret uden token');
  });

  it('should serve the page to a signed-in adviser under the strict CSP, with no inline script or style', async () => {
    const page = await server.api('GET', '/advisers/forslag', { cookie: session.cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'; style-src 'self'/);
    const html = await page.text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('src="/advisers/assets/forslag.js"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)|\sstyle=|\son\w+=/i);
  });

  it('should list proposals by status and source', async () => {
    const draft = await harness.seed({ source: 'adviser_draft', title: 'Rådgiverudkast om droner' });
    const submission = await harness.seed({ title: 'Indsendt case om skærmbesøg' });
    const list = async (query: string) =>
      (await json<{ submissions: Array<{ id: string; source: string; status: string; reference: string }> }>(await server.api('GET', `/api/submissions${query}`, { cookie: session.cookie }))).submissions;
    const fresh = await list('');
    expect(fresh.map((item) => item.id)).toEqual(expect.arrayContaining([draft, submission]));
    expect(fresh.every((item) => item.status === 'new')).toBe(true);
    expect(fresh.find((item) => item.id === submission)!.reference).toMatch(/^KC-\d{4}-\d{4,}$/);
    const drafts = await list('?status=new&source=adviser_draft');
    expect(drafts.map((item) => item.id)).toContain(draft);
    expect(drafts.map((item) => item.id)).not.toContain(submission);
    expect((await list('?status=published')).map((item) => item.id)).not.toContain(submission);
    const bad = await server.api('GET', '/api/submissions?status=somewhere', { cookie: session.cookie });
    expect(bad.status).toBe(400);
    expect((await json<ErrorBody>(bad)).error.field).toBe('status');
  });

  it('should answer one proposal with its history and near-duplicates, and 404 for an unknown one', async () => {
    const id = await harness.seed({ title: 'Velfærdsteknologi med skærmbesøg' });
    const response = await server.api('GET', `/api/submissions/${id}`, { bearer: token });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const detail = await json<{ id: string; frontMatter: Record<string, unknown>; body: string; history: unknown[]; nearDuplicates: unknown[] }>(response);
    expect(detail.id).toBe(id);
    expect(detail.frontMatter.title).toBe('Velfærdsteknologi med skærmbesøg');
    expect(detail.body).toContain('## ');
    expect(detail.history.length).toBeGreaterThan(0);
    expect(Array.isArray(detail.nearDuplicates)).toBe(true);
    const missing = await server.api('GET', '/api/submissions/no-such-proposal', { cookie: session.cookie });
    expect(missing.status).toBe(404);
    expect((await json<ErrorBody>(missing)).error.code).toBe('not_found');
  });

  it('should send the attachment as a download of its own type that the browser must not sniff', async () => {
    const id = await harness.seed({ attachment: true });
    const response = await server.api('GET', `/api/submissions/${id}/attachment`, { cookie: session.cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="?rapport\.pdf"?$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const none = await server.api('GET', `/api/submissions/${await harness.seed()}/attachment`, { cookie: session.cookie });
    expect(none.status).toBe(404);
  });

  it('should refuse an edit with a wrong field with a 400 naming it, and keep a valid edit with its author in the history', async () => {
    const id = await harness.seed();
    const wrong = validEdit('Hverdagsrehabilitering');
    wrong.frontMatter.region = 'Atlantis';
    (wrong.frontMatter.contact as Record<string, string>).email = 'ikke en adresse';
    const refused = await server.api('PUT', `/api/submissions/${id}`, signedIn(wrong));
    expect(refused.status).toBe(400);
    const body = await json<ErrorBody>(refused);
    expect(body.error.reason).toBe('invalid');
    expect(body.error.issues!.map((issue) => issue.field)).toEqual(expect.arrayContaining(['region', 'contact.email']));
    expect(body.error.issues!.find((issue) => issue.field === 'region')!.message).toMatch(/skal være en af/);

    const empty = await server.api('PUT', `/api/submissions/${id}`, signedIn({ ...validEdit('Uden tekst'), body: '  ' }));
    expect(empty.status).toBe(400);
    expect((await json<ErrorBody>(empty)).error.field).toBe('body');

    const saved = await server.api('PUT', `/api/submissions/${id}`, signedIn(validEdit('Hverdagsrehabilitering – rettet titel')));
    expect(saved.status).toBe(200);
    const detail = await json<{ title: string; frontMatter: { title: string } }>(saved);
    expect(detail.frontMatter.title).toBe('Hverdagsrehabilitering – rettet titel');
    expect(detail.title).toBe('Hverdagsrehabilitering – rettet titel');
    const { history } = await json<{ history: Array<{ actor: string; actorName: string; action: string }> }>(await server.api('GET', `/api/submissions/${id}`, { cookie: session.cookie }));
    expect(history.at(-1)).toMatchObject({ actor: adviserId, actorName: 'Frida Forslag', action: expect.stringMatching(/edit/) });
    expect(history[0]!.actorName).not.toMatch(/^user:/); // the submitter by name, not their channel id
  });

  it('should refuse a body of the wrong shape before it reaches the service', async () => {
    const id = await harness.seed();
    const notJson = await server.api('POST', `/api/submissions/${id}/ask`, { ...signedIn(), body: 'question=hej', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);
    const emptyQuestion = await server.api('POST', `/api/submissions/${id}/ask`, signedIn({ question: '   ' }));
    expect(emptyQuestion.status).toBe(400);
    expect((await json<ErrorBody>(emptyQuestion)).error.field).toBe('question');
    const noReason = await server.api('POST', `/api/submissions/${id}/reject`, signedIn({}));
    expect(noReason.status).toBe(400);
    expect((await json<ErrorBody>(noReason)).error.field).toBe('reason');
    const frontMatterList = await server.api('PUT', `/api/submissions/${id}`, signedIn({ frontMatter: [], body: 'x' }));
    expect(frontMatterList.status).toBe(400);
    expect((await json<ErrorBody>(frontMatterList)).error.field).toBe('frontMatter');
  });

  it('should ask the submitter through the outbox and move the proposal to asked', async () => {
    const id = await harness.seed();
    const before = await harness.deliveries(id);
    const response = await server.api('POST', `/api/submissions/${id}/ask`, signedIn({ question: 'Hvor mange borgere var med i forsøget?' }));
    expect(response.status).toBe(200);
    expect((await json<{ status: string }>(response)).status).toBe('asked');
    expect(await harness.deliveries(id)).toBeGreaterThan(before);
    const asked = await json<{ submissions: Array<{ id: string }> }>(await server.api('GET', '/api/submissions?status=asked', { cookie: session.cookie }));
    expect(asked.submissions.map((item) => item.id)).toContain(id);
  });

  it('should reject with a reason, and then refuse to publish or edit the rejected proposal (409)', async () => {
    const id = await harness.seed();
    const response = await server.api('POST', `/api/submissions/${id}/reject`, signedIn({ reason: 'Casen findes allerede i biblioteket.' }));
    expect(response.status).toBe(200);
    const detail = await json<{ status: string; rejectionReason?: string }>(response);
    expect(detail.status).toBe('rejected');
    expect(detail.rejectionReason).toBe('Casen findes allerede i biblioteket.');
    const publish = await server.api('POST', `/api/submissions/${id}/publish`, signedIn());
    expect(publish.status).toBe(409);
    expect((await json<ErrorBody>(publish)).error.reason).toBe('wrong_status');
    const edit = await server.api('PUT', `/api/submissions/${id}`, signedIn(validEdit('Efter afvisningen')));
    expect(edit.status).toBe(409); // a rejection is final
    expect((await server.api('POST', '/api/submissions/no-such-proposal/reject', signedIn({ reason: 'x' }))).status).toBe(404);
  });

  it('should publish an edited case so a library search finds it, and unpublish it again', async () => {
    const id = await harness.seed();
    const title = 'Skærmbesøg i Kalundborgs hjemmepleje';
    expect((await server.api('PUT', `/api/submissions/${id}`, signedIn(validEdit(title)))).status).toBe(200);
    expect(await harness.searchable('skærmbesøg Kalundborg hjemmepleje', title)).toBe(false); // an edit alone publishes nothing
    const published = await server.api('POST', `/api/submissions/${id}/publish`, signedIn());
    expect(published.status).toBe(200);
    const detail = await json<{ status: string; documentId?: string; history: Array<{ action: string }> }>(published);
    expect(detail.status).toBe('published');
    expect(detail.documentId).toBeTruthy();
    expect(detail.history.some((event) => /publish/.test(event.action))).toBe(true);
    expect(await harness.searchable('skærmbesøg Kalundborg hjemmepleje', title)).toBe(true);

    const again = await server.api('POST', `/api/submissions/${id}/publish`, signedIn());
    expect(again.status).toBe(409);
    const unpublished = await server.api('POST', `/api/submissions/${id}/unpublish`, signedIn({ reason: 'Kommunen bad om det.' }));
    expect(unpublished.status).toBe(200);
    expect((await json<{ status: string }>(unpublished)).status).toBe('unpublished');
    expect(await harness.searchable('skærmbesøg Kalundborg hjemmepleje', title)).toBe(false);
  });

  it('should answer the editor’s fields from the one field list, with the choices of each enumeration', async () => {
    const response = await server.api('GET', '/api/submissions/fields', { cookie: session.cookie });
    const { fields } = await json<{ fields: Array<{ key: string; kind: string; label: string; options?: Array<{ value: string }> }> }>(response);
    const byKey = new Map(fields.map((field) => [field.key, field]));
    expect(byKey.get('title')!.label).toBe('Titel');
    expect(byKey.get('region')!.kind).toBe('select');
    expect(byKey.get('region')!.options!.map((option) => option.value)).toContain('Syddanmark');
    expect(byKey.get('innovation_type')!.kind).toBe('multiselect');
    expect(byKey.get('contact.email')!.kind).toBe('email');
    expect(byKey.get('type')!.options!.map((option) => option.value)).toEqual(['case', 'method', 'research']);
    expect(byKey.has('what_we_did')).toBe(false); // the body sections are the Markdown body
  });
}
