/**
 * Work that continues after a Teams turn has been acknowledged (answers that took longer than the turn allows),
 * tracked so shutdown and tests can wait for it.
 */

/** A set of in-flight promises. */
export interface BackgroundWork {
  /** Keeps `work` until it settles; it must handle its own errors. */
  track(work: Promise<unknown>): void;
  /** Resolves when everything tracked so far (and anything started meanwhile) has settled. */
  drain(): Promise<void>;
}

/** Creates an empty tracker. */
export function createBackgroundWork(): BackgroundWork {
  const pending = new Set<Promise<unknown>>();
  return {
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      pending.add(settled);
      void settled.then(() => pending.delete(settled));
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
