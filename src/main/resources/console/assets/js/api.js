// The console's one way to the service: the same HTTP API the operators' curl uses. The browser
// holds a session cookie (HttpOnly, so no script reads it) and sends the CSRF token, read from the
// facebank_csrf cookie, on every request that changes something.

export class ApiError extends Error {
  constructor(status, body) {
    const error = body && body.error ? body.error : null;
    super(error ? error.message : `HTTP ${status}`);
    this.status = status;
    this.code = error ? error.code : null;
    this.body = body;
  }

  /** The session is gone (expired, signed out elsewhere, operator removed). */
  get signedOut() {
    return this.status === 401 || (this.status === 403 && this.code === 'forbidden');
  }
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)facebank_csrf=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : null;
}

/** Sends one request; answers {status, body}; throws ApiError for any status from 400 up. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) {
      headers['X-CSRF-Token'] = token;
    }
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (response.status >= 400) {
    throw new ApiError(response.status, json);
  }
  return { status: response.status, body: json };
}

export const get = (path) => api('GET', path).then((answer) => answer.body);
export const post = (path, body) => api('POST', path, body);
export const enc = encodeURIComponent;
