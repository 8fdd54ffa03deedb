import { readZipEntry } from './read-zip-entry.js';

/** The DOCX core properties the library uses (docProps/core.xml). */
export interface DocxCoreProperties {
  title?: string;
  creator?: string;
  /** As written, usually ISO 8601 ("2021-03-04T10:00:00Z"). */
  created?: string;
}

/**
 * Reads title, creator and created from a DOCX's docProps/core.xml. Missing file or fields give an
 * empty object: core properties are optional and often blank in Word documents.
 * A regex is enough here: core.xml is a flat list of Dublin Core elements.
 */
export function readDocxCoreProperties(docx: Uint8Array): DocxCoreProperties {
  const xml = readZipEntry(docx, 'docProps/core.xml')?.toString('utf8');
  if (xml === undefined) return {};
  const properties: DocxCoreProperties = {};
  const title = element(xml, 'title');
  const creator = element(xml, 'creator');
  const created = element(xml, 'created');
  if (title) properties.title = title;
  if (creator) properties.creator = creator;
  if (created) properties.created = created;
  return properties;
}

function element(xml: string, localName: string): string | undefined {
  const match = new RegExp(`<(?:[\\w-]+:)?${localName}\\b[^>]*?(?:/>|>([\\s\\S]*?)</(?:[\\w-]+:)?${localName}>)`).exec(xml);
  const value = match?.[1] === undefined ? undefined : decodeXmlEntities(match[1]).trim();
  return value ? value : undefined;
}

function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : _;
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? _;
  });
}
