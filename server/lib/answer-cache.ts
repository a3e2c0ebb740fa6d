import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { now } from './clock.ts';

const gzipAsync = promisify(gzipCallback);

/**
 * Serialised answers of expensive reads (the attendance board and monthly figures; later the
 * activity summaries), kept for readers who ask for the same thing.
 *
 * - **Keys and tags.** An answer is stored under a key that names everything it was asked with
 *   (scope, unit, date, page…). It also names the tags of the data it was computed from (e.g. "the
 *   records of tenant T on day D"); writers bump a tag when that data changes. An answer whose tags
 *   were all left alone since its computation began is fresh. Tags, not a generation per tenant:
 *   today's check-ins then leave a closed month's figures cached.
 * - **Bounded staleness.** Nothing is served that was computed `maxAgeMs` or longer ago: changes no
 *   tag covers (org, people, other processes' writes) show within that time. Within it, an answer
 *   whose tags moved is still served — stale-while-revalidate — and, once it is `refreshAfterMs` old
 *   (a quarter of `maxAgeMs` by default), one computation for the key is started in the background;
 *   its result replaces the answer. So a board read without pause while people check in costs one
 *   computation per key at most every `refreshAfterMs`, not one per check-in or per reader (every
 *   computation holds the event loop for milliseconds: one per check-in, at 50 check-ins a second,
 *   delayed one board read in ten), and lags the latest write by `refreshAfterMs` plus one
 *   computation, never more than `maxAgeMs`. Older than `maxAgeMs`, the reader waits for the
 *   computation — unless the cache renews answers ahead of the bound (`renewAt`): then a fresh
 *   answer is recomputed in the background once it has lived that share of its bound. An answer
 *   may carry its own bound (`AnswerSpec.maxAgeMs`).
 * - **Shared computations.** Readers waiting for the same key share one computation.
 * - **Identity.** An answer computed against one configuration object (a tenant's rules) is not
 *   served to a reader holding another: a rule change shows at once.
 * - **Hard end.** An answer may name an instant after which it is wrong whatever the tags say (a
 *   board's pending people turn absent at a threshold); it is not served from then on.
 * - **Bytes.** Bodies (and their gzip, made lazily on the thread pool when a reader accepts it) are
 *   kept up to `maxBytes`; the oldest stored go first.
 *
 * `maxAgeMs` 0 computes every answer afresh and keeps nothing.
 */

/** A serialised answer; its gzip is made once, when a reader first asks for it. */
export interface Answer {
  readonly body: Buffer;
  gzip(): Promise<Buffer>;
}

export interface Computed {
  body: Buffer;
  /** Epoch ms from which the answer must not be served at all, whatever its tags (default: none). */
  until?: number;
  /** Cached answers this one was built from: it is no fresher than the least fresh of them. */
  basedOn?: readonly Answer[];
}

export interface AnswerSpec {
  /** The tags of the data the answer is computed from. */
  tags: readonly string[];
  /** What the answer was computed against (compared by identity): another one means compute anew. */
  identity?: unknown;
  compute: () => Promise<Computed>;
  /**
   * Only a fresh answer will do (one computation building on another: a recomputed page needs the
   * totals as they are now, not a stale answer it would then carry): a stale one is not served,
   * nor one due for renewal (see `renewAt`), whose renewal is joined or started instead.
   */
  fresh?: boolean;
  /** This answer's own staleness bound, when it differs from the cache's (a closed period's figures). */
  maxAgeMs?: number;
}

export interface AnswerCacheOptions {
  maxAgeMs: number;
  maxBytes: number;
  /** Age from which a stale answer starts its background refresh (default: maxAgeMs / 4). */
  refreshAfterMs?: number;
  /**
   * Renewal ahead of the bound: once a fresh answer has lived this fraction of its bound, one
   * computation renews it in the background while it is still served, so that readers of an answer
   * that takes seconds to compute never wait for it at the bound. Unset: no renewal (the answer
   * expires at the bound and its next reader computes it).
   */
  renewAt?: number;
}

/** Prune the tag table once it holds this many tags (it grows by a few tags per tenant per day). */
const MIN_PRUNE_AT = 10_000;

class Entry implements Answer {
  private gzipped: Buffer | undefined;
  private gzipping: Promise<Buffer> | undefined;
  /** A reader took the gzip: a recomputation of this key makes its gzip before it replaces this. */
  gzipWanted = false;

