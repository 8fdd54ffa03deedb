/**
 * The whole loop of "Del jeres erfaring" on the real server (every channel on, embedded database), in headless
 * Chromium: a user shares a case in the web chat and gets a reference → an adviser finds it in the console's Forslag
 * queue, edits the title and publishes → the user's next question finds the new case and cites it.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllChannelsServer, type AllChannelsServer } from '../support/all-channels-server.js';
import { fillCase } from '../support/fill-case-form.js';
import { CHROMIUM, HAS_CHROMIUM, SKIP_REASON, ask } from './chat-page-harness.js';
import { signInAdviser } from '../support/sign-in-adviser.js';

const SUBMITTED_TITLE = 'Droner kortlægger affaldssortering i Vesthimmerland';
const PUBLISHED_TITLE = 'Dronefotos kortlægger affaldssortering i Vesthimmerland';

describe.skipIf(!HAS_CHROMIUM)(`a shared case, from the web chat through the console into the answers${SKIP_REASON}`, { timeout: 180_000 }, () => {
  let server: AllChannelsServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  const watch = (page: Page) => {
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
  };

  beforeAll(async () => {
    server = await startAllChannelsServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should cite the case in the next answer once an adviser has published it', async () => {
    // 1. The user shares the case in the web chat.
    const userContext = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    userContext.setDefaultTimeout(15_000);
    const user = await userContext.newPage();
    watch(user);
    await user.goto(server.baseUrl);
    await user.getByRole('button', { name: 'Del jeres erfaring' }).click();
    await fillCase(user, {
      title: SUBMITTED_TITLE,
      organisation: 'Vesthimmerlands Kommune',
      region: 'Nordjylland',
      policy_area: 'affald og genbrug',
      what_we_did: 'Vi fløj med droner over genbrugspladsen og kortlagde affaldssorteringen container for container.',
      what_came_of_it: 'Fejlsorteringen faldt, fordi borgerne fik billeder af, hvad der endte i de forkerte containere.',
      advice: 'Tal med pladsens medarbejdere først: de ved, hvor fejlsorteringen sker.',
    });
    const dialog = user.getByRole('dialog', { name: 'Del jeres erfaring' });
    await dialog.getByRole('button', { name: 'Send erfaring' }).click();
    const thanks = dialog.locator('.case-thanks__message');
    await thanks.waitFor();
    const reference = /KC-\d{4}-\d{4}/.exec((await thanks.textContent()) ?? '')?.[0];
    expect(reference).toBeDefined();
    await dialog.locator('.case-thanks').getByRole('button', { name: 'Luk' }).click();

    // Not published yet: the library does not have it.
    await ask(user, 'Hvem har brugt droner til affaldssortering?');
    expect(await user.locator('.sources').last().textContent().catch(() => '')).not.toContain('Vesthimmerland');

    // 2. An adviser finds it in Forslag, edits the title and publishes.
    const { token } = await server.started.runtime.advisers.add({ name: 'Rasmus Redaktør', email: 'rasmus@kraftcenter.example.dk' });
    const adviserContext = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    adviserContext.setDefaultTimeout(15_000);
    const adviser = await adviserContext.newPage();
    watch(adviser);
    await signInAdviser(adviser, server.baseUrl, token);
    await adviser.goto(`${server.baseUrl}/advisers/forslag`);
    const item = adviser.locator('.queue-item', { hasText: SUBMITTED_TITLE });
    await item.waitFor();
    expect(await item.textContent()).toContain(reference!);
    await item.getByRole('link').click();
    await adviser.getByRole('heading', { level: 2, name: SUBMITTED_TITLE }).waitFor();
    await adviser.getByLabel('Titel (skal udfyldes)').fill(PUBLISHED_TITLE);
    await adviser.getByRole('button', { name: 'Publicér', exact: true }).click();
    await adviser.getByRole('button', { name: 'Ja, publicér' }).click();
    await adviser.locator('#proposal-status', { hasText: 'Publiceret' }).waitFor();

    // 3. The user's next question finds the new case and cites it by its edited title.
    await ask(user, 'Hvem har brugt droner til at kortlægge affaldssortering?');
    const sources = user.locator('.sources').last();
    await sources.waitFor();
    expect(await sources.textContent()).toContain(PUBLISHED_TITLE);
    expect(await user.locator('article.message--bot').last().textContent()).toMatch(/\[\d+\]/);

    await userContext.close();
    await adviserContext.close();
    expect(pageErrors).toEqual([]);
  });
});
