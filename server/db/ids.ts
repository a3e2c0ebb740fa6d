import { randomBytes } from 'node:crypto';

// Random bytes are drawn from a pool refilled 4 KiB at a time: one system call per 256 ids, not per id.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;
function randomBits(n: number): Uint8Array {
  if (poolOffset + n > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}

let lastMs = 0;
let seq = 0;

/**
 * UUIDv7 (RFC 9562): 48-bit millisecond time then random bits, so ids sort by creation time
 * and index inserts stay append-mostly. A 12-bit counter keeps ids made in the same millisecond ordered.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
    ms = lastMs;
  } else {
    lastMs = ms;
    seq = 0;
  }
  const b = Buffer.from(randomBits(16));
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
