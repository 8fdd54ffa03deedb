/**
 * The advisers' console as a Channel: its router (/advisers, /api/escalations, /api/advisers, /api/insight,
 * /api/submissions, /api/library) mounted before the web app. Advisers see the queue through its live-update stream, so it has no notifier of its own;
 * stopping it ends the stream's poller.
 */
import type { Channel, PlanChannel } from '../channel.js';
import { createConsoleApp } from './create-console-app.js';
import type { ConsoleAppOptions } from './console-options.js';

/**
 * Builds the console channel.
 *
 * @example
 * const console = createConsoleChannel({ escalations, advisers, db, logger });
 */
export function createConsoleChannel(options: ConsoleAppOptions): Channel {
  const app = createConsoleApp(options);
  return {
    name: 'console',
    routes: { mount: 'page', handler: app },
    start: async () => undefined,
    stop: async () => app.close(),
    describe: () => 'rådgiverkonsol: til (/advisers)',
  };
}

/** The console's place in the server's channel list: always on. The office hours cut the insight page's days and weeks. */
export const planConsoleChannel: PlanChannel = () => ({ config, escalations, advisers, db, logger, submissions, library }) =>
  createConsoleChannel({
    escalations,
    advisers,
    db,
    logger,
    submissions,
    library,
    escalation: { officeHours: config.escalation.officeHours, targetWorkingHours: config.escalation.targetWorkingHours },
  });
