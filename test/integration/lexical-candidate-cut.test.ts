import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable, QueryResult } from '../../knowledge/db/db.js';
import type { LibraryDocument } from '../../knowledge/documents/library-document.js';
import { lexicalSearch } from '../../knowledge/retrieval/lexical-search.js';
import { replaceDocument } from '../../knowledge/store/document-store.js';
import { refreshSearchStatistics } from '../../knowledge/store/term-stats.js';
import { testDatabases } from '../support/test-databases.js';

/**
 * A library where one of the question's words ("cykelsti") is in 30 chunks, far more than the cut of 5 chunks a
 * term, and the other ("vinterdrift") in 4. The two chunks with both words are long, so "cykelsti" weighs little in
 * them: they are not among its 5 best postings and are found through "vinterdrift" alone.
 */
const QUESTION = 'cykelsti vinterdrift';
const CUT = 5;
const FILLER = 'budget plan rapport møde borger kommune forvaltning indsats projekt';

function document(id: string, title: string, body: string, audience: LibraryDocument['audience'] = 'public'): LibraryDocument {
  return {
    id,
    type: 'case',
    title,
    innovationType: [],
    methods: [],
    tags: [],
    audience,
    body,
    sourcePath: `${id}.md`,
    sourceFormat: 'markdown',
  };
}

function fixtureDocuments(): LibraryDocument[] {
  const documents: LibraryDocument[] = [];
  const longFiller = Array.from({ length: 12 }, (_, i) => `${FILLER} afsnit${i} emne${i}`).join('. ');
  documents.push(document('begge-1', 'Vejdrift i Aabenraa', `Vinterdrift og en cykelsti. ${longFiller}.`));
  documents.push(document('begge-2', 'Vejdrift i Ikast', `Cykelsti med vinterdrift. ${longFiller}.`));
  documents.push(document('vinter-1', 'Snerydning i Gribskov', 'Vinterdrift af veje og fortove.'));
  documents.push(document('vinter-2', 'Saltning i Thisted', 'Vinterdrift med salt og sand.'));
  for (let i = 0; i < 3; i++) documents.push(document(`titel-${i}`, `Cykelsti langs stranden ${i}`, `Ny belægning nummer${i}.`));
  for (let i = 0; i < 26; i++) documents.push(document(`cykel-${i}`, `Trafik ${i}`, `En cykelsti ved skolen område${i}. ${FILLER}.`));
  // Staff only, and the best match of all (both words, in the title too).
  documents.push(document('intern-1', 'Cykelsti og vinterdrift', 'Intern note: vinterdrift af cykelsti.', 'internal'));
  for (let i = 0; i < 170; i++) documents.push(document(`andet-${i}`, `Andet ${i}`, `${FILLER} nummer${i} sag${i}.`));
  return documents;
}

/** Runs every query as it is, and the lexical search's query once more under EXPLAIN ANALYZE, keeping the plan. */
function recordingPlans(db: Queryable, plans: unknown[]): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
      if (sql.trimStart().startsWith('WITH terms')) {
        const plan = await db.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        const value = Object.values(plan.rows[0]!)[0];
        plans.push((typeof value === 'string' ? JSON.parse(value) : value) as unknown[]);
      }
      return db.query<Row>(sql, params);
    },
    exec: (sql) => db.exec(sql),
  };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

