/**
 * The Slack channel's settings, parsed from a passed environment record (the composition root hands in
 * `process.env`; nothing here reads it). Slack is optional: without any SLACK_* token the channel is off.
 */
import { z } from 'zod';
import { ConfigError } from '../../config/env.js';
import type { Audience } from '../../knowledge/index.js';

/** Typed Slack settings, as {@link loadSlackConfig} returns them. */
export interface SlackConfig {
  /** `http`: Events API on `POST /slack/events` (production). `socket`: Socket Mode (development behind a firewall). */
  mode: 'http' | 'socket';
  /** Bot token (`xoxb-…`). */
  botToken: string;
  /** Signing secret; required in HTTP mode, where every request's signature is verified. */
  signingSecret?: string;
  /** App-level token (`xapp-…`) for Socket Mode. */
  appToken?: string;
  /** Web API base URL override (GovSlack, a proxy, a local fake), ending in `/api/`. */
  apiUrl?: string;
  /** Channel id where escalation cards are posted and advisers reply in their threads. Unset: no Slack adviser queue. */
  adviserChannel?: string;
  /** Slash command name. @default "/spørg" */
  slashCommand: string;
  /** Channel ids where every message is answered, not only mentions. */
  answerChannels: string[];
  /** Answer mentions in public channels with an ephemeral message only the asker sees. @default false */
  ephemeralInPublic: boolean;
  /**
   * The audience of Slack users who count as staff (see staff-audience.ts); guests, external (Slack Connect) users
   * and anyone the bot is unsure about are always `public`. @default "internal"
   */
  audience: Audience;
  /** Workspace (T…) or Enterprise Grid (E…) ids whose members are staff. Empty with no domains: the installing workspace. */
  staffTeamIds?: string[];
  /** E-mail domains whose owners are staff (needs the users:read.email scope). */
  staffEmailDomains?: string[];
  /** Answer messages sent by other bots (never the bot's own). @default false */
  allowBots: boolean;
}

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const flag = (fallback: boolean) =>
  optional
    .refine((value) => value === undefined || /^(true|false|1|0|yes|no)$/i.test(value), { message: 'must be true or false' })
    .transform((value) => (value === undefined ? fallback : /^(true|1|yes)$/i.test(value)));

const schema = z.object({
  SLACK_BOT_TOKEN: optional.refine((value) => value === undefined || value.startsWith('xoxb-'), {
    message: 'must be a bot token (xoxb-…)',
  }),
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional.refine((value) => value === undefined || value.startsWith('xapp-'), {
    message: 'must be an app-level token (xapp-…) for Socket Mode',
  }),
  SLACK_API_URL: optional.refine((value) => value === undefined || /^https?:\/\/\S+$/i.test(value), {
    message: 'must be an http(s) URL, for example https://slack.com/api/',
  }),
  SLACK_ADVISER_CHANNEL: optional.refine((value) => value === undefined || /^[CG][A-Z0-9]+$/.test(value), {
    message: 'must be a channel id (C… or G…), not a channel name',
  }),
  SLACK_SLASH_COMMAND: optional.refine((value) => value === undefined || /^\/\S+$/u.test(value), {
    message: 'must start with / and contain no spaces',
  }),
  SLACK_ANSWER_CHANNELS: optional,
  SLACK_EPHEMERAL_IN_PUBLIC: flag(false),
  SLACK_STAFF_AUDIENCE: optional.pipe(z.enum(['public', 'internal']).optional()),
  SLACK_STAFF_TEAM_IDS: optional,
  SLACK_STAFF_EMAIL_DOMAINS: optional,
  SLACK_ALLOW_BOTS: flag(false),
});

/** The default slash command. */
export const DEFAULT_SLASH_COMMAND = '/spørg';

/**
 * Reads the Slack settings from `env`. Returns `undefined` when Slack is not configured at all (no bot token, signing
 * secret or app token), so the rest of the product runs without it.
 *
 * @throws ConfigError naming each bad or missing SLACK_* variable when Slack is half configured.
 * @example
 * const slack = loadSlackConfig(process.env); // undefined → "slack fra" in the start-up banner
 */
export function loadSlackConfig(env: Record<string, string | undefined>): SlackConfig | undefined {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  if (!values.SLACK_BOT_TOKEN && !values.SLACK_SIGNING_SECRET && !values.SLACK_APP_TOKEN) return undefined;

  const mode = values.SLACK_APP_TOKEN ? 'socket' : 'http';
  const issues: string[] = [];
  if (!values.SLACK_BOT_TOKEN) issues.push('SLACK_BOT_TOKEN: required when Slack is configured (the bot token, xoxb-…)');
  if (mode === 'http' && !values.SLACK_SIGNING_SECRET) {
    issues.push('SLACK_SIGNING_SECRET: required for the Events API over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  const answerChannels = list(values.SLACK_ANSWER_CHANNELS);
  const badChannel = answerChannels.find((id) => !/^[CG][A-Z0-9]+$/.test(id));
  if (badChannel) issues.push(`SLACK_ANSWER_CHANNELS: "${badChannel}" is not a channel id (C… or G…)`);
  const staffTeamIds = list(values.SLACK_STAFF_TEAM_IDS);
  const badTeam = staffTeamIds.find((id) => !/^[TE][A-Z0-9]+$/.test(id));
  if (badTeam) issues.push(`SLACK_STAFF_TEAM_IDS: "${badTeam}" is not a workspace id (T…) or organisation id (E…)`);
  const staffEmailDomains = list(values.SLACK_STAFF_EMAIL_DOMAINS).map((domain) => domain.replace(/^@/, '').toLowerCase());
  const badDomain = staffEmailDomains.find((domain) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain));
  if (badDomain) issues.push(`SLACK_STAFF_EMAIL_DOMAINS: "${badDomain}" is not an e-mail domain (like kraftcenter.dk)`);
  if (issues.length > 0) throw new ConfigError(issues);

  const apiUrl = values.SLACK_API_URL;
  return {
    mode,
    botToken: values.SLACK_BOT_TOKEN!,
    signingSecret: values.SLACK_SIGNING_SECRET,
    appToken: values.SLACK_APP_TOKEN,
    apiUrl: apiUrl === undefined ? undefined : apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    adviserChannel: values.SLACK_ADVISER_CHANNEL,
    slashCommand: values.SLACK_SLASH_COMMAND ?? DEFAULT_SLASH_COMMAND,
    answerChannels,
    ephemeralInPublic: values.SLACK_EPHEMERAL_IN_PUBLIC,
    audience: values.SLACK_STAFF_AUDIENCE ?? 'internal',
    staffTeamIds,
    staffEmailDomains,
    allowBots: values.SLACK_ALLOW_BOTS,
  };
}

/** A comma- or space-separated setting as a list. */
function list(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}
