/**
 * botbuilder's CloudAdapter with the two halves of `process()` exposed, so the HTTP layer can answer
 * authentication failures itself (401/503 and one log line) instead of botbuilder's 500 plus a stack trace per
 * request. Also guards against botbuilder 4.23.3's entity-stripping serializer.
 */
import { createRequire } from 'node:module';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from '../../config/logger.js';
import type { TeamsConfig } from './config.js';

/** What `authenticateRequest` resolves to (botbuilder does not export the type). */
export type AuthenticatedRequest = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** botframework-connector's credentials factory (botbuilder does not re-export the type). */
export type ServiceClientCredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;

/** CloudAdapter with public `authenticate` and `runTurn` (both protected steps of `process()`). */
export class TeamsCloudAdapter extends CloudAdapter {
  /** Checks the request's `Authorization` header (no check at all when no app id is configured). */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticatedRequest> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /** Runs one turn for an authenticated request; resolves with the invoke response, if any. */
  runTurn(auth: AuthenticatedRequest, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/**
 * Creates the adapter from the Teams settings. `authSettings` adds botbuilder configuration keys (the
 * `ToBotFrom…`/`ToChannelFrom…` endpoints of a sovereign cloud, or a local fake in tests); when any endpoint key is
 * given botbuilder expects all of them. `credentialsFactory` replaces botbuilder's (MSAL sign-in at
 * login.microsoftonline.com) for the bot's outgoing calls; tests use it to run the authenticated path offline.
 */
export function createTeamsCloudAdapter(
  config: TeamsConfig,
  logger: Logger,
  authSettings: Record<string, string> = {},
  credentialsFactory?: ServiceClientCredentialsFactory,
): TeamsCloudAdapter {
  ensureEntityFieldsAreSent(logger);
  // The password and app type are read by botbuilder's credential factory; its option type does not list them.
  const settings: Record<string, string> = {
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppTenantId: config.tenantId ?? '',
    MicrosoftAppType: config.appType,
    ...authSettings,
  };
  const authentication = new ConfigurationBotFrameworkAuthentication(settings, credentialsFactory);
  const adapter = new TeamsCloudAdapter(authentication);
  adapter.onTurnError = async (context, error) => {
    logger.error('teams: a turn failed', { error, activity: context.activity?.id, type: context.activity?.type });
  };
  return adapter;
}

let entityGuardDone = false;

/**
 * botbuilder 4.23.3 serializes outgoing `entities` with a mapper that keeps only `type`, `text` and `mentioned`, so
 * citations and the AI label never reach Teams (microsoft/botbuilder-js#4902; the fix, PR #4903, is in no npm
 * release). The project pins 4.23.2, whose serializer keeps every field. Should the pin be lifted before a fixed
 * release, this adds the missing `additionalProperties` to the Entity mapper (only when the connector is on
 * `@azure/core-client`, the serializer with the bug). The wire test in test/unit/adapters/teams catches either way.
 */
export function ensureEntityFieldsAreSent(logger: Logger): void {
  if (entityGuardDone) return;
  entityGuardDone = true;
  try {
    const require = createRequire(import.meta.url);
    const connectorPackage = require('botframework-connector/package.json') as { version: string; dependencies?: Record<string, string> };
    if (!connectorPackage.dependencies?.['@azure/core-client']) return;
    const mappers = require('botframework-connector/lib/connectorApi/models/mappers.js') as {
      Entity?: { type: { additionalProperties?: unknown } };
    };
    if (mappers.Entity && !mappers.Entity.type.additionalProperties) {
      mappers.Entity.type.additionalProperties = { type: { name: 'Object' } };
      logger.warn(`teams: patched botframework-connector ${connectorPackage.version} so citations and the AI label are sent (botbuilder-js#4902)`);
    }
  } catch (error) {
    logger.warn('teams: could not check botframework-connector for the entity bug (botbuilder-js#4902); pin botbuilder 4.23.2', { error });
  }
}
