import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnswerCache, acceptsGzip, type Answer, type Computed } from './answer-cache.ts';
import { advanceClock, resetClock, setClock } from './clock.ts';

const MAX_AGE = 1_000;

/** A computation that counts its runs and answers "<name>#<run>"; `hold` keeps it open until released. */
function counter(name = 'a') {
  let runs = 0;
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  return {
    get runs() {
      return runs;
    },
    hold() {
      gate = new Promise((r) => (open = r));
    },
    release() {
      gate = null;
      open();
    },
    compute: async (extra: Partial<Computed> = {}): Promise<Computed> => {
      const n = ++runs;
      if (gate) await gate;
      return { body: Buffer.from(`${name}#${n}`), ...extra };
    },
  };
}

const text = (a: Answer) => a.body.toString();

describe('AnswerCache', () => {
  let cache: AnswerCache;
  beforeEach(() => {
    // Time stands still but for advanceClock: ages are exact however slow the machine.
    vi.useFakeTimers({ toFake: ['Date'] });
    setClock('2026-11-02T00:30:00.000Z');
    cache = new AnswerCache({ maxAgeMs: MAX_AGE, maxBytes: 1 << 20 });
  });
  afterEach(() => {
    vi.useRealTimers();
    resetClock();
  });

  it('serves a stored answer while its tags are unchanged and it is younger than the bound', async () => {
    const c = counter();
    const spec = { tags: ['t1'], compute: () => c.compute() };
    expect(text(await cache.get('k', spec))).toBe('a#1');
    advanceClock(MAX_AGE - 10);
    expect(text(await cache.get('k', spec))).toBe('a#1');
    // Past the bound the reader waits for a new computation, even though no tag moved.
    advanceClock(20);
    expect(text(await cache.get('k', spec))).toBe('a#2');
    expect(c.runs).toBe(2);
  });

  it('a bump of another tag leaves the answer fresh', async () => {
    const c = counter();
    const spec = { tags: ['tenant|day|2026-11-02'], compute: () => c.compute() };
    await cache.get('k', spec);
    cache.bump('tenant|day|2026-11-01');
    cache.bump('tenant|month|2026-10');
    cache.bump('other|day|2026-11-02');
    expect(text(await cache.get('k', spec))).toBe('a#1');
    await cache.idle();
    expect(c.runs).toBe(1);
  });

  it('stale within the bound: served as it is; from a quarter of the bound, one background computation refreshes it', async () => {
    const c = counter();
    const spec = { tags: ['t1', 't2'], compute: () => c.compute() };
    await cache.get('k', spec);
    cache.bump('t2');
    // Younger than a quarter of the bound: served, no computation (they are spaced out).
    advanceClock(MAX_AGE / 4 - 1);
    expect(text(await cache.get('k', spec))).toBe('a#1');
    await cache.idle();
    expect(c.runs).toBe(1);
    advanceClock(1);
    c.hold();
    // Many readers of the stale answer: all served at once, one computation started.
    const answers = await Promise.all([1, 2, 3].map(() => cache.get('k', spec)));
    expect(answers.map(text)).toEqual(['a#1', 'a#1', 'a#1']);
    expect(c.runs).toBe(2);
    c.release();
    await cache.idle();
    expect(text(await cache.get('k', spec))).toBe('a#2');
    expect(c.runs).toBe(2);
  });

  it('a stale answer is refreshed at most once per refreshAfterMs however often its tags move', async () => {
    const c = counter();
    const spec = { tags: ['day'], compute: () => c.compute() };
    await cache.get('k', spec);
    // 50 writes a second and a reader every 10 ms for one second of the clock.
    for (let ms = 0; ms < 1_000; ms += 10) {
      advanceClock(10);
      if (ms % 20 === 0) cache.bump('day');
      await cache.get('k', spec);
      await cache.idle();
    }
    // One computation at the start and one per 250 ms after it.
    expect(c.runs).toBe(5);
  });

  it('stale and older than the bound: the reader waits for the (shared) computation', async () => {
    const c = counter();
    const spec = { tags: ['t1'], compute: () => c.compute() };
    await cache.get('k', spec);
    cache.bump('t1');
    advanceClock(MAX_AGE);
    c.hold();
    const waiting = [cache.get('k', spec), cache.get('k', spec)];
    c.release();
    expect((await Promise.all(waiting)).map(text)).toEqual(['a#2', 'a#2']);
    expect(c.runs).toBe(2);
  });

  it('a write during the computation leaves its answer stale (it may have missed the write)', async () => {
    const c = counter();
    const spec = { tags: ['t1'], compute: () => c.compute() };
    c.hold();
    const first = cache.get('k', spec);
    cache.bump('t1');
    c.release();
    expect(text(await first)).toBe('a#1');
    // Served (it is young) but refreshed in the background.
    advanceClock(MAX_AGE / 2);
    expect(text(await cache.get('k', spec))).toBe('a#1');
    await cache.idle();
    expect(text(await cache.get('k', spec))).toBe('a#2');
  });

  it('readers asking at once share one computation', async () => {
    const c = counter();
    const spec = { tags: ['t1'], compute: () => c.compute() };
    c.hold();
    const all = [1, 2, 3, 4].map(() => cache.get('k', spec));
    c.release();
    expect((await Promise.all(all)).map(text)).toEqual(['a#1', 'a#1', 'a#1', 'a#1']);
    expect(c.runs).toBe(1);
  });

  it('another identity (a rule change) computes anew at once', async () => {
    const c = counter();
    const cfg1 = {};
    const cfg2 = {};
    expect(text(await cache.get('k', { tags: [], identity: cfg1, compute: () => c.compute() }))).toBe('a#1');
    expect(text(await cache.get('k', { tags: [], identity: cfg2, compute: () => c.compute() }))).toBe('a#2');
    expect(text(await cache.get('k', { tags: [], identity: cfg2, compute: () => c.compute() }))).toBe('a#2');
  });

  it('an answer is not served from its hard end on, fresh or stale', async () => {
    const c = counter();
    const t0 = Date.parse('2026-11-02T00:30:00.000Z');
    const spec = { tags: ['t1'], compute: () => c.compute({ until: t0 + 200 }) };
    await cache.get('k', spec);
    advanceClock(199);
    expect(text(await cache.get('k', spec))).toBe('a#1');
    advanceClock(1);
    expect(text(await cache.get('k', spec))).toBe('a#2');
    cache.bump('t1');
    advanceClock(10);
    // Stale and past its end: waited for, not served.
    expect(text(await cache.get('k', spec))).toBe('a#3');
  });

  it('an answer built from another is as old, and as stale, as that one', async () => {
    const totals = counter('totals');
    const page = counter('page');
    const totalsSpec = { tags: ['month'], compute: () => totals.compute() };
    const pageSpec = (tags: string[]) => ({
      tags,
      compute: async () => {
        const t = await cache.get('totals', totalsSpec);
        return { ...(await page.compute()), basedOn: [t] };
      },
    });
    await cache.get('totals', totalsSpec);
    advanceClock(600);
    await cache.get('page', pageSpec([]));
    expect(page.runs).toBe(1);
    // The totals' tag makes the page stale too, though the page named no tag.
    cache.bump('month');
    expect(text(await cache.get('page', pageSpec([])))).toBe('page#1');
    await cache.idle();
    expect(page.runs).toBe(2);
    // Age counts from the totals' computation: 1,000 ms after it, the page is not served.
    const before = page.runs;
    advanceClock(MAX_AGE - 600);
    await cache.get('page', pageSpec([]));
    expect(page.runs).toBe(before + 1);
  });

  it('`fresh`: a stale answer is not served to a reader that needs the data as it is now', async () => {
    const c = counter();
    const spec = { tags: ['t1'], compute: () => c.compute() };
    await cache.get('k', spec);
    cache.bump('t1');
    c.hold();
    const waiting = [cache.get('k', { ...spec, fresh: true }), cache.get('k', { ...spec, fresh: true })];
    // A reader content with a stale answer still gets it at once, and shares the computation.
    expect(text(await cache.get('k', spec))).toBe('a#1');
    c.release();
    expect((await Promise.all(waiting)).map(text)).toEqual(['a#2', 'a#2']);
    expect(c.runs).toBe(2);
    expect(text(await cache.get('k', { ...spec, fresh: true }))).toBe('a#2');
  });

  it('`fresh`: a reader does not join a computation begun before a write it may have missed', async () => {
    const c = counter();
    const spec = { tags: ['t1'], fresh: true, compute: () => c.compute() };
    c.hold();
    const before = cache.get('k', spec);
    // A write lands while the first computation runs: the next reader starts its own.
    cache.bump('t1');
    const after = cache.get('k', spec);
    c.release();
    expect(text(await before)).toBe('a#1');
    expect(text(await after)).toBe('a#2');
    // The first answer, begun before the write, is not stored as fresh.
    expect(text(await cache.get('k', spec))).toBe('a#2');
    expect(c.runs).toBe(2);
  });

  it('a failed background computation leaves the stale answer; a waiting reader gets the error', async () => {
    let fail = false;
    let runs = 0;
    const spec = {
      tags: ['t1'],
      compute: () => {
        runs++;
        return fail ? Promise.reject(new Error('boom')) : Promise.resolve({ body: Buffer.from('ok') });
      },
    };
    await cache.get('k', spec);
    fail = true;
    cache.bump('t1');
    advanceClock(MAX_AGE / 2);
    expect(text(await cache.get('k', spec))).toBe('ok');
    await cache.idle();
    advanceClock(MAX_AGE / 2);
    await expect(cache.get('k', spec)).rejects.toThrow('boom');
    expect(runs).toBe(3);
  });

  it('maxAge 0 computes every answer afresh and keeps nothing', async () => {
    cache.setMaxAge(0);
    const c = counter();
    const spec = { tags: ['t1'], compute: () => c.compute() };
    expect(text(await cache.get('k', spec))).toBe('a#1');
    expect(text(await cache.get('k', spec))).toBe('a#2');
    expect(cache.size().entries).toBe(0);
  });

  it('keeps at most maxBytes, dropping the oldest stored first', async () => {
    const small = new AnswerCache({ maxAgeMs: MAX_AGE, maxBytes: 25 });
    const body = (s: string) => ({ tags: [], compute: () => Promise.resolve({ body: Buffer.from(s) }) });
    await small.get('a', body('0123456789'));
    await small.get('b', body('0123456789'));
    expect(small.size()).toMatchObject({ entries: 2, bytes: 20 });
    await small.get('c', body('0123456789'));
    expect(small.size()).toMatchObject({ entries: 2, bytes: 20 });
    // "a" went: asking for it computes again.
    let runs = 0;
    await small.get('a', { tags: [], compute: () => (runs++, Promise.resolve({ body: Buffer.from('x') })) });
    expect(runs).toBe(1);
  });

  it('gzip: made once, decodes to the body, counted in the bytes, ready in a refresh of a gzip-read key', async () => {
    const c = counter();
    const spec = { tags: ['t1'], compute: () => c.compute() };
    const a = await cache.get('k', spec);
    const gz = await a.gzip();
    expect(gunzipSync(gz).toString()).toBe('a#1');
    expect(await a.gzip()).toBe(gz);
    expect(cache.size().bytes).toBe(a.body.length + gz.length);
    cache.bump('t1');
    advanceClock(MAX_AGE / 2);
    await cache.get('k', spec);
    await cache.idle();
    const refreshed = await cache.get('k', spec);
    expect(text(refreshed)).toBe('a#2');
    // Its gzip was made before it replaced the old answer.
    expect(cache.size().bytes).toBe(refreshed.body.length + (await refreshed.gzip()).length);
  });

  it('drops tags that can no longer make an answer stale, and only those', async () => {
    const c = counter();
    const spec = { tags: ['day|0'], compute: () => c.compute() };
    for (let i = 0; i < 10_000; i++) cache.bump(`day|${i}`);
    await cache.get('k', spec);
    // Past the pruning threshold: the old tags go, the answer stays fresh.
    cache.bump('day|new');
    expect(cache.size().tags).toBeLessThan(10);
    expect(text(await cache.get('k', spec))).toBe('a#1');
    cache.bump('day|0');
    advanceClock(MAX_AGE / 2);
    expect(text(await cache.get('k', spec))).toBe('a#1');
    await cache.idle();
    expect(text(await cache.get('k', spec))).toBe('a#2');
  });

  describe('renewal ahead of the bound', () => {
    let renewing: AnswerCache;
    beforeEach(() => {
      renewing = new AnswerCache({ maxAgeMs: MAX_AGE, maxBytes: 1 << 20, renewAt: 0.5 });
    });

    it('a fresh answer past the share is served while one computation renews it; no reader waits', async () => {
      const c = counter();
      const spec = { tags: ['t'], compute: () => c.compute() };
      expect(text(await renewing.get('k', spec))).toBe('a#1');
      advanceClock(MAX_AGE * 0.4);
      expect(text(await renewing.get('k', spec))).toBe('a#1');
      expect(c.runs).toBe(1);
      c.hold();
      advanceClock(MAX_AGE * 0.2);
      // Due for renewal: served as it is, renewed once however many ask.
      expect(text(await renewing.get('k', spec))).toBe('a#1');
      expect(text(await renewing.get('k', spec))).toBe('a#1');
      expect(c.runs).toBe(2);
      c.release();
      await renewing.idle();
      expect(text(await renewing.get('k', spec))).toBe('a#2');
      // The renewed answer's age counts from its own computation: well past the first one's bound.
      advanceClock(MAX_AGE * 0.6);
      expect(text(await renewing.get('k', spec))).toBe('a#2');
    });

    it('a computation building on an answer due for renewal waits for the renewal', async () => {
      const base = counter('base');
      const baseSpec = (fresh: boolean) => ({ tags: ['t'], fresh, compute: () => base.compute() });
      const page = {
        tags: ['t'],
        compute: async (): Promise<Computed> => {
          const b = await renewing.get('base', baseSpec(true));
          return { body: Buffer.from(`page of ${text(b)}`), basedOn: [b] };
        },
      };
      expect(text(await renewing.get('page', page))).toBe('page of base#1');
      advanceClock(MAX_AGE * 0.6);
      // The page is due (it is as old as its base): renewed in the background with a renewed base.
      expect(text(await renewing.get('page', page))).toBe('page of base#1');
      await renewing.idle();
      expect(text(await renewing.get('page', page))).toBe('page of base#2');
      expect(base.runs).toBe(2);
    });

    it('an answer may carry its own bound', async () => {
      const c = counter();
      const long = { tags: ['t'], maxAgeMs: MAX_AGE * 10, compute: () => c.compute() };
      expect(text(await cache.get('k', long))).toBe('a#1');
      advanceClock(MAX_AGE * 5);
      expect(text(await cache.get('k', long))).toBe('a#1');
      advanceClock(MAX_AGE * 5);
      expect(text(await cache.get('k', long))).toBe('a#2');
      // Without renewal (the plain cache), the bound is the answer's own, not the cache's.
      expect(c.runs).toBe(2);
    });
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['deflate, br', false],
    ['gzip;q=0', false],
    ['*', true],
    ['*;q=0', false],
    ['identity', false],
    ['GZIP', true],
    ['x-gzip', true],
    ['gzip;q=0, *', false],
    ['', false],
  ])('%j → %s', (header, ok) => expect(acceptsGzip(header)).toBe(ok));
  it('no header: no gzip', () => expect(acceptsGzip(undefined)).toBe(false));
});
