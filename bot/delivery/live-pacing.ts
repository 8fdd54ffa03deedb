/**
 * How often a live reply may change the message a user sees, and the clock that decides it (tests pass their own).
 * Slack (appendStream, chat.update) and Teams (streaming activities) both want no more than about one change a second;
 * text that arrives in between goes out together with the next change.
 */
export interface LivePacing {
  /** Least time between two changes of one kind. */
  minIntervalMs: number;
  now(): number;
  /** Calls `flush` in `ms` (waiting text goes out though no more arrives); returns a function that cancels it. */
  later(ms: number, flush: () => void): () => void;
}

/** One change a second, on the real clock. */
export const ONE_CHANGE_A_SECOND: LivePacing = {
  minIntervalMs: 1_000,
  now: () => Date.now(),
  later(ms, flush) {
    const timer = setTimeout(flush, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
