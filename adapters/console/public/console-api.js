/**
 * JSON calls to the advisers' API with the session's CSRF token on every POST and PUT. A 401 (session expired or signed
 * out elsewhere) sends the browser back to the sign-in page.
 */

/**
 * A failed call: `status` 0 for network failures; `code` and `message` from the API's error body, and `issues`
 * (`[{ field, message }]`) when the API named the fields at fault.
 */
export class ApiError extends Error {
  constructor(status, code, message, issues = []) {
    super(message || 'Der opstod en fejl. Prøv igen.');
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

let csrfToken = '';

/** Sets the CSRF token sent in `X-CSRF-Token` (from `GET /api/advisers/me`). */
export function setCsrfToken(token) {
  csrfToken = token || '';
}

async function call(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'X-CSRF-Token': csrfToken }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new ApiError(0, 'network', 'Ingen forbindelse til serveren. Prøv igen om lidt.');
  }
  if (response.status === 401) {
    window.location.assign('/advisers');
    throw new ApiError(401, 'unauthorized', 'Du er ikke logget ind.');
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data?.error;
    const issues = Array.isArray(error?.issues) ? error.issues : error?.field ? [{ field: error.field, message: error.message }] : [];
    throw new ApiError(response.status, error?.code ?? 'error', error?.message, issues);
  }
  return data;
}

/** GET a JSON resource. */
export const getJson = (path) => call('GET', path);

/** POST a JSON body (or none). */
export const postJson = (path, body) => call('POST', path, body);

/** PUT a JSON body. */
export const putJson = (path, body) => call('PUT', path, body);

/** The API path of an escalation, or of one of its actions. */
export function escalationPath(id, action) {
  return `/api/escalations/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}
