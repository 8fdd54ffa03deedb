/**
 * Slack's part of `npm run bench -- stream` (first-text-probe.ts): the real server (`startServer`) with the Slack
 * channel in HTTP events mode, a real engine in llm mode on the bench's fake OpenAI server, and the Web API calls
 * going to the fake Slack API. A question is a signed `app_mention` (a new thread, from a new user, so neither the
 * conversation nor the rate limit carries over); its first text is the first `chat.startStream` / `chat.appendStream`
 * (or, where Slack does not stream, `chat.postMessage`) in that thread that carries answer text, as the fake Slack API
 * received it. The event's acknowledgement comes before it (Bolt acknowledges before any listener runs); `acks` keeps
 * both times per question.
 */
import { createHmac } from 'node:crypto';
import { FAKE_BOT, startFakeSlackApi, type RecordedCall } from '../../../test/fakes/fake-slack-api.js';
import { startProbeServer } from './probe-server.js';
import type { FirstTextProbe, OpenFirstTextProbe, StreamBenchSetup } from './first-text-probe.js';

const SIGNING_SECRET = 'stream-bench-signing-secret';
const CHANNEL = 'CSTREAM';
/** Methods that show answer text, and the argument that carries it. */
const TEXT_METHODS: Record<string, 'markdown_text' | 'text'> = {
  'chat.startStream': 'markdown_text',
  'chat.appendStream': 'markdown_text',
  'chat.postMessage': 'text',
};

/**
 * Starts the fake Slack API and the server on a copy of the seeded DATA_DIR; one warm-up question (not measured).
 *
 * @example
 * const probe = await openSlackProbe({ openaiBaseUrl, tokensPerSecond: 20, seededDataDir });
 * console.log(await probe.firstTextMs('Hvilke kommuner har arbejdet med hverdagsrehabilitering?'));
 * await probe.close();
 */
export const openSlackProbe: OpenFirstTextProbe = async (setup: StreamBenchSetup): Promise<FirstTextProbe & { acks: Array<{ ackMs: number; firstTextMs: number; via: string }> }> => {
  const slackApi = await startFakeSlackApi();
  const started = await startProbeServer(setup, 'slack', {
    SLACK_BOT_TOKEN: 'xoxb-stream-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi.url,
  });
  const eventsUrl = `${started.baseUrl}/slack/events`;
  let sequence = 0;

  /** Per question: the event's acknowledgement and the first text, both from the request (ms), and the method that showed it. */
  const acks: Array<{ ackMs: number; firstTextMs: number; via: string }> = [];

  /** Sends the question as a new thread; resolves with when it was sent, when it was acknowledged, and its thread. */
  async function ask(question: string): Promise<{ sentAt: number; ackedAt: number; threadTs: string }> {
    const index = ++sequence;
    const threadTs = `${Math.floor(Date.now() / 1000)}.${String(index).padStart(6, '0')}`;
    const body = JSON.stringify({
      token: 'legacy', team_id: FAKE_BOT.teamId, api_app_id: 'A1', type: 'event_callback', event_id: `EvStream${index}${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_mention', channel: CHANNEL, user: `UBENCH${index}`, ts: threadTs, text: `<@${FAKE_BOT.userId}> ${question}` },
      authorizations: [{ team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
    });
    const stamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${stamp}:${body}`).digest('hex')}`;
    const sentAt = Date.now();
    const response = await fetch(eventsUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(stamp), 'x-slack-signature': signature },
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`slack probe: the event was answered ${response.status}`);
    return { sentAt, ackedAt: Date.now(), threadTs };
  }

  /** The first call in `threadTs` that showed answer text (a stream's appends follow its start, so the start decides). */
  async function firstText(threadTs: string, timeoutMs = 60_000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    const streams = new Set<string>();
    for (;;) {
      for (const call of slackApi.calls) {
        const field = TEXT_METHODS[call.method];
        if (!field || !call.response) continue;
        const inThread = call.args.thread_ts === threadTs || (call.method === 'chat.appendStream' && streams.has(String(call.args.ts)));
        if (call.method === 'chat.startStream' && call.args.thread_ts === threadTs) streams.add(String(call.response.ts));
        if (inThread && String(call.args[field] ?? '').trim() !== '') return call;
      }
      if (Date.now() > deadline) throw new Error(`slack probe: no answer text in thread ${threadTs} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** Waits until the answer in `threadTs` is final: a message (posted, or updated in place) with the answer's buttons. */
  async function answered(threadTs: string, timeoutMs = 60_000): Promise<void> {
    const first = await firstText(threadTs, timeoutMs);
    const ts = String(first.response!.ts);
    const isFinal = (call: RecordedCall) =>
      ((call.method === 'chat.update' && call.args.ts === ts) || call === first) && JSON.stringify(call.args.blocks ?? '').includes('"kc_');
    const deadline = Date.now() + timeoutMs;
    while (!slackApi.calls.some(isFinal)) {
      if (Date.now() > deadline) throw new Error(`slack probe: the answer in thread ${threadTs} was not finished within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  const warmUp = await ask('Hvordan kommer vi i gang med design thinking?');
  await answered(warmUp.threadTs);

  return {
    channel: 'slack',
    /** Not part of FirstTextProbe: each question's ack and first text, to show that the answer streams after the ack. */
    acks,
    async firstTextMs(question) {
      const { sentAt, ackedAt, threadTs } = await ask(question);
      const call = await firstText(threadTs);
      acks.push({ ackMs: ackedAt - sentAt, firstTextMs: call.at - sentAt, via: call.method });
      // Let the answer finish, so the next question does not share the machine with this one's tail.
      await answered(threadTs);
      return call.at - sentAt;
    },
    async close() {
      await started.close();
      await slackApi.close();
    },
  };
};

export default openSlackProbe;
