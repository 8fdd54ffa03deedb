/**
 * A cap on answers in progress in this process. Past it, a new question is refused at once with 503 and
 * `Retry-After` instead of queueing behind the others until the client or a load balancer gives up (200 concurrent
 * chats on the embedded database gave p99 30 s and connection resets before this cap). Channel-neutral: any adapter
 * that answers on a request can use it; Slack has its own work queue.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { ShedResponse } from '../channel.js';
import { errorBody, sendError } from './http-errors.js';
import { securityHeaderValues, type SecurityHeaderOptions } from './security-headers.js';

/** Counts answers in progress. */
export interface AnswersInProgress {
  /** Takes a slot; false when all `max` are taken (then do not call `leave`). */
  tryEnter(): boolean;
  /** Gives a slot back. */
  leave(): void;
  readonly inProgress: number;
  readonly max: number;
}

/**
 * Default of `MAX_ANSWERS_IN_PROGRESS`, on either database. PGlite answers one statement at a time, but a lower cap
 * did not help it: 200 conversations on PGlite gave about 51 answers/s with 32, 41 with 16 and 17–33 with 8 (the
 * 503s no faster), measured minutes apart on the shared machine.
 */
export const DEFAULT_MAX_ANSWERS_IN_PROGRESS = 32;

/**
 * Seconds a refused client is asked to wait: a whole number from `min` to `max`, drawn for each refusal. One fixed
 * value brought every client refused in one burst back in the same second, where most were refused again (200
 * conversations on PGlite: four herds of 168 in 20 s, the last of each herd answered after 140–320 ms); spread over
 * 5 s they arrive a few at a time. The mean stays 5 s.
 */
export const BUSY_RETRY_AFTER_SECONDS = { min: 3, max: 7 } as const;

/** A `Retry-After` for one refusal (see {@link BUSY_RETRY_AFTER_SECONDS}); `random` in [0, 1). */
export function busyRetryAfterSeconds(random: () => number = Math.random): number {
  const { min, max } = BUSY_RETRY_AFTER_SECONDS;
  return min + Math.min(max - min, Math.floor(random() * (max - min + 1)));
}

/** Creates the counter for at most `max` answers at once. */
export function createAnswersInProgress(max: number = DEFAULT_MAX_ANSWERS_IN_PROGRESS): AnswersInProgress {
  let inProgress = 0;
  return {
    tryEnter() {
      if (inProgress >= max) return false;
      inProgress += 1;
      return true;
    },
    leave() {
      inProgress = Math.max(0, inProgress - 1);
    },
    get inProgress() {
      return inProgress;
    },
    max,
  };
}

/** The refusal's message, naming the wait. */
function busyMessage(seconds: number): string {
  return `Assistenten har travlt lige nu. Prøv igen om ${seconds} sekunder.`;
}

/** Sends 503 with a spread `Retry-After` and a Danish message naming the same wait. */
export function sendBusy(res: Response, seconds: number = busyRetryAfterSeconds()): void {
  res.set('Retry-After', String(seconds));
  sendError(res, 503, 'unavailable', busyMessage(seconds));
}

/** The route the cap guards: the web chat's questions. */
export const CHAT_ROUTE = '/api/chat';

/** `/api/chat`, with or without a trailing slash or a query, in any case (express's routing is as lenient). */
const CHAT_PATH = /^\/api\/chat\/?(?:\?|$)/i;

/**
 * The web channel's `shedLoad` (adapters/channel.ts): while every slot is taken, a question to `/api/chat` is
 * refused before the server's logging and routing, with the same 503, body and headers {@link takeAnswerSlot}
 * sends (it still refuses whatever gets past this, a slot taken in between say). It takes no slot: under the cap
 * the request goes on to {@link takeAnswerSlot} as before.
 */
export function shedQuestionsOverCap(answers: AnswersInProgress, options: SecurityHeaderOptions = {}): (req: IncomingMessage) => ShedResponse | undefined {
  const headers = { ...securityHeaderValues(options), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
  return (req) => {
    if (answers.inProgress < answers.max || req.method !== 'POST' || !CHAT_PATH.test(req.url ?? '')) return undefined;
    const seconds = busyRetryAfterSeconds();
    const body = JSON.stringify(errorBody('unavailable', busyMessage(seconds)));
    return { route: CHAT_ROUTE, status: 503, headers: { ...headers, 'Retry-After': String(seconds) }, body };
  };
}

interface Slot {
  release(): void;
  answering: boolean;
}

const slots = new WeakMap<Response, Slot>();

/**
 * Middleware that takes a slot before anything else is done for the request, so a question over the cap is refused
 * at once: the checks after it (the rate limit is a database query) would otherwise wait behind the answers in
 * progress first. The route answers inside {@link answerInSlot}, which gives the slot back when the answer is done;
 * a request that ends before that (refused by the rate limit, invalid) gives it back when its response closes.
 */
export function takeAnswerSlot(answers: AnswersInProgress): RequestHandler {
  const nextTurn = oneStartPerTurn();
  return (_req, res, next) => {
    if (!answers.tryEnter()) return sendBusy(res);
    let held = true;
    const slot: Slot = {
      release() {
        if (!held) return;
        held = false;
        answers.leave();
      },
      answering: false,
    };
    slots.set(res, slot);
    // While answering, the slot is held until the engine is done, even when the client has left.
    res.once('close', () => {
      if (!slot.answering) slot.release();
    });
    // A client that left while its start waited gets nothing started (its slot went back on close).
    void nextTurn().then(() => (res.destroyed ? undefined : next()));
  };
}

/**
 * Lets admitted answers start one per turn of the event loop, each after the I/O that was waiting. Admitted
 * together (a burst of visitors at once), answers would otherwise run in step, each reaching its search in the same
 * turn; on the embedded database, which runs statements on this thread, those 32 searches held the event loop
 * for about 170 ms, and the refusals of the same burst waited behind them (p50 209 ms, max 266 ms; afterwards
 * refusals took at most 42 ms). Started a turn apart, their heavy statements fall in different turns.
 */
function oneStartPerTurn(): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => (last = last.then(() => new Promise<void>((resolve) => setImmediate(resolve))));
}

/** Runs the answer in the slot {@link takeAnswerSlot} took for `res`, and gives the slot back when it is done. */
export async function answerInSlot<T>(res: Response, work: () => Promise<T>): Promise<T> {
  const slot = slots.get(res);
  if (slot) slot.answering = true;
  try {
    return await work();
  } finally {
    slot?.release();
  }
}
