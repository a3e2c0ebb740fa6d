import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createJobQueue } from '../modules/job/job.service.ts';
import { TEST_PASSWORD } from './factories.ts';
import { scanningLogStream, watchResponses } from './pii-scan.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), webDir: '/nonexistent', loginDelayBaseMs: 0, runJobs: false, ...overrides };
}

export async function makeTestApp(handle: DatabaseHandle, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const config = testConfig(overrides);
  const jobs = createJobQueue({ db: handle.db, dialect: handle.dialect, config });
  // Log lines and responses are searched for unmasked personal numbers (pii-scan.setup.ts fails the file).
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, config, jobs }, { logStream: scanningLogStream });
  await app.ready();
  watchResponses(app);
  return app;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A logged-in HTTP client over app.inject that keeps the session cookie and sends a same-site Origin. */
export class TestClient {
  cookie: string | null = null;
  constructor(readonly app: FastifyInstance) {}

  async request(method: Method, url: string, body?: unknown, extra: Partial<InjectOptions> = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { host: 'localhost', origin: 'http://localhost' };
    if (this.cookie) headers.cookie = this.cookie;
    const { headers: extraHeaders, ...rest } = extra;
    const res = await this.app.inject({
      method,
      url,
      ...(body !== undefined ? { payload: body as InjectOptions['payload'] } : {}),
      ...rest,
      // Extra headers add to the session cookie and Origin rather than replacing them.
      headers: { ...headers, ...(extraHeaders as Record<string, string> | undefined) },
    } as InjectOptions);
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (first?.startsWith('sb_session=')) this.cookie = first.split(';')[0] ?? null;
    return res;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  put(url: string, body: unknown) {
    return this.request('PUT', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

/** Logs in and returns a client holding the session; throws if the login fails. */
export async function loginAs(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<TestClient> {
  const client = new TestClient(app);
  const res = await client.post('/api/auth/login', { username, password });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return client;
}
