/** Fills the web chat's "Del jeres erfaring" dialog in a browser, as a user finds the fields: by their Danish labels. */
import type { Frame, Page } from 'playwright-core';
import { SAMPLE_PDF_PATH, VALID_CASE } from './case-submission-form.js';

export { SAMPLE_PDF_PATH };

/** Fills every field of the form from VALID_CASE through its Danish labels (as a user finds them). */
export async function fillCase(page: Page | Frame, overrides: Record<string, string> = {}): Promise<void> {
  const value = { ...VALID_CASE, ...overrides } as Record<string, string>;
  const dialog = page.getByRole('dialog', { name: 'Del jeres erfaring' });
  const text = async (label: string, field: string) => dialog.getByRole('textbox', { name: label, exact: true }).fill(value[field]!);
  const select = (label: string) => dialog.getByRole('combobox', { name: label, exact: true });
  await text('Titel', 'title');
  await text('Organisation', 'organisation');
  await select('Organisationstype').selectOption(value.organisation_type!);
  await select('Region').selectOption(value.region!);
  await text('Startår', 'year');
  await text('Politikområde', 'policy_area');
  await text('Hvad gjorde I?', 'what_we_did');
  await text('Hvad kom der ud af det?', 'what_came_of_it');
  await text('Råd til andre, der vil gøre det samme', 'advice');
  await text('Metoder I brugte', 'methods');
  await dialog.getByRole('checkbox', { name: 'Medarbejderdreven' }).check();
  await select('Status').selectOption(value.status!);
  await text('Kontaktpersonens rolle', 'contact_role');
  await text('Kontaktens arbejdsmail', 'contact_email');
}
