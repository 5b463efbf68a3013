import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * One HTTP answer, read to its end. From request() and get(), `body` parses `text` as JSON when first read and
 * throws, as Response.json() does, when it is not JSON: an answer that may be a page (GraphiQL, an empty 204) is
 * read through `text`.
 */
export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  readonly body: T;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Sends one request with fetch() (so with its default headers) and reads the whole answer. */
export async function request<T = Record<string, unknown>>(
  url: string,
  init: HttpRequest = {},
): Promise<HttpAnswer<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed: { value: T } | undefined;
  return {
    status: response.status,
    headers: response.headers,
    text,
    get body(): T {
      parsed ??= { value: JSON.parse(text) as T };
      return parsed.value;
    },
  };
}

/**
 * POSTs `body` as JSON (a string is sent as it is, to send malformed JSON); `headers` add to or override. The answer
 * must be JSON too: the call fails when it is not, as Response.json() would.
 */
export async function postJson<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer<T>> {
  const answer = await request<T>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: answer.status, headers: answer.headers, text: answer.text, body: answer.body };
}

export function get<T = Record<string, unknown>>(
  url: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer<T>> {
  return request<T>(url, { headers });
}

export interface ExactAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * Sends exactly `headers` and nothing else, through node:http: fetch() adds headers of its own, among them
 * `Cache-Control: no-cache` and `Pragma: no-cache` on every request with If-None-Match (the Fetch standard's rule
 * for conditional requests), which a test of caching must be able to leave out.
 */
export function exactRequest(
  url: URL | string,
  init: { method: string; headers: Record<string, string>; body?: Buffer },
): Promise<ExactAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method, headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
