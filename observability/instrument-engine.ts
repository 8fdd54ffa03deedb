/**
 * The engine with metrics: every final reply (of `handleMessage` and of `streamMessage`) is counted by channel,
 * intent and mode, low-confidence answers apart, with the time to the reply; 👍/👎 and "Tal med en rådgiver" clicks
 * by channel. The engine itself knows nothing of metrics; adapters/bootstrap.ts wraps it when metrics are on.
 */
import type { Engine } from '../bot/engine-port.js';
import type { BotReply, IncomingMessage, Intent } from '../bot/messages.js';
import type { ReplyEvent } from '../bot/reply-events.js';
import { channelLabel, secondsSince, type Metrics } from './metrics.js';

/** The intents whose replies are answers from the library (the others are greetings, declines, hand-offs). */
const ANSWERING: ReadonlySet<Intent> = new Set(['method', 'case_lookup']);

/**
 * Whether the reply is a low-confidence answer: the engine offers an adviser on an answer exactly when the library
 * did not cover the question well enough (an out-of-scope question becomes intent `out_of_scope`).
 */
export function isLowConfidenceAnswer(reply: BotReply): boolean {
  return ANSWERING.has(reply.intent) && reply.escalationOffered;
}

/** `engine` whose replies, feedback and adviser requests are recorded in `metrics`. */
export function instrumentEngine(engine: Engine, metrics: Metrics): Engine {
  const record = (message: IncomingMessage, reply: BotReply, start: number) => {
    const channel = channelLabel(message.channel);
    metrics.answers.total.inc({ channel, intent: reply.intent, mode: reply.mode });
    if (isLowConfidenceAnswer(reply)) metrics.answers.lowConfidence.inc({ channel });
    metrics.answers.duration.observe({ channel, mode: reply.mode }, secondsSince(start));
  };
  return {
    async handleMessage(message) {
      const start = performance.now();
      const reply = await engine.handleMessage(message);
      record(message, reply, start);
      return reply;
    },
    streamMessage(message, options) {
      return timedStream(engine.streamMessage(message, options), (reply, start) => record(message, reply, start));
    },
    async recordFeedback(input) {
      const result = await engine.recordFeedback(input);
      if (result.ok) metrics.feedback.inc({ channel: channelLabel(input.channel), value: input.value });
      return result;
    },
    async requestAdviser(request) {
      const reply = await engine.requestAdviser(request);
      metrics.adviserRequests.inc({ channel: channelLabel(request.channel) });
      return reply;
    },
    health: () => engine.health(),
  };
}

/** The events of `events`, unchanged; `onReply` sees the final reply and when the iteration began. */
async function* timedStream(
  events: AsyncIterable<ReplyEvent>,
  onReply: (reply: BotReply, start: number) => void,
): AsyncGenerator<ReplyEvent, void, undefined> {
  const start = performance.now();
  for await (const event of events) {
    if (event.type === 'reply') onReply(event.reply, start);
    yield event;
  }
}
