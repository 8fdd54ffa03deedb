import { describe, expect, it } from 'vitest';
import { extractFilters, hasFilters } from '../../../../bot/understanding/index.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const filtersOf = (text: string) => extractFilters(text, NOW).filters;

describe('extractFilters', () => {
  describe('organisation type', () => {
    it.each([
      ['Hvilke regioner har arbejdet med telemedicin?', ['region']],
      ['Hvad har regionerne gjort på sundhedsområdet?', ['region']],
      ['Hvilke regionale projekter findes der?', ['region']],
      ['Hvad har staten lavet?', ['stat']],
      ['Hvilke statslige projekter startede før 2013?', ['stat']],
      ['Hvad har ministerierne og styrelserne gjort?', ['stat']],
      ['Hvilke kommunale initiativer er der om tillid?', ['kommune']],
      ['Kun kommuner, tak', ['kommune']],
      ['Hvilke kommuner og regioner har samarbejdet om sundhed?', ['kommune', 'region']],
      ['Which regions have worked with telemedicine?', ['region']],
      ['What have state agencies done about red tape?', ['stat']],
      ['Which municipal projects use robots?', ['kommune']],
    ])('should find the organisation type in %j', (text, expected) => {
      expect(filtersOf(text).organisationTypes).toEqual(expected);
    });

    it.each([
      'Hvilke kommuner har prøvet robotstøvsugere?',
      'Kender I en kommune der har holdt borgertopmøde?',
      'Hvordan tager vi en løsning fra en anden kommune?',
      'Hvordan kan en forening drive udviklingen med kommunen som tovholder?',
      'Hvilke kommuner har været med i forsøg, hvor de kunne slippe for statens regler?',
      'Hvad har Danske Regioner sagt om det?',
      'Which municipalities use video visits?',
    ])('should not filter on organisation type when %j only asks "who" or names one organisation', (text) => {
      expect(filtersOf(text).organisationTypes).toBeUndefined();
    });

    it('should filter on kommune when "kommuner" comes with another restriction', () => {
      expect(filtersOf('Hvilke kommuner i Nordjylland har lavet noget med velfærdsteknologi?')).toEqual({
        organisationTypes: ['kommune'],
        regions: ['Nordjylland'],
      });
      expect(filtersOf('Which municipalities have done this since 2018?')).toEqual({
        organisationTypes: ['kommune'],
        yearFrom: 2018,
      });
    });

    it('should filter on kommune when an elliptical follow-up asks for it explicitly', () => {
      expect(extractFilters('hvad med kommunerne?', NOW, { explicitOrganisationTypes: true }).filters).toEqual({
        organisationTypes: ['kommune'],
      });
    });

    it('should treat a named region as the organisation when it is the subject, not the place', () => {
      expect(filtersOf('Hvad har Region Syddanmark lavet med mock-ups?')).toEqual({
        organisationTypes: ['region'],
        regions: ['Syddanmark'],
      });
      expect(filtersOf('What has Region Midt done?')).toEqual({
        organisationTypes: ['region'],
        regions: ['Midtjylland'],
      });
      expect(filtersOf('Hvilke kommuner i Region Syddanmark bruger skærmbesøg?')).toEqual({
        organisationTypes: ['kommune'],
        regions: ['Syddanmark'],
      });
    });
  });

  describe('region', () => {
    it.each([
      ['Hvilke projekter er der i Nordjylland?', ['Nordjylland']],
      ['Nordjyske erfaringer med frikommuner', ['Nordjylland']],
      ['Har Region Midtjylland prøvet det?', ['Midtjylland']],
      ['Hvad er der sket på Fyn?', ['Syddanmark']],
      ['fynske eksempler på samskabelse', ['Syddanmark']],
      ['Sønderjyske projekter', ['Syddanmark']],
      ['Vis mig eksempler fra Sjælland', ['Sjælland']],
      ['Noget fra Region Sjælland?', ['Sjælland']],
      ['Projekter i Nordsjælland', ['Hovedstaden']],
      ['Hvad har man gjort i København?', ['Hovedstaden']],
      ['Kommuner i hovedstadsområdet', ['Hovedstaden']],
      ['Eksempler fra hele Sjælland', ['Hovedstaden', 'Sjælland']],
      ['Landsdækkende cases om ældreområdet', ['national']],
      ['Projekter i Midtjylland og Nordjylland', ['Midtjylland', 'Nordjylland']],
      ['Projects in North Jutland', ['Nordjylland']],
      ['Anything from the Capital Region or Copenhagen?', ['Hovedstaden']],
      ['Examples from Southern Denmark', ['Syddanmark']],
      ['Projects in North Zealand', ['Hovedstaden']],
      ['Projects in Region Zealand', ['Sjælland']],
    ])('should find the region in %j', (text, expected) => {
      expect(filtersOf(text).regions).toEqual(expected);
    });

    it.each(['Hvilke projekter er der i Jylland?', 'Projects in Jutland', 'Lessons from New Zealand'])(
      'should not filter on region when %j names no Danish region unambiguously',
      (text) => {
        expect(filtersOf(text).regions).toBeUndefined();
      },
    );
  });

  describe('years', () => {
    it.each([
      ['Projekter startet efter 2015', { yearFrom: 2016 }],
      ['Projekter siden 2015', { yearFrom: 2015 }],
      ['Projekter fra 2015', { yearFrom: 2015 }],
      ['Skoleprojekter fra 2020 og frem', { yearFrom: 2020 }],
      ['Hvad er sket fra og med 2019?', { yearFrom: 2019 }],
      ['Projekter før 2012', { yearTo: 2011 }],
      ['Projekter inden 2012', { yearTo: 2011 }],
      ['Projekter til og med 2012', { yearTo: 2012 }],
      ['Projekter mellem 2010 og 2015', { yearFrom: 2010, yearTo: 2015 }],
      ['Projekter fra 2010 til 2015', { yearFrom: 2010, yearTo: 2015 }],
      ['Projekter i perioden 2010-2015', { yearFrom: 2010, yearTo: 2015 }],
      ['Hvad skete der i 2012?', { yearFrom: 2012, yearTo: 2012 }],
      ['Hvad er der lavet de seneste 5 år?', { yearFrom: 2020 }],
      ['Hvad er der lavet inden for de sidste tre år?', { yearFrom: 2022 }],
      ['Efter 2010 og før 2015', { yearFrom: 2011, yearTo: 2014 }],
      ['Startet i 2012 og afsluttet i 2015', { yearFrom: 2012, yearTo: 2015 }],
      ['Projects after 2015', { yearFrom: 2016 }],
      ['Projects since 2015', { yearFrom: 2015 }],
      ['Projects before 2012', { yearTo: 2011 }],
      ['Projects between 2010 and 2015', { yearFrom: 2010, yearTo: 2015 }],
      ['What happened in 2012?', { yearFrom: 2012, yearTo: 2012 }],
      ['Projects from the last 5 years', { yearFrom: 2020 }],
      ['Projects from 2018 onwards', { yearFrom: 2018 }],
    ])('should read the period in %j', (text, expected) => {
      expect(filtersOf(text)).toMatchObject(expected);
      const { yearFrom, yearTo } = filtersOf(text);
      expect({ yearFrom, yearTo }).toEqual({ yearFrom: undefined, yearTo: undefined, ...expected });
    });

    it('should count "de seneste 5 år" back from the given date when one is given', () => {
      expect(extractFilters('de seneste 5 år', new Date('2030-01-01')).filters.yearFrom).toBe(2025);
    });

    it.each(['Hvordan får vi 2000 borgere med?', 'Vi har 1200 medarbejdere', 'Budget på 2015 kr.'])(
      'should not read a period in %j when no year is named with a preposition',
      (text) => {
        const { yearFrom, yearTo } = filtersOf(text);
        expect({ yearFrom, yearTo }).toEqual({ yearFrom: undefined, yearTo: undefined });
      },
    );
  });

  describe('document type', () => {
    it.each([
      ['Har I nogle rapporter eller undersøgelser om offentlig innovation?', ['research']],
      ['Hvad siger forskningen om samskabelse?', ['research']],
      ['Do you have any reports on public innovation?', ['research']],
      ['Hvilke metoder har I om borgerinddragelse?', ['method']],
      ['Landsdækkende cases om ældreområdet', ['case']],
      ['Cases om tillidsreform', ['case']],
    ])('should find the document type asked for in %j', (text, expected) => {
      expect(filtersOf(text).types).toEqual(expected);
    });

    it.each([
      'Hvilken metode kan vi bruge til at finde problemet?',
      'Findes der en metode til at teste idéer?',
      'Hvordan laver vi en business case?',
      'Hvordan laver vi undersøgelser af borgernes behov?',
      'Which method should we use?',
    ])('should not filter on document type when %j asks for advice, not documents', (text) => {
      expect(filtersOf(text).types).toBeUndefined();
    });
  });

  describe('policy area', () => {
    it.each([
      ['Hvilke projekter på ældreområdet er startet efter 2015?', 'ældre og sundhed'],
      ['Hvad har regionerne gjort på sundhedsområdet?', 'sundhed'],
      ['Hvad er der på beskæftigelsesområdet?', 'beskæftigelse'],
      ['Har I skoleprojekter?', 'børn og skole'],
      ['Hvad er der om børn og unge?', 'børn og skole'],
      ['Eksempler fra socialområdet', 'socialområdet'],
      ['Hvem arbejder med klimatilpasning?', 'klima og miljø'],
      ['Hvad har staten lavet på digitaliseringsområdet?', 'digitalisering'],
      ['Hvad har I inden for kultur og fritid?', 'kultur og fritid'],
      ['Hvilke demokratiprojekter er der?', 'demokrati og medborgerskab'],
      ['Ledelse og styring i staten', 'ledelse og organisation'],
      ['Projects in the health sector', 'sundhed'],
      ['Examples of climate adaptation', 'klima og miljø'],
    ])('should map the policy area in %j to the library value', (text, expected) => {
      expect(filtersOf(text).policyArea).toBe(expected);
    });

    it.each([
      'Kender I nogen kommuner, der har fået robotter til at gøre rent hos de ældre?',
      'Hvem har haft en pulje til ny teknologi i ældreplejen?',
      'Hvem har hjulpet børn med skoleangst?',
      'Hvordan finder vi ud af, om vores nye sociale indsats virker?',
      'Hvad er der på ældreområdet og skoleområdet?',
    ])('should not filter on policy area when %j only mentions a topic or names two areas', (text) => {
      expect(filtersOf(text).policyArea).toBeUndefined();
    });
  });

  it('should combine all restrictions when a question states several', () => {
    const question = 'Hvilke kommuner i Syddanmark har lavet noget på ældreområdet siden 2015?';
    expect(extractFilters(question, NOW)).toEqual({
      filters: {
        organisationTypes: ['kommune'],
        regions: ['Syddanmark'],
        yearFrom: 2015,
        policyArea: 'ældre og sundhed',
      },
      matched: ['syddanmark', 'siden 2015', 'ældreområdet', 'kommuner'],
    });
  });

  it('should return no filters and no matches when the question states no restriction', () => {
    expect(extractFilters('Hvordan tester vi en idé billigt?', NOW)).toEqual({ filters: {}, matched: [] });
  });
});

