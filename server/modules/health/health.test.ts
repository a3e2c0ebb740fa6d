import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../../test/dialects.ts';
import { makeTestApp } from '../../test/app.ts';

forEachDialect('health and API docs', (get, dialect) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  it('answers 200 with the database state', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok', database: { dialect, ok: true } });
  });

  it('publishes OpenAPI from the route schemas, and a browsable page', async () => {
    const spec = JSON.parse((await app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as { paths: Record<string, unknown> };
    for (const path of ['/api/auth/login', '/api/auth/me', '/api/org/units/{id}', '/api/users', '/api/audit']) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/swagger/i);
  });
});
