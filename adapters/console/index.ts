/** The advisers' console (web page under /advisers) and API (/api/escalations, /api/advisers), as an express router. */
export { createConsoleApp, type ConsoleApp } from './create-console-app.js';
export { CSRF_HEADER, SESSION_COOKIE, type ConsoleAppOptions } from './console-options.js';
export { CONSOLE_PUBLIC_DIR } from './session-routes.js';
export { escalationChanges, type EscalationChange } from './escalation-changes.js';
export type { AdviserAuth } from './adviser-auth.js';
