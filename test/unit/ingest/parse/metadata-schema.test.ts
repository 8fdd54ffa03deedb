import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../../../ingest/parse/describe-issues.js';
import { documentMetadataSchema, validateMetadata } from '../../../../ingest/parse/metadata-schema.js';

const minimalCase = { type: 'case', title: 'Titel', organisation: 'Ærø Kommune' };

function messageFor(raw: unknown): string {
  const result = validateMetadata(raw);
  if (result.ok) throw new Error('expected invalid metadata');
  return describeIssues(result.issues, 'front matter field');
}

describe('documentMetadataSchema', () => {
  it('should apply defaults and leave optional fields absent when only required fields are given', () => {
    const metadata = documentMetadataSchema.parse(minimalCase);
    expect(metadata).toEqual({
      type: 'case',
      title: 'Titel',
      organisation: 'Ærø Kommune',
      innovationType: [],
      methods: [],
      tags: [],
      audience: 'public',
    });
    expect(Object.keys(metadata)).not.toContain('region');
  });

  it('should map every snake_case field to camelCase when all fields are given', () => {
    const metadata = documentMetadataSchema.parse({
      id: 'min-case',
      type: 'case',
      title: 'Titel',
      organisation: 'Region Sjælland',
      organisation_type: 'region',
      region: 'Sjælland',
      year: 2018,
      end_year: 2020,
      policy_area: 'Sundhed',
      innovation_type: ['brugerdreven'],
      methods: ['Interview'],
      status: 'afsluttet',
      contact: { name: 'Åse', role: 'Leder', email: 'aase@regionsjaelland.dk', phone: '+45 1234' },
      source_url: 'https://regionsjaelland.dk/case',
      tags: ['sundhed'],
      audience: 'internal',
      author: 'Kraftcenter',
    });
    expect(metadata).toEqual({
      id: 'min-case',
      type: 'case',
      title: 'Titel',
      organisation: 'Region Sjælland',
      organisationType: 'region',
      region: 'Sjælland',
      year: 2018,
      endYear: 2020,
      policyArea: 'Sundhed',
      innovationType: ['brugerdreven'],
      methods: ['Interview'],
      status: 'afsluttet',
      contact: { name: 'Åse', role: 'Leder', email: 'aase@regionsjaelland.dk', phone: '+45 1234' },
      sourceUrl: 'https://regionsjaelland.dk/case',
      tags: ['sundhed'],
      audience: 'internal',
      author: 'Kraftcenter',
    });
  });

  it('should normalise sloppy but unambiguous values when users write them loosely', () => {
    const metadata = documentMetadataSchema.parse({
      type: ' Method ',
      title: 2030,
      region: 'sjaelland',
      year: ' 2012 ',
      status: 'Ide',
      innovation_type: 'Medarbejderdreven; teknologisk',
      methods: 'Prototyping',
      tags: ['a', 'a', '', null, 'b'],
      organisation_type: 'KOMMUNE',
      audience: 'Intern',
      contact: { phone: 12345678 },
    });
    expect(metadata).toMatchObject({
      type: 'method',
      title: '2030',
      region: 'Sjælland',
      year: 2012,
      status: 'idé',
      innovationType: ['medarbejderdreven', 'teknologisk'],
      methods: ['Prototyping'],
      tags: ['a', 'b'],
      organisationType: 'kommune',
      audience: 'internal',
      contact: { phone: '12345678' },
    });
  });

  it('should accept "Region X" and "nationalt" when the region is written that way', () => {
    expect(documentMetadataSchema.parse({ ...minimalCase, region: 'Region Nordjylland' }).region).toBe('Nordjylland');
    expect(documentMetadataSchema.parse({ ...minimalCase, region: 'Nationalt' }).region).toBe('national');
    expect(documentMetadataSchema.parse({ ...minimalCase, status: 'IGANGVAERENDE' }).status).toBe('igangværende');
  });

  it('should ignore unknown fields and treat empty values as absent when they appear', () => {
    const metadata = documentMetadataSchema.parse({ ...minimalCase, colour: 'blue', region: '', contact: {}, tags: null });
    expect(metadata).not.toHaveProperty('colour');
    expect(metadata).not.toHaveProperty('region');
    expect(metadata).not.toHaveProperty('contact');
    expect(metadata.tags).toEqual([]);
  });

  it('should report zod issues with the snake_case field path when a field is wrong', () => {
    const result = documentMetadataSchema.safeParse({ ...minimalCase, contact: { email: 'nope' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['contact', 'email']);
  });
});

describe('validateMetadata messages', () => {
  it('should name the field and the allowed values when an enum value is wrong', () => {
    expect(messageFor({ ...minimalCase, organisation_type: 'kommunal' })).toBe(
      'front matter field "organisation_type": must be one of kommune, region, stat, andet (got "kommunal")',
    );
  });

  it('should name each missing required field when type and title are missing', () => {
    const message = messageFor({ organisation: 'X' });
    expect(message).toContain('front matter field "type": is required (one of case, method, research)');
    expect(message).toContain('front matter field "title": is required');
  });

  it('should require organisation when the type is case', () => {
    expect(messageFor({ type: 'case', title: 'T' })).toBe('front matter field "organisation": is required for type "case"');
  });

  it('should reject a year outside the range or not a number when given', () => {
    expect(messageFor({ ...minimalCase, year: 1900 })).toContain('"year": must be between 1950 and 2100 (got 1900)');
    expect(messageFor({ ...minimalCase, year: '2012-2014' })).toContain('"year": must be a year such as 2019 (got "2012-2014")');
    expect(messageFor({ ...minimalCase, year: 2012.5 })).toContain('"year"');
  });

  it('should reject end_year before year when both are given', () => {
    expect(messageFor({ ...minimalCase, year: 2020, end_year: 2019 })).toBe(
      'front matter field "end_year": must not be before year (2019 < 2020)',
    );
  });

  it('should name the bad items when a list holds unknown innovation types', () => {
    expect(messageFor({ ...minimalCase, innovation_type: ['brugerdreven', 'digital'] })).toBe(
      'front matter field "innovation_type": must be one of medarbejderdreven, brugerdreven, samarbejdsdrevet, teknologisk (got "digital")',
    );
  });

  it('should reject a malformed e-mail, URL or id when given', () => {
    expect(messageFor({ ...minimalCase, contact: { email: 'aase(at)x.dk' } })).toContain('"contact.email": must be an e-mail address');
    expect(messageFor({ ...minimalCase, source_url: 'ftp://x.dk/a' })).toContain('"source_url": must be an http:// or https:// URL');
    expect(messageFor({ ...minimalCase, id: 'Min Case' })).toContain('"id": must contain only letters');
    expect(messageFor({ ...minimalCase, contact: 'Åse' })).toContain('"contact": must be a mapping');
  });

  it('should refuse a non-mapping when the input is a list', () => {
    expect(messageFor(['a'])).toBe('must be a mapping of field: value (got a list)');
  });
});
