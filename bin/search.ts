/**
 * `npm run search -- [--type case] [--region Syddanmark] [--org-type kommune] [--from 2015] [--to 2020]
 *   [--policy-area "…"] [--internal] [--mode hybrid|vector|lexical] [--limit 8] [--json] "<question>"`
 * A thin CLI over searchLibrary: ranked hits with title, organisation, year, score and a snippet.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.js';
import { DOCUMENT_TYPES, ORGANISATION_TYPES, REGIONS } from '../knowledge/documents/library-document.js';
import { openKnowledgeBase } from '../knowledge/knowledge-base.js';
import type { RetrievalMode, SearchFilters } from '../knowledge/retrieval/search-types.js';
import { formatHits } from './lib/format-hits.js';
import { runCli, UsageError } from './lib/run-cli.js';

const USAGE = `Brug: npm run search -- [filtre] "<spørgsmål>"
  --type case|method|research   --org-type kommune|region|stat|andet   --region <region>
  --from <år>  --to <år>  --policy-area <område>  --internal (medtag interne dokumenter)
  --mode hybrid|vector|lexical  --limit <n>  --json`;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (!match) throw new UsageError(`--${name} skal være en af: ${allowed.join(', ')} (fik "${value}")`);
  return [match];
}

function year(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--${name} skal være et årstal (fik "${value}")`);
  return Number(value);
}

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      type: { type: 'string' },
      'org-type': { type: 'string' },
      region: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'policy-area': { type: 'string' },
      internal: { type: 'boolean' },
      mode: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const question = positionals.join(' ').trim();
  if (!question) throw new UsageError(`skriv et spørgsmål.\n${USAGE}`);
  const mode = (values.mode ?? 'hybrid') as RetrievalMode;
  if (!['hybrid', 'vector', 'lexical'].includes(mode)) throw new UsageError('--mode skal være hybrid, vector eller lexical');
  const limit = values.limit === undefined ? 8 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit skal være et tal fra 1 til 100');
  const filters: SearchFilters = {
    types: oneOf('type', values.type, DOCUMENT_TYPES),
    organisationTypes: oneOf('org-type', values['org-type'], ORGANISATION_TYPES),
    regions: oneOf('region', values.region, REGIONS),
    yearFrom: year('from', values.from),
    yearTo: year('to', values.to),
    policyArea: values['policy-area'],
  };

  const knowledge = await openKnowledgeBase(loadConfig());
  try {
    const started = performance.now();
    const hits = await knowledge.search(question, {
      filters,
      audience: values.internal ? 'internal' : 'public',
      mode,
      limit,
    });
    const ms = performance.now() - started;
    if (values.json) console.log(JSON.stringify(hits, null, 2));
    else console.log(formatHits(hits, ms));
    return 0;
  } finally {
    await knowledge.close();
  }
});
