/** The web channel: chat page, JSON API and health check, as an express app. */
export { createWebApp, PUBLIC_DIR } from './create-web-app.js';
export { DEFAULT_MAX_BODY_BYTES, silentLogger, type WebAppOptions, type WebLogger } from './web-app-options.js';
export { ANONYMOUS_COOKIE } from './anonymous-user.js';
export { CONTENT_SECURITY_POLICY } from './security-headers.js';
export { INTERNAL_ERROR_MESSAGE, type ApiErrorBody, type ApiErrorCode } from './http-errors.js';
export { WEB_CHANNEL } from './create-api-router.js';
