import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { findPersonalNumbers, maskHit, maskPersonalNumbersInText } from '../lib/pii-text.ts';

/**
 * PIPL guard over the whole test suite: every HTTP response a test gets from the test app
 * (makeTestApp) and every log line the server writes meanwhile is searched for unmasked mobile and
 * ID numbers. Only the audited reveals may answer with a full number. Violations are collected per
 * test file; the setup file (pii-scan.setup.ts) fails the file after its tests, naming the route or
 * log line and the number masked.
 */

export interface PiiViolation {
  source: 'response' | 'log';
  /** "GET /api/users/… 200" or "log". */
  where: string;
  kind: 'mobile' | 'idNumber';
  /** The number masked: the report itself must not leak it. */
  masked: string;
}

/** Routes whose answer is an audited reveal of full numbers, and the import templates. */
const EXEMPT_ROUTES: { method: string; path: RegExp }[] = [
  { method: 'POST', path: /^\/api\/privacy\/reveal$/ },
  { method: 'GET', path: /^\/api\/privacy\/person\/export$/ },
  { method: 'POST', path: /^\/api\/users\/[^/]+\/reveal$/ },
  // An import template's example row is a made-up sample (138…5678), not anybody's number.
  { method: 'GET', path: /^\/api\/.+\/template$/ },
];

const state = {
  apps: 0,
  responses: 0,
  exemptResponses: 0,
  logLines: 0,
  violations: [] as PiiViolation[],
};

export function scanStats(): { apps: number; responses: number; exemptResponses: number; logLines: number; violations: number } {
  return { ...state, violations: state.violations.length };
}

/** Removes and returns the violations collected so far (tests of the scanner clear what they plant). */
export function takeViolations(): PiiViolation[] {
  return state.violations.splice(0);
}

export function isExemptRoute(method: string, url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return EXEMPT_ROUTES.some((r) => r.method === method.toUpperCase() && r.path.test(path));
}

function decoded(text: string): string[] {
  if (!text.includes('%')) return [text];
  try {
    const d = decodeURIComponent(text);
    return d === text ? [text] : [text, d];
  } catch {
    return [text];
  }
}

/** Records every personal number in the texts; the same number counts once per source. */
function check(texts: Iterable<string>, source: PiiViolation['source'], where: string): void {
  const seen = new Set<string>();
  for (const text of texts) {
    for (const variant of decoded(text)) {
      for (const hit of findPersonalNumbers(variant)) {
        const masked = maskHit(hit);
        if (seen.has(masked)) continue;
        seen.add(masked);
        state.violations.push({ source, where, kind: hit.kind, masked });
      }
    }
  }
}

/** Every string (keys included) of a parsed JSON value: numbers are figures, not phone numbers. */
function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsOf(v);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* stringsOf(v);
    }
  }
}

function jsonStrings(text: string): string[] {
  try {
    return [...stringsOf(JSON.parse(text) as unknown)];
  } catch {
    return [text];
  }
}

async function xlsxTexts(buffer: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => {
    out.push(ws.name);
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => out.push(cell.text));
    });
  });
  return out;
}

/** The texts of a response a reader could see: headers (but cookies), and the body by its type. */
export async function responseTexts(res: Pick<LightMyRequestResponse, 'headers' | 'rawPayload' | 'body'>): Promise<string[]> {
  const texts: string[] = [];
  for (const [name, value] of Object.entries(res.headers)) {
    if (name === 'set-cookie' || value === undefined) continue;
    texts.push(String(value));
  }
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('spreadsheetml')) {
    try {
      texts.push(...(await xlsxTexts(res.rawPayload)));
    } catch {
      texts.push(res.body);
    }
  } else if (type.includes('json')) {
    texts.push(...jsonStrings(res.body));
  } else if (!type || /text|csv|xml|javascript/.test(type)) {
    texts.push(res.body);
  }
  return texts;
}

