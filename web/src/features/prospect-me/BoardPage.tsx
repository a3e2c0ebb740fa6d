import { DownOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Select, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ProspectStages, type Prospect, type ProspectStage } from '../../../../contracts/prospect.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { formatNumber } from '../../i18n/format.ts';
import { useNarrowScreen } from '../../lib/useIsPhone.ts';
import { useBoard } from './api.ts';
import { FollowUp } from './FollowUp.tsx';
import { GradeTag, StageTag } from './labels.tsx';
import { ProspectTabs } from './ProspectTabs.tsx';
import { needsReason, ReasonModal, StageSheet, useStageMover } from './StageSheet.tsx';
import './prospect-me.css';

type Column = { stage: ProspectStage; count: number; items: Prospect[] };

/** A card on the desk board: dragged to another column, or moved with its stage button (keyboard). */
function Tile({
  card,
  dragging,
  onDragStart,
  onDragEnd,
  onPick,
}: {
  card: Prospect;
  dragging: boolean;
  onDragStart: () => void;
  onDragEnd: () => void;
  onPick: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div
      className={`sb-pm-tile${dragging ? ' sb-pm-tile-dragging' : ''}`}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', card.id);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      data-testid={`board-card-${card.id}`}
    >
      <Flex justify="space-between" align="center" gap={6}>
        <Link to={`/prospects/cards/${card.id}`} className="sb-pm-name">
          {card.name}
        </Link>
        <GradeTag grade={card.grade} />
      </Flex>
      <Flex justify="space-between" align="center" gap={6} style={{ marginTop: 4 }}>
        <FollowUp date={card.nextFollowUp} />
        <Button
          size="small"
          type="text"
          onClick={onPick}
          aria-label={t('prospectMe.board.moveCard', { name: card.name })}
          data-testid={`board-move-${card.id}`}
        >
          {t('prospectMe.board.move')}
        </Button>
      </Flex>
      {card.stageReason && <div className="sb-pm-muted">{card.stageReason}</div>}
    </div>
  );
}

function DeskBoard({ columns, onPick }: { columns: Column[]; onPick: (c: Prospect) => void }) {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const mover = useStageMover();
  const [dragId, setDragId] = useState<string | null>(null);
  const [over, setOver] = useState<ProspectStage | null>(null);
  const [asking, setAsking] = useState<{ card: Prospect; stage: ProspectStage } | null>(null);
  const all = columns.flatMap((c) => c.items);

  const drop = (stage: ProspectStage, id: string) => {
    const card = all.find((x) => x.id === id);
    if (!card || card.stage === stage) return;
    if (needsReason(stage)) setAsking({ card, stage });
    else if (stage === 'signed')
      modal.confirm({
        title: t('prospectMe.stageMove.title', { name: card.name }),
        content: t('prospectMe.stageMove.signedBody', { name: card.name }),
        okText: t('prospectMe.stageMove.signedOk'),
        cancelText: t('common.cancel'),
        onOk: () => mover.run(card, stage, undefined, () => {}),
      });
    else mover.run(card, stage, undefined, () => {});
  };

  const column = (col: Column) => (
    <section
      key={col.stage}
      className={`sb-pm-column${over === col.stage ? ' sb-pm-column-over' : ''}`}
      aria-label={t(`prospectMe.stage.${col.stage}`)}
      data-testid={`board-column-${col.stage}`}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        if (over !== col.stage) setOver(col.stage);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(null);
        const id = e.dataTransfer.getData('text/plain') || dragId;
        if (id) drop(col.stage, id);
      }}
    >
      <h3>
        <StageTag stage={col.stage} />
        <span className="sb-pm-muted">{formatNumber(col.count, i18n.language)}</span>
      </h3>
      {col.items.map((card) => (
        <Tile
          key={card.id}
          card={card}
          dragging={dragId === card.id}
          onDragStart={() => setDragId(card.id)}
          onDragEnd={() => setDragId(null)}
          onPick={() => onPick(card)}
        />
      ))}
      {col.count > col.items.length && (
        <Link to={`/prospects/cards?stage=${col.stage}`} className="sb-pm-muted">
          {t('prospectMe.board.more', { count: col.count - col.items.length })}
        </Link>
      )}
    </section>
  );

  // The main line one column a stage; paused and lost share the last column, so all fit on a desk.
  return (
    <div className="sb-pm-board" data-testid="board">
      {columns.filter((c) => !needsReason(c.stage)).map(column)}
      <div className="sb-pm-offline">{columns.filter((c) => needsReason(c.stage)).map(column)}</div>
      {asking && <ReasonModal card={asking.card} stage={asking.stage} onClose={() => setAsking(null)} />}
    </div>
  );
}

