/**
 * The Bibliotek page's Danish labels for the library's values, and one document's line of facts.
 */

const TYPE = { case: 'Case', method: 'Metode', research: 'Forskning' };
const ORGANISATION_TYPE = { kommune: 'Kommune', region: 'Region', stat: 'Stat', andet: 'Andet' };
const REGION = { national: 'Hele landet' };
const AUDIENCE = { public: 'Offentlig', internal: 'Intern' };
const OUTCOME = { added: 'Tilføjet', updated: 'Opdateret', unchanged: 'Uændret', failed: 'Ikke lagt ind' };
const FORMAT = { markdown: 'Markdown', pdf: 'PDF', docx: 'DOCX', html: 'HTML', text: 'Tekst', csv: 'CSV', json: 'JSON' };

export const typeLabel = (type) => TYPE[type] ?? type;
export const organisationTypeLabel = (value) => ORGANISATION_TYPE[value] ?? value;
export const regionLabel = (region) => REGION[region] ?? region;
export const audienceLabel = (audience) => AUDIENCE[audience] ?? audience;
export const outcomeLabel = (outcome) => OUTCOME[outcome] ?? outcome;
export const formatLabel = (format) => FORMAT[format] ?? format;

/** "2008–2010", "2012" or "" */
export function yearsLabel(doc) {
  if (doc.year === undefined) return '';
  return doc.endYear !== undefined && doc.endYear !== doc.year ? `${doc.year}–${doc.endYear}` : String(doc.year);
}

/** The facts of a list row, in the order the page shows them, without the empty ones. */
export function factsOf(doc) {
  return [
    typeLabel(doc.type),
    doc.organisation,
    doc.organisationType ? organisationTypeLabel(doc.organisationType) : undefined,
    doc.region ? regionLabel(doc.region) : undefined,
    yearsLabel(doc) || undefined,
    audienceLabel(doc.audience),
  ].filter(Boolean);
}

/** "1 dokument" / "12 dokumenter" */
export const documentsLabel = (n) => `${n} ${n === 1 ? 'dokument' : 'dokumenter'}`;
