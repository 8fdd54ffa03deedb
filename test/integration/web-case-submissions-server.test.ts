/**
 * The real server with every channel on: the web chat's case form reaches the server's SubmissionService (the
 * composition root's wiring), beside the advisers' `/api/submissions`, which stays theirs (401 without a session).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseForm, postCaseForm, samplePdf } from '../support/case-submission-form.js';
import { startAllChannelsServer, type AllChannelsServer } from '../support/all-channels-server.js';

describe('Del jeres erfaring through the whole server', { timeout: 120_000 }, () => {
  let server: AllChannelsServer;
  beforeAll(async () => {
    server = await startAllChannelsServer();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('should serve the form and store a case sent from the web chat with its reference', async () => {
    const form = await fetch(`${server.baseUrl}/api/submission-form?lang=da`);
    expect(form.status).toBe(200);
    expect(((await form.json()) as { fields: unknown[] }).fields.length).toBeGreaterThan(10);

    const response = await postCaseForm(server.baseUrl, caseForm({}, { name: 'erfaring.pdf', bytes: samplePdf() }));
    expect(response.status).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    expect(reference).toMatch(/^KC-\d{4}-\d{4}$/);
  });

  it('should leave /api/submissions to the advisers: 401 without a session', async () => {
    const response = await fetch(`${server.baseUrl}/api/submissions`);
    expect(response.status).toBe(401);
  });
});
