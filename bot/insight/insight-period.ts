/**
 * Calendar days and weeks of the insight page, in the office time zone: a period is whole days from 00:00 on its
 * first day to 00:00 after its last, and weeks run Monday to Sunday (as the SQL's `date_trunc('week', …)` cuts them).
 */
import { fromLocalTime, toLocalTime } from '../escalation/office-hours.js';

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → [year, month, day], or undefined for anything that is not a real calendar date. */
export function parseDay(text: string): [number, number, number] | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return [year, month, day];
}

/** The day `offset` days after `day` ('YYYY-MM-DD'). */
export function addDays(day: string, offset: number): string {
  const [year, month, date] = parseDay(day) ?? [1970, 1, 1];
  return new Date(Date.UTC(year, month - 1, date) + offset * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both counted (1 when equal). */
export function daysBetween(from: string, to: string): number {
  const [a, b] = [parseDay(from), parseDay(to)];
  if (!a || !b) return 0;
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / DAY_MS) + 1;
}

/** Today's date in `timezone`. */
export function today(now: Date, timezone: string): string {
  const local = toLocalTime(now, timezone);
  return `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
}

/** The last `days` days, today included. */
export function lastDays(days: number, now: Date, timezone: string): { from: string; to: string } {
  const to = today(now, timezone);
  return { from: addDays(to, -(days - 1)), to };
}

/** The instants a period of days covers: 00:00 of `from` up to (not including) 00:00 after `to`. */
export function periodInstants(from: string, to: string, timezone: string): { start: Date; end: Date } {
  const [fy, fm, fd] = parseDay(from) ?? [1970, 1, 1];
  const [ty, tm, td] = parseDay(addDays(to, 1)) ?? [1970, 1, 2];
  return { start: fromLocalTime(fy, fm, fd, 0, timezone), end: fromLocalTime(ty, tm, td, 0, timezone) };
}

/** The Monday of the week `day` falls in. */
export function mondayOf(day: string): string {
  const [year, month, date] = parseDay(day) ?? [1970, 1, 1];
  const weekday = (new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7; // 0 = Monday
  return addDays(day, -weekday);
}

/** The Mondays of every week the period touches, oldest first. */
export function weeksOf(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}
