/**
 * Teams closed by default (issue 10, item 2): without MICROSOFT_APP_ID the endpoint answers 401 unless
 * TEAMS_EMULATOR=true; in emulator mode only requests from this machine are served, the bot only sends to a serviceUrl
 * on this machine, and the banner says so.
 */
import os from 'node:os';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsOffRouter, loadTeamsConfig } from '../../../../adapters/teams/index.js';
import { isLoopbackAddress, isLoopbackUrl } from '../../../../adapters/teams/loopback.js';
import type { Db } from '../../../../knowledge/index.js';
import { createFakeEngine, type FakeEngine } from '../../../fakes/fake-engine.js';
import { testDatabases } from '../../../support/test-databases.js';
import { personalMessage, startTeamsHarness, USER, type TeamsHarness } from './teams-test-harness.js';

/** A non-loopback IPv4 address of this machine, to reach the server from "outside" loopback. */
const externalAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

describe('Teams without credentials', () => {
  it('should answer POST /api/messages with 401 and what to set when Teams is off', async () => {
    expect(loadTeamsConfig({})).toBeUndefined();
    const app = express().use(createTeamsOffRouter());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(personalMessage('http://127.0.0.1:1/', 'Hej')),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'teams_not_configured', message: expect.stringMatching(/MICROSOFT_APP_ID.*TEAMS_EMULATOR=true/) });
    } finally {
      server.close();
    }
  });
});

describe('Teams emulator mode (TEAMS_EMULATOR=true)', () => {
  let db: Db;
  let engine: FakeEngine;
  let teams: TeamsHarness;

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
  });
  afterAll(async () => db?.close());
  afterEach(async () => teams?.close());

  const start = async (listenHost?: string) => {
    engine = createFakeEngine();
    teams = await startTeamsHarness({ engine, db, listenHost });
  };

  it('should say in the start-up banner that it is unauthenticated and loopback only', async () => {
    await start();
    expect(teams.channel.describe()).toContain('emulator mode: unauthenticated, loopback only');
  });

  it('should serve the Emulator on this machine', async () => {
    await start();
    expect((await teams.post(personalMessage(teams.connector.url, 'Hej'))).status).toBe(200);
    expect(engine.calls.handleMessage).toHaveLength(1);
    expect(teams.connector.messages()).toHaveLength(1);
  });

  it.skipIf(!externalAddress)('should refuse with 403 a request from another machine, even with a loopback serviceUrl (skipped when this machine has no non-loopback IPv4 address)', async () => {
    await start('0.0.0.0');
    const port = new URL(teams.baseUrl).port;
    const response = await fetch(`http://${externalAddress}:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(personalMessage(teams.connector.url, 'Hej')),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'teams_emulator_loopback_only' });
    expect(engine.calls.handleMessage).toHaveLength(0);
    expect(teams.connector.requests).toHaveLength(0); // no request forgery towards the loopback serviceUrl
  });

  it('should refuse with 403 a request relayed by a proxy on this machine', async () => {
    await start();
    const response = await teams.post(personalMessage(teams.connector.url, 'Hej'), { 'x-forwarded-for': '203.0.113.9' });
    expect(response.status).toBe(403);
    expect(engine.calls.handleMessage).toHaveLength(0);
    expect(teams.connector.requests).toHaveLength(0);
  });

  it('should refuse an activity whose serviceUrl is not on this machine', async () => {
    await start();
    expect((await teams.post(personalMessage('https://smba.trafficmanager.net/emea/', 'Hej'))).status).toBe(403);
    expect(engine.calls.handleMessage).toHaveLength(0);
  });

  it('should never send proactively to a serviceUrl that is not on this machine', async () => {
    await start();
    const deliveryRef = { channelId: 'msteams', serviceUrl: 'http://192.0.2.10:8080/', conversation: { id: 'a:x' }, bot: { id: '28:bot' }, user: { id: USER.id } };
    await expect(
      teams.channel.deliveryPort.deliver({ conversationKey: 'teams:a:x', channel: 'teams', kind: 'bot_back', text: 'Hej', language: 'da', deliveryRef }),
    ).rejects.toThrow(/emulator mode sends only to a serviceUrl on this machine/);
  });
});

describe('loopback checks', () => {
  it('should count only 127.0.0.0/8, ::1 and their mapped forms as loopback', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['192.0.2.2', '::ffff:10.0.0.1', 'fd00::2', '', undefined]) expect(isLoopbackAddress(address)).toBe(false);
    for (const url of ['http://localhost:3978/', 'http://127.0.0.1:1/', 'http://[::1]:5/']) expect(isLoopbackUrl(url)).toBe(true);
    for (const url of ['https://smba.trafficmanager.net/emea/', 'http://localhost.evil.example/', 'file:///etc/passwd', 'not a url']) expect(isLoopbackUrl(url)).toBe(false);
  });
});
