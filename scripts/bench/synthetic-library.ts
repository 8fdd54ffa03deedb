/**
 * A synthetic library for benchmarks: the sample library's Markdown documents copied N times with shuffled
 * sentences and a copy number in ids and titles, written as real files so the benchmark exercises the full pipeline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseFile } from '../../ingest/parse/index.js';
import { prepareDocument } from '../../ingest/prepare-document.js';
import { discoverFiles } from '../../ingest/discover-files.js';
import type { LibraryDocument } from '../../knowledge/documents/library-document.js';
import { seededRandom as random } from '../lib/seeded-random.js';

function shuffleSentences(body: string, next: () => number): string {
  return body
    .split(/\n\s*\n/)
    .map((paragraph) => {
      if (/^#{1,6}\s/.test(paragraph)) return paragraph;
      const sentences = paragraph.split(/(?<=[.!?])\s+/);
      for (let i = sentences.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [sentences[i], sentences[j]] = [sentences[j]!, sentences[i]!];
      }
      return sentences.join(' ');
    })
    .join('\n\n');
}

export async function buildSyntheticLibrary(sampleDir: string, targetChunks: number): Promise<{ dir: string; documents: number; chunks: number }> {
  const discovery = await discoverFiles([sampleDir]);
  const originals: LibraryDocument[] = [];
  for (const file of discovery.files.filter((entry) => entry.format === 'markdown')) {
    originals.push(...(await parseFile(file.absolutePath, file.relativePath)).documents);
  }
  const chunksPerRound = originals.reduce((sum, doc) => sum + prepareDocument(doc).chunks.length, 0);
  const rounds = Math.max(1, Math.ceil(targetChunks / chunksPerRound));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-bench-library-'));
  const next = random(42);
  let documents = 0;
  let chunks = 0;
  for (let round = 0; round < rounds && chunks < targetChunks; round++) {
    for (const doc of originals) {
      if (chunks >= targetChunks) break;
      const id = `${doc.id}-kopi-${round}`;
      const frontMatter = {
        id,
        type: doc.type,
        title: `${doc.title} (kopi ${round})`,
        organisation: doc.organisation,
        organisation_type: doc.organisationType,
        region: doc.region,
        year: doc.year,
        policy_area: doc.policyArea,
        methods: doc.methods,
        tags: doc.tags,
        audience: doc.audience,
      };
      const body = shuffleSentences(doc.body, next);
      const copy = { ...doc, id, body };
      chunks += prepareDocument(copy).chunks.length;
      documents += 1;
      fs.writeFileSync(path.join(dir, `${id}.md`), `---\n${stringify(frontMatter)}---\n${body}\n`);
    }
  }
  return { dir, documents, chunks };
}
