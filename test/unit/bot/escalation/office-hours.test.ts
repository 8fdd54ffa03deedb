import { describe, expect, it } from 'vitest';
import { computeDueAt, DEFAULT_ESCALATION_SETTINGS, DEFAULT_OFFICE_HOURS, expectedResponseText, type OfficeHours } from '../../../../bot/escalation/index.js';

const due = (startIso: string, hours = 4, officeHours: OfficeHours = DEFAULT_OFFICE_HOURS) =>
  computeDueAt(new Date(startIso), hours, officeHours).toISOString();

describe('computeDueAt', () => {
  it('should add the target within the same day when opened in the morning', () => {
    // Tuesday 4 March 2025, 09:00 Copenhagen (CET, UTC+1) → 13:00.
    expect(due('2025-03-04T08:00:00Z')).toBe('2025-03-04T12:00:00.000Z');
  });

  it('should end exactly at closing time when the target fits to the minute', () => {
    expect(due('2025-03-04T11:00:00Z')).toBe('2025-03-04T15:00:00.000Z');
  });

  it('should continue the next working day when opened after hours', () => {
    // Tuesday 18:00 → Wednesday 12:00.
    expect(due('2025-03-04T17:00:00Z')).toBe('2025-03-05T11:00:00.000Z');
  });

  it('should start at opening time when opened before the office opens', () => {
    expect(due('2025-03-04T05:00:00Z')).toBe('2025-03-04T11:00:00.000Z');
  });

  it('should skip the weekend when opened on Friday afternoon', () => {
    // Friday 7 March 15:00 → one hour on Friday, three on Monday → Monday 11:00.
    expect(due('2025-03-07T14:00:00Z')).toBe('2025-03-10T10:00:00.000Z');
  });

  it('should start on Monday morning when opened on a Saturday', () => {
    expect(due('2025-03-08T09:00:00Z')).toBe('2025-03-10T11:00:00.000Z');
  });

  it('should follow the clock change when the weekend switches to summer time', () => {
    // Friday 28 March 15:00 CET → Monday 31 March 11:00 CEST (UTC+2).
    expect(due('2025-03-28T14:00:00Z')).toBe('2025-03-31T09:00:00.000Z');
  });

  it('should span several working days when the target is longer than a day', () => {
    // Monday 3 March 08:00 + 16 working hours → Tuesday 16:00.
    expect(due('2025-03-03T07:00:00Z', 16)).toBe('2025-03-04T15:00:00.000Z');
  });

  it('should skip closed dates when a public holiday is configured', () => {
    expect(due('2025-03-07T14:00:00Z', 4, { ...DEFAULT_OFFICE_HOURS, closedDates: ['2025-03-10'] })).toBe('2025-03-11T10:00:00.000Z');
  });

  it('should honour other working days and hours when configured', () => {
    const saturdays: OfficeHours = { timezone: 'Europe/Copenhagen', days: [6], start: '10:00', end: '12:30' };
    // Tuesday → Saturday 8 March 10:00-12:30 (2.5 h) + 1 h on Saturday 15 March → 11:00 (10:00Z).
    expect(due('2025-03-04T08:00:00Z', 3.5, saturdays)).toBe('2025-03-15T10:00:00.000Z');
  });

  it('should refuse office hours that end before they start', () => {
    expect(() => computeDueAt(new Date(), 4, { ...DEFAULT_OFFICE_HOURS, start: '16:00', end: '08:00' })).toThrow(/end must be after start/);
  });
});

describe('expectedResponseText', () => {
  it('should give the target, the office hours and the latest time in Danish when the user writes Danish', () => {
    expect(expectedResponseText('da', DEFAULT_ESCALATION_SETTINGS, new Date('2025-03-10T10:00:00Z'))).toBe(
      'En rådgiver svarer normalt inden for ca. 4 arbejdstimer (hverdage 8–16), senest mandag kl. 11.',
    );
  });

  it('should give the same in English when the user writes English', () => {
    expect(expectedResponseText('en', DEFAULT_ESCALATION_SETTINGS, new Date('2025-03-10T10:30:00Z'))).toBe(
      'An adviser usually replies within about 4 working hours (weekdays 8:00–16:00 Danish time), at the latest Monday at 11:30.',
    );
  });

  it('should name the days and half hours when the office hours are unusual', () => {
    const settings = { officeHours: { ...DEFAULT_OFFICE_HOURS, days: [1, 3], start: '08:30' }, targetWorkingHours: 1.5 };
    expect(expectedResponseText('da', settings)).toBe('En rådgiver svarer normalt inden for ca. 1,5 arbejdstimer (mandag, onsdag 8.30–16).');
  });
});
