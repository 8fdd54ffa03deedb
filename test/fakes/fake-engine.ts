/**
 * A scriptable fake `Engine` for adapter tests: records every call and answers with realistic `BotReply` objects
 * (Danish text with [n] citations, case cards, feedback/escalate/follow-up actions) built from the sample library.
 *
 * Scripting, per method: replies queued with `queueReply(...)` are used first, in order; then the handler set with
 * `onMessage(...)`; then `sampleCaseReply(...)`. `failNext(method, error)` makes the next call of a method throw.
 *
 * @example
 * const engine = createFakeEngine();
 * engine.queueReply({ text: 'Hej! Hvad kan jeg hjælpe med?', intent: 'greeting', citations: [], cases: [] });
 * const app = createWebApp({ engine });
 * expect(engine.calls.handleMessage[0]?.user.audience).toBe('public');
 */
import type { AdviserRequest, Engine, FeedbackInput, FeedbackResult, HealthReport } from '../../bot/engine-port.js';
import type { BotReply, CaseCard, Citation, IncomingMessage } from '../../bot/messages.js';
import type { ReplyEvent } from '../../bot/reply-events.js';

type EngineMethod = 'handleMessage' | 'recordFeedback' | 'requestAdviser' | 'health';

/** How `streamMessage` writes: pieces of this many words, each after this pause (the final reply follows the last). */
export interface FakeStreaming {
  wordsPerDelta: number;
  delayMs: number;
  /** Text shown while streaming instead of the final text (to prove the final reply replaces it). */
  streamedText?: string;
}

/** A reply override: fields to put on top of the default reply (`replyId`, `conversationId` are filled in). */
export type ReplyPatch = Partial<BotReply>;

/** The fake with its recorded calls and scripting hooks. */
export interface FakeEngine extends Engine {
  readonly calls: {
    handleMessage: IncomingMessage[];
    recordFeedback: FeedbackInput[];
    requestAdviser: AdviserRequest[];
    health: number;
  };
  /**
   * `streamMessage` calls (they are also recorded in `handleMessage`, since the reply is the same). */
  readonly streamed: IncomingMessage[];
  /** Replies handed out so far, by replyId. */
  readonly replies: Map<string, BotReply>;
  /** Uses this patch for the next `handleMessage` (queue several for several messages). */
  queueReply(patch: ReplyPatch): void;
  /** Computes a patch for every `handleMessage` that has no queued reply; return `undefined` for the default. */
  onMessage(handler: ((message: IncomingMessage) => ReplyPatch | undefined) | undefined): void;
  /** Makes the next call of `method` throw `error`. */
  failNext(method: EngineMethod, error?: Error): void;
  /** How `streamMessage` splits the text into deltas (default: 3 words per delta, no pause). */
  setStreaming(streaming: Partial<FakeStreaming>): void;
  /** Waits this long before every answer (to see a typing indicator). */
  setDelay(ms: number): void;
  /** Replaces the health report. */
  setHealth(report: Partial<HealthReport>): void;
  /** Whether the next 👎 offers an adviser (default true). */
  setOfferAdviserOnDown(offer: boolean): void;
}

const HEALTHY: HealthReport = {
  ok: true,
  database: { ok: true, kind: 'pglite' },
  model: { mode: 'extractive', ok: true },
  embeddings: 'local-da-hash-v1',
  documents: 42,
};

