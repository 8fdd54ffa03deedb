/**
 * Test helper: reads a `text/event-stream` response body into events (`event:` name and JSON `data:`), as a browser's
 * parser would: blocks end at a blank line, comments (`: heartbeat`) and `retry:` lines carry no event.
 */

/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: any;
}

/** Parses one complete stream text. */
export function parseEventStream(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return events;
}

/** Reads `response` to its end and returns its events. */
export async function readEventStream(response: Response): Promise<SseEvent[]> {
  return parseEventStream(await response.text());
}

/** Yields events as they arrive (to act mid-stream). */
export async function* eventsOf(response: Response): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      yield* parseEventStream(block);
    }
  }
}
