/**
 * Teams' part of `npm run bench -- stream` (first-text-probe.ts): the real server (`startServer`) with the Teams
 * channel in emulator mode (the real botbuilder CloudAdapter; unauthenticated, loopback only), a real engine in llm
 * mode on the bench's fake OpenAI server, and the fake Bot Framework connector (test/fakes/fake-bot-connector.ts) as
 * the activities' `serviceUrl`. A question is a 1:1 (personal) chat message from a new user (a new conversation, so
 * neither it nor the rate limit carries over); its first text is the first `streaming` update of that chat, as the
 * connector received it (Teams shows the informative "Søger i biblioteket …" before it; that is a status, not text).
 * The answer's final message is awaited before the next question.
 */
import { startFakeBotConnector, streamInfoOf, type ConnectorRequest } from '../../../test/fakes/fake-bot-connector.js';
import { startProbeServer } from './probe-server.js';
import type { FirstTextProbe, OpenFirstTextProbe, StreamBenchSetup } from './first-text-probe.js';

const BOT = { id: '28:stream-bench-bot', name: 'Kraftcenter' };
const TENANT = 'tenant-stream-bench';
const ANSWER_TIMEOUT_MS = 60_000;

/** A 1:1 chat message as Teams posts it (shapes from test/unit/adapters/teams/teams-test-harness.ts). */
function personalMessage(serviceUrl: string, userIndex: number, text: string): Record<string, unknown> {
  const user = { id: `29:stream-bench-user-${userIndex}`, name: `Bench Bruger ${userIndex}`, aadObjectId: `00000000-0000-0000-0000-${String(userIndex).padStart(12, '0')}` };
  return {
    type: 'message', id: String(Date.now() * 1000 + userIndex), timestamp: new Date().toISOString(), locale: 'da-DK',
    channelId: 'msteams', serviceUrl, from: user, recipient: BOT,
    conversation: { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    text,
  };
}

/**
 * Starts the connector and the server on a copy of the seeded DATA_DIR; one warm-up question (not measured).
 *
 * @example
 * const probe = await openTeamsProbe({ openaiBaseUrl, tokensPerSecond: 20, seededDataDir });
 * console.log(await probe.firstTextMs('Hvilke kommuner har arbejdet med hverdagsrehabilitering?'));
 * await probe.close();
 */
export const openTeamsProbe: OpenFirstTextProbe = async (setup: StreamBenchSetup): Promise<FirstTextProbe> => {
  const connector = await startFakeBotConnector();
  const started = await startProbeServer(setup, 'teams', {
    TEAMS_EMULATOR: 'true',
  });
  const messagesUrl = `${started.baseUrl}/api/messages`;
  let users = 0;

  const measure = async (question: string): Promise<number> => {
    const index = ++users;
    const activity = personalMessage(connector.url, index, question);
    const chat = (activity.conversation as { id: string }).id;
    const inChat = (kind: 'streaming' | 'final') => (request: ConnectorRequest) =>
      request.conversationId === chat && streamInfoOf(request)?.streamType === kind;
    const firstText = connector.waitFor(inChat('streaming'), ANSWER_TIMEOUT_MS);
    const final = connector.waitFor(inChat('final'), ANSWER_TIMEOUT_MS);
    final.catch(() => undefined); // awaited below; not an unhandled rejection if the first text never comes
    const sentAt = performance.now();
    const posted = fetch(messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    await firstText;
    const elapsed = performance.now() - sentAt;
    const response = await posted;
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`teams probe: /api/messages answered ${response.status}`);
    await final;
    if (connector.violations.length > 0) throw new Error(`teams probe: the connector refused an update: ${connector.violations[0]!.rule}`);
    return elapsed;
  };
  await measure('Hvordan kommer vi i gang med design thinking?');

  return {
    channel: 'teams',
    firstTextMs: measure,
    async close() {
      await started.close();
      await connector.close();
    },
  };
};

export default openTeamsProbe;
