/**
 * Office hours and the response target: when an escalation is due, counting only working time in the centre's time
 * zone (evenings, weekends and closed dates do not count).
 */

/** The advisers' working week. Times are wall-clock times in `timezone`. */
export interface OfficeHours {
  /** IANA zone. @default 'Europe/Copenhagen' */
  timezone: string;
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** 'HH:MM' */
  start: string;
  /** 'HH:MM', after start. */
  end: string;
  /** Extra closed days ('YYYY-MM-DD' in `timezone`), e.g. public holidays. */
  closedDates?: string[];
}

/** How the hand-off is timed: office hours and the target for an adviser to take over. */
export interface EscalationSettings {
  officeHours: OfficeHours;
  /** Working hours within which an adviser should claim an escalation. */
  targetWorkingHours: number;
}

/** Weekdays 8–16 Copenhagen time. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = { timezone: 'Europe/Copenhagen', days: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' };

/** 4 working hours within DEFAULT_OFFICE_HOURS. */
export const DEFAULT_ESCALATION_SETTINGS: EscalationSettings = { officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4 };

/** A wall-clock date and time in some zone. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of `instant` in `timezone`. */
export function toLocalTime(instant: Date, timezone: string): LocalTime {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timezone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday!] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute) + instant.getUTCSeconds() / 60,
  };
}

/** The instant at which the wall clock in `timezone` shows the given date and minute of day. */
export function fromLocalTime(year: number, month: number, day: number, minutes: number, timezone: string): Date {
  const wall = Date.UTC(year, month - 1, day) + minutes * 60_000;
  let guess = wall;
  // Two rounds settle the zone offset, also next to a daylight-saving switch.
  for (let round = 0; round < 2; round++) {
    const local = toLocalTime(new Date(guess), timezone);
    const shown = Date.UTC(local.year, local.month - 1, local.day) + Math.round(local.minutes * 60_000);
    guess += wall - shown;
  }
  return new Date(guess);
}

/** 'HH:MM' → minutes after midnight. */
export function parseClock(clock: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
  if (!match) throw new Error(`office hours: expected HH:MM, got "${clock}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

const isoDate = (local: Pick<LocalTime, 'year' | 'month' | 'day'>) =>
  `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;

/**
 * When an escalation opened at `start` is due: `targetWorkingHours` of working time later, counting only the office
 * hours. Opened after hours or at a weekend, the clock starts when the office next opens.
 * @example computeDueAt(new Date('2025-03-07T14:00:00Z'), 4, DEFAULT_OFFICE_HOURS) // Friday 15:00 → Monday 11:00 (10:00Z)
 */
export function computeDueAt(start: Date, targetWorkingHours: number, officeHours: OfficeHours = DEFAULT_OFFICE_HOURS): Date {
  const open = parseClock(officeHours.start);
  const close = parseClock(officeHours.end);
  if (close <= open) throw new Error('office hours: end must be after start');
  if (!officeHours.days.some((day) => day >= 1 && day <= 7)) throw new Error('office hours: no working days');
  const closed = new Set(officeHours.closedDates ?? []);
  let remaining = Math.max(0, targetWorkingHours) * 60;
  let local = toLocalTime(start, officeHours.timezone);
  for (let guard = 0; guard < 3700; guard++) {
    if (officeHours.days.includes(local.weekday) && !closed.has(isoDate(local))) {
      const from = Math.max(local.minutes, open);
      if (from < close) {
        if (remaining <= close - from) return fromLocalTime(local.year, local.month, local.day, from + remaining, officeHours.timezone);
        remaining -= close - from;
      }
    }
    const next = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
    const nextDay = { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
    local = { ...nextDay, weekday: ((next.getUTCDay() + 6) % 7) + 1, minutes: 0 };
  }
  throw new Error('office hours: no working time within ten years');
}