describe.each(testDatabases)('keyword search reads a bounded number of postings per term on $name', (target) => {
  let db: Db;

  beforeAll(async () => {
    db = await target.open();
    for (const doc of fixtureDocuments()) {
      await replaceDocument(db, {
        document: doc,
        summary: '',
        contentHash: doc.id,
        embeddingModel: 'test',
        chunks: [{ ordinal: 0, headingPath: [], content: doc.body, tokenCount: 20, context: doc.title, embedding: [1, 0, 0] }],
      });
    }
    await refreshSearchStatistics(db);
  }, 180_000);
  afterAll(async () => db?.close());

  it('should rank the same chunks with the same scores as scoring every matching chunk', async () => {
    const exhaustive = await lexicalSearch(db, QUESTION, undefined, 'public', 7, 1_000_000);
    const cut = await lexicalSearch(db, QUESTION, undefined, 'public', 7, CUT);
    const ranking = (rows: typeof cut) =>
      Promise.all(rows.map(async (row) => [await documentOf(db, row.chunk_id), Number(row.lexical_score).toFixed(6), row.matched_terms]));
    expect(await ranking(cut)).toEqual(await ranking(exhaustive));
    // Both words count for the long chunks found through "vinterdrift" only, so they lead.
    expect((await ranking(cut)).slice(0, 2).map(([id]) => id).sort()).toEqual(['begge-1', 'begge-2']);
  });

  it('should read at most the cut from each term\'s postings however many chunks contain the word', async () => {
    const containing = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM chunks WHERE tsv @@ to_tsquery('danish', 'cykelsti')`);
    expect(containing.rows[0]!.n).toBeGreaterThan(6 * CUT);

    const plans: unknown[] = [];
    const rows = await db.transaction((tx) => lexicalSearch(recordingPlans(tx, plans), QUESTION, undefined, 'public', 7, CUT));
    expect(rows.length).toBe(7);
    const nodes = planNodes((plans[0] as Array<{ Plan: PlanNode }>)[0]!.Plan);
    const postingScans = nodes.filter((node) => node['Relation Name'] === 'chunk_terms');
    expect(postingScans.length).toBeGreaterThan(0);
    const postingsRead = postingScans.reduce((sum, node) => sum + node['Actual Rows'] * node['Actual Loops'], 0);
    expect(postingsRead).toBeLessThanOrEqual(2 * CUT);
    // No full-text index lookup of every matching chunk.
    expect(nodes.filter((node) => /tsv_idx/.test(node['Index Name'] ?? ''))).toEqual([]);
  });
});

describe.each(testDatabases)('keyword search leaves out what the audience and the filters leave out on $name', (target) => {
  let db: Db;

  beforeAll(async () => {
    db = await target.open();
    for (const doc of fixtureDocuments()) {
      await replaceDocument(db, {
        document: doc,
        summary: '',
        contentHash: doc.id,
        embeddingModel: 'test',
        chunks: [{ ordinal: 0, headingPath: [], content: doc.body, tokenCount: 20, context: doc.title, embedding: [1, 0, 0] }],
      });
    }
    await refreshSearchStatistics(db);
  }, 180_000);
  afterAll(async () => db?.close());

  const documentsFound = async (rows: Array<{ chunk_id: number | string }>) =>
    Promise.all(rows.map((row) => documentOf(db, row.chunk_id)));

  it('should give staff the internal document and the public never, however few postings a term reads', async () => {
    for (const perTerm of [CUT, 1_000_000]) {
      expect(await documentsFound(await lexicalSearch(db, QUESTION, undefined, 'public', 40, perTerm))).not.toContain('intern-1');
      expect((await documentsFound(await lexicalSearch(db, QUESTION, undefined, 'internal', 40, perTerm)))[0]).toBe('intern-1');
    }
  });

  it('should leave out the documents already shown and still fill the cut from the others', async () => {
    const rows = await lexicalSearch(db, QUESTION, { excludeDocumentIds: ['begge-1', 'vinter-1'] }, 'internal', 7, CUT);
    const found = await documentsFound(rows);
    expect(found).not.toContain('begge-1');
    expect(found).not.toContain('vinter-1');
    expect(found.slice(0, 2)).toEqual(['intern-1', 'begge-2']);
    expect(rows.length).toBe(7);
  });

  it('should keep only the chosen documents under a metadata or id filter, for either audience', async () => {
    const chosen = { documentIds: ['begge-2', 'intern-1', 'cykel-3'] };
    expect((await documentsFound(await lexicalSearch(db, QUESTION, chosen, 'public', 40, CUT))).sort()).toEqual(['begge-2', 'cykel-3']);
    expect((await documentsFound(await lexicalSearch(db, QUESTION, chosen, 'internal', 40, CUT))).sort()).toEqual(['begge-2', 'cykel-3', 'intern-1']);
  });
});

async function documentOf(db: Db, chunkId: number | string): Promise<string> {
  const result = await db.query<{ document_id: string }>('SELECT document_id FROM chunks WHERE id = $1', [chunkId]);
  return result.rows[0]!.document_id;
}
