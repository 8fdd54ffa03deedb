import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createSlackChannel, lazyAuthorize } from '../../../../adapters/slack/index.js';
import { slackClientOptions } from '../../../../adapters/slack/post-with-retry.js';
import type { Db } from '../../../../knowledge/index.js';
import { createFakeEngine } from '../../../fakes/fake-engine.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../../fakes/fake-slack-api.js';
import { testSlackConfig } from './slack-harness.js';

let fake: FakeSlackApi;
const db = {} as Db; // nothing touches the database while constructing
beforeAll(async () => {
  fake = await startFakeSlackApi();
});
afterAll(() => fake.close());

describe('createSlackChannel', () => {
  it('should build an HTTP channel with a router, a delivery port and a notifier without calling Slack', async () => {
    const channel = createSlackChannel({ config: testSlackConfig(fake.url), engine: createFakeEngine(), db });
    expect(channel.router).toBeDefined();
    expect(channel.deliveryPort.channel).toBe('slack');
    expect(channel.notifier?.name).toBe('slack');
    expect(channel.describe()).toBe(
      'slack: HTTP på POST /slack/events, /spørg, personale (det installerende workspace) får målgruppe internal, gæster og eksterne public, rådgiverkanal CADV',
    );
    await channel.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.calls).toHaveLength(0);
  });

  it('should build a Socket Mode channel without a router and without an advisers\' notifier when no channel is set', () => {
    const channel = createSlackChannel({
      config: testSlackConfig(fake.url, { mode: 'socket', appToken: 'xapp-1', signingSecret: undefined, adviserChannel: undefined }),
      engine: createFakeEngine(),
      db,
    });
    expect(channel.router).toBeUndefined();
    expect(channel.notifier).toBeUndefined();
    expect(channel.describe()).toContain('Socket Mode');
  });
});

describe('lazyAuthorize', () => {
  it('should call auth.test once, retry after a failure, and never with known ids', async () => {
    const client = new webApi.WebClient('xoxb-test', slackClientOptions(fake.url));
    fake.reset();
    fake.failNext('auth.test', { status: 500 });
    const authorize = lazyAuthorize(client, 'xoxb-test');
    const source = { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false as const };
    await expect(authorize(source)).rejects.toBeInstanceOf(webApi.WebAPIHTTPError);
    expect(await authorize(source)).toEqual({ botToken: 'xoxb-test', botId: 'BBOT', botUserId: 'UBOT' });
    await authorize(source);
    expect(fake.callsTo('auth.test')).toHaveLength(2);
    expect(await lazyAuthorize(client, 'xoxb-test', { botId: 'B9', botUserId: 'U9' })(source)).toEqual({ botToken: 'xoxb-test', botId: 'B9', botUserId: 'U9' });
    expect(fake.callsTo('auth.test')).toHaveLength(2);
  });
});
