import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase } from '../test/dialects.ts';
import { makeTestApp } from '../test/app.ts';

describe('serving the web app', () => {
  let app: FastifyInstance;
  let dir: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesbase-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Salesbase</title>');
    const handle = await createTestDatabase('sqlite');
    drop = handle.drop;
    app = await makeTestApp(handle, { webDir: dir });
  });
  afterAll(async () => {
    await app.close();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers client routes with index.html and API misses with JSON', async () => {
    for (const url of ['/', '/people/123', '/login']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<title>Salesbase</title>');
    }
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    const api = await app.inject({ method: 'GET', url: '/api/users' });
    expect(api.statusCode).toBe(401);
    expect(JSON.parse(api.body).error.code).toBe('UNAUTHENTICATED');
  });

  it('serves files of a build made after start without a restart', async () => {
    fs.writeFileSync(path.join(dir, 'assets', 'late.js'), 'console.log(1)');
    const res = await app.inject({ method: 'GET', url: '/assets/late.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });
});