  constructor(
    readonly key: string,
    readonly body: Buffer,
    readonly tags: readonly string[],
    readonly identity: unknown,
    /** The tag clock when the computation began: a tag bumped later makes the answer stale. */
    readonly version: number,
    /** When the computation began (epoch ms, by lib/clock): the answer's age counts from here. */
    readonly at: number,
    readonly until: number,
    /** Its staleness bound. */
    readonly maxAge: number,
    private readonly onGzipped: (entry: Entry, bytes: number) => void,
  ) {}

  gzip(): Promise<Buffer> {
    this.gzipWanted = true;
    if (this.gzipped) return Promise.resolve(this.gzipped);
    this.gzipping ??= gzipAsync(this.body).then((gz) => {
      this.gzipped = gz;
      this.onGzipped(this, gz.length);
      return gz;
    });
    return this.gzipping;
  }

  get bytes(): number {
    return this.body.length + (this.gzipped?.length ?? 0);
  }
}

interface Running {
  promise: Promise<Entry>;
  identity: unknown;
  version: number;
  at: number;
  epoch: number;
}

export class AnswerCache {
  private maxAgeMs: number;
  private readonly maxBytes: number;
  private readonly refreshAfterMs: number | undefined;
  private readonly renewAt: number | undefined;
  /** Stored answers, in the order they were stored: the oldest are at the front. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly running = new Map<string, Running>();
  /** Per tag, the clock value of its last bump; a tag never bumped (or pruned) reads as 0. */
  private readonly generations = new Map<string, number>();
  private clock = 0;
  private pruneAt = MIN_PRUNE_AT;
  /** Moved by clear(): computations begun before it do not store their answers. */
  private epoch = 0;

  constructor(opts: AnswerCacheOptions) {
    this.maxAgeMs = opts.maxAgeMs;
    this.maxBytes = opts.maxBytes;
    this.refreshAfterMs = opts.refreshAfterMs;
    this.renewAt = opts.renewAt;
  }

  /** The staleness bound; 0 computes every answer afresh. */
  setMaxAge(ms: number): void {
    this.maxAgeMs = ms;
    if (ms === 0) this.clear();
  }

  get maxAge(): number {
    return this.maxAgeMs;
  }

  /** The data a tag names has changed: answers computed from it before now are stale. */
  bump(tag: string): void {
    this.generations.set(tag, ++this.clock);
    if (this.generations.size > this.pruneAt) this.pruneTags();
  }

  /** The answer for `key`: stored (fresh, or stale within the bound), shared, or computed. */
  async get(key: string, spec: AnswerSpec): Promise<Answer> {
    if (this.maxAgeMs === 0)
      return this.entryOf(key, spec, this.clock, now().getTime(), await spec.compute());
    const t = now().getTime();
    const e = this.entries.get(key);
    if (e) {
      if (e.identity === spec.identity && this.servable(e, t)) {
        if (this.isFresh(e)) {
          if (!this.dueForRenewal(e, t)) return e;
          // Built upon by another computation: it waits for the renewal, so that what it builds
          // is renewed too. A reader is served this answer while the renewal runs.
          if (spec.fresh) return this.joinOrStart(key, spec, t, e.gzipWanted);
          if (!this.running.has(key)) this.start(key, spec, e.gzipWanted).catch(() => undefined);
          return e;
        }
        if (spec.fresh) return this.joinOrStart(key, spec, t, e.gzipWanted);
        // Stale but within the bound: served; once old enough, one computation refreshes it in the
        // background (its failure leaves this answer to expire; a reader past the bound sees the error).
        const refreshAfter = this.refreshAfterMs ?? this.maxAgeMs / 4;
        if (t - e.at >= refreshAfter && !this.running.has(key))
          this.start(key, spec, e.gzipWanted).catch(() => undefined);
        return e;
      }
      this.forget(key);
    }
    return this.joinOrStart(key, spec, t, false);
  }

  /**
   * A computation under way for the same identity is joined unless it began too long ago, or, for
   * a reader who needs a fresh answer, before a write it may have missed.
   */
  private joinOrStart(key: string, spec: AnswerSpec, t: number, withGzip: boolean): Promise<Entry> {
    const r = this.running.get(key);
    if (
      r &&
      r.identity === spec.identity &&
      r.epoch === this.epoch &&
      t >= r.at &&
      t < r.at + (spec.maxAgeMs ?? this.maxAgeMs) &&
      !(spec.fresh && spec.tags.some((tag) => (this.generations.get(tag) ?? 0) > r.version))
    )
      return r.promise;
    return this.start(key, spec, withGzip);
  }

  /** Tests only: forget every answer (tags keep their generations). */
  clear(): void {
    this.entries.clear();
    this.running.clear();
    this.bytes = 0;
    this.epoch++;
  }

