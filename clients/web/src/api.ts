// The only way the web application talks to Leerpool: the gateway's JSON API on the same origin.
// Errors keep the gateway's {code, status, message, details} shape, and the message's
// "field: problem" parts are split out so a form can show each one next to its input.

export interface Problem {
  field: string; // '' when the message names no field
  text: string;
}

export class ApiError extends Error {
  readonly httpStatus: number;
  readonly status: string; // gRPC status name, e.g. INVALID_ARGUMENT
  readonly problems: Problem[];

  constructor(httpStatus: number, status: string, message: string) {
    super(message);
    this.httpStatus = httpStatus;
    this.status = status;
    this.problems = splitProblems(message);
  }

  // The problems about one field (a form passes the names of its inputs).
  forField(...fields: string[]): string[] {
    return this.problems.filter((p) => fields.includes(p.field)).map((p) => p.text);
  }

  // The problems no input on the form claims, to show at the top of the form.
  unclaimed(fields: string[]): string[] {
    return this.problems.filter((p) => !fields.includes(p.field)).map((p) => (p.field ? `${p.field}: ${p.text}` : p.text));
  }
}

const FIELD = /^([a-z][a-z0-9_.[\]]*(?:, ?[a-z][a-z0-9_.[\]]*)*): (.+)$/s;

export function splitProblems(message: string): Problem[] {
  return message
    .split('; ')
    .filter((part) => part.trim() !== '')
    .flatMap((part) => {
      const m = FIELD.exec(part);
      if (!m) return [{ field: '', text: part }];
      // "a, b: text" names two fields; each shows the text.
      return m[1].split(/, ?/).map((field) => ({ field: field.replace(/^.*\./, ''), text: m[2] }));
    });
}

// A request body sent as it is instead of as JSON, e.g. `api.post(path, new RawBody(csv, 'text/csv'))`
// for the CSV import (a google.api.HttpBody request field).
export class RawBody {
  readonly text: string;
  readonly contentType: string;
  constructor(text: string, contentType: string) {
    this.text = text;
    this.contentType = contentType;
  }
}

type Query = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

// Every item of a list call, page after page: the response's `key` array, following
// nextPageToken to the end, or until `limit` items have come.
export async function allPages<T>(api: ApiClient, path: string, key: string, query: Query = {}, limit = Infinity): Promise<T[]> {
  const all: T[] = [];
  let pageToken = '';
  do {
    const page = await api.get<Record<string, unknown>>(path, { ...query, pageToken });
    all.push(...((page[key] as T[] | undefined) ?? []));
    pageToken = typeof page.nextPageToken === 'string' ? page.nextPageToken : '';
  } while (pageToken && all.length < limit);
  return all;
}

// The first `pages` pages of a list call (its `key` array) and the token of the page after
// them, '' at the end: for lists that show more on request.
export async function firstPages<T>(api: ApiClient, path: string, key: string, query: Query, pages: number): Promise<{ all: T[]; next: string }> {
  const all: T[] = [];
  let next = '';
  for (let i = 0; i < pages; i++) {
    const page = await api.get<Record<string, unknown>>(path, { ...query, pageToken: next });
    all.push(...((page[key] as T[] | undefined) ?? []));
    next = typeof page.nextPageToken === 'string' ? page.nextPageToken : '';
    if (!next) break;
  }
  return { all, next };
}

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, query?: Query): Promise<T>;
  patch<T>(path: string, body: unknown, query?: Query): Promise<T>;
  put<T>(path: string, body: unknown, query?: Query): Promise<T>;
  del<T>(path: string, query?: Query): Promise<T>;
  // Non-JSON responses (CSV exports, calendar feeds): the body as text.
  text(path: string, query?: Query): Promise<string>;
}

// Called when the gateway says the access token is no longer good (HTTP 401). Returns the new
// token, or null when the person must sign in again.
export type RefreshHook = () => Promise<string | null>;

export function makeClient(getToken: () => string | null, refresh: RefreshHook): ApiClient {
  async function send(method: string, path: string, body: unknown, query: Query | undefined, asText: boolean, retried = false): Promise<any> {
    const headers: Record<string, string> = { Accept: asText ? '*/*' : 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = body instanceof RawBody ? body.contentType : 'application/json';
    let response: Response;
    try {
      response = await fetch(path + queryString(query), {
        method,
        headers,
        body: body === undefined ? undefined : body instanceof RawBody ? body.text : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'UNAVAILABLE', 'network: the Leerpool server cannot be reached');
    }
    if (response.status === 401 && token && !retried && !path.startsWith('/v1/auth/')) {
      const fresh = await refresh();
      if (fresh) return send(method, path, body, query, asText, true);
    }
    const raw = await response.text();
    if (!response.ok) {
      let status = 'UNKNOWN';
      let message = raw || response.statusText;
      try {
        const parsed = JSON.parse(raw);
        status = parsed.status ?? status;
        message = parsed.message ?? message;
      } catch {
        // Not the gateway's JSON error shape (a proxy in between): keep the text.
      }
      throw new ApiError(response.status, status, message);
    }
    if (asText) return raw;
    return raw ? JSON.parse(raw) : {};
  }
  return {
    get: (path, query) => send('GET', path, undefined, query, false),
    post: (path, body, query) => send('POST', path, body ?? {}, query, false),
    patch: (path, body, query) => send('PATCH', path, body, query, false),
    put: (path, body, query) => send('PUT', path, body, query, false),
    del: (path, query) => send('DELETE', path, undefined, query, false),
    text: (path, query) => send('GET', path, undefined, query, true),
  };
}

// Streams an NDJSON response (GET /v1/inbox:watch) until aborted; each line is one message.
export async function watchNdjson(path: string, token: string, onMessage: (m: any) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/x-ndjson' }, signal });
  if (!response.ok || !response.body) throw new ApiError(response.status, 'UNKNOWN', `watch: HTTP ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) onMessage(JSON.parse(line));
    }
  }
}
