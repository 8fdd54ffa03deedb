import type { IngestSummary } from './run-ingest.js';

/** The end-of-run table and the list of problems, one line per failed file naming what is wrong. */
export function formatSummary(summary: IngestSummary, pruned: boolean): string {
  const rows: [string, string][] = [
    ['tilføjet / added', String(summary.added)],
    ['opdateret / updated', String(summary.updated)],
    ['uændret / unchanged', String(summary.unchanged)],
    ['fjernet / removed', String(summary.removed)],
    ['fejlet / failed', String(summary.failed)],
    ['sprunget over / skipped', String(summary.skipped.length)],
    ['chunks skrevet / written', String(summary.chunksWritten)],
    ['i alt / total', `${summary.totalDocuments} dokumenter, ${summary.totalChunks} chunks`],
    ['sekunder / seconds', summary.seconds.toFixed(1)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const out = ['', 'Resultat:', ...lines];
  if (summary.skipped.length > 0) {
    out.push('', 'Sprunget over (ikke et biblioteksformat):', ...summary.skipped.map((file) => `  ${file}`));
  }
  if (summary.problems.length > 0) {
    out.push('', 'Fejl:', ...summary.problems.map((problem) => `  ${problem.source}: ${problem.message}`));
  }
  if (!pruned && summary.orphans.length > 0) {
    out.push(
      '',
      `${summary.orphans.length} dokument(er) i databasen har ikke længere en fil: ${summary.orphans.slice(0, 5).join(', ')}` +
        `${summary.orphans.length > 5 ? ', …' : ''}. Kør med --prune for at fjerne dem.`,
    );
  }
  return out.join('\n');
}
