/**
 * The widget on another site (an intranet) frames the chat: the browser sends the visitor's cookie back only if it is
 * SameSite=None (and Secure, partitioned), otherwise every question would come from a new visitor.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebApp, type WebAppOptions } from '../../../../adapters/web/index.js';
import { createFakeEngine } from '../../../fakes/fake-engine.js';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** The chat's cookie for a first question, behind a trusted proxy that says the request was HTTPS or not. */
async function visitorCookie(options: Partial<WebAppOptions>, proto: 'https' | 'http'): Promise<string> {
  const app = express();
  app.set('trust proxy', true);
  app.use(createWebApp({ engine: createFakeEngine(), audience: 'public', ...options }));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': proto },
    body: JSON.stringify({ conversationId: 'c1', text: 'Hej' }),
  });
  return response.headers.get('set-cookie') ?? '';
}

describe('the visitor cookie when other sites may frame the chat', () => {
  it('should be SameSite=None, Secure and Partitioned over HTTPS when WEB_EMBED_ORIGINS names a site', async () => {
    const cookie = await visitorCookie({ embedOrigins: ['https://intranet.kommune.example'] }, 'https');
    expect(cookie).toMatch(/^kc_uid=/);
    expect(cookie).toMatch(/SameSite=None/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Partitioned/i);
  });

  it('should stay SameSite=Lax when no other site may frame the chat', async () => {
    const cookie = await visitorCookie({}, 'https');
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Partitioned/i);
  });

  it('should stay SameSite=Lax over plain HTTP (a browser refuses SameSite=None without Secure)', async () => {
    const cookie = await visitorCookie({ embedOrigins: ['https://intranet.kommune.example'] }, 'http');
    expect(cookie).toMatch(/SameSite=Lax/i);
  });
});