  /** Tests: resolves once no computation (a background refresh included) is under way. */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running.values()].map((r) => r.promise));
    }
  }

  /** Answers and bytes held (tests, diagnostics). */
  size(): { entries: number; bytes: number; tags: number } {
    return { entries: this.entries.size, bytes: this.bytes, tags: this.generations.size };
  }

  private servable(e: Entry, t: number): boolean {
    return t >= e.at && t < e.at + e.maxAge && t < e.until;
  }

  private dueForRenewal(e: Entry, t: number): boolean {
    return this.renewAt !== undefined && t - e.at >= e.maxAge * this.renewAt;
  }

  private isFresh(e: Entry): boolean {
    for (const tag of e.tags) if ((this.generations.get(tag) ?? 0) > e.version) return false;
    return true;
  }

  private start(key: string, spec: AnswerSpec, withGzip: boolean): Promise<Entry> {
    // Taken before computing: a write during the computation leaves the answer stale, as it may have missed it.
    const version = this.clock;
    const at = now().getTime();
    const epoch = this.epoch;
    const promise = (async () => {
      const entry = this.entryOf(key, spec, version, at, await spec.compute());
      // Readers of this key take gzip: have it ready before the new answer replaces the old.
      if (withGzip) await entry.gzip();
      if (epoch === this.epoch) this.store(entry);
      return entry;
    })();
    const running: Running = { promise, identity: spec.identity, version, at, epoch };
    this.running.set(key, running);
    const done = () => {
      if (this.running.get(key) === running) this.running.delete(key);
    };
    promise.then(done, done);
    return promise;
  }

  private entryOf(key: string, spec: AnswerSpec, version: number, at: number, c: Computed): Entry {
    let tags = spec.tags;
    // Built from other answers: as old as the oldest of them, stale when any of their tags moves.
    for (const dep of c.basedOn ?? []) {
      if (!(dep instanceof Entry)) continue;
      version = Math.min(version, dep.version);
      at = Math.min(at, dep.at);
      if (dep.tags.some((tag) => !tags.includes(tag))) tags = [...new Set([...tags, ...dep.tags])];
    }
    const maxAge = spec.maxAgeMs ?? this.maxAgeMs;
    return new Entry(key, c.body, tags, spec.identity, version, at, c.until ?? Infinity, maxAge, (entry, n) => {
      if (this.entries.get(entry.key) === entry) this.bytes += n;
    });
  }

  private store(entry: Entry): void {
    const current = this.entries.get(entry.key);
    // A slower computation begun earlier never replaces a newer answer.
    if (current && current.at > entry.at) return;
    this.forget(entry.key);
    this.entries.set(entry.key, entry);
    this.bytes += entry.bytes;
    // Drop answers past their age from the front, and the oldest while over the bound.
    const t = now().getTime();
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes && this.servable(e, t)) break;
      this.forget(k);
    }
  }

  private forget(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.bytes -= e.bytes;
    this.entries.delete(key);
  }

  /**
   * Drops tags that can no longer make any answer stale: bumped before every stored answer and
   * every running computation began (reading as 0 then changes nothing).
   */
  private pruneTags(): void {
    let oldest = this.clock;
    for (const e of this.entries.values()) oldest = Math.min(oldest, e.version);
    for (const r of this.running.values()) oldest = Math.min(oldest, r.version);
    for (const [tag, g] of this.generations) if (g <= oldest) this.generations.delete(tag);
    this.pruneAt = Math.max(MIN_PRUNE_AT, 2 * this.generations.size);
  }
}

/** Bodies smaller than this are sent as they are: gzip would save less than its own cost. */
const GZIP_MIN_BYTES = 1024;

/** Whether an Accept-Encoding header admits gzip (by name or by `*`, with a q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const weight = Number.isNaN(q) ? 0 : q;
    if (name === 'gzip' || name === 'x-gzip') gzip = weight;
    else if (name === '*') any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

/**
 * Sends a serialised JSON answer as it is (no response-schema serialiser): gzipped when the
 * request accepts it (browsers always do), with Vary so a shared cache keeps the two apart.
 */
export async function sendAnswer(
  req: FastifyRequest,
  reply: FastifyReply,
  answer: Answer,
): Promise<FastifyReply> {
  reply.type('application/json; charset=utf-8').header('vary', 'Accept-Encoding');
  if (answer.body.length >= GZIP_MIN_BYTES && acceptsGzip(req.headers['accept-encoding'])) {
    const gz = await answer.gzip();
    return reply.header('content-encoding', 'gzip').send(gz);
  }
  return reply.send(answer.body);
}
