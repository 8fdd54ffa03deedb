import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SUBMISSION_FIELD_NAMES } from '../../../../bot/submissions/submission-fields.js';
import { caseForm, postCaseForm, samplePdf } from '../../../support/case-submission-form.js';
import { createMemorySubmissions, type MemorySubmissions } from '../../../fakes/memory-submissions.js';
import { startWebTestServer, type WebTestServer } from './web-test-server.js';

interface ErrorBody {
  error: { code: string; message: string; field?: string; issues?: Array<{ field: string; message: string }> };
}

const NOT_A_PDF = readFileSync(new URL('../../../fixtures/documents/ikke-en-pdf.pdf', import.meta.url));

describe('Del jeres erfaring in the web chat (GET /api/submission-form, POST /api/case-submissions)', () => {
  let server: WebTestServer;
  let submissions: MemorySubmissions;
  beforeEach(async () => {
    submissions = createMemorySubmissions();
    server = await startWebTestServer({ submissions });
  });
  afterEach(async () => {
    await server.close();
  });

  it('should serve the form from SUBMISSION_FIELDS in Danish, and in English with ?lang=en', async () => {
    const da = (await (await fetch(`${server.baseUrl}/api/submission-form?lang=da`)).json()) as {
      fields: Array<{ name: string; label: string; required: boolean; maxLength: number; options?: Array<{ value: string; label: string }> }>;
      attachment: { accept: string; maxBytes: number };
    };
    expect(da.fields.map((field) => field.name)).toEqual([...SUBMISSION_FIELD_NAMES]);
    expect(da.fields[0]).toMatchObject({ name: 'title', label: 'Titel', required: true, maxLength: 150 });
    expect(da.fields.find((field) => field.name === 'organisation_type')?.options).toContainEqual({ value: 'kommune', label: 'Kommune' });
    expect(da.attachment).toMatchObject({ accept: '.pdf,.docx', maxBytes: 10 * 1024 * 1024 });

    const en = (await (await fetch(`${server.baseUrl}/api/submission-form?lang=en`)).json()) as typeof da;
    expect(en.fields.find((field) => field.name === 'contact_email')?.label).toBe("Contact's work e-mail");
    expect(en.fields.find((field) => field.name === 'organisation_type')?.options).toContainEqual({ value: 'kommune', label: 'Municipality' });
  });

  it('should answer 201 with the reference and a Danish thank-you, passing the visitor and the PDF to the service', async () => {
    const response = await postCaseForm(server.baseUrl, caseForm({}, { name: 'Ærø-erfaring.pdf', bytes: samplePdf(), type: 'application/pdf' }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { reference: string; message: string };
    expect(body.reference).toBe('KC-2026-0001');
    expect(body.message).toContain('Tak! Jeres erfaring er modtaget med referencenummer KC-2026-0001');
    expect(response.headers.get('set-cookie')).toMatch(/kc_uid=/);

    const [stored] = submissions.stored;
    expect(stored?.submitter).toEqual({ channel: 'web', userId: expect.stringMatching(/^anon-/), language: 'da', audience: 'public' });
    expect(stored?.attachment).toMatchObject({ fileName: 'Ærø-erfaring.pdf', mimeType: 'application/pdf' });
    expect(stored?.attachment?.bytes.equals(samplePdf())).toBe(true);
    expect(stored?.value.frontMatter).toMatchObject({ title: 'Hverdagsrehabilitering i hjemmeplejen', innovation_type: ['medarbejderdreven', 'brugerdreven'] });
  });

  it('should thank in English when the form says lang=en, and accept a case without a file', async () => {
    const response = await postCaseForm(server.baseUrl, caseForm({ lang: 'en' }));
    expect(response.status).toBe(201);
    expect(((await response.json()) as { message: string }).message).toMatch(/^Thank you! Your experience has been received with reference number KC-2026-0001/);
    expect(submissions.stored[0]?.submitter.language).toBe('en');
    expect(submissions.stored[0]?.attachment).toBeUndefined();
  });

  it('should answer 400 naming each wrong field in Danish and store nothing', async () => {
    const response = await postCaseForm(server.baseUrl, caseForm({ title: '', contact_email: 'ikke-en-mail' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('invalid');
    expect(body.error.message).toMatch(/Ret de markerede felter/);
    expect(body.error.issues).toEqual([
      { field: 'title', message: 'skal udfyldes' },
      { field: 'contact_email', message: expect.stringContaining('skal være en e-mailadresse') },
    ]);
    expect(body.error.field).toBe('title');
    expect(submissions.stored).toHaveLength(0);
  });

  it('should name the fields in English when the browser prefers English and the form does not say', async () => {
    const response = await postCaseForm(server.baseUrl, caseForm({ contact_email: 'not-an-email' }), { 'Accept-Language': 'en-GB,en;q=0.9' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.message).toMatch(/Correct the marked fields/);
    expect(body.error.issues).toEqual([{ field: 'contact_email', message: expect.stringMatching(/^must be an e-mail address/) }]);
  });

  it('should answer 413 for an attachment over 10 MB and never call the service', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]);
    const response = await postCaseForm(server.baseUrl, caseForm({}, { name: 'stor.pdf', bytes: big, type: 'application/pdf' }));
    expect(response.status).toBe(413);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: 'payload_too_large', field: 'attachment', message: 'Filen er for stor. Den må højst fylde 10 MB.' });
    expect(submissions.calls).toHaveLength(0);
  });

  it('should answer 413 in English before reading a body whose declared length is far too large', async () => {
    const big = Buffer.alloc(12 * 1024 * 1024);
    const response = await postCaseForm(server.baseUrl, caseForm({}, { name: 'stor.pdf', bytes: big }), { 'Accept-Language': 'en' });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.message).toBe('The file is too large. It may be at most 10 MB.');
    expect(submissions.calls).toHaveLength(0);
  });

  it.each([
    ['a .pdf that is not a PDF', 'rapport.pdf', NOT_A_PDF],
    ['a text file', 'noter.txt', Buffer.from('Bare tekst')],
    ['a PDF named .exe', 'rapport.exe', samplePdf()],
  ])('should answer 400 for %s and never call the service', async (_case, name, bytes) => {
    const response = await postCaseForm(server.baseUrl, caseForm({}, { name, bytes, type: 'application/pdf' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('invalid');
    expect(body.error.issues).toEqual([{ field: 'attachment', message: 'Filen skal være en PDF eller et Word-dokument (.docx).' }]);
    expect(submissions.calls).toHaveLength(0);
  });

  it('should accept a .docx by its ZIP signature', async () => {
    const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml')]);
    const response = await postCaseForm(server.baseUrl, caseForm({}, { name: 'case.DOCX', bytes: docx }));
    expect(response.status).toBe(201);
    expect(submissions.stored[0]?.attachment?.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('should refuse a file in another field than attachment', async () => {
    const form = caseForm();
    form.append('title', new Blob([new Uint8Array(samplePdf())]), 'x.pdf');
    const response = await postCaseForm(server.baseUrl, form);
    expect(response.status).toBe(400);
    expect(submissions.calls).toHaveLength(0);
  });

  it('should refuse nested field names rather than build objects from them', async () => {
    const response = await postCaseForm(server.baseUrl, caseForm({ 'title[__proto__]': 'x' }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.field).toBe('form');
    expect(submissions.calls).toHaveLength(0);
  });

  it.each([
    ['another site posts it', { 'Sec-Fetch-Site': 'cross-site' }],
    ['another origin posts it', { Origin: 'https://evil.example' }],
    ['the form header is missing', { 'X-Kraftcenter-Form': '' }],
  ])('should answer 403 when %s', async (_case, headers) => {
    const response = await postCaseForm(server.baseUrl, caseForm(), headers);
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe('csrf_failed');
    expect(submissions.calls).toHaveLength(0);
  });

  it('should take the form from the page itself (same-origin)', async () => {
    const response = await postCaseForm(server.baseUrl, caseForm(), { 'Sec-Fetch-Site': 'same-origin', Origin: server.baseUrl });
    expect(response.status).toBe(201);
  });

  it('should answer 415 for a JSON body', async () => {
    const response = await server.post('/api/case-submissions', { title: 'x' }, { 'X-Kraftcenter-Form': '1' });
    expect(response.status).toBe(415);
    expect(submissions.calls).toHaveLength(0);
  });

  it('should answer 405 for GET on the POST route', async () => {
    const response = await fetch(`${server.baseUrl}/api/case-submissions`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('should keep the security headers and no-store on the form routes', async () => {
    const response = await fetch(`${server.baseUrl}/api/submission-form`);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('should not pass a conversation it cannot check (no database) to the service', async () => {
    const response = await postCaseForm(server.baseUrl, caseForm({ conversationId: 'c-1' }));
    expect(response.status).toBe(201);
    expect(submissions.stored[0]?.submitter).not.toHaveProperty('conversationKey');
  });
});

describe('Del jeres erfaring: limits and an absent service', () => {
  let server: WebTestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('should answer 429 past the per-visitor limit', async () => {
    const submissions = createMemorySubmissions();
    server = await startWebTestServer({ submissions, rateLimits: { submission: { perAddress: 100, perUser: 2, windowSeconds: 600 } } });
    const cookie = (await postCaseForm(server.baseUrl, caseForm())).headers.get('set-cookie')!.split(';')[0]!;
    expect((await postCaseForm(server.baseUrl, caseForm(), { Cookie: cookie })).status).toBe(201);
    const third = await postCaseForm(server.baseUrl, caseForm(), { Cookie: cookie });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(submissions.stored).toHaveLength(2);
  });

  it('should answer 503 when no submission service is configured', async () => {
    server = await startWebTestServer();
    const response = await postCaseForm(server.baseUrl, caseForm());
    expect(response.status).toBe(503);
    expect(((await response.json()) as ErrorBody).error.message).toMatch(/Vi kan ikke tage imod erfaringer/);
  });
});
