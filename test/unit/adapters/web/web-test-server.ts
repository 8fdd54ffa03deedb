/**
 * Test helper: the web app with a fake engine behind a real HTTP server on 127.0.0.1 (random port).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebApp, type WebAppOptions } from '../../../../adapters/web/index.js';
import { callbackLogger, type Logger } from '../../../../config/logger.js';
import { createFakeEngine, type FakeEngine } from '../../../fakes/fake-engine.js';

/** A logger that remembers every call. */
export interface RecordingLogger extends Logger {
  entries: Array<{ level: 'debug' | 'info' | 'warn' | 'error'; message: string; details?: Record<string, unknown> }>;
}

export function recordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  return Object.assign(callbackLogger((level, message, details) => void entries.push({ level, message, details })), { entries });
}

export interface WebTestServer {
  baseUrl: string;
  engine: FakeEngine;
  logger: RecordingLogger;
  /** POSTs `body` (JSON-encoded unless a string) with JSON content type unless overridden. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the web app on 127.0.0.1:0. */
export async function startWebTestServer(options: Partial<Omit<WebAppOptions, 'logger'>> = {}): Promise<WebTestServer> {
  const engine = (options.engine as FakeEngine | undefined) ?? createFakeEngine();
  const logger = recordingLogger();
  const app = createWebApp({ ...options, engine, logger });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    engine,
    logger,
    post: (path, body, headers = {}) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
