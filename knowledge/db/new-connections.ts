/**
 * New TCP connections this process has been handed, counted so that work on this thread can let them in first.
 *
 * Since libuv 1.45 (Node 20) a server accepts one new connection per turn of the event loop (libuv/libuv#3696),
 * and the embedded database runs one statement per turn (pglite-db.ts). So a burst of new connections was accepted
 * one per statement: 200 visitors arriving at once against 32 answers in progress were accepted over 100–450 ms,
 * and the refusals of the answers cap (adapters/load-shedding.ts) waited as long. While connections keep arriving,
 * the statement lane now waits turns that run no statement (each costs a few dozen microseconds: an accept, a read,
 * maybe a refusal), until a turn brings none or {@link MAX_TURNS_FOR_CONNECTIONS} have passed, so that a steady
 * stream of connections cannot stop the answers.
 *
 * Admitted answers start one per turn too (adapters/web/answers-in-progress.ts), and an answer's first steps take
 * a millisecond or more of this thread, but making them wait as well gave slower refusals, not faster (503 p95
 * 97–113 ms against 60–97 ms, three runs each of `npm run bench -- load`, alternated).
 */

let count = 0;

/** Call on every new connection (the HTTP server's `connection` event). */
export function noteNewConnection(): void {
  count += 1;
}

/** The most turns one wait lasts. */
export const MAX_TURNS_FOR_CONNECTIONS = 100;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A wait for the connections arriving since its last call: it resolves at once when none arrived, else after the
 * turns that let them in. One per queue of work (each remembers what it has seen).
 *
 * @example
 * const connectionsFirst = waitForNewConnections();
 * await connectionsFirst(); // before the next statement
 */
export function waitForNewConnections(): () => Promise<void> {
  let seen = count;
  return async () => {
    for (let turns = 0; turns < MAX_TURNS_FOR_CONNECTIONS && count !== seen; turns++) {
      seen = count;
      await nextTurn();
    }
    seen = count;
  };
}
