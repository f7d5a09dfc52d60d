// The fetch wrapper: same-origin with the session cookie, the CSRF token on state changes,
// RFC 7807 problems as errors with their title and detail, 401 -> the login page.

export interface Session {
  user: string;
  roles: string[];
  tenants: string[];
  csrf: string;
  mode: 'local' | 'oidc';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

let csrf = '';

export function setCsrf(token: string): void {
  csrf = token;
}

/** Where a 401 sends the browser: the login page, then back to this page. */
export function loginUrl(current: string): string {
  const next = current.startsWith('/') && !current.startsWith('//') ? current : '/findings';
  return '/login?next=' + encodeURIComponent(next);
}

let onUnauthorized = (): void => {
  window.location.assign(loginUrl(window.location.pathname + window.location.search));
};

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function problem(res: Response): Promise<ApiError> {
  let title = res.statusText || `HTTP ${res.status}`;
  let detail = '';
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as { title?: unknown; detail?: unknown };
      if (typeof body.title === 'string') title = body.title;
      if (typeof body.detail === 'string') detail = body.detail;
    } catch {
      // a malformed problem body: the status line stands
    }
  }
  return new ApiError(res.status, title.slice(0, 200), detail.slice(0, 1000));
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  /** Statuses answered as null instead of an error (404 for an endpoint this build lacks). */
  allow?: number[];
}

async function request<T>(method: string, path: string, body: unknown, opts: RequestOptions): Promise<T | null> {
  if (!path.startsWith('/ui/api/')) throw new Error('API paths are same-origin /ui/api/ paths');
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      body: body === undefined ? null : JSON.stringify(body),
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', 'the Mirador UI server did not answer');
  }
  if (res.status === 401) {
    onUnauthorized();
    throw new ApiError(401, 'Not signed in', 'your session has ended; sign in again');
  }
  if (opts.allow?.includes(res.status)) return null;
  if (!res.ok) throw await problem(res);
  if (res.status === 204) return null;
  return (await res.json()) as T;
}

export function getJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return request<T>('GET', path, undefined, opts) as Promise<T>;
}

/** GET that answers null for the allowed statuses (e.g. 404: not in this build). */
export function getOptional<T>(path: string, allow: number[], opts: RequestOptions = {}): Promise<T | null> {
  return request<T>('GET', path, undefined, { ...opts, allow });
}

export function postJson<T>(path: string, body: unknown, opts: RequestOptions = {}): Promise<T | null> {
  return request<T>('POST', path, body, opts);
}

export async function loadSession(): Promise<Session> {
  const s = await getJson<Session>('/ui/api/session');
  setCsrf(s.csrf);
  return s;
}

export async function logout(): Promise<void> {
  await postJson('/ui/api/logout', undefined);
}

/** /ui/api/core/tenants/{t}/... */
export function corePath(path: string): string {
  return '/ui/api/core/' + path.replace(/^\/+/, '');
}

export function rcaPath(path: string): string {
  return '/ui/api/rca/' + path.replace(/^\/+/, '');
}
