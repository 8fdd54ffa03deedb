/**
 * A filled "Del jeres erfaring" form for tests of the web route: every required field valid, as the page sends it
 * (multipart/form-data with the X-Kraftcenter-Form header).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const VALID_CASE: Record<string, string | string[]> = {
  title: 'Hverdagsrehabilitering i hjemmeplejen',
  organisation: 'Fredericia Kommune',
  organisation_type: 'kommune',
  region: 'Syddanmark',
  year: '2021',
  policy_area: 'ældre',
  what_we_did: 'Vi trænede borgerne i hverdagens gøremål, før vi gav hjælp.',
  what_came_of_it: 'Færre visiterede timer og mere selvhjulpne borgere.',
  advice: 'Start med et lille team og mål fra dag ét.',
  methods: 'brugerrejse, prototype',
  innovation_type: ['medarbejderdreven', 'brugerdreven'],
  status: 'afsluttet',
  contact_role: 'Projektleder, Sundhed og Omsorg',
  contact_email: 'projekt@fredericia.dk',
};

/** The small PDF in test/fixtures/submissions. */
export const SAMPLE_PDF_PATH = fileURLToPath(new URL('../fixtures/submissions/erfaring.pdf', import.meta.url));
export const samplePdf = (): Buffer => readFileSync(SAMPLE_PDF_PATH);

/** The form as FormData: `fields` over the valid case, an optional file as `attachment`. */
export function caseForm(fields: Record<string, string | string[] | undefined> = {}, file?: { name: string; bytes: Buffer; type?: string }): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...VALID_CASE, ...fields })) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  if (file) form.append('attachment', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  return form;
}

/** POSTs the form as the page does. */
export function postCaseForm(baseUrl: string, form: FormData, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/case-submissions`, { method: 'POST', body: form, headers: { 'X-Kraftcenter-Form': '1', ...headers } });
}
