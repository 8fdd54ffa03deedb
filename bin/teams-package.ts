/**
 * `npm run teams:package`: writes the Teams app package (default dist/teams-app.zip) with the bot id from
 * MICROSOFT_APP_ID. Flags: --out <file>, --version <x.y.z> (default: package.json's), --website <https URL>,
 * --privacy <https URL>, --terms <https URL>.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTeamsConfig } from '../adapters/teams/config.js';
import { buildAppPackage } from '../adapters/teams/app-package/build-app-package.js';
import { isMainModule, runCli } from './lib/run-cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the command; returns the process exit code. */
export function runTeamsPackageCli(argv: string[], env: Record<string, string | undefined>): number {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, version: { type: 'string' }, website: { type: 'string' }, privacy: { type: 'string' }, terms: { type: 'string' } },
  });
  const packageVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const config = loadTeamsConfig(env);
  const built = buildAppPackage({
    botId: config?.appId,
    version: values.version ?? packageVersion,
    websiteUrl: values.website,
    privacyUrl: values.privacy,
    termsOfUseUrl: values.terms,
  });
  const out = path.resolve(values.out ?? path.join(ROOT, 'dist/teams-app.zip'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, built.zip);
  console.log(`Teams-app-pakken er skrevet: ${path.relative(process.cwd(), out) || out} (bot-id ${(built.manifest.bots as Array<{ botId: string }>)[0]!.botId})`);
  for (const warning of built.warnings) console.error(`⚠️  ${warning}`);
  return 0;
}

if (isMainModule(import.meta.url)) {
  runCli(() => runTeamsPackageCli(process.argv.slice(2), process.env), { errorPrefix: 'Kan ikke bygge Teams-app-pakken' });
}
