import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker copies the WAL back into the database file. */
export const CHECKPOINT_INTERVAL_MS = 100;
/** The main connection's own automatic checkpoint, kept as a backstop (pages; SQLite's default is 1,000). */
export const BACKSTOP_CHECKPOINT_PAGES = 20_000;

// A CommonJS script: eval'd workers have `require`; better-sqlite3 is passed by its resolved path.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
// The checkpointing connection's level decides whether the checkpoint syncs the WAL and the database
// file: it must be the main connection's, never OFF.
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch {
    // busy or locked: the next tick tries again (a PASSIVE checkpoint never waits)
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop: () => Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. A checkpoint copies the log back into the
 * database file and syncs both files; SQLite runs it inside the COMMIT that takes the log past
 * 1,000 pages, so one request in many (during the morning check-in, one batch in every few dozen)
 * would hold the event loop for the copy and two syncs. A worker thread with its own connection runs
 * a PASSIVE checkpoint every CHECKPOINT_INTERVAL_MS instead, which never blocks readers or writers;
 * the caller raises the main connection's automatic threshold to BACKSTOP_CHECKPOINT_PAGES, so it
 * still checkpoints should the worker fall behind or stop.
 */
export function startCheckpointer(file: string, synchronous: 'FULL' | 'NORMAL'): Checkpointer {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      module: createRequire(import.meta.url).resolve('better-sqlite3'),
      file,
      synchronous,
      intervalMs: CHECKPOINT_INTERVAL_MS,
    },
  });
  // A failing worker only means the main connection checkpoints by itself again.
  worker.on('error', () => undefined);
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop: async () => {
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
