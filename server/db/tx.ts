import type { Ctx } from '../access/actor.ts';

/** Runs fn in one transaction (reusing the caller's if there is one): a request writes all or nothing. */
export async function inTx<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}
