import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findPersonalNumbers, maskHit } from '../server/lib/pii-text.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy at ${url}`);
}

/** Starts the real server on a fresh demo database, as a user would, for the journeys. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!fs.existsSync(path.resolve('dist/web/index.html'))) throw new Error('Build the web app first: npm run build:web');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesbase-e2e-'));
  const port = 4100 + Math.floor(Math.random() * 800);
  const baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'warn', RUN_JOBS: 'false', SQLITE_SYNCHRONOUS: 'NORMAL' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitForHealth(baseUrl, 60_000);
  } catch (err) {
    console.error(output);
    throw err;
  }
  project.provide('baseUrl', baseUrl);
  return async () => {
    server?.kill('SIGTERM');
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    // PIPL: the server's log lines never carry a full phone or ID number (as in the API tests).
    const leaks = findPersonalNumbers(output).map(maskHit);
    if (leaks.length > 0) throw new Error(`Personal numbers in the server's log: ${[...new Set(leaks)].join(', ')}`);
  };
}
