// Load generator for bench/run.ts, run in its own process so it never shares an event loop (or a
// core's worth of JIT and GC) with the server it measures.
//
//   tsx bench/load.ts '{"url":"http://127.0.0.1:3000/health","headers":{},"duration":5,"connections":10}'
//
// Prints the autocannon result as one line of JSON on stdout.
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  /** Seconds. */
  duration: number;
  connections: number;
}

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
  };
}

const spec = parseSpec(process.argv[2]);
const result = await autocannon({
  url: spec.url,
  headers: spec.headers,
  duration: spec.duration,
  connections: spec.connections,
  method: 'GET',
});
process.stdout.write(`${JSON.stringify(result)}\n`);
