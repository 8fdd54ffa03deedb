/**
 * `npm run advisers -- add --name "…" --email …`   create an adviser; prints the personal access token ONCE
 * `npm run advisers -- list [--json]`               all advisers (the token is never shown again)
 * `npm run advisers -- disable|enable|rotate --email …`
 * `npm run advisers -- link-slack --email … --slack-user U…` / `link-teams --email … --teams-user <AAD id>`
 * Every change is written to the audit log with the operating system user as actor (`cli:<user>`).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.js';
import { openDatabase } from '../knowledge/index.js';
import { MIGRATION_FOLDERS } from '../bot/store/migration-folders.js';
import { AdviserInputError, createAdviserStore, type Adviser, type AdviserStore, type IssuedToken } from '../bot/advisers/index.js';
import { isMainModule, runCli, UsageError } from './lib/run-cli.js';

/** The usage text printed for --help and wrong arguments. */
export const ADVISERS_USAGE = `Brug: npm run advisers -- add --name "<navn>" --email <e-mail>
       npm run advisers -- list [--json]
       npm run advisers -- disable --email <e-mail>
       npm run advisers -- enable --email <e-mail>
       npm run advisers -- rotate --email <e-mail>
       npm run advisers -- link-slack --email <e-mail> --slack-user <U…>
       npm run advisers -- link-teams --email <e-mail> --teams-user <AAD-objekt-id>`;

/** What a command needs: the store, somewhere to print and who is acting (for the audit log). */
export interface AdvisersCommandDeps {
  store: AdviserStore;
  print(line: string): void;
  actor: string;
}

function describe(adviser: Adviser): string {
  const slack = adviser.slackUserId ? `  slack=${adviser.slackUserId}` : '';
  const teams = adviser.teamsUserId ? `  teams=${adviser.teamsUserId}` : '';
  return `${adviser.enabled ? 'aktiv    ' : 'deaktiv. '} ${adviser.name} <${adviser.email}>  id=${adviser.id}${slack}${teams}`;
}

function printToken(print: (line: string) => void, issued: IssuedToken, what: string): void {
  print(`${what}: ${issued.adviser.name} <${issued.adviser.email}> (id ${issued.adviser.id})`);
  print('');
  print('Personligt adgangstoken – vises kun denne ene gang, gem det et sikkert sted:');
  print('');
  print(`  ${issued.token}`);
  print('');
  print('Log ind i rådgiverkonsollen på /advisers med tokenet, eller brug det i scripts som');
  print('"Authorization: Bearer <token>". Kun en hash af tokenet er gemt; mistes det, så kør rotate.');
}

function required(value: string | undefined, flag: string): string {
  if (!value?.trim()) throw new UsageError(`${flag} mangler.\n${ADVISERS_USAGE}`);
  return value.trim();
}

function found<A extends Adviser>(adviser: A | undefined, email: string): A {
  if (!adviser) throw new UsageError(`ingen rådgiver har e-mailen ${email}. Se listen med: npm run advisers -- list`);
  return adviser;
}

/**
 * Runs one `npm run advisers` command against the store and returns the exit code.
 * @throws UsageError for unknown commands, missing flags and unknown e-mails; AdviserInputError for bad input
 */
export async function runAdvisersCommand(argv: string[], deps: AdvisersCommandDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      'slack-user': { type: 'string' },
      'teams-user': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  const { store, print, actor } = deps;
  const command = positionals[0];
  if (values.help || !command) {
    print(ADVISERS_USAGE);
    return values.help ? 0 : 1;
  }
  if (positionals.length > 1) throw new UsageError(`uventet argument: ${positionals[1]}.\n${ADVISERS_USAGE}`);
  const audit = (action: string, adviser: Adviser, details: Record<string, unknown> = {}) =>
    store.audit({ actor, action, details: { adviserId: adviser.id, email: adviser.email, ...details } });

  switch (command) {
    case 'add': {
      const issued = await store.add({ name: required(values.name, '--name'), email: required(values.email, '--email') });
      await audit('adviser.created', issued.adviser, { name: issued.adviser.name });
      printToken(print, issued, 'Rådgiver oprettet');
      return 0;
    }
    case 'list': {
      const advisers = await store.list();
      if (values.json) print(JSON.stringify(advisers));
      else if (advisers.length === 0) print('Ingen rådgivere endnu. Opret en med: npm run advisers -- add --name "…" --email …');
      else advisers.forEach((adviser) => print(describe(adviser)));
      return 0;
    }
    case 'disable': {
      const email = required(values.email, '--email');
      const adviser = found(await store.disable(email, { actor }), email);
      await audit('adviser.disabled', adviser);
      const returned = adviser.returnedEscalations.length;
      print(`Deaktiveret (og logget ud): ${describe(adviser)}`);
      if (returned > 0) print(`${returned} ${returned === 1 ? 'henvendelse' : 'henvendelser'} sendt tilbage i køen, så en anden rådgiver kan tage over.`);
      return 0;
    }
    case 'enable': {
      const email = required(values.email, '--email');
      const adviser = found(await store.enable(email), email);
      await audit('adviser.enabled', adviser);
      print(`Aktiveret: ${describe(adviser)}`);
      return 0;
    }
    case 'rotate': {
      const email = required(values.email, '--email');
      const issued = await store.rotateToken(email);
      await audit('adviser.token_rotated', found(issued?.adviser, email));
      printToken(print, issued!, 'Nyt token (det gamle virker ikke længere, og åbne sessioner er afsluttet)');
      return 0;
    }
    case 'link-slack': {
      const email = required(values.email, '--email');
      const slackUser = required(values['slack-user'], '--slack-user');
      const adviser = found(await store.linkSlack(email, slackUser), email);
      await audit('adviser.slack_linked', adviser, { slackUserId: adviser.slackUserId });
      print(`Slack-bruger knyttet: ${describe(adviser)}`);
      return 0;
    }
    case 'link-teams': {
      const email = required(values.email, '--email');
      const teamsUser = required(values['teams-user'], '--teams-user');
      const adviser = found(await store.linkTeams(email, teamsUser), email);
      await audit('adviser.teams_linked', adviser, { teamsUserId: adviser.teamsUserId });
      print(`Teams-bruger knyttet: ${describe(adviser)}`);
      return 0;
    }
    default:
      throw new UsageError(`ukendt kommando: ${command}.\n${ADVISERS_USAGE}`);
  }
}

if (isMainModule(import.meta.url)) {
  runCli(async () => {
    const db = await openDatabase(loadConfig().database, { migrations: MIGRATION_FOLDERS });
    try {
      const actor = `cli:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`;
      return await runAdvisersCommand(process.argv.slice(2), { store: createAdviserStore(db), print: console.log, actor });
    } catch (error) {
      // Bad input and bad flags are the operator's to fix: a one-line message, no stack trace.
      const code = (error as NodeJS.ErrnoException).code;
      if (error instanceof AdviserInputError || code?.startsWith('ERR_PARSE_ARGS')) {
        throw new UsageError(`${(error as Error).message}\n${ADVISERS_USAGE}`);
      }
      throw error;
    } finally {
      await db.close();
    }
  });
}
