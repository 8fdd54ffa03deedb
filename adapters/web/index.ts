/** The web channel: chat page, JSON API and health check, as an express app. */
export { createWebApp, PUBLIC_DIR } from './create-web-app.js';
export { DEFAULT_MAX_BODY_BYTES, silentLogger, type WebAppOptions } from './web-app-options.js';
export { ANONYMOUS_COOKIE } from './anonymous-user.js';
export { CONTENT_SECURITY_POLICY } from './security-headers.js';
export { INTERNAL_ERROR_MESSAGE, type ApiErrorBody, type ApiErrorCode } from './http-errors.js';
export { WEB_CHANNEL } from './create-api-router.js';
export { applyHttpTimeouts, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS } from './http-timeouts.js';
export { DEFAULT_MAX_ANSWERS_IN_PROGRESS } from './answers-in-progress.js';
export { DEFAULT_WEB_RATE_LIMITS, type RouteLimit, type WebRateLimits } from './request-limits.js';
