/**
 * The real server with every channel on (test/support/all-channels-server.ts): the banner lists web, console, Teams
 * and Slack, and each channel answers through the server itself – the web chat over /api/chat, the console's
 * sign-in page, a Teams 1:1 question on the fake connector, a Slack mention in its thread on the fake Web API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT } from '../fakes/fake-slack-api.js';
import { ALLOWED_EMBED_ORIGIN, startAllChannelsServer, type AllChannelsServer } from '../support/all-channels-server.js';
import { personalMessage, USER } from '../unit/adapters/teams/teams-test-harness.js';

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';

describe('startServer with every channel on', () => {
  let server: AllChannelsServer;

  beforeAll(async () => {
    server = await startAllChannelsServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('should list every channel in the start-up banner, in banner order', () => {
    const lines = server.started.channels;
    expect(lines.map((line) => line.split(/[: ]/)[0])).toEqual(['web', 'rådgiverkonsol', 'teams', 'slack']);
    expect(lines[2]).toContain('emulator mode');
    expect(lines[3]).toContain('HTTP på POST /slack/events');
    expect(lines[3]).toContain('rådgiverkanal CADV');
  });

  it('should answer a web chat question with sources', async () => {
    const response = await fetch(`${server.baseUrl}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: QUESTION }),
    });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { text: string; citations: unknown[] };
    expect(reply.citations.length).toBeGreaterThan(0);
  });

  it('should let only the sites in WEB_EMBED_ORIGINS frame the chat page', async () => {
    const response = await fetch(`${server.baseUrl}/`);
    expect(response.headers.get('content-security-policy')).toContain(`frame-ancestors ${ALLOWED_EMBED_ORIGIN}`);
  });

  it("should serve the advisers' console sign-in page", async () => {
    const response = await fetch(`${server.baseUrl}/advisers/`, { redirect: 'manual' });
    expect([200, 302, 303]).toContain(response.status);
  });

  it('should answer a Teams 1:1 question with citations on the connector', async () => {
    expect((await server.postTeams(personalMessage(server.connector.url, QUESTION))).status).toBe(200);
    const answer = await server.connector.waitFor((request) => request.body?.type === 'message' && request.conversationId === `a:personal-${USER.id}`);
    expect(answer.body.entities[0].citation.length).toBeGreaterThan(0);
  });

  it('should answer a Slack mention in its thread through the Web API', async () => {
    const response = await server.sendSlackEvent({
      type: 'app_mention', channel: 'C1', user: 'U1', ts: '1700000001.000100', text: `<@${FAKE_BOT.userId}> ${QUESTION}`,
    });
    expect(response.status).toBe(200);
    const [post] = await server.slackApi.waitFor('chat.postMessage', 1, 60_000);
    expect(post!.args).toMatchObject({ channel: 'C1', thread_ts: '1700000001.000100' });
    expect(JSON.stringify(post!.args.blocks)).toContain('Fredericia');
  });

  it('should answer 404 for anything no channel serves (the web app is mounted last)', async () => {
    expect((await fetch(`${server.baseUrl}/no-such-page`)).status).toBe(404);
  });
});
