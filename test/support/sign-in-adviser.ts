import type { Page } from 'playwright-core';

/** Signs `page` into the advisers' console through its sign-in form with `token`, and waits for the queue. */
export async function signInAdviser(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/advisers`);
  await page.getByLabel('Adgangstoken').fill(token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL(`${baseUrl}/advisers/queue`);
}
