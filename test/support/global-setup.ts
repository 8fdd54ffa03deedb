import { ensurePgliteTemplate } from './pglite-template.js';

/** Builds the PGlite template once before any test file runs. */
export default async function setup(): Promise<void> {
  await ensurePgliteTemplate();
}
