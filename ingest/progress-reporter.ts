import type { IngestProgress } from './run-ingest.js';

/**
 * Progress on stderr: a redrawn bar on a terminal, a plain line every ~10% otherwise (CI logs, pipes).
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): (event: IngestProgress) => void {
  const interactive = Boolean(stream.isTTY);
  let lastPlainPercent = -1;
  return (event) => {
    if (event.phase === 'discovered') {
      stream.write(`Fandt ${event.files} filer${event.skipped ? ` (${event.skipped} andre springes over)` : ''}\n`);
      return;
    }
    if (event.phase === 'done') {
      if (interactive) stream.write('\n');
      return;
    }
    const percent = event.total === 0 ? 100 : Math.floor((event.done / event.total) * 100);
    if (interactive) {
      const width = 28;
      const filled = Math.round((percent / 100) * width);
      const name = event.file.length > 40 ? `…${event.file.slice(-39)}` : event.file;
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${event.done}/${event.total} ${name.padEnd(40)}`);
    } else if (percent >= lastPlainPercent + 10 || event.done === event.total) {
      lastPlainPercent = percent;
      stream.write(`${event.done}/${event.total} filer (${percent}%)\n`);
    }
  };
}
