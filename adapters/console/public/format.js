/**
 * Danish labels for the console: statuses, channels, triggers, ages and times.
 */

const STATUS = { queued: 'Venter', claimed: 'Overtaget', resolved: 'Løst', cancelled: 'Annulleret' };
const CHANNEL = { web: 'Web', slack: 'Slack', teams: 'Teams', cli: 'CLI' };
const TRIGGER = { user_request: 'Bad om en rådgiver', low_confidence: 'Usikkert svar', thumbs_down: 'Svaret fik tommel ned' };

/** "Venter", "Overtaget af Mette", "Løst", "Annulleret". */
export function statusLabel(escalation, me) {
  if (escalation.status === 'claimed') {
    return escalation.adviserId && escalation.adviserId === me?.id ? 'Overtaget af dig' : `Overtaget af ${escalation.adviserName ?? 'en rådgiver'}`;
  }
  return STATUS[escalation.status] ?? escalation.status;
}

/** "Web", "Slack", "Teams", "CLI". */
export const channelLabel = (channel) => CHANNEL[channel] ?? channel;
/** Why the escalation was opened, in Danish. */
export const triggerLabel = (trigger) => TRIGGER[trigger] ?? trigger;

/** "nu", "12 min", "3 t 5 min", "2 døgn". */
export function ageLabel(minutes) {
  const m = Math.max(0, Math.floor(Number(minutes) || 0));
  if (m < 1) return 'nu';
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} t${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(m / (24 * 60))} døgn`;
}

const dateTime = new Intl.DateTimeFormat('da-DK', { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit' });

/** "27. nov. 2025 20.47" */
export const formatDateTime = (iso) => (iso ? dateTime.format(new Date(iso)) : '');

/** "20.47" today, otherwise date and time. */
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString() ? time.format(date) : dateTime.format(date);
}