/** Creates a fresh fake engine. */
export function createFakeEngine(): FakeEngine {
  const calls: FakeEngine['calls'] = { handleMessage: [], recordFeedback: [], requestAdviser: [], health: 0 };
  const replies = new Map<string, BotReply>();
  const queue: ReplyPatch[] = [];
  const failures = new Map<EngineMethod, Error>();
  let handler: ((message: IncomingMessage) => ReplyPatch | undefined) | undefined;
  let delayMs = 0;
  let health: HealthReport = HEALTHY;
  let offerAdviserOnDown = true;
  let counter = 0;
  let streaming: FakeStreaming = { wordsPerDelta: 3, delayMs: 0 };
  const streamed: IncomingMessage[] = [];

  const nextReplyId = () => `reply-${++counter}`;

  async function enter(method: EngineMethod): Promise<void> {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      throw failure;
    }
  }

  function remember(reply: BotReply): BotReply {
    replies.set(reply.replyId, reply);
    return structuredClone(reply);
  }

  const engine: FakeEngine = {
    calls,
    streamed,
    replies,
    async *streamMessage(message): AsyncGenerator<ReplyEvent> {
      streamed.push(structuredClone(message));
      yield { type: 'status', stage: 'searching', text: 'Søger i biblioteket …' };
      const reply = await engine.handleMessage(message);
      yield { type: 'status', stage: 'writing', text: 'Skriver svaret …' };
      const words = (streaming.streamedText ?? reply.text).split(/(?<=\s)/);
      for (let i = 0; i < words.length; i += streaming.wordsPerDelta) {
        if (streaming.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, streaming.delayMs));
        yield { type: 'text', delta: words.slice(i, i + streaming.wordsPerDelta).join('') };
      }
      yield { type: 'reply', reply };
    },
    async handleMessage(message) {
      calls.handleMessage.push(structuredClone(message));
      await enter('handleMessage');
      const patch = queue.shift() ?? handler?.(message) ?? {};
      const base = sampleCaseReply(nextReplyId(), message.conversationId);
      return remember({ ...base, ...patch, replyId: patch.replyId ?? base.replyId, conversationId: message.conversationId });
    },
    async recordFeedback(input): Promise<FeedbackResult> {
      calls.recordFeedback.push({ ...input });
      await enter('recordFeedback');
      if (!replies.has(input.replyId)) {
        return { ok: false, reason: 'unknown_reply', message: 'Vi kunne ikke finde det svar, du gav feedback på.' };
      }
      const offerAdviser = input.value === 'down' && offerAdviserOnDown;
      const message = offerAdviser
        ? 'Tak for din feedback. Vil du hellere tale med en af Kraftcenterets rådgivere?'
        : 'Tak for din feedback.';
      return { ok: true, offerAdviser, message };
    },
    async requestAdviser(request) {
      calls.requestAdviser.push(structuredClone(request));
      await enter('requestAdviser');
      return remember(sampleAdviserReply(nextReplyId(), request.conversationId));
    },
    async health() {
      calls.health += 1;
      await enter('health');
      return structuredClone(health);
    },
    queueReply: (patch) => void queue.push(patch),
    onMessage: (next) => void (handler = next),
    failNext: (method, error = new Error(`fake ${method} failure at /srv/secret/engine.ts:42`)) =>
      void failures.set(method, error),
    setDelay: (ms) => void (delayMs = ms),
    setHealth: (report) => void (health = { ...HEALTHY, ...report }),
    setOfferAdviserOnDown: (offer) => void (offerAdviserOnDown = offer),
    setStreaming: (next) => void (streaming = { ...streaming, ...next }),
  };
  return engine;
}

/** The sample library's velfærdsteknologi cases (fictional contacts, as in data/library). */
const SAMPLE_CASES: Array<Omit<CaseCard, 'citation'> & { passage: string }> = [
  { documentId: 'aalborg-ejerskab-til-velfaerdsteknologi', title: 'Aalborg: Ejerskab som nøglen til at få velfærdsteknologi i drift',
    organisation: 'Aalborg Kommune, Ældre- og Handicapforvaltningen', organisationType: 'kommune', region: 'Nordjylland',
    year: 2014, endYear: 2016, status: 'afsluttet', url: 'https://example.dk/cases/aalborg-ejerskab',
    contact: { name: 'Implementeringskonsulent for velfærdsteknologi', role: 'Implementeringskonsulent, Ældre og Handicap',
      email: 'velfaerdsteknologi@aalborg.example.dk', phone: '+45 7000 0502' },
    summary: 'Ejerskab hos politikere, medarbejdere og borgere fik loftlifte og vasketoiletter i daglig brug.',
    passage: 'Kommunen lagde vægt på, at der skulle være ejerskab i tre led: hos politikerne, hos medarbejderne og hos borgerne.' },
  { documentId: 'assens-velfaerdsteknologi-der-passer-til-borgeren', title: 'Velfærdsteknologi der passer til den enkelte borger i Assens',
    organisation: 'Assens Kommune', organisationType: 'kommune', region: 'Syddanmark', year: 2014, endYear: 2016,
    status: 'afsluttet', url: 'https://example.dk/cases/assens-velfaerdsteknologi',
    contact: { name: 'Projektleder for velfærdsteknologi', role: 'Projektleder, Sundhed og Omsorg',
      email: 'velfaerdsteknologi@assens.example.dk', phone: '+45 7000 0103' },
    summary: 'Individuel visitation matchede borgerens behov med den rette teknologi.',
    passage: 'Hver borger skal vurderes individuelt, så man finder det rette match mellem borgerens behov og teknologien.' },
  { documentId: 'ballerup-velfaerdsteknologilaboratorium', title: 'Ballerup Kommunes velfærdsteknologilaboratorium',
    organisation: 'Ballerup Kommune i samarbejde med OPI-Lab', organisationType: 'kommune', region: 'Hovedstaden',
    year: 2012, status: 'igangværende', contact: { role: 'Udviklingskonsulent, Social og Ældre', email: 'vtlab@ballerup.example.dk' },
    summary: 'Et testmiljø hvor virksomheder, medarbejdere og borgere afprøver produkter i praksis.',
    passage: 'Laboratoriet skulle være et sted, hvor private virksomheder kan møde medarbejdere og borgere.' },
];

