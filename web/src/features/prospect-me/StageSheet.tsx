import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProspectStages, type ProspectStage } from '../../../../contracts/prospect.ts';
import { useApiError } from '../../components/useApiError.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { useMoveStage } from './api.ts';
import { StageTag } from './labels.tsx';

export function needsReason(s: ProspectStage): boolean {
  return s === 'paused' || s === 'lost';
}

interface CardRef {
  id: string;
  name: string;
  stage: ProspectStage;
}

/** Moves a card and says so; signing opens the new customer's link in the message. */
export function useStageMover() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const move = useMoveStage();
  const run = (card: CardRef, stage: ProspectStage, reason: string | undefined, done: () => void) =>
    move.mutate(
      { id: card.id, stage, reason },
      {
        onSuccess: () => {
          void message.success(
            t('prospectMe.stageMove.moved', { name: card.name, stage: t(`prospectMe.stage.${stage}`) }),
          );
          done();
        },
        onError: (e) => showError(e),
      },
    );
  return { run, pending: move.isPending };
}

/** Why a card is paused or lost: a few words, or one of the usual reasons. */
function ReasonForm({
  stage,
  pending,
  onSubmit,
  onBack,
}: {
  stage: ProspectStage;
  pending: boolean;
  onSubmit: (reason: string) => void;
  onBack?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const usual = t(`prospectMe.stageMove.usual.${stage}`).split('|');
  return (
    <Flex vertical gap={8}>
      <Typography.Text strong>{t(`prospectMe.stageMove.reasonFor.${stage}`)}</Typography.Text>
      <Flex gap={6} wrap>
        {usual.map((u) => (
          <Tag.CheckableTag
            key={u}
            checked={reason === u}
            onChange={() => setReason(u)}
            style={{ padding: '6px 10px', border: '1px solid #d9d9d9' }}
          >
            {u}
          </Tag.CheckableTag>
        ))}
      </Flex>
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={200}
        autoSize={{ minRows: 2, maxRows: 4 }}
        aria-label={t('prospectMe.stageMove.reason')}
        placeholder={t('prospectMe.stageMove.reason')}
        data-testid="stage-reason"
      />
      <Flex gap={8} justify="flex-end">
        {onBack && <Button onClick={onBack}>{t('common.back')}</Button>}
        <Button
          type="primary"
          danger={stage === 'lost'}
          disabled={!reason.trim()}
          loading={pending}
          onClick={() => onSubmit(reason.trim())}
          data-testid="stage-reason-ok"
        >
          {t(`prospectMe.stageMove.confirm.${stage}`)}
        </Button>
      </Flex>
    </Flex>
  );
}

/**
 * The stage picker of a phone: an action sheet of the funnel's stages in order, the current one
 * marked; paused and lost ask for a reason, signed asks once (it makes the customer).
 */
export function StageSheet({ card, onClose }: { card: CardRef; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const navigate = useNavigate();
  const mover = useStageMover();
  const [asking, setAsking] = useState<ProspectStage | null>(null);
  const pick = (s: ProspectStage) => {
    if (needsReason(s) || s === 'signed') setAsking(s);
    else mover.run(card, s, undefined, onClose);
  };
  return (
    <Drawer
      open
      onClose={onClose}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? 'auto' : 'default'}
      title={t('prospectMe.stageMove.title', { name: card.name })}
      destroyOnHidden
      data-testid="stage-sheet"
    >
      {asking && needsReason(asking) ? (
        <ReasonForm
          stage={asking}
          pending={mover.pending}
          onBack={() => setAsking(null)}
          onSubmit={(r) => mover.run(card, asking, r, onClose)}
        />
      ) : asking === 'signed' ? (
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('prospectMe.stageMove.signedBody', { name: card.name })}
          </Typography.Paragraph>
          <Flex gap={8} justify="flex-end">
            <Button onClick={() => setAsking(null)}>{t('common.back')}</Button>
            <Button
              type="primary"
              loading={mover.pending}
              onClick={() =>
                mover.run(card, 'signed', undefined, () => {
                  onClose();
                  void navigate(`/prospects/cards/${card.id}`);
                })
              }
              data-testid="stage-signed-ok"
            >
              {t('prospectMe.stageMove.signedOk')}
            </Button>
          </Flex>
        </Flex>
      ) : (
        <div className="sb-pm-sheet" role="list">
          {ProspectStages.map((s) => (
            <Button
              key={s}
              block
              size="large"
              role="listitem"
              disabled={s === card.stage || mover.pending}
              onClick={() => pick(s)}
              icon={s === card.stage ? <CheckOutlined /> : undefined}
              data-testid={`stage-pick-${s}`}
              style={{ justifyContent: 'flex-start' }}
            >
              <StageTag stage={s} />
              {s === card.stage && <span className="sb-pm-muted">{t('prospectMe.stageMove.current')}</span>}
            </Button>
          ))}
        </div>
      )}
    </Drawer>
  );
}

/** A drop onto the paused or lost column of the desk board asks for the reason here. */
export function ReasonModal({
  card,
  stage,
  onClose,
}: {
  card: CardRef;
  stage: ProspectStage;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const mover = useStageMover();
  return (
    <Modal
      open
      onCancel={onClose}
      footer={null}
      title={t('prospectMe.stageMove.title', { name: card.name })}
      destroyOnHidden
    >
      <ReasonForm
        stage={stage}
        pending={mover.pending}
        onSubmit={(r) => mover.run(card, stage, r, onClose)}
      />
    </Modal>
  );
}
