import {
  BOARD_COLUMN_SIZE,
  ProspectStages,
  type ProspectBoard,
  type ProspectDetail,
  type ProspectStageMove,
} from '../../../contracts/prospect.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { assertUserVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { now, nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './card.repository.ts';
import { assertWriter, getProspect, maskText, readVisibility, toProspectDto } from './card.service.ts';
import { cardsChanged } from './card-list.cache.ts';
import { funnelChanged } from './funnel.cache.ts';
import { customerForSignedCard } from './sign.repository.ts';

/**
 * The funnel's moves (销售漏斗): a card moves to any other stage, timestamped, filed under the
 * owner's team of the day; paused and lost carry a reason. Signing makes the card's customer.
 */

/** A phone's clock may run a little ahead of the server's. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export async function moveStage(ctx: Ctx, id: string, input: ProspectStageMove): Promise<ProspectDetail> {
  assertCan(ctx.actor, 'prospect.own');
  const { tenantId, userId } = ctx.actor;
  const vis = readVisibility(ctx.actor);
  const filed = await inTx(ctx, async (tx) => {
    const card = await repo.findProspect(tx.db, tenantId, id, vis, true);
    if (!card) throw notFound('Prospect');
    assertWriter(ctx.actor, card);
    if (card.stage === input.stage)
      throw new AppError('PROSPECT_SAME_STAGE', 422, `The card is already at ${input.stage}`, { stage: input.stage });
    const at = input.at ? new Date(input.at) : now();
    if (at.getTime() > now().getTime() + FUTURE_TOLERANCE_MS)
      throw invalid([{ path: 'body.at', message: 'Must not lie in the future', code: 'future' }]);
    const atIso = input.at ? at.toISOString() : nowIso();
    if (atIso < card.stage_changed_at)
      throw invalid([{ path: 'body.at', message: 'Must not be before the card’s last move', code: 'order' }]);
    const owner = await tx.db
      .selectFrom('users')
      .select('unit_id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', card.owner_id)
      .executeTakeFirstOrThrow();
    const reason = input.reason ?? null;
    await repo.insertStageChange(tx.db, {
      id: newId(),
      tenant_id: tenantId,
      prospect_id: id,
      owner_id: card.owner_id,
      unit_id: owner.unit_id,
      from_stage: card.stage,
      to_stage: input.stage,
      reason,
      changed_at: atIso,
      changed_by: userId,
    });
    const stamp = nowIso();
    let customerId = card.customer_id;
    if (input.stage === 'signed') {
      const { customer, created } = await customerForSignedCard(tx.db, card, userId, stamp);
      customerId = customer.id;
      if (created) {
        await recordAudit(tx, {
          entity: 'customer',
          entityId: customer.id,
          action: 'create',
          after: { ...customer, source: 'signedProspect' },
          sessionNeutral: true,
        });
      }
    }
    await repo.updateProspect(tx.db, tenantId, id, {
      stage: input.stage,
      stage_reason: reason,
      stage_changed_at: atIso,
      customer_id: customerId,
      updated_at: stamp,
    });
    await recordAudit(tx, {
      entity: 'prospect',
      entityId: id,
      action: 'stage',
      before: {
        stage: card.stage,
        stageReason: maskText(card.stage_reason),
        stageChangedAt: card.stage_changed_at,
      },
      after: { stage: input.stage, stageReason: maskText(reason), stageChangedAt: atIso, customerId },
      sessionNeutral: true,
    });
    return { ownerId: card.owner_id, unitId: card.unit_id };
  });
  funnelChanged(tenantId);
  await cardsChanged(ctx.db, tenantId, [filed]);
  return getProspect(ctx, id);
}

/** An agent's kanban: every stage with its count and the first cards by next follow-up. */
export async function getBoard(ctx: Ctx, q: { ownerId?: string | undefined }): Promise<ProspectBoard> {
  assertCan(ctx.actor, 'prospect.own');
  const { tenantId, userId } = ctx.actor;
  const ownerId = q.ownerId ?? userId;
  if (ownerId !== userId) {
    if (!can(ctx.actor, 'prospect.read')) throw notFound('User');
    await assertUserVisible(ctx.db, ctx.actor, ownerId);
  }
  const vis = readVisibility(ctx.actor);
  const counts = await repo.countByStage(ctx.db, tenantId, ownerId);
  const columns = await Promise.all(
    ProspectStages.map(async (stage) => {
      const count = counts.get(stage) ?? 0;
      const items = count === 0 ? [] : await repo.findStageColumn(ctx.db, tenantId, vis, ownerId, stage, BOARD_COLUMN_SIZE);
      return { stage, count, items: items.map(toProspectDto) };
    }),
  );
  return { ownerId, columns };
}
