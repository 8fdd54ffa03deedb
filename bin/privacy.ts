/**
 * `npm run privacy -- purge [--dry-run]`                  delete conversation content older than RETENTION_DAYS (what the
 *                                                          hourly housekeeping does); --dry-run only counts it
 * `npm run privacy -- export --user <ref> [--out <file>]`  everything stored about one person, as JSON
 * `npm run privacy -- erase --user <ref>`                  delete it, in one transaction, audited without the content
 * <ref>: slack:U… (or slack:T…:U…), teams:<AAD object id>, web:<kc_uid cookie id>, an adviser's e-mail, or a bare id.
 * On the embedded database it works while the server runs (through its socket), like the other commands.
 */
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.js';
import { openDatabase, type Db } from '../knowledge/index.js';
import { MIGRATION_FOLDERS } from '../bot/store/migration-folders.js';
import { purgeExpiredContent } from '../bot/store/content-retention.js';
import { erasePerson, exportPerson, parsePersonRef, resolvePerson, type Person } from '../bot/store/privacy-store.js';
import { isMainModule, runCli, UsageError } from './lib/run-cli.js';

/** The usage text printed for --help and wrong arguments. */
export const PRIVACY_USAGE = `Brug: npm run privacy -- purge [--dry-run]
       npm run privacy -- export --user <id> [--out <fil>]
       npm run privacy -- erase --user <id>
<id>: slack:U… (eller slack:T…:U…), teams:<AAD-objekt-id>, web:<kc_uid-cookiens id>, en rådgivers e-mail eller et id`;

/** What a command needs. */
export interface PrivacyCommandDeps {
  db: Db;
  print(line: string): void;
  /** Writes the export to a file (tests pass a fake). */
  writeFile(file: string, text: string): Promise<void>;
  /** Who runs it, for the audit log (`cli:<user>`). */
  actor: string;
  /** RETENTION_DAYS. */
  retentionDays: number;
  now(): Date;
}

function describePerson(person: Person): string {
  const parts = [...person.userIds.map((id) => `bruger ${id}`), ...(person.adviser ? [`rådgiver ${person.adviser.name} <${person.adviser.email}>`] : [])];
  return parts.join(', ') || 'ingen';
}

function countLines(counts: Record<string, number>): string[] {
  const width = Math.max(...Object.keys(counts).map((name) => name.length));
  return Object.entries(counts).map(([name, n]) => `  ${name.padEnd(width)}  ${String(n).padStart(7)}`);
}

/**
 * Runs one `npm run privacy` command and returns the exit code.
 * @throws UsageError for unknown commands and missing flags; PersonRefError for a --user it cannot read
 */
export async function runPrivacyCommand(argv: string[], deps: PrivacyCommandDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      user: { type: 'string' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  const { db, print } = deps;
  const command = positionals[0];
  if (values.help || !command) {
    print(PRIVACY_USAGE);
    return values.help ? 0 : 1;
  }
  if (positionals.length > 1) throw new UsageError(`uventet argument: ${positionals[1]}.\n${PRIVACY_USAGE}`);
  const person = async () => {
    if (!values.user?.trim()) throw new UsageError(`--user mangler.\n${PRIVACY_USAGE}`);
    return resolvePerson(db, parsePersonRef(values.user));
  };

  switch (command) {
    case 'purge': {
      const dryRun = values['dry-run'] === true;
      const report = await purgeExpiredContent(db, deps.now(), { retentionDays: deps.retentionDays, dryRun });
      if (report.skipped) {
        print('En anden proces (fx serverens timelige oprydning) sletter netop nu; prøv igen om lidt.');
        return 1;
      }
      print(`Opbevaringstid ${deps.retentionDays} dage (RETENTION_DAYS): indhold uden aktivitet siden ${report.cutoff.toISOString()}.`);
      print(dryRun ? 'Ville slette (prøvekørsel, intet er ændret):' : 'Slettet:');
      countLines(report.deleted).forEach((line) => print(line));
      print(dryRun ? 'Ville tømme for indhold (rækken bliver, teksten går):' : 'Tømt for indhold (rækken bliver, teksten går):');
      countLines({ 'feedback (kommentar)': report.emptied.feedbackComments, 'escalations (afsluttede)': report.emptied.escalations, 'audit_log (note)': report.emptied.auditEntries }).forEach((line) =>
        print(line),
      );
      return 0;
    }
    case 'export': {
      const found = await person();
      const data = await exportPerson(db, found, deps.now());
      const rows = Object.values(data.tables).reduce((sum, table) => sum + table.length, 0);
      const json = JSON.stringify(data, null, 2);
      if (values.out) {
        await deps.writeFile(values.out, `${json}\n`);
        print(`${rows} rækker om ${describePerson(found)} skrevet til ${values.out}.`);
      } else {
        print(json);
      }
      return 0;
    }
    case 'erase': {
      const found = await person();
      const report = await erasePerson(db, found, deps.actor);
      const total = Object.values(report.deleted).reduce((sum, n) => sum + n, 0);
      print(total === 0 ? `Intet gemt om ${describePerson(found)}; intet slettet.` : `Slettet om ${describePerson(found)}:`);
      if (total > 0) countLines(Object.fromEntries(Object.entries(report.deleted).filter(([, n]) => n > 0))).forEach((line) => print(line));
      print('Audit-loggen har fået en linje "privacy_erased" med antallene, uden hvem det gjaldt.');
      return 0;
    }
    default:
      throw new UsageError(`ukendt kommando: ${command}.\n${PRIVACY_USAGE}`);
  }
}

if (isMainModule(import.meta.url)) {
  runCli(async () => {
    const config = loadConfig();
    const db = await openDatabase(config.database, { migrations: MIGRATION_FOLDERS });
    try {
      return await runPrivacyCommand(process.argv.slice(2), {
        db,
        print: console.log,
        writeFile: (file, text) => fs.writeFile(file, text, { encoding: 'utf8', mode: 0o600 }),
        actor: `cli:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`,
        retentionDays: config.retention.days,
        now: () => new Date(),
      });
    } finally {
      await db.close();
    }
  });
}