/** The phone: one stage at a time, each card with its stage button (an action sheet of stages). */
function PhoneBoard({ columns, onPick }: { columns: Column[]; onPick: (c: Prospect) => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const firstFull = columns.find((c) => c.count > 0)?.stage ?? 'lead';
  const [stage, setStage] = useState<ProspectStage | null>(null);
  const shown = stage ?? firstFull;
  const col = columns.find((c) => c.stage === shown);
  return (
    <Card size="small" styles={{ body: { padding: 0 } }}>
      <div style={{ padding: 12 }}>
        <Select<ProspectStage>
          value={shown}
          onChange={setStage}
          style={{ width: '100%' }}
          aria-label={t('prospectMe.board.showStage')}
          data-testid="board-stage-select"
          options={columns.map((c) => ({
            value: c.stage,
            label: `${t(`prospectMe.stage.${c.stage}`)} · ${formatNumber(c.count, i18n.language)}`,
          }))}
        />
      </div>
      <RowList
        items={col?.items ?? []}
        rowKey={(c) => c.id}
        label={t(`prospectMe.stage.${shown}`)}
        empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prospectMe.board.emptyStage')} />}
        render={(card) => (
          <Flex gap={8} align="center" style={{ width: '100%' }} data-testid={`board-card-${card.id}`}>
            <button
              type="button"
              className="sb-rowlist-button sb-pm-grow"
              style={{ textAlign: 'left', padding: 0, minHeight: 44 }}
              onClick={() => void navigate(`/prospects/cards/${card.id}`)}
            >
              <Flex gap={6} align="center" wrap>
                <span className="sb-pm-name">{card.name}</span>
                <GradeTag grade={card.grade} />
              </Flex>
              <FollowUp date={card.nextFollowUp} />
            </button>
            <Button
              onClick={() => onPick(card)}
              aria-label={t('prospectMe.board.moveCard', { name: card.name })}
              data-testid={`board-move-${card.id}`}
            >
              <StageTag stage={card.stage} /> <DownOutlined aria-hidden />
            </Button>
          </Flex>
        )}
      />
    </Card>
  );
}

/** 看板: the agent's cards by funnel stage — drag on a desk, a stage picker per card on a phone. */
export default function BoardPage() {
  const { t } = useTranslation();
  // By the screen, not the role: an agent at a desk drags cards too (their pages are phone-first).
  const phone = useNarrowScreen();
  const { data, error, refetch, isPending } = useBoard();
  const [picking, setPicking] = useState<Prospect | null>(null);
  const columns: Column[] = ProspectStages.map(
    (s) => data?.columns.find((c) => c.stage === s) ?? { stage: s, count: 0, items: [] },
  );
  let body: React.ReactNode;
  if (error && !data) body = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (isPending || !data) body = <Skeleton active />;
  else if (columns.every((c) => c.count === 0))
    body = (
      <Card>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('prospectMe.board.empty')} <Link to="/prospects/names">{t('prospectMe.cards.toNames')}</Link>
        </Typography.Paragraph>
      </Card>
    );
  else
    body = phone ? (
      <PhoneBoard columns={columns} onPick={setPicking} />
    ) : (
      <DeskBoard columns={columns} onPick={setPicking} />
    );
  return (
    <Flex vertical gap={12} className={phone ? 'sb-pm-page' : 'sb-pm-wide'}>
      <ProspectTabs />
      <PageHeader
        title={t('prospectMe.nav.board')}
        subtitle={phone ? undefined : t('prospectMe.board.dragHint')}
      />
      {body}
      {picking && <StageSheet card={picking} onClose={() => setPicking(null)} />}
    </Flex>
  );
}
