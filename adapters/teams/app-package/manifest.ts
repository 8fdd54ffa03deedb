/**
 * The Teams app manifest (schema 1.17): the bot with its id, personal/team/group-chat scopes and the Danish
 * command list, plus {@link manifestProblems}, the checks Teams' validator applies to the fields we set.
 * @see https://learn.microsoft.com/microsoftteams/platform/resources/schema/manifest-schema
 */
import { ACCENT_COLOR } from './icons.js';

export const MANIFEST_SCHEMA = 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json';

/** Shown in every Teams scope's command menu (title ≤ 32, description ≤ 128 characters). */
export const DANISH_COMMANDS = [
  { title: 'Hvem har gjort det?', description: 'Find kommuner, regioner og styrelser med erfaring, fx "Hvem har arbejdet med velfærdsteknologi?"' },
  { title: 'Metoder', description: 'Find metoder og værktøjer, fx "Hvordan kommer vi i gang med design thinking?"' },
  { title: 'Tal med en rådgiver', description: 'Få en af Kraftcenterets rådgivere til at tage over' },
  { title: 'Del jeres erfaring', description: 'Fortæl om et projekt, andre kan lære af: en formular, som Kraftcenterets rådgivere læser før biblioteket' },
  { title: 'Hjælp', description: 'Hvad assistenten kan, og hvordan den bruger kilder' },
];

/** What goes into the manifest. */
export interface ManifestInput {
  /** The bot's Microsoft App ID (also used as the Teams app id). */
  botId: string;
  /** Semantic version of the package, e.g. "1.2.0"; raise it for every upload. */
  version: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
}

/** The manifest object (serialize with JSON.stringify). */
export function buildManifest(input: ManifestInput): Record<string, unknown> {
  const scopes = ['personal', 'team', 'groupChat'];
  return {
    $schema: MANIFEST_SCHEMA,
    manifestVersion: '1.17',
    version: input.version,
    id: input.botId,
    developer: { name: input.developerName, websiteUrl: input.websiteUrl, privacyUrl: input.privacyUrl, termsOfUseUrl: input.termsOfUseUrl },
    name: { short: 'Kraftcenter Assistant', full: 'Kraftcenter Assistant: viden og erfaringer om offentlig innovation' },
    description: {
      short: 'Svar med kilder fra Kraftcenterets bibliotek, og en rådgiver når du vil',
      full:
        'Spørg om metoder og om hvem der har gjort det før. Assistenten svarer ud fra Kraftcenterets bibliotek af cases, ' +
        'metoder og forskning, med nummererede kilder, og viser hvem du kan kontakte. Svarene er AI-genererede; giv ' +
        '👍/👎, eller bed om at tale med en af Kraftcenterets rådgivere, som så svarer dig her i Teams.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: ACCENT_COLOR,
    bots: [
      {
        botId: input.botId,
        scopes,
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes, commands: DANISH_COMMANDS }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [],
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HTTPS = /^https:\/\/\S+$/;

/** Problems Teams would reject the manifest for (missing fields, lengths, formats); empty when it is fine. */
export function manifestProblems(manifest: Record<string, unknown>): string[] {
  const value = (path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], manifest);
  const problems: string[] = [];
  const text = (path: string, max: number) => {
    const field = value(path);
    if (typeof field !== 'string' || field.trim() === '') problems.push(`${path} is required`);
    else if ([...field].length > max) problems.push(`${path} is longer than ${max} characters`);
  };
  text('manifestVersion', 10);
  text('name.short', 30);
  text('name.full', 100);
  text('description.short', 80);
  text('description.full', 4000);
  text('developer.name', 32);
  text('icons.color', 2048);
  text('icons.outline', 2048);
  if (!/^\d+\.\d+\.\d+$/.test(String(value('version')))) problems.push('version must be major.minor.patch');
  if (!GUID.test(String(value('id')))) problems.push('id must be a GUID');
  if (!/^#[0-9a-f]{6}$/i.test(String(value('accentColor')))) problems.push('accentColor must be #RRGGBB');
  for (const url of ['developer.websiteUrl', 'developer.privacyUrl', 'developer.termsOfUseUrl']) {
    if (!HTTPS.test(String(value(url)))) problems.push(`${url} must be an https URL`);
  }
  const bots = value('bots') as Array<{ botId?: string; scopes?: string[]; commandLists?: Array<{ commands: Array<{ title: string; description: string }> }> }> | undefined;
  if (!Array.isArray(bots) || bots.length !== 1) problems.push('bots must hold exactly one bot');
  for (const bot of bots ?? []) {
    if (!GUID.test(bot.botId ?? '')) problems.push('bots[0].botId must be a GUID (the Microsoft App ID)');
    if (!bot.scopes?.length) problems.push('bots[0].scopes is required');
    for (const command of bot.commandLists?.flatMap((list) => list.commands) ?? []) {
      if ([...command.title].length > 32) problems.push(`command "${command.title}" is longer than 32 characters`);
      if ([...command.description].length > 128) problems.push(`command "${command.title}": description longer than 128 characters`);
    }
    if ((bot.commandLists ?? []).some((list) => list.commands.length > 10)) problems.push('at most 10 commands per list');
  }
  return problems;
}