describe('extractFilters reads regions, organisation types and periods however they are named', () => {
  const clock = new Date('2026-06-01T12:00:00Z');

  it('should read "cases fra Region Midtjylland" as the area, exactly like "cases fra Midtjylland"', () => {
    const withRegion = extractFilters('cases fra Region Midtjylland efter 2015', clock).filters;
    expect(withRegion).toEqual(extractFilters('cases fra Midtjylland efter 2015', clock).filters);
    expect(withRegion).toEqual({ types: ['case'], regions: ['Midtjylland'], yearFrom: 2016 });
  });

  it('should still read Region X without a preposition as the regional authority', () => {
    expect(extractFilters('Hvad har Region Syddanmark lavet?', clock).filters).toEqual({
      regions: ['Syddanmark'],
      organisationTypes: ['region'],
    });
  });

  it.each([
    ['hvad har de midtjyske kommuner lavet', { regions: ['Midtjylland'], organisationTypes: ['kommune'] }],
    ['nordjyske styrelser', { regions: ['Nordjylland'], organisationTypes: ['stat'] }],
    ['sjællandske erfaringer', { regions: ['Sjælland'] }],
    ['syddanske cases de sidste fem år', { types: ['case'], regions: ['Syddanmark'], yearFrom: 2021 }],
    ['projekter i hovedstadsområdet siden 2018', { regions: ['Hovedstaden'], yearFrom: 2018 }],
    ['hvad har staten gjort før 2010', { organisationTypes: ['stat'], yearTo: 2009 }],
    ['borgerinddragelse i regionerne', { organisationTypes: ['region'] }],
  ])('should read "%s"', (question, filters) => {
    expect(extractFilters(question, clock).filters).toEqual(filters);
  });

  it('should read "i år" as the current year of the clock it is given', () => {
    expect(extractFilters('hvem har startet noget med skybrud i år', clock).filters).toEqual({ yearFrom: 2026, yearTo: 2026 });
    expect(extractFilters('hvem har startet noget med skybrud i år', new Date('2031-02-01T12:00:00Z')).filters).toEqual({
      yearFrom: 2031,
      yearTo: 2031,
    });
  });
});

describe('hasFilters', () => {
  it('should be false when no field is set or lists are empty', () => {
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ regions: [], yearFrom: undefined })).toBe(false);
  });

  it('should be true when any field restricts', () => {
    expect(hasFilters({ yearTo: 2012 })).toBe(true);
    expect(hasFilters({ regions: ['Sjælland'] })).toBe(true);
  });
});
