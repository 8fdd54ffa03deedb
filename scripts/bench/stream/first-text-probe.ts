/**
 * One channel's part of `npm run bench -- stream`: how long from a user's question until the first text of the
 * answer is visible in that channel's wire format (web: the first SSE `text` event; Slack: the first
 * chat.startStream / chat.appendStream (or fallback chat.postMessage) carrying answer text at the fake Slack API;
 * Teams: the first `streaming` activity at the fake Bot Framework connector). Each probe builds its own server side
 * against the fake OpenAI server the bench started, and is closed by the bench.
 */

/** What the bench gives every probe. */
export interface StreamBenchSetup {
  /** The fake OpenAI server's base URL (`…/v1`), streaming at `tokensPerSecond`. */
  openaiBaseUrl: string;
  tokensPerSecond: number;
  /** A DATA_DIR already ingested with the sample library, for the probe to copy or open (one writer per folder). */
  seededDataDir: string;
}

/** One channel under measurement. */
export interface FirstTextProbe {
  /** `web-json`: the web chat's JSON path, which shows nothing until the whole answer is there (the before-streaming baseline). */
  channel: 'web' | 'web-json' | 'slack' | 'teams';
  /** Asks `question` as a new conversation; resolves with milliseconds from the request to the first answer text. */
  firstTextMs(question: string): Promise<number>;
  close(): Promise<void>;
}

export type OpenFirstTextProbe = (setup: StreamBenchSetup) => Promise<FirstTextProbe>;
