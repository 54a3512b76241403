// The admin HTTP API as the page uses it (docs/openapi.yaml). Paths are relative to /dashboard/, so the page
// also works behind a proxy that serves sfsync under a prefix. Every failing call is reported to the banner by
// its name ("GET /api/sync-steps/facets"), and cleared when the same call succeeds again.

const failures = new Map();
let onChange = () => {};

export function onFailuresChanged(listener) {
  onChange = listener;
}

export function currentFailures() {
  return [...failures.entries()];
}

export class ApiError extends Error {
  constructor(call, status, detail) {
    super(`${call} failed: ${status ? 'HTTP ' + status + ', ' : ''}${detail}`);
    this.call = call;
    this.status = status;
  }
}

/** The URL of an API path with its query (empty values left out), relative to the dashboard. */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      query.set(key, value);
    }
  }
  const q = query.toString();
  return '..' + path + (q ? '?' + q : '');
}

async function call(method, path, params, key) {
  const name = `${method} ${key || path}`;
  let response;
  try {
    response = await fetch(apiUrl(path, params), {
      method,
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
  } catch (e) {
    return fail(name, 0, 'the service did not answer (' + e.message + ')');
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    if (response.ok) {
      return fail(name, response.status, 'the answer is not JSON');
    }
  }
  if (!response.ok) {
    const detail = body && body.error ? body.error
      : response.status === 401 ? 'not logged in: reload the page and log in as an administrator'
      : response.status === 404 ? 'this sfsync has no such endpoint (an older version?)'
      : (text || response.statusText).slice(0, 200);
    return fail(name, response.status, detail);
  }
  failures.delete(name);
  onChange();
  const total = response.headers.get('X-Total-Count');
  return { body, total: total === null ? null : Number(total) };
}

function fail(name, status, detail) {
  const error = new ApiError(name, status, detail);
  failures.set(name, error.message);
  onChange();
  throw error;
}

/** GET: resolves to {body, total} (total: X-Total-Count, null when absent). `key` names the call in errors. */
export function get(path, params, key) {
  return call('GET', path, params, key);
}

export function post(path, key) {
  return call('POST', path, {}, key);
}
