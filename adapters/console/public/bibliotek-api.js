/**
 * The Bibliotek page's one call that is not JSON: the multipart upload, with the session's CSRF token (the rest
 * goes through console-api.js).
 */
import { ApiError } from './console-api.js';

let csrfToken = '';

/** The token sent in `X-CSRF-Token` with the upload (from `GET /api/advisers/me`). */
export function setUploadCsrfToken(token) {
  csrfToken = token || '';
}

/** POSTs the form's files to `/api/library/uploads`; the answer is `{ files: [report lines] }`. */
export async function uploadFiles(formData) {
  let response;
  try {
    response = await fetch('/api/library/uploads', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrfToken },
      body: formData,
      // Ingesting a large PDF takes a while: longer than the JSON calls' 30 s.
      signal: AbortSignal.timeout(300_000),
    });
  } catch {
    throw new ApiError(0, 'network', 'Ingen forbindelse til serveren. Prøv igen om lidt.');
  }
  if (response.status === 401) {
    window.location.assign('/advisers');
    throw new ApiError(401, 'unauthorized', 'Du er ikke logget ind.');
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data?.error?.code ?? 'error', data?.error?.message);
  return data;
}
