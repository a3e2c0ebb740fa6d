// Load generator for the benchmarks, run in its own process so it never shares an event loop (or a
// core's worth of JIT and GC) with the server it measures.
//
//   tsx bench/load.ts '{"url":"http://127.0.0.1:3000/health","headers":{},"duration":5,"connections":10}'
//
// Prints the autocannon result as one line of JSON on stdout, with `exact`: the latency of every
// response as measured by autocannon (fractional milliseconds), so percentiles such as p95, which
// autocannon's histogram summary lacks, are computed from all samples rather than read off
// whole-millisecond buckets; and the rate over the time the load actually ran.
//
// With `sessions`, every request is sent as a different person: request i carries the i-th session
// cookie of the file, a unique Idempotency-Key and the Origin of the server (a state-changing request
// must be same-origin). The run ends when every session has been used once (or after `duration`
// seconds, whichever comes first), so no session is ever sent twice. The requests are built before
// the run starts.
import fs from 'node:fs';
import autocannon, { type Request, type Result } from 'autocannon';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  /** Seconds. */
  duration: number;
  connections: number;
  method?: 'GET' | 'POST';
  body?: string;
  /** Requests per second over all connections (a steady background stream); default: as fast as answered. */
  overallRate?: number;
  sessions?: {
    /** A file of session tokens, one a line. */
    file: string;
    cookieName: string;
    /** Prefix of the Idempotency-Key; the request's sequence number is appended. */
    keyPrefix: string;
  };
}

export interface ExactStats {
  /** Responses measured (all statuses). */
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Seconds from the first request to the last response. */
  elapsed: number;
  /** 2xx responses per second over `elapsed`. */
  rps2xx: number;
  /** Sessions used (with `sessions`). */
  sessionsUsed: number;
  /** CPU time (user + system) of this load generator per response, µs. */
  loaderCpuUs: number;
}

export type LoadResult = Result & { exact: ExactStats };

function parseSpec(arg: string | undefined): LoadSpec {
  if (!arg)
    throw new Error('usage: tsx bench/load.ts \'{"url":…,"headers":{…},"duration":5,"connections":10}\'');
  const spec = JSON.parse(arg) as Partial<LoadSpec>;
  if (typeof spec.url !== 'string') throw new Error('spec.url is required');
  return {
    url: spec.url,
    headers: spec.headers ?? {},
    duration: spec.duration ?? 5,
    connections: spec.connections ?? 10,
    method: spec.method ?? 'GET',
    ...(spec.body === undefined ? {} : { body: spec.body }),
    ...(spec.overallRate === undefined ? {} : { overallRate: spec.overallRate }),
    ...(spec.sessions ? { sessions: spec.sessions } : {}),
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const spec = parseSpec(process.argv[2]);

let latencies = new Float64Array(1 << 16);
let count = 0;
let ok = 0;
let firstAt = 0;
let lastAt = 0;

let sessionsUsed = 0;
let options: autocannon.Options = {
  url: spec.url,
  headers: spec.headers,
  duration: spec.duration,
  connections: spec.connections,
  method: spec.method ?? 'GET',
  ...(spec.body === undefined ? {} : { body: spec.body }),
  ...(spec.overallRate === undefined ? {} : { overallRate: spec.overallRate }),
};
if (spec.sessions) {
  const { file, cookieName, keyPrefix } = spec.sessions;
  const tokens = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  if (tokens.length < spec.connections) throw new Error('fewer sessions than connections');
  // `amount` ends the run after exactly one request per session: autocannon gives each connection
  // its share (responseMax), and each connection gets its own slice of the sessions, its requests
  // built before the run (as a static request is), so the load generator spends no more per check-in
  // than per /health request on building it.
  const setupClient = (client: autocannon.Client): void => {
    const quota = (client as unknown as { opts: { responseMax: number } }).opts.responseMax;
    const requests: Request[] = [];
    for (let n = 0; n < quota; n++) {
      const i = sessionsUsed++;
      // Never past the end: a request without a session would fail (401), loudly.
      const token = tokens[i];
      const headers = { ...spec.headers, 'idempotency-key': `${keyPrefix}-${i}` } as Record<string, string>;
      if (token !== undefined) headers.cookie = `${cookieName}=${token}`;
      requests.push({
        method: spec.method ?? 'GET',
        headers,
        ...(spec.body === undefined ? {} : { body: spec.body }),
      });
    }
    client.setRequests(requests);
  };
  options = { ...options, amount: tokens.length, setupClient };
}

let finish: (r: Result) => void = () => undefined;
let fail: (e: unknown) => void = () => undefined;
const done = new Promise<Result>((resolve, reject) => {
  finish = resolve;
  fail = reject;
});
let cpuStart = process.cpuUsage();
const instance = autocannon(options, (err: unknown, r: Result) => (err ? fail(err) : finish(r)));
// Emitted once the connections are set up (and their requests built), as the load starts.
instance.on('start', () => {
  firstAt = performance.now();
  cpuStart = process.cpuUsage();
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  const t = performance.now();
  if (count === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
  }
  latencies[count++] = responseTime;
  if (statusCode >= 200 && statusCode < 300) ok++;
  lastAt = t;
});
// With `sessions` the run is bounded by the number of sessions; `duration` is only a safety limit
// (requests in flight when it stops the run may be stored without being acknowledged).
const timer = spec.sessions ? setTimeout(() => instance.stop(), spec.duration * 1000) : undefined;
const result = await done;
if (timer) clearTimeout(timer);

const cpu = process.cpuUsage(cpuStart);
const sorted = latencies.slice(0, count).sort();
const elapsed = Math.max(0, lastAt - firstAt) / 1000;
const exact: ExactStats = {
  count,
  p50: percentile(sorted, 50),
  p90: percentile(sorted, 90),
  p95: percentile(sorted, 95),
  p99: percentile(sorted, 99),
  max: sorted.length ? sorted[sorted.length - 1]! : 0,
  mean: count ? sorted.reduce((a, b) => a + b, 0) / count : 0,
  elapsed,
  rps2xx: elapsed > 0 ? ok / elapsed : 0,
  sessionsUsed,
  loaderCpuUs: count ? (cpu.user + cpu.system) / count : 0,
};
process.stdout.write(`${JSON.stringify({ ...result, exact })}\n`);
