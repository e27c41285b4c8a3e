// Calls GRID's HTTP APIs. Every refusal is an RFC 9457 problem with a `reason`; it becomes an ApiError.

/** A refusal or failure answered by GRID (or no answer at all). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.reason = problem.reason || '';
    this.problem = problem;
  }
}

/**
 * Sends one JSON request. `base` is '' for this origin (the platform) or a gateway's URL; cookies go
 * along so that the gateway's sign-in cookie reaches it.
 */
export async function call(method, path, body, base = '') {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'include' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(base + path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'No answer', detail: `${base || 'the platform'} did not answer (${e.message})`, reason: 'UNREACHABLE' });
  }
  const text = await response.text();
  let value = null;
  if (text) {
    try { value = JSON.parse(text); } catch { value = { detail: text }; }
  }
  if (!response.ok) {
    throw new ApiError(response.status, value || {});
  }
  return value;
}

export const get = (path, base) => call('GET', path, undefined, base);
export const post = (path, body, base) => call('POST', path, body ?? {}, base);

/** A gateway URL without its trailing slash. */
export function gatewayBase(url) {
  return (url || '').replace(/\/+$/, '');
}
