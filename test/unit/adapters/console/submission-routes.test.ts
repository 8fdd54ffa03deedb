/**
 * The Forslag API against the in-memory SubmissionService (the same suite runs against the real service in
 * test/integration/submission-console.test.ts).
 */
import { describe } from 'vitest';
import { testDatabases } from '../../../support/test-databases.js';
import { createFakeSubmissionService } from './fake-submission-service.js';
import { submissionRouteSuite } from './submission-routes.contract.js';

const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('submission routes (in-memory service)', () => {
  submissionRouteSuite(async () => {
    const db = await testDatabases[0]!.open();
    const fake = createFakeSubmissionService();
    return {
      db,
      harness: {
        submissions: fake,
        async seed({ source = 'submission', title, attachment } = {}) {
          const patch = { source, ...(title ? { title } : {}) };
          return fake.seed(patch, attachment ? { fileName: 'rapport.pdf', mimeType: 'application/pdf', bytes: PDF } : undefined).id;
        },
        async searchable(_query, title) {
          return [...fake.library.values()].some((document) => document.title === title);
        },
        async deliveries(id) {
          return fake.outbox.filter((message) => message.id === id).length;
        },
      },
    };
  });
});
