/**
 * The decorators record what passes through them, with low-cardinality labels only, and change nothing of what the
 * wrapped port returns or throws.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatModel } from '../../../bot/llm/chat-model.js';
import { ChatModelError } from '../../../bot/llm/chat-model-error.js';
import { finalReply } from '../../../bot/reply-events.js';
import type { Embedder } from '../../../knowledge/embeddings/embedder.js';
import { instrumentChatModel } from '../../../observability/instrument-chat-model.js';
import { instrumentEngine } from '../../../observability/instrument-engine.js';
import { instrumentEmbedder } from '../../../observability/instrument-knowledge.js';
import { createMetrics } from '../../../observability/metrics.js';
import { createFakeEngine } from '../../fakes/fake-engine.js';
import { sampleValue } from './metrics-values.js';

const user = { id: 'u-123', audience: 'public' as const };

describe('instrumentEngine', () => {
  it('should count each final reply by channel, intent and mode, and low-confidence answers apart', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const fake = createFakeEngine();
    const engine = instrumentEngine(fake, metrics);
    fake.queueReply({ intent: 'method', mode: 'llm', escalationOffered: false });
    fake.queueReply({ intent: 'case_lookup', mode: 'extractive', escalationOffered: true });
    fake.queueReply({ intent: 'out_of_scope', mode: 'extractive', escalationOffered: true });

    await engine.handleMessage({ channel: 'web', conversationId: 'c1', user, text: 'Hvordan laver man tjenestedesign?' });
    await finalReply(engine.streamMessage({ channel: 'slack', conversationId: 'c2', user, text: 'Hvem har prøvet velfærdsteknologi?' }));
    await engine.handleMessage({ channel: 'web', conversationId: 'c3', user, text: 'Hvad koster en pizza?' });

    const text = await metrics.registry.metrics();
    expect(sampleValue(text, 'kraftcenter_answers_total', { channel: 'web', intent: 'method', mode: 'llm' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_answers_total', { channel: 'slack', intent: 'case_lookup', mode: 'extractive' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_answers_total', { channel: 'web', intent: 'out_of_scope', mode: 'extractive' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_answers_low_confidence_total', { channel: 'slack' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_answers_low_confidence_total', { channel: 'web' })).toBeUndefined();
    expect(sampleValue(text, 'kraftcenter_answer_duration_seconds_count', { channel: 'web', mode: 'llm' })).toBe(1);
    // Never a user id, a conversation id or the user's text.
    expect(text).not.toMatch(/u-123|c1|pizza/);
  });

  it('should label an unknown channel name as other', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const engine = instrumentEngine(createFakeEngine(), metrics);
    await engine.handleMessage({ channel: 'Some Channel/With Spaces', conversationId: 'c1', user, text: 'Hej' });
    expect(sampleValue(await metrics.registry.metrics(), 'kraftcenter_answers_total', { channel: 'other', intent: 'case_lookup', mode: 'extractive' })).toBe(1);
  });

  it('should count feedback by channel and value, and adviser requests by channel', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const engine = instrumentEngine(createFakeEngine(), metrics);
    const reply = await engine.handleMessage({ channel: 'teams', conversationId: 'c1', user, text: 'Hej' });
    await engine.recordFeedback({ replyId: reply.replyId, value: 'down', userId: 'u-123', channel: 'teams' });
    await engine.recordFeedback({ replyId: 'no-such-reply', value: 'up', userId: 'u-123', channel: 'teams' });
    await engine.requestAdviser({ channel: 'teams', conversationId: 'c1', user });

    const text = await metrics.registry.metrics();
    expect(sampleValue(text, 'kraftcenter_feedback_total', { channel: 'teams', value: 'down' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_feedback_total', { channel: 'teams', value: 'up' })).toBeUndefined();
    expect(sampleValue(text, 'kraftcenter_adviser_requests_total', { channel: 'teams' })).toBe(1);
  });
});

/** A model whose `complete` answers, `structured` fails with a code, and `stream` writes two pieces. */
function scriptedModel(): ChatModel {
  return {
    modelId: 'test:model',
    complete: async () => 'svar',
    structured: async () => {
      throw new ChatModelError('llm.rate_limited', 'too many requests');
    },
    async *stream() {
      yield 'Hej ';
      yield 'med dig';
    },
  };
}

describe('instrumentChatModel', () => {
  it('should count calls, failures by error code and time per operation, passing results and errors through', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const model = instrumentChatModel(scriptedModel(), metrics);
    expect(await model.complete([{ role: 'user', content: 'Hej' }])).toBe('svar');
    await expect(model.structured(z.object({ a: z.string() }), [{ role: 'user', content: 'Hej' }])).rejects.toMatchObject({ code: 'llm.rate_limited' });
    const pieces: string[] = [];
    for await (const piece of model.stream([{ role: 'user', content: 'Hej' }])) pieces.push(piece);
    expect(pieces.join('')).toBe('Hej med dig');
    expect(model.modelId).toBe('test:model');

    const text = await metrics.registry.metrics();
    for (const operation of ['complete', 'structured', 'stream']) {
      expect(sampleValue(text, 'kraftcenter_model_calls_total', { operation })).toBe(1);
    }
    expect(sampleValue(text, 'kraftcenter_model_errors_total', { operation: 'structured', code: 'llm.rate_limited' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_model_call_duration_seconds_count', { operation: 'complete' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_model_call_duration_seconds_count', { operation: 'stream' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_model_call_duration_seconds_count', { operation: 'structured' })).toBeUndefined();
  });
});

describe('instrumentEmbedder', () => {
  it('should count calls and texts by purpose and read the dimension through', async () => {
    const metrics = createMetrics({ processMetrics: false });
    let dimensions = 0;
    const inner: Embedder = {
      modelId: 'test@3',
      get dimensions() {
        return dimensions;
      },
      maxInputsPerCall: 10,
      embed: async (texts) => ((dimensions = 3), texts.map(() => [1, 0, 0])),
    };
    const embedder = instrumentEmbedder(inner, metrics);
    await embedder.embed(['a', 'b'], 'document');
    await embedder.embed(['spørgsmål'], 'query');
    expect(embedder.dimensions).toBe(3);

    const text = await metrics.registry.metrics();
    expect(sampleValue(text, 'kraftcenter_embedding_calls_total', { purpose: 'document' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_embedded_texts_total', { purpose: 'document' })).toBe(2);
    expect(sampleValue(text, 'kraftcenter_embedding_calls_total', { purpose: 'query' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_embedding_duration_seconds_count', { purpose: 'query' })).toBe(1);
  });
});
