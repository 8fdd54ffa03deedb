/**
 * Keeps the work that follows a platform's acknowledgement behind the acknowledgements themselves. Slack wants an
 * HTTP 200 within 3 s and Teams a turn within 15 s; the answer can come later. Under a burst, the answers' work
 * (queries – synchronous WebAssembly on PGlite, hence bot/store/query-in-turns.ts –, rendering, platform calls) would
 * otherwise run in long stretches of the event loop while other requests wait to be read and acknowledged.
 *
 * Three mechanisms:
 * - {@link WorkQueue.run} bounds how many jobs (answers) are in progress at once; the rest wait in order.
 * - {@link WorkQueue.turn} hands out one slice of work per turn of the event loop (first come, first served): each
 *   slice runs in its own `setImmediate`, after Node has polled for I/O, so requests that have arrived are read and
 *   acknowledged between any two slices.
 * - {@link WorkQueue.inOrder} runs the jobs of one conversation one after the other, in the order they came, so a
 *   conversation's answers arrive in the order its questions were asked.
 */

/** Settings for {@link createWorkQueue}. */
export interface WorkQueueOptions {
  /** Jobs in progress at once (waits for the engine or the platform count). @default DEFAULT_DELIVERY_CONCURRENCY */
  concurrency?: number;
}

/** Answers in progress at once after their platform requests were acknowledged, per process. */
export const DEFAULT_DELIVERY_CONCURRENCY = 32;

/** The queue; see the module comment. */
export interface WorkQueue {
  /** Runs `job` once fewer than `concurrency` jobs are running (in the order they came), starting on a later turn. */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Resolves on a later turn of the event loop, one waiter per turn. Await it before a CPU-heavy step. */
  turn(): Promise<void>;
  /**
   * Runs `job` after every earlier job of `key` (a conversation) has settled. Takes no slot of its own: call it
   * inside {@link WorkQueue.run} (a job waiting here already holds its slot; its predecessors got theirs first).
   */
  inOrder<T>(key: string, job: () => Promise<T>): Promise<T>;
  /** True while a job of `key` is running or waiting in {@link WorkQueue.inOrder}. */
  busy(key: string): boolean;
  /** Resolves once no job is running or waiting (jobs started meanwhile included). */
  idle(): Promise<void>;
  /** Jobs running, and jobs waiting for a slot. */
  readonly stats: { running: number; waiting: number };
}

/**
 * Creates a queue.
 *
 * @example
 * const work = createWorkQueue({ concurrency: 32 });
 * void work.run(() => work.inOrder(conversationKey, async () => {
 *   await work.turn();
 *   await answerAndPost();
 * }));
 */
export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_DELIVERY_CONCURRENCY);
  const slots: Array<() => void> = [];
  const turns: Array<() => void> = [];
  const idleWaiters: Array<() => void> = [];
  const lanes = new Map<string, { tail: Promise<unknown>; jobs: number }>();
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
    inOrder(key, job) {
      const lane = lanes.get(key) ?? { tail: Promise.resolve(), jobs: 0 };
      lanes.set(key, lane);
      lane.jobs++;
      const result = lane.tail.then(job);
      lane.tail = result.then(
        () => undefined,
        () => undefined,
      );
      void lane.tail.then(() => {
        if (--lane.jobs === 0 && lanes.get(key) === lane) lanes.delete(key);
      });
      return result;
    },
    busy: (key) => lanes.has(key),
    idle: () => (running === 0 && slots.length === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
    get stats() {
      return { running, waiting: slots.length };
    },
  };
}
