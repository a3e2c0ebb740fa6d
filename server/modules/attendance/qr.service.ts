import type { z } from 'zod';
import type { QrTokenSchema } from '../../../contracts/attendance.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUnitVisible } from '../../access/scope.ts';
import { now } from '../../lib/clock.ts';
import { qrSecret } from './config.service.ts';
import { issueQrToken } from './qr.ts';

/** The code the meeting screen shows for a unit; the web turns the path into a QR code. */
export async function meetingQrToken(ctx: Ctx, unitId: string): Promise<z.infer<typeof QrTokenSchema>> {
  assertCan(ctx.actor, 'attendance.qr');
  await assertUnitVisible(ctx.db, ctx.actor, unitId);
  const t = issueQrToken(
    await qrSecret(ctx.db, ctx.actor.tenantId),
    ctx.actor.tenantId,
    unitId,
    now().getTime(),
  );
  return {
    token: t.token,
    url: `/checkin?qr=${encodeURIComponent(t.token)}`,
    expiresAt: t.expiresAt.toISOString(),
    refreshInMs: t.refreshInMs,
  };
}
