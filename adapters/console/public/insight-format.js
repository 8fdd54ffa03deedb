/**
 * Danish labels and number formats of the insight page. Table cells and CSV fields use the same strings.
 */

const INTENT = {
  case_lookup: 'Case-opslag',
  method: 'Metode',
  greeting: 'Hilsen',
  out_of_scope: 'Uden for emnet',
  human: 'Bad om en rådgiver',
  feedback: 'Feedback',
  unknown: 'Ukendt',
};
const CHANNEL = { web: 'Web', slack: 'Slack', teams: 'Teams', cli: 'CLI' };
const TYPE = { case: 'Case', method: 'Metode', research: 'Forskning' };

export const intentLabel = (intent) => INTENT[intent] ?? intent;
export const channelLabel = (channel) => CHANNEL[channel] ?? channel;
export const typeLabel = (type) => (type ? (TYPE[type] ?? type) : 'Ikke længere i biblioteket');

const integer = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('da-DK', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "1.234" */
export const formatCount = (value) => integer.format(value);
/** 0.125 → "12,5"; null → "–" */
export const formatPercent = (share) => (share === null || share === undefined ? '–' : decimal.format(share * 100));
/** Minutes → hours with one decimal ("1,5"); null → "–" */
export const formatHours = (minutes) => (minutes === null || minutes === undefined ? '–' : decimal.format(minutes / 60));

/** The ISO week number of a Monday 'YYYY-MM-DD'. */
export function isoWeek(monday) {
  const date = new Date(`${monday}T00:00:00Z`);
  const thursday = new Date(date.getTime() + 3 * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000)) + 1;
}

/** "Uge 45" (chart axes). */
export const weekShort = (monday) => `Uge ${isoWeek(monday)}`;
/** "Uge 45 (fra 2026-11-02)" (tables, CSV). */
export const weekLong = (monday) => `Uge ${isoWeek(monday)} (fra ${monday})`;

const dayFormat = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** '2026-11-02' → "2. november 2026" */
export const formatDay = (day) => dayFormat.format(new Date(`${day}T00:00:00Z`));
