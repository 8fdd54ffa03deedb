/**
 * Keeps the work that follows an acknowledgement behind the acknowledgements themselves. Slack wants an HTTP 200
 * within 3 s; the answer can come later. Under a burst of events, the answers' work (de-duplication and thread
 * queries – synchronous WebAssembly on PGlite, hence bot/store/query-in-turns.ts –, rendering, Web API calls) would
 * otherwise run in long stretches of the event loop while other requests wait to be read and acknowledged.
 *
 * Two mechanisms:
 * - {@link WorkQueue.run} bounds how many jobs (answers) are in progress at once; the rest wait in order.
 * - {@link WorkQueue.turn} hands out one slice of work per turn of the event loop (first come, first served): each
 *   slice runs in its own `setImmediate`, after Node has polled for I/O, so requests that have arrived are read and
 *   acknowledged between any two slices.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/** Settings for {@link createWorkQueue}. */
export interface WorkQueueOptions {
  /** Jobs in progress at once (waits for the engine or Slack count). @default 32 */
  concurrency?: number;
}

/** The queue; see the module comment. */
export interface WorkQueue {
  /** Runs `job` once fewer than `concurrency` jobs are running (in the order they came), starting on a later turn. */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Resolves on a later turn of the event loop, one waiter per turn. Await it before a CPU-heavy step. */
  turn(): Promise<void>;
  /** Resolves once no job is running or waiting. */
  idle(): Promise<void>;
  /** Jobs running, and jobs waiting for a slot. */
  readonly stats: { running: number; waiting: number };
}

/**
 * Creates a queue.
 *
 * @example
 * const work = createWorkQueue({ concurrency: 32 });
 * app.use(async ({ body, next }) => (body.type === 'event_callback' ? work.run(next) : next()));
 * // inside a job:
 * await work.turn();
 * await renderHeavyThing();
 */
export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  const concurrency = Math.max(1, options.concurrency ?? 32);
  const slots: Array<() => void> = [];
  const turns: Array<() => void> = [];
  const idleWaiters: Array<() => void> = [];
  let running = 0;
  let pumping = false;

  const pump = () => {
    turns.shift()?.();
    if (turns.length > 0) setImmediate(pump);
    else pumping = false;
  };

  const turn = () =>
    new Promise<void>((resolve) => {
      turns.push(resolve);
      if (!pumping) {
        pumping = true;
        setImmediate(pump);
      }
    });

  const release = () => {
    running--;
    const next = slots.shift();
    if (next) {
      running++;
      next();
    } else if (running === 0) {
      for (const wake of idleWaiters.splice(0)) wake();
    }
  };

  return {
    async run(job) {
      if (running < concurrency) running++;
      else await new Promise<void>((resolve) => slots.push(resolve));
      try {
        await turn();
        return await job();
      } finally {
        release();
      }
    },
    turn,
    idle: () => (running === 0 && slots.length === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
    get stats() {
      return { running, waiting: slots.length };
    },
  };
}

/**
 * Global Bolt middleware: events (already acknowledged by Bolt before any middleware runs) go through `work.run`, so
 * their processing waits for a slot and starts on a later turn. Actions, commands and views pass straight through:
 * their listeners acknowledge them and must not wait behind answers.
 */
export function afterAck(work: Pick<WorkQueue, 'run'>): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    if ((body as { type?: unknown }).type === 'event_callback') await work.run(next);
    else await next();
  };
}
