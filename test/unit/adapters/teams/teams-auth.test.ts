/**
 * With MICROSOFT_APP_ID/PASSWORD set, offline: requests without a valid token get 401, and when Microsoft's sign-in
 * metadata cannot be fetched the answer is a clean 503 with one log line (botbuilder alone answers 500 and prints a
 * stack trace per request). The metadata and the channel's token are played by the fake connector, so a valid
 * request is served too (its replies come back in the HTTP body via `deliveryMode: expectReplies`, because sending
 * them would need a token from login.microsoftonline.com).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../../knowledge/index.js';
import { createFakeEngine, type FakeEngine } from '../../../fakes/fake-engine.js';
import type { FakeBotConnector } from '../../../fakes/fake-bot-connector.js';
import { testDatabases } from '../../../support/test-databases.js';
import { personalMessage, startTeamsHarness, type TeamsHarness } from './teams-test-harness.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const ENV = {
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
  MICROSOFT_APP_TENANT_ID: 'tenant-1',
  MICROSOFT_APP_TYPE: 'SingleTenant',
};
const ISSUER = 'https://api.botframework.com';

/** Botbuilder's public-cloud settings with the metadata URL pointed at `metadataUrl`. */
const endpoints = (metadataUrl: string): Record<string, string> => ({
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/tenant-1',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: ISSUER,
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
  CallerId: 'urn:botframework:azure',
  ValidateAuthority: 'true',
});

describe('Teams channel with credentials, offline', () => {
  let db: Db;
  let engine: FakeEngine;
  let teams: TeamsHarness;
  const consoleError = vi.spyOn(console, 'error');

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
  });
  afterAll(async () => db?.close());
  beforeEach(() => {
    engine = createFakeEngine();
    consoleError.mockClear();
  });
  afterEach(async () => teams?.close());

  const start = (authSettings: (connector: FakeBotConnector) => Record<string, string>) =>
    startTeamsHarness({ engine, db, env: ENV, authSettings }).then((harness) => (teams = harness));
  const validToken = (serviceUrl: string) => `Bearer ${teams.connector.issueToken({ iss: ISSUER, aud: APP_ID, serviceurl: serviceUrl })}`;
  const logLines = (level: 'warn' | 'error') => teams.logger.entries.filter((entry) => entry.level === level && entry.message.startsWith('teams: '));

  it('should answer 401 without a token, then serve the next, valid request', async () => {
    await start((connector) => endpoints(connector.openIdMetadataUrl));
    const anonymous = await teams.post(personalMessage(teams.connector.url, 'Hej'));
    expect(anonymous.status).toBe(401);
    const forged = await teams.post(personalMessage(teams.connector.url, 'Hej'), { authorization: 'Bearer not-a-jwt' });
    expect(forged.status).toBe(401);
    expect(engine.calls.handleMessage).toHaveLength(0);

    const activity = { ...personalMessage(teams.connector.url, 'Hvem har erfaring med velfærdsteknologi?'), deliveryMode: 'expectReplies' };
    const served = await teams.post(activity, { authorization: validToken(teams.connector.url) });
    expect(served.status).toBe(200);
    const body = (await served.json()) as { activities: Array<{ type: string; text?: string; entities?: unknown[] }> };
    expect(body.activities.map((sent) => sent.type)).toEqual(['typing', 'message']);
    expect(engine.calls.handleMessage).toHaveLength(1);

    expect(logLines('warn')).toHaveLength(1); // two refusals within the minute: one line
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('should refuse a token signed for another bot with 401', async () => {
    await start((connector) => endpoints(connector.openIdMetadataUrl));
    const token = `Bearer ${teams.connector.issueToken({ iss: ISSUER, aud: 'another-bot', serviceurl: teams.connector.url })}`;
    const response = await teams.post(personalMessage(teams.connector.url, 'Hej'), { authorization: token });
    expect(response.status).toBe(401);
  });

  it('should answer 503 with one log line, not a stack trace per request, while the sign-in metadata is unreachable', async () => {
    await start(() => endpoints('http://127.0.0.1:1/openid')); // nothing listens on port 1: connection refused
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await teams.post(personalMessage(teams.connector.url, 'Hej'), { authorization: validToken(teams.connector.url) });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
    }
    expect(logLines('error')).toHaveLength(1);
    expect(logLines('error')[0]!.message).toMatch(/sign-in metadata/);
    expect(consoleError).not.toHaveBeenCalled();
    expect(engine.calls.handleMessage).toHaveLength(0);
  });

  it('should answer 503 when the metadata endpoint fails, and serve again once it is back', async () => {
    await start((connector) => endpoints(connector.openIdMetadataUrl));
    teams.connector.metadataDown = true;
    const down = await teams.post(personalMessage(teams.connector.url, 'Hej'), { authorization: validToken(teams.connector.url) });
    expect(down.status).toBe(503);

    teams.connector.metadataDown = false;
    const activity = { ...personalMessage(teams.connector.url, 'Hej igen'), deliveryMode: 'expectReplies' };
    const back = await teams.post(activity, { authorization: validToken(teams.connector.url) });
    expect(back.status).toBe(200);
    expect(engine.calls.handleMessage.map((message) => message.text)).toEqual(['Hej igen']);
  });

  it('should describe itself with the app id in the start-up banner', async () => {
    await start((connector) => endpoints(connector.openIdMetadataUrl));
    expect(teams.channel.describe()).toBe(`teams til (app-id ${APP_ID}, SingleTenant, målgruppe public, rådgiverkanal fra)`);
  });
});
