/**
 * The Slack channel in Socket Mode against the fake Slack API's WebSocket side: the app opens its connection with
 * the app-level token through `apps.connections.open` at SLACK_API_URL, acknowledges each envelope, answers in the
 * thread, drops Slack's redelivery of the same event, and on stop closes the connection after finishing the answers
 * in progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../adapters/slack/index.js';
import type { Db } from '../../knowledge/index.js';
import { createFakeEngine, type FakeEngine } from '../fakes/fake-engine.js';
import { FAKE_BOT, startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { testDatabases } from '../support/test-databases.js';
import { testSlackConfig } from '../unit/adapters/slack/slack-harness.js';

const mention = (ts: string, eventId: string) => ({
  token: 'legacy', team_id: FAKE_BOT.teamId, api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
  event: { type: 'app_mention', user: 'U1', channel: 'C1', ts, text: `<@${FAKE_BOT.userId}> hvem har arbejdet med velfærdsteknologi?` },
  authorizations: [{ team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
});

describe.each(testDatabases)('Slack channel in Socket Mode on $name', (database) => {
  let fake: FakeSlackApi;
  let db: Db;
  let engine: FakeEngine;
  let channel: SlackChannel;
  beforeAll(async () => {
    [fake, db] = await Promise.all([startFakeSlackApi(), database.open()]);
    engine = createFakeEngine();
    channel = createSlackChannel({
      config: testSlackConfig(fake.url, { mode: 'socket', appToken: 'xapp-test', signingSecret: undefined }),
      engine, db, identity: { botId: FAKE_BOT.botId, botUserId: FAKE_BOT.userId },
    });
    await channel.start();
  });
  afterAll(async () => {
    await channel.stop();
    await fake.close();
    await db.close();
  });

  it('should open the connection with the app-level token through apps.connections.open', () => {
    expect(channel.router).toBeUndefined();
    expect(fake.socket.connections).toBe(1);
    const [open] = fake.callsTo('apps.connections.open');
    expect(open!.token).toBe('xapp-test');
  });

  it('should acknowledge an event envelope and answer in the thread with sources and buttons', async () => {
    const ack = await fake.socket.send('events_api', mention('1700000800.000100', 'EvSock1'));
    expect(ack).toMatchObject({ envelope_id: expect.any(String) });
    const [post] = await fake.waitFor('chat.postMessage');
    expect(post!.args).toMatchObject({ channel: 'C1', thread_ts: '1700000800.000100' });
    expect(post!.token).toBe('xoxb-test');
    expect(JSON.stringify(post!.args.blocks)).toContain('kc_feedback_up');
    expect(engine.calls.handleMessage).toHaveLength(1);
  });

  it('should finish the answers in progress when it stops', async () => {
    engine.setDelay(200);
    await fake.socket.send('events_api', mention('1700000810.000100', 'EvSock2'));
    await channel.stop();
    expect(fake.callsTo('chat.postMessage').filter((post) => post.args.thread_ts === '1700000810.000100')).toHaveLength(1);
    engine.setDelay(0);
    await channel.start();
    await fake.socket.waitForConnection(2);
  });

  it('should acknowledge a redelivered event and not answer it twice', async () => {
    await fake.socket.send('events_api', mention('1700000800.000100', 'EvSock1'), { retryAttempt: 1, retryReason: 'timeout' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.callsTo('chat.postMessage').filter((post) => post.args.thread_ts === '1700000800.000100')).toHaveLength(1);
    expect(engine.calls.handleMessage.filter((message) => message.messageId === '1700000800.000100')).toHaveLength(1);
  });
});