/** A "who has done this" answer: Danish Markdown with [1]-[3] citations, three case cards and the usual actions. */
export function sampleCaseReply(replyId: string, conversationId: string): BotReply {
  const citations: Citation[] = SAMPLE_CASES.map(({ documentId, title, organisation, year, url, passage }, i) => ({
    n: i + 1, documentId, title, organisation, year, passage, section: 'Hvad gjorde de', ...(url ? { url } : {}),
  }));
  const cases: CaseCard[] = SAMPLE_CASES.map(({ passage: _passage, ...card }, i) => ({ ...card, citation: i + 1 }));
  const text = [
    'Flere kommuner har erfaring med at få **velfærdsteknologi** i drift i ældreplejen:',
    '',
    '- **Aalborg Kommune** lagde vægt på ejerskab hos politikere, medarbejdere og borgere [1].',
    '- **Assens Kommune** vurderede hver borger *individuelt*, så teknologien passer til den enkelte [2].',
    '- **Ballerup Kommune** byggede et velfærdsteknologilaboratorium sammen med OPI-Lab [3].',
    '',
    'Læs mere på [Kraftcenterets metodeside](https://example.dk/metoder).',
  ].join('\n');
  return {
    replyId, conversationId, language: 'da', intent: 'case_lookup', mode: 'extractive', text, citations, cases,
    actions: [
      { type: 'feedback', label: 'Godt svar', value: 'up' },
      { type: 'feedback', label: 'Dårligt svar', value: 'down' },
      { type: 'escalate', label: 'Tal med en rådgiver' },
      { type: 'follow_up', label: 'Hvilke metoder brugte de?', text: 'Hvilke metoder brugte de til implementeringen?' },
    ],
    confidence: 0.82, escalationOffered: false, notices: [], sourceTypes: ['case'],
  };
}

/** The reply to "Tal med en rådgiver": queued, with a short Danish explanation. */
export function sampleAdviserReply(replyId: string, conversationId: string): BotReply {
  return {
    replyId, conversationId, language: 'da', intent: 'human', mode: 'extractive',
    text: 'Jeg har bedt en af Kraftcenterets rådgivere om at tage over. Du får svar her i samtalen, så snart en rådgiver er ledig.',
    citations: [], cases: [], actions: [], confidence: 0, escalationOffered: true, notices: [],
    escalation: { id: 'esc-1', status: 'queued' },
  };
}

/**
 * A fake engine whose answers (`handleMessage`) wait until `release()`: each question holds its answers-in-progress
 * slot until then.
 */
export function createHeldEngine(): { engine: FakeEngine; release(): void } {
  const fake = createFakeEngine();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const engine: FakeEngine = { ...fake, handleMessage: async (message: IncomingMessage): Promise<BotReply> => (await held, fake.handleMessage(message)) };
  return { engine, release: () => release() };
}
