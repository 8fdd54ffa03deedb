/**
 * The console's Bibliotek page in headless Chromium on the real stack (PGlite, the fixture library ingested as
 * LIBRARY_DIR, the library publisher and submission service): an adviser signs in, searches and filters, opens a
 * document (metadata, chunks, the question that cited it), uploads a good and a broken Markdown file and sees the
 * per-file report, finds the new document, and unpublishes one after the confirmation. axe-core checks the list,
 * the detail, the report, the confirmation and the narrow page (WCAG 2.1 A/AA).
 * Screenshots: .tmp/bibliotek.png, .tmp/bibliotek-320.png.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleApp, type ConsoleApp } from '../../adapters/console/index.js';
import { createAdviserStore, type AdviserStore } from '../../bot/advisers/index.js';
import { appendMessage, upsertConversation } from '../../bot/store/conversation-store.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/db/db.js';
import { checkAccessibility, type AxeReport } from '../support/axe.js';
import { copyFixtureLibrary } from '../support/library-fixture.js';
import { openLibraryServices } from '../support/library-services.js';
import { testDatabases } from '../support/test-databases.js';
import { createFakeEscalationService } from '../unit/adapters/console/fake-escalation-service.js';
import { CHROMIUM, HAS_CHROMIUM, SKIP_REASON, screenshot } from './chat-page-harness.js';
import { signInAdviser } from '../support/sign-in-adviser.js';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];

const GOOD = `---
type: case
title: Madspild i skolekøkkenet
organisation: Vejle Kommune
organisation_type: kommune
region: Syddanmark
year: 2021
---
## Baggrund
Skolekøkkenerne i Vejle vejede madspildet hver dag og halverede det på et år med mindre portioner.
`;

const BROKEN = `---
type: case
title: "Uafsluttet citat
organisation: Et sted
---
Tekst.
`;

describe.skipIf(!HAS_CHROMIUM)(`the Bibliotek page in headless Chromium${SKIP_REASON}`, { timeout: 120_000 }, () => {
  let db: Db;
  let server: Server;
  let consoleApp: ConsoleApp;
  let advisers: AdviserStore;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const folder = copyFixtureLibrary();
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-bibliotek-files-'));

  async function signedIn(width = 1280): Promise<Page> {
    const { token } = await advisers.add({ name: 'Bo Bibliotekar', email: `bo-${Date.now()}-${Math.random()}@kraftcenter.dk` });
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'da-DK' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message)).on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await signInAdviser(page, baseUrl, token);
    await page.getByRole('link', { name: 'Bibliotek' }).click();
    await page.waitForURL(`${baseUrl}/advisers/bibliotek`);
    await page.locator('#results-status', { hasText: /dokument/ }).waitFor();
    return page;
  }

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
    const { library, submissions } = await openLibraryServices(db, folder.dir);
    const key = (await upsertConversation(db, { channel: 'slack', conversationId: 'bibliotek-1', threadId: '', user: { id: 'u1', audience: 'internal' } }, 'da')).id;
    await appendMessage(db, key, { role: 'user', text: 'Hvem har erfaring med hverdagsrehabilitering?' });
    await appendMessage(db, key, { role: 'bot', text: 'Fredericia [1].', citations: [{ n: 1, documentId: 'fredericia-hverdagsrehabilitering', title: 'Fredericia', passage: 'Hverdag' }] });
    advisers = createAdviserStore(db);
    consoleApp = createConsoleApp({ escalations: createFakeEscalationService(), advisers, db, logger: silentLogger, pollMs: 250, library, submissions });
    const app = express().use(consoleApp);
    server = await new Promise<Server>((resolve) => void (server = app.listen(0, '127.0.0.1', () => resolve(server))));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fs.writeFileSync(path.join(uploads, 'Madspild i skolen.md'), GOOD);
    fs.writeFileSync(path.join(uploads, 'ødelagt.md'), BROKEN);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    await browser?.close();
    consoleApp?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
    folder.cleanup();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  it('should search, filter, open a document, upload files with a per-file report and unpublish, with no axe violations', async () => {
    const reports: AxeReport[] = [];
    const page = await signedIn();
    const titles = () => page.locator('.library-item__title').allTextContents();
    expect(await titles()).toEqual(expect.arrayContaining(['Hverdagsrehabilitering i Fredericia', 'Telemedicin til borgere med KOL']));
    reports.push(await checkAccessibility(page, 'bibliotek list'));

    // Filters are a GET form: the address holds the search.
    await page.locator('#filter-region').selectOption('Nordjylland');
    await page.locator('#filter-type').selectOption('case');
    await page.getByRole('button', { name: 'Søg', exact: true }).click();
    await page.waitForURL(/region=Nordjylland/);
    await page.locator('#results-status', { hasText: /dokument/ }).waitFor();
    expect(page.url()).not.toContain('q=');
    expect(await titles()).toEqual(['Borgertopmøde om kommunens budget', 'Telemedicin til borgere med KOL']);

    await page.goto(`${baseUrl}/advisers/bibliotek?q=Fredericia`);
    await page.locator('.library-item__title', { hasText: 'Hverdagsrehabilitering i Fredericia' }).click();
    const heading = page.getByRole('heading', { level: 2, name: 'Hverdagsrehabilitering i Fredericia' });
    await heading.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('detail-heading');
    const detail = page.locator('#detail');
    await expect.poll(() => detail.locator('.facts').textContent()).toContain('Fredericia Kommune');
    expect(await detail.locator('.chunk').count()).toBeGreaterThan(0);
    expect(await detail.locator('.citing__question').allTextContents()).toEqual(['Hvem har erfaring med hverdagsrehabilitering?']);
    reports.push(await checkAccessibility(page, 'bibliotek detail'));

    // Upload a good and a broken file: one added, one refused with the problem.
    await page.locator('.library-upload__summary').click();
    await page.getByLabel(/^Filer/).setInputFiles([path.join(uploads, 'Madspild i skolen.md'), path.join(uploads, 'ødelagt.md')]);
    await page.getByRole('button', { name: 'Upload og indlæs' }).click();
    const table = page.locator('.upload-table');
    await table.waitFor();
    expect(await table.locator('caption').textContent()).toBe('Resultat: 1 af 2 filer lagt ind');
    const rows = table.locator('tbody tr');
    expect(await rows.nth(0).textContent()).toContain('Tilføjet');
    expect(await rows.nth(1).textContent()).toContain('Ikke lagt ind');
    expect((await rows.nth(1).locator('td').nth(3).textContent())?.length).toBeGreaterThan(10);
    reports.push(await checkAccessibility(page, 'bibliotek upload report'));
    await screenshot(page, 'bibliotek.png', 1280);

    // The report links to the new document, which is searchable at once.
    await rows.nth(0).getByRole('link', { name: 'madspild-i-skolen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Madspild i skolekøkkenet' }).waitFor();
    await page.goto(`${baseUrl}/advisers/bibliotek?q=madspild`);
    await page.locator('.library-item__title', { hasText: 'Madspild i skolekøkkenet' }).waitFor();

    // Unpublish after the confirmation: out of the list.
    await page.locator('.library-item__title', { hasText: 'Madspild i skolekøkkenet' }).click();
    const confirm = page.getByRole('button', { name: 'Bekræft afpublicering' });
    expect(await confirm.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Afpublicér…' }).click();
    expect(await page.getByRole('button', { name: 'Afpublicér…' }).isVisible()).toBe(false);
    await page.getByLabel(/^Begrundelse/).fill('Prøveupload');
    reports.push(await checkAccessibility(page, 'bibliotek unpublish confirmation'));
    await confirm.click();
    await page.locator('#toast', { hasText: 'er afpubliceret' }).waitFor();
    await page.locator('#results-status', { hasText: 'Ingen dokumenter' }).waitFor();
    expect(await titles()).toEqual([]);

    const narrow = await signedIn(320);
    reports.push(await checkAccessibility(narrow, 'bibliotek 320 px'));
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await screenshot(narrow, 'bibliotek-320.png', 320);

    for (const report of reports) console.log(report.summary);
    for (const report of reports) expect(report.violations, report.details).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
