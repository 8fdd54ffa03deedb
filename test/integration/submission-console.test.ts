/**
 * The Forslag API over the real SubmissionService and library publisher, on PGlite and on Postgres: the same suite
 * as the in-memory double (test/unit/adapters/console/submission-routes.contract.ts), with a copy of the fixture
 * library as LIBRARY_DIR. Here "published" means the hybrid search finds the file the service wrote, and "asked"
 * means a row for the submitter's conversation in the outbox.
 */
import { describe } from 'vitest';
import { upsertConversation } from '../../bot/store/conversation-store.js';
import { insertSubmission } from '../../bot/store/submission-store.js';
import { createLibraryPublisher } from '../../bot/submissions/library-publisher.js';
import { createSubmissionService } from '../../bot/submissions/submission-service.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { silentLogger } from '../../config/logger.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { searchLibrary } from '../../knowledge/index.js';
import { samplePdf, VALID_CASE } from '../support/case-submission-form.js';
import { copyFixtureLibrary } from '../support/library-fixture.js';
import { testDatabases } from '../support/test-databases.js';
import { submissionRouteSuite } from '../unit/adapters/console/submission-routes.contract.js';

/** A "worth keeping" draft as the escalation service stores it when an adviser resolves with keep. */
const DRAFT_BODY = '## Svar\n\nSkærmbesøg kan startes med et lille hold borgere og en fast tid hver dag.\n';

describe.each(testDatabases)('submission routes on the real service ($name)', (target) => {
  submissionRouteSuite(async () => {
    const db = await target.open();
    const folder = copyFixtureLibrary();
    const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
    await runIngest({ db, embedder }, { inputs: [folder.dir] });
    const publisher = createLibraryPublisher({ db, embedder, libraryDir: folder.dir, logger: silentLogger });
    const submissions = createSubmissionService({
      db,
      publisher,
      search: (question, options) => searchLibrary({ db, embedder }, question, options),
      logger: silentLogger,
    });
    const conversations = new Map<string, string>();
    let n = 0;
    return {
      db,
      harness: {
        submissions,
        async seed({ source = 'submission', title, attachment } = {}) {
          n += 1;
          if (source === 'adviser_draft') {
            const frontMatter = { type: 'method', title: title ?? 'Skærmbesøg i gang', audience: 'internal' };
            const created = await insertSubmission(
              db,
              { source, frontMatter, body: DRAFT_BODY, channel: 'console', submitterId: 'adv-x', submitterName: 'Rådgiver X', language: 'da', audience: 'internal' },
              new Date(),
            );
            return created!.id;
          }
          const conversation = await upsertConversation(db, { channel: 'web', conversationId: `forslag-${n}`, user: { id: `u-${n}`, audience: 'public', anonymous: true } }, 'da');
          const result = await submissions.submit(
            { ...VALID_CASE, ...(title ? { title } : {}) },
            { channel: 'web', userId: `u-${n}`, displayName: 'Anne Borger', language: 'da', audience: 'public', conversationKey: conversation.id },
            attachment ? { fileName: 'rapport.pdf', mimeType: 'application/pdf', bytes: samplePdf() } : undefined,
          );
          if (!result.ok) throw new Error(`seed refused: ${JSON.stringify(result)}`);
          conversations.set(result.value.id, conversation.id);
          return result.value.id;
        },
        async searchable(query, title) {
          const hits = await searchLibrary({ db, embedder }, query, { audience: 'public', limit: 5 });
          return hits.some((hit) => hit.document.title === title);
        },
        async deliveries(id) {
          const conversation = conversations.get(id);
          if (!conversation) return 0;
          const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE conversation_id = $1', [conversation]);
          return Number(rows.rows[0]!.n);
        },
        close: async () => folder.cleanup(),
      },
    };
  });
});
