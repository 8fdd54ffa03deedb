/**
 * Test helper: the advisers' console (and the web chat behind it, as in production) on 127.0.0.1:0 over a real
 * database and adviser store, with any EscalationService (the in-memory fake by default).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createAdviserStore, type Adviser, type AdviserStore } from '../../../../bot/advisers/index.js';
import type { EscalationService } from '../../../../bot/escalation/escalation-port.js';
import type { SubmissionService } from '../../../../bot/submissions/submission-port.js';
import type { Db } from '../../../../knowledge/db/db.js';
import { createConsoleApp, type ConsoleApp } from '../../../../adapters/console/index.js';
import { createWebApp } from '../../../../adapters/web/index.js';
import { createFakeEngine } from '../../../fakes/fake-engine.js';
import { recordingLogger, type RecordingLogger } from '../web/web-test-server.js';
import { createFakeEscalationService } from './fake-escalation-service.js';

export interface ApiOptions {
  body?: unknown;
  cookie?: string;
  csrf?: string;
  bearer?: string;
  headers?: Record<string, string>;
}

export interface ConsoleTestServer<S extends EscalationService> {
  baseUrl: string;
  advisers: AdviserStore;
  escalations: S;
  logger: RecordingLogger;
  app: ConsoleApp;
  /** Adds an enabled adviser with a unique e-mail. */
  addAdviser(name?: string): Promise<{ adviser: Adviser; token: string }>;
  /** Signs in through the form and returns the session cookie and its CSRF token. */
  signIn(token: string): Promise<{ cookie: string; csrf: string }>;
  api(method: string, path: string, options?: ApiOptions): Promise<Response>;
  close(): Promise<void>;
}

let counter = 0;

export async function startConsoleTestServer<S extends EscalationService = ReturnType<typeof createFakeEscalationService>>(
  db: Db,
  options: {
    escalations?: S;
    now?: () => Date;
    pollMs?: number;
    heartbeatMs?: number;
    webEvents?: boolean;
    signInThrottle?: { maxFailures?: number; windowSeconds?: number };
    /** The Forslag API's service (`/api/submissions` is mounted only with one). */
    submissions?: SubmissionService;
  } = {},
): Promise<ConsoleTestServer<S>> {
  const logger = recordingLogger();
  const advisers = createAdviserStore(db, options.now ? { now: options.now } : {});
  const escalations = (options.escalations ?? createFakeEscalationService()) as S;
  const consoleApp = createConsoleApp({
    escalations,
    advisers,
    db,
    logger,
    now: options.now,
    pollMs: options.pollMs ?? 100,
    heartbeatMs: options.heartbeatMs,
    ...(options.signInThrottle ? { signInThrottle: options.signInThrottle } : {}),
    ...(options.submissions ? { submissions: options.submissions } : {}),
  });
  const app = express();
  app.use(consoleApp);
  app.use(createWebApp({ engine: createFakeEngine(), logger, ...(options.webEvents ? { db, eventPollMs: options.pollMs ?? 100 } : {}) }));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: ConsoleTestServer<S>['api'] = (method, path, { body, cookie, csrf, bearer, headers = {} } = {}) =>
    fetch(`${baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  return {
    baseUrl,
    advisers,
    escalations,
    logger,
    app: consoleApp,
    addAdviser: (name = 'Mette Rådgiver') => advisers.add({ name, email: `adviser-${process.pid}-${++counter}@kraftcenter.dk` }),
    async signIn(token) {
      const response = await fetch(`${baseUrl}/advisers/session`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
      if (response.status !== 303 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
      const me = (await (await api('GET', '/api/advisers/me', { cookie })).json()) as { csrfToken: string };
      return { cookie, csrf: me.csrfToken };
    },
    api,
    async close() {
      consoleApp.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