/** Scans one response; answers of the audited reveal routes are counted but not searched. */
export async function scanResponse(method: string, url: string, res: LightMyRequestResponse): Promise<void> {
  state.responses++;
  if (isExemptRoute(method, url)) {
    state.exemptResponses++;
    return;
  }
  check(await responseTexts(res), 'response', `${method} ${url.split('?')[0]} ${res.statusCode}`);
}

/** Scans one log line (pino writes JSON lines: their strings are searched). */
export function scanLogLine(line: string): void {
  state.logLines++;
  const trimmed = line.trim();
  if (!trimmed) return;
  const excerpt = maskPersonalNumbersInText(trimmed.slice(0, 120)).replace(/\d{6,}/g, '…');
  check(trimmed.startsWith('{') ? jsonStrings(trimmed) : [trimmed], 'log', `log: ${excerpt}`);
}

/** The destination of the test app's logger: every line is scanned, nothing is printed. */
export const scanningLogStream = {
  write(line: string): void {
    scanLogLine(line);
  },
};

const WATCHED = Symbol('piiScanWatched');

function methodAndUrl(opts: string | InjectOptions): { method: string; url: string } {
  if (typeof opts === 'string') return { method: 'GET', url: opts };
  const raw = opts.url ?? opts.path;
  const url = typeof raw === 'string' ? raw : (raw?.pathname ?? '');
  return { method: String(opts.method ?? 'GET').toUpperCase(), url };
}

/** Makes every `app.inject(options)` of this app scan its response. */
export function watchResponses(app: FastifyInstance): void {
  const target = app as FastifyInstance & { [WATCHED]?: true };
  if (target[WATCHED]) return;
  target[WATCHED] = true;
  state.apps++;
  const inject = app.inject.bind(app) as (opts: string | InjectOptions) => Promise<LightMyRequestResponse>;
  const wrapped = async (opts: string | InjectOptions): Promise<LightMyRequestResponse> => {
    const res = await inject(opts);
    const { method, url } = methodAndUrl(opts);
    await scanResponse(method, url, res);
    return res;
  };
  // Only the promise form is wrapped; the chained form (no options) is passed through untouched.
  const original = app.inject.bind(app);
  (app as unknown as { inject: unknown }).inject = (opts?: string | InjectOptions, cb?: unknown) =>
    opts === undefined || cb !== undefined ? (original as (...a: unknown[]) => unknown)(opts, cb) : wrapped(opts);
}

export function isWatched(app: FastifyInstance): boolean {
  return (app as FastifyInstance & { [WATCHED]?: true })[WATCHED] === true;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
// The console outlives a test file's modules when a worker runs several files: it is wrapped once,
// and the wrapper hands each line to the collector of the file running now.
const CONSOLE_HOOK = Symbol.for('salesbase.piiScan.console');

/** Console output of server code (the job queue logs there) is scanned too, and still printed. */
export function watchConsole(): void {
  const g = globalThis as { [CONSOLE_HOOK]?: (line: string) => void };
  const installed = g[CONSOLE_HOOK] !== undefined;
  g[CONSOLE_HOOK] = scanLogLine;
  if (installed) return;
  for (const name of CONSOLE_METHODS) {
    const original = console[name].bind(console);
    console[name] = (...args: unknown[]) => {
      const text = args
        .map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : safeJson(a)))
        .join(' ');
      g[CONSOLE_HOOK]?.(text);
      original(...args);
    };
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The failure message of a file with violations, or null. */
export function violationReport(): string | null {
  if (state.violations.length === 0) return null;
  const lines = state.violations.slice(0, 50).map((v) => `  ${v.where}: unmasked ${v.kind} ${v.masked}`);
  const more = state.violations.length > 50 ? `\n  … and ${state.violations.length - 50} more` : '';
  return `Personal numbers in API responses or log lines (PIPL: mask them, or answer through an audited reveal):\n${lines.join('\n')}${more}`;
}
