import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdviserInputError, createAdviserStore, hashSecret, type AdviserStore } from '../../../../bot/advisers/index.js';
import type { Db } from '../../../../knowledge/db/db.js';
import { testDatabases } from '../../../support/test-databases.js';

describe.each(testDatabases)('adviser store on $name', (target) => {
  let db: Db;
  let clock = new Date('2025-03-03T09:00:00Z');
  let store: AdviserStore;
  let n = 0;
  const email = () => `adviser${++n}@kraftcenter.dk`;

  beforeAll(async () => {
    db = await target.open();
    store = createAdviserStore(db, { now: () => clock });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('should create an enabled adviser, return its token once and store only the sha256 of it', async () => {
    const { adviser, token } = await store.add({ name: '  Mette   Rådgiver ', email: '  Mette@Kraftcenter.DK ' });
    expect(adviser).toMatchObject({ name: 'Mette Rådgiver', email: 'mette@kraftcenter.dk', enabled: true });
    expect(token).toMatch(/^kca_/);
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM advisers WHERE id = $1', [adviser.id]);
    expect(rows[0]!.token_hash).toBe(hashSecret(token));
    expect(JSON.stringify(rows[0])).not.toContain(token);
    expect(JSON.stringify(adviser)).not.toContain(token);
  });

  it('should refuse a taken e-mail, a malformed e-mail and a blank name', async () => {
    const address = email();
    await store.add({ name: 'A', email: address });
    await expect(store.add({ name: 'B', email: address.toUpperCase() })).rejects.toThrow(AdviserInputError);
    await expect(store.add({ name: 'C', email: 'not-an-email' })).rejects.toThrow(AdviserInputError);
    await expect(store.add({ name: '   ', email: email() })).rejects.toThrow(/navnet/);
  });

  it('should authenticate a valid token, ignore unknown and malformed ones, and return disabled advisers as disabled', async () => {
    const address = email();
    const { adviser, token } = await store.add({ name: 'Jonas', email: address });
    expect((await store.authenticate(token))?.id).toBe(adviser.id);
    expect(await store.authenticate(`kca_${'x'.repeat(43)}`)).toBeUndefined();
    expect(await store.authenticate('kca_short')).toBeUndefined();
    expect(await store.authenticate(hashSecret(token))).toBeUndefined();
    await store.disable(address);
    expect(await store.authenticate(token)).toMatchObject({ id: adviser.id, enabled: false });
    await store.enable(address);
    expect((await store.authenticate(token))?.enabled).toBe(true);
  });

  it('should list everyone by name, or only the enabled ones', async () => {
    const address = email();
    await store.add({ name: 'Åse Deaktiveret', email: address });
    await store.disable(address);
    const all = await store.list();
    const enabled = await store.list({ enabledOnly: true });
    expect(all.some((a) => a.email === address)).toBe(true);
    expect(enabled.some((a) => a.email === address)).toBe(false);
    expect(enabled.every((a) => a.enabled)).toBe(true);
  });

  it('should make the old token useless and end sessions when the token is rotated', async () => {
    const address = email();
    const { adviser, token } = await store.add({ name: 'Rotér', email: address });
    const session = await store.openSession(adviser.id);
    const rotated = await store.rotateToken(address);
    expect(rotated?.token).toMatch(/^kca_/);
    expect(rotated?.token).not.toBe(token);
    expect(await store.authenticate(token)).toBeUndefined();
    expect((await store.authenticate(rotated!.token))?.id).toBe(adviser.id);
    expect(await store.findSession(session.sessionToken)).toBeUndefined();
    expect(await store.rotateToken('nobody@kraftcenter.dk')).toBeUndefined();
  });

  it('should end the sessions of a disabled adviser', async () => {
    const address = email();
    const { adviser } = await store.add({ name: 'Slut', email: address });
    const session = await store.openSession(adviser.id);
    expect(await store.disable(address)).toMatchObject({ enabled: false });
    expect(await store.findSession(session.sessionToken)).toBeUndefined();
    expect(await store.disable('nobody@kraftcenter.dk')).toBeUndefined();
  });

  it('should keep sessions under the hash of their token with a CSRF token, and expire them after 12 hours', async () => {
    const { adviser } = await store.add({ name: 'Session', email: email() });
    const session = await store.openSession(adviser.id);
    expect(new Date(session.expiresAt).getTime() - clock.getTime()).toBe(12 * 3600_000);
    const found = await store.findSession(session.sessionToken);
    expect(found).toMatchObject({ adviser: { id: adviser.id }, csrfToken: session.csrfToken });
    const { rows } = await db.query<{ id: string }>('SELECT id FROM adviser_sessions WHERE adviser_id = $1', [adviser.id]);
    expect(rows.map((r) => r.id)).toEqual([hashSecret(session.sessionToken)]);
    expect(await store.findSession('not-a-session')).toBeUndefined();

    clock = new Date(clock.getTime() + 12 * 3600_000 + 1);
    expect(await store.findSession(session.sessionToken)).toBeUndefined();
    const after = await db.query('SELECT 1 FROM adviser_sessions WHERE adviser_id = $1', [adviser.id]);
    expect(after.rows).toHaveLength(0);
  });

  it('should end a session on sign-out and ignore unknown ones', async () => {
    const { adviser } = await store.add({ name: 'Ud', email: email() });
    const session = await store.openSession(adviser.id);
    await store.closeSession(session.sessionToken);
    await store.closeSession('unknown');
    expect(await store.findSession(session.sessionToken)).toBeUndefined();
  });

  it('should link Slack and Teams user ids and find the adviser by Slack id, refusing malformed ids', async () => {
    const address = email();
    const { adviser } = await store.add({ name: 'Slack', email: address });
    expect(await store.linkSlack(address, 'U012AB3CD')).toMatchObject({ slackUserId: 'U012AB3CD' });
    expect((await store.findBySlackUser('U012AB3CD'))?.id).toBe(adviser.id);
    await expect(store.linkSlack(address, 'not slack')).rejects.toThrow(AdviserInputError);
    expect(await store.linkSlack('nobody@kraftcenter.dk', 'U999')).toBeUndefined();
    expect(await store.linkTeams(address, 'aad-1234-abcd')).toMatchObject({ teamsUserId: 'aad-1234-abcd', slackUserId: 'U012AB3CD' });
    await expect(store.linkTeams(address, 'has spaces')).rejects.toThrow(AdviserInputError);
  });

  it('should append audit rows with actor, action and details', async () => {
    await store.audit({ actor: 'cli:test', action: 'adviser.created', details: { email: 'x@y.dk' } });
    const { rows } = await db.query<{ actor: string; action: string; escalation_id: string | null; details: unknown }>(
      "SELECT actor, action, escalation_id, details FROM audit_log WHERE actor = 'cli:test'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'adviser.created', escalation_id: null });
    const details = typeof rows[0]!.details === 'string' ? JSON.parse(rows[0]!.details) : rows[0]!.details;
    expect(details).toEqual({ email: 'x@y.dk' });
  });
});
