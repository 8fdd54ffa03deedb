/**
 * The Teams channel's settings, parsed from a passed environment record (the composition root hands in
 * `process.env`; nothing here reads it). Teams is off without MICROSOFT_APP_ID; TEAMS_EMULATOR=true turns on an
 * unauthenticated mode for the Bot Framework Emulator on this machine only (loopback requests, loopback serviceUrl).
 */
import { z } from 'zod';
import { ConfigError } from '../../config/env.js';
import type { Audience } from '../../knowledge/index.js';
import { isLoopbackUrl } from './loopback.js';

/** How the bot's Entra ID app signs in. Managed identity has no password. */
export type TeamsAppType = 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';

/** Where escalation cards go: a Teams channel, as the bot logs it when it is added to the advisers' team. */
export interface TeamsChannelReference {
  serviceUrl: string;
  conversation: { id: string; tenantId?: string };
  channelId: string;
  tenantId?: string;
}

/** Typed Teams settings, as {@link loadTeamsConfig} returns them. */
export interface TeamsConfig {
  /** The bot's Microsoft App ID; unset only in emulator mode (TEAMS_EMULATOR=true). */
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  /** @default "SingleTenant" when a tenant id is set, else "MultiTenant" */
  appType: TeamsAppType;
  /**
   * True when inbound requests must carry a valid Bot Framework token. False only in emulator mode: then requests
   * are accepted from loopback only, the bot sends to loopback only, and adviser actions are refused.
   */
  authenticated: boolean;
  /** The advisers' channel for escalation cards (Claim / Resolve); unset = no Teams adviser queue. */
  adviserChannel?: TeamsChannelReference;
  /** Who Teams users are. `internal` only for the centre's own tenant. @default "public" */
  audience: Audience;
}

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const channelReference = z.object({
  serviceUrl: z.string().regex(/^https?:\/\/\S+$/i, 'serviceUrl must be an http(s) URL'),
  conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional() }),
  channelId: z.string().default('msteams'),
  tenantId: z.string().optional(),
});

const schema = z.object({
  MICROSOFT_APP_ID: optional,
  MICROSOFT_APP_PASSWORD: optional,
  MICROSOFT_APP_TENANT_ID: optional,
  MICROSOFT_APP_TYPE: optional.pipe(z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).optional()),
  TEAMS_ADVISER_CHANNEL: optional,
  TEAMS_AUDIENCE: optional.pipe(z.enum(['public', 'internal']).optional()),
  TEAMS_EMULATOR: optional.pipe(z.enum(['true', 'false']).optional()),
});

/**
 * Reads the Teams settings from `env`. Returns `undefined` when Teams is off: no MICROSOFT_APP_ID and no
 * TEAMS_EMULATOR=true (the server then answers `POST /api/messages` with 401). With TEAMS_EMULATOR=true and no app
 * id the channel runs unauthenticated for a local Bot Framework Emulator (see `createTeamsRouter`).
 *
 * @throws ConfigError naming each bad or missing variable (e.g. a password without an app id).
 * @example
 * const teams = loadTeamsConfig(process.env); // undefined → "teams: fra" and 401 on /api/messages
 * teams?.authenticated; // false only with TEAMS_EMULATOR=true → the start-up banner says so
 */
export function loadTeamsConfig(env: Record<string, string | undefined>): TeamsConfig | undefined {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  const appType: TeamsAppType = values.MICROSOFT_APP_TYPE ?? (values.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant');
  const issues: string[] = [];
  if (values.MICROSOFT_APP_ID) {
    if (appType === 'UserAssignedMSI' && values.MICROSOFT_APP_PASSWORD) {
      issues.push('MICROSOFT_APP_PASSWORD: must not be set with MICROSOFT_APP_TYPE=UserAssignedMSI (managed identity)');
    }
    if (appType !== 'UserAssignedMSI' && !values.MICROSOFT_APP_PASSWORD) {
      issues.push(`MICROSOFT_APP_PASSWORD: required for MICROSOFT_APP_TYPE=${appType} (the bot's client secret)`);
    }
    if (appType !== 'MultiTenant' && !values.MICROSOFT_APP_TENANT_ID) {
      issues.push(`MICROSOFT_APP_TENANT_ID: required for MICROSOFT_APP_TYPE=${appType} (the directory id of the bot's tenant)`);
    }
  } else if (values.MICROSOFT_APP_PASSWORD || values.MICROSOFT_APP_TENANT_ID) {
    issues.push('MICROSOFT_APP_ID: required when MICROSOFT_APP_PASSWORD or MICROSOFT_APP_TENANT_ID is set');
  }
  const emulator = values.TEAMS_EMULATOR === 'true';
  if (emulator && values.MICROSOFT_APP_ID) {
    issues.push('TEAMS_EMULATOR: must not be true together with MICROSOFT_APP_ID (the emulator mode is the unauthenticated one)');
  }
  if (emulator && values.TEAMS_AUDIENCE === 'internal') {
    // Unauthenticated: anyone on this machine could read the centre's internal notes through the Emulator.
    issues.push('TEAMS_AUDIENCE: must not be internal in emulator mode (TEAMS_EMULATOR=true is unauthenticated)');
  }
  const adviserChannel = values.TEAMS_ADVISER_CHANNEL ? parseChannel(values.TEAMS_ADVISER_CHANNEL, issues) : undefined;
  if (adviserChannel && !values.MICROSOFT_APP_ID) {
    if (!emulator) {
      issues.push('TEAMS_ADVISER_CHANNEL: needs MICROSOFT_APP_ID (Teams is off without it; TEAMS_EMULATOR=true for a local Emulator)');
    } else if (!isLoopbackUrl(adviserChannel.serviceUrl)) {
      issues.push('TEAMS_ADVISER_CHANNEL: in emulator mode (TEAMS_EMULATOR=true) its serviceUrl must be on this machine (localhost/127.0.0.1)');
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  if (!values.MICROSOFT_APP_ID && !emulator) return undefined;

  return {
    appId: values.MICROSOFT_APP_ID,
    appPassword: values.MICROSOFT_APP_PASSWORD,
    tenantId: values.MICROSOFT_APP_TENANT_ID,
    appType,
    authenticated: values.MICROSOFT_APP_ID !== undefined,
    adviserChannel,
    audience: values.TEAMS_AUDIENCE ?? 'public',
  };
}

function parseChannel(raw: string, issues: string[]): TeamsChannelReference | undefined {
  const hint = 'must be the JSON channel reference the bot logs when it is added to the advisers\' team';
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    issues.push(`TEAMS_ADVISER_CHANNEL: ${hint} (this is not JSON)`);
    return undefined;
  }
  const parsed = channelReference.safeParse(json);
  if (!parsed.success) {
    issues.push(`TEAMS_ADVISER_CHANNEL: ${hint} (${parsed.error.issues.map((issue) => issue.message).join('; ')})`);
    return undefined;
  }
  return parsed.data;
}
