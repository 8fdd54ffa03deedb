/**
 * Test helper: reads a server-sent event stream from a fetch response as it arrives.
 */

export interface StreamLog {
  events: Array<{ event: string; data: unknown; id?: string }>;
  comments: string[];
  ended: boolean;
}

/** Starts reading `response` in the background; the returned log fills up as events arrive. */
export function readStream(response: Response): StreamLog {
  const log: StreamLog = { events: [], comments: [], ended: false };
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) {
        log.ended = true;
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) log.comments.push(block);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        const id = /^id: (.+)$/m.exec(block)?.[1];
        if (event && data) log.events.push({ event, data: JSON.parse(data), ...(id ? { id } : {}) });
      }
    }
  })();
  return log;
}

/** Polls `check` every 25 ms until it is true, failing after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
