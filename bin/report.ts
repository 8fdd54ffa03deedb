/**
 * `npm run report -- gaps [--days 90] [--top 15] [--json]`
 * The most frequent topics the library could not answer (low confidence or 👎), for the centre's research agenda.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.js';
import { openDatabase } from '../knowledge/index.js';
import { groupGapTopics } from '../bot/report/gap-topics.js';
import { listGaps } from '../bot/store/feedback-store.js';
import { MIGRATION_FOLDERS } from '../bot/store/migration-folders.js';
import { runCli, UsageError } from './lib/run-cli.js';

/** How the reasons read in the report. */
const REASON_LABELS: Record<string, string> = { low_confidence: 'lav sikkerhed', thumbs_down: '👎', no_answer: 'intet svar' };

const USAGE = [
  'Brug: npm run report -- gaps [--days 90] [--top 15] [--json]',
  '  gaps      de hyppigste emner, biblioteket ikke kunne svare på (lav sikkerhed eller 👎)',
  '  --days    hvor mange dage tilbage (standard 90)',
  '  --top     hvor mange emner (standard 15)',
  '  --json    ét JSON-objekt i stedet for tekst',
].join('\n');

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { days: { type: 'string' }, top: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: false,
  });
  if (values.help || positionals[0] === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] !== 'gaps') throw new UsageError(USAGE);
  const days = Number((values.days as string | undefined) ?? 90);
  const top = Number((values.top as string | undefined) ?? 15);
  if (!Number.isInteger(days) || days < 1) throw new UsageError('--days skal være et positivt heltal');
  if (!Number.isInteger(top) || top < 1) throw new UsageError('--top skal være et positivt heltal');
  const db = await openDatabase(loadConfig().database, { migrations: MIGRATION_FOLDERS });
  try {
    const gaps = await listGaps(db, { sinceDays: days });
    const all = groupGapTopics(gaps, { top: Number.POSITIVE_INFINITY });
    const topics = all.slice(0, top);
    if (values.json) {
      console.log(JSON.stringify({ days, gaps: gaps.length, topicCount: all.length, topics }));
      return 0;
    }
    if (gaps.length === 0) {
      console.log(`Ingen videnshuller registreret de seneste ${days} dage.`);
      return 0;
    }
    // The counts add up: every gap is in exactly one topic, and a cut list says how many it shows.
    const shown = topics.reduce((sum, topic) => sum + topic.count, 0);
    console.log(`Videnshuller de seneste ${days} dage: ${gaps.length} spørgsmål uden godt svar, ${all.length} emner`);
    if (topics.length < all.length) console.log(`De ${topics.length} største emner dækker ${shown} af de ${gaps.length} spørgsmål.`);
    console.log('');
    topics.forEach((topic, index) => {
      const reasons = Object.entries(topic.reasons).map(([reason, count]) => `${REASON_LABELS[reason] ?? reason} ${count}`).join(', ');
      console.log(`${String(index + 1).padStart(2)}. ${topic.topic}  (${topic.count} spørgsmål; ${reasons})`);
      for (const example of topic.examples) console.log(`      – ${example}`);
    });
    return 0;
  } finally {
    await db.close();
  }
});
