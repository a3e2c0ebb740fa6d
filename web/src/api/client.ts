import type { ErrorCode, FieldError } from '../../../contracts/errors.ts';

/** A failed API call: the stable code from the server, the HTTP status and per-field details. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

type UnauthenticatedListener = () => void;
let onUnauthenticated: UnauthenticatedListener = () => {};

/** The app registers what to do when the session is gone (clear "me" → the router shows the login page). */
export function setUnauthenticatedHandler(fn: UnauthenticatedListener): void {
  onUnauthenticated = fn;
}

export type QueryValue = string | number | boolean | null | undefined;

/** Builds "?a=1&b=x" skipping empty values, so an unset filter never reaches the server as "". */
export function queryString(params: Record<string, QueryValue> = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Turns a non-2xx response into an ApiError; tolerant of bodies that are not our JSON shape. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const code = (err?.code ??
    (res.status === 401 ? 'UNAUTHENTICATED' : res.status === 404 ? 'NOT_FOUND' : 'INTERNAL')) as ErrorCode;
  const details = err?.details;
  return new ApiError(
    code,
    res.status,
    err?.message ?? res.statusText,
    Array.isArray(details) ? (details as FieldError[]) : [],
    details && !Array.isArray(details) && typeof details === 'object'
      ? (details as Record<string, unknown>)
      : {},
  );
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** JSON body, or FormData for multipart uploads (the browser then sets the boundary). */
  body?: unknown;
  signal?: AbortSignal;
  /** For the "who am I" probe a 401 is an answer, not a reason to bounce to the login page. */
  quiet401?: boolean;
}

/** Performs the request; the raw Response is returned for downloads, JSON is parsed by `api`. */
export async function rawRequest(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}${queryString(opts.query)}`, {
      method: opts.method ?? 'GET',
      // Same-origin cookies only: the session cookie never travels anywhere else.
      credentials: 'same-origin',
      headers,
      body: body ?? null,
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError('NETWORK', 0, e instanceof Error ? e.message : 'Network error');
  }
  if (!res.ok) {
    const err = await errorFromResponse(res);
    if (res.status === 401 && !opts.quiet401) onUnauthenticated();
    throw err;
  }
  return res;
}

/** JSON API call under /api. Throws ApiError on failure. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await rawRequest(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
  api<T>(path, { query, ...(signal ? { signal } : {}) });
export const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const del = <T>(path: string) => api<T>(path, { method: 'DELETE' });
