import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../knowledge/db/db.js';
import { KNOWLEDGE_MIGRATIONS_DIR } from '../../../knowledge/db/migrate.js';
import { normalizeText } from '../../../knowledge/text/normalize-text.js';
import { refreshSearchStatisticsIfStale } from '../../../knowledge/store/term-stats.js';
import { testDatabases } from '../../support/test-databases.js';

const ACCENTED = 'áàâãéèêëíìîïóòôõúùûüýäöß';
const MIGRATION = fs.readFileSync(path.join(KNOWLEDGE_MIGRATIONS_DIR, '008_accent_folding.sql'), 'utf8');

describe.each(testDatabases)('accent folding of the keyword index on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db?.close());

  it('should fold in SQL exactly as normalizeText folds the question, æøå kept', async () => {
    for (const text of [ACCENTED, ACCENTED.toUpperCase(), 'Idéklinikken Café Müller æøå ÆØÅ', 'Ide\u0301klinikken', 'Hverdagsrehabilitering i Aalborg æøå ÆØÅ']) {
      const { rows } = await db.query<{ folded: string }>('SELECT lower(fold_accents($1)) AS folded', [text]);
      expect(rows[0]!.folded, text).toBe(normalizeText(text));
    }
  });

  it('should re-index rows written before the folding, and their term statistics', async () => {
    await db.query(
      `INSERT INTO documents (id, type, title, organisation, body, source_path, source_format, content_hash)
       VALUES ('old-doc', 'case', 'Idéklinikken', 'Aalborg Universitetshospital', 'x', 'old.md', 'markdown', 'h')`,
    );
    await db.query(
      `INSERT INTO chunks (document_id, ordinal, heading_path, content, token_count, tsv, embedding, embedding_model)
       VALUES ('old-doc', 0, '{Baggrund}', 'Et møde på Café Nord', 5,
         setweight(to_tsvector('danish', 'Idéklinikken – Aalborg Universitetshospital – Baggrund'), 'A')
           || to_tsvector('danish', 'Et møde på Café Nord'),
         '[1,0,0]', 'test-model')`,
    );
    const matches = async (word: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM chunks WHERE title_tsv @@ to_tsquery('danish', $1)`, [word]))
        .rows[0]!.n;
    expect(await matches('ideklinikken')).toBe(0);

    await db.exec(MIGRATION);

    expect(await matches('ideklinikken')).toBe(1);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM chunks WHERE tsv @@ to_tsquery('danish', 'cafe') AND document_id = 'old-doc'`,
    );
    expect(rows[0]!.n).toBe(1);
    // The re-index counts as a change of the chunks' text, so the statistics are rebuilt before the next search.
    expect(await refreshSearchStatisticsIfStale(db)).toBe(true);
    const stats = await db.query<{ lexeme: string }>(`SELECT lexeme FROM term_stats WHERE lexeme LIKE 'id%klinik%' OR lexeme LIKE 'caf%'`);
    expect(stats.rows.map((row) => row.lexeme).sort()).toEqual(['caf', 'ideklinik']);
  });
});
