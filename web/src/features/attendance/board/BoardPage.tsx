import { FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Row,
  Segmented,
  Skeleton,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Board } from '../../../../../contracts/attendance.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect.tsx';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useCan, useMe } from '../../auth/MeContext.tsx';
import { useBoard } from '../api.ts';
import '../attendance.css';
import { DATE_PATTERN, timeIn, todayIn } from '../time.ts';
import { BoardTotals } from './BoardTotals.tsx';
import { ManualCheckInModal, type ManualTarget } from './ManualCheckInModal.tsx';
import { TeamCard, type PersonFilter } from './TeamCard.tsx';

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const on = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', on);
    return () => document.removeEventListener('visibilitychange', on);
  }, []);
  return visible;
}

/**
 * The live board of the morning meeting: who is expected, who has arrived, who is late or away,
 * by team. Today's board refreshes itself every few seconds while the page is visible, so a
 * supervisor at the meeting watches the room fill without reloading.
 */
export default function BoardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const phone = useIsPhoneLayout();
  const [sp, setSp] = useSearchParams();
  const today = todayIn();
  const unitId = sp.get('unitId') || me.unitId;
  const rawDate = sp.get('date');
  const date = rawDate && DATE_PATTERN.test(rawDate) && rawDate !== today ? rawDate : undefined;
  const visible = usePageVisible();
  const live = !date && visible;
  const { data, error, refetch, isPending, isFetching } = useBoard({ unitId, date }, live);
  const [filter, setFilter] = useState<PersonFilter>('all');
  const [target, setTarget] = useState<ManualTarget | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [full, setFull] = useState(false);

  useEffect(() => {
    const on = () => setFull(document.fullscreenElement === frame.current && !!frame.current);
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSp(next, { replace: true });
  };

  const toggleFull = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void frame.current?.requestFullscreen?.();
  };

  const canRecord = can('attendance.record');
  const onPerson = canRecord
    ? (p: Board['teams'][number]['people'][number]) => {
        if (!data || p.checkInAt || p.status === 'leave') return;
        setTarget({
          userId: p.userId,
          displayName: p.displayName,
          date: data.date,
          meetingStart: data.meetingStart,
        });
      }
    : undefined;

  const shownDate = data?.date ?? date ?? today;
  const controls = (
    <>
      <UnitTreeSelect
        value={unitId}
        onChange={(v) => set({ unitId: v && v !== me.unitId ? v : undefined })}
        aria-label={t('attendance.board.unit')}
        style={{ width: phone ? '100%' : 240 }}
        data-testid="board-unit"
      />
      <DatePicker
        value={dayjs(shownDate)}
        allowClear={false}
        onChange={(d) => {
          const v = d?.format('YYYY-MM-DD');
          set({ date: v && v !== today ? v : undefined });
        }}
        disabledDate={(d) => d.format('YYYY-MM-DD') > today}
        aria-label={t('attendance.board.date')}
        style={{ width: phone ? 'calc(50% - 4px)' : 150 }}
        data-testid="board-date"
      />
      {date && (
        <Button onClick={() => set({ date: undefined })} data-testid="board-today">
          {t('attendance.board.today')}
        </Button>
      )}
      {!phone && (
        <Button
          icon={full ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
          onClick={toggleFull}
          data-testid="board-fullscreen"
        >
          {full ? t('attendance.board.exitFullscreen') : t('attendance.board.fullscreen')}
        </Button>
      )}
    </>
  );

  return (
    <>
      <PageHeader title={t('attendance.nav.board')} extra={phone ? undefined : controls} />
      {phone && (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {controls}
        </Flex>
      )}
      <div
        ref={frame}
        className={full ? 'sb-att-board sb-att-board-full' : 'sb-att-board'}
        data-testid="board"
      >
        {error && !data ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : isPending || !data ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : (
          <Flex vertical gap={16}>
            <BoardHeading
              board={data}
              live={!date}
              fetching={isFetching}
              full={full}
              onExitFull={toggleFull}
            />
            {!data.meetingDay && (
              <Alert
                type="info"
                showIcon
                title={t('attendance.board.noMeeting')}
                data-testid="board-no-meeting"
              />
            )}
            <BoardTotals counts={data.totals} large={full} />
            {data.teams.length > 0 && (
              <Segmented<PersonFilter>
                value={filter}
                onChange={setFilter}
                block={phone}
                options={(['all', 'notArrived', 'late', 'absent', 'leave'] as const).map((k) => ({
                  value: k,
                  label: t(`attendance.board.filter.${k}`),
                }))}
                data-testid="board-filter"
              />
            )}
            {canRecord && data.teams.length > 0 && (
              <Typography.Text type="secondary">{t('attendance.board.recordHint')}</Typography.Text>
            )}
            {data.teams.length === 0 ? (
              <Card>
                <Empty description={t('attendance.board.empty')} />
              </Card>
            ) : (
              <Row gutter={[16, 16]}>
                {data.teams.map((team) => (
                  <Col
                    key={team.unitId}
                    xs={24}
                    md={data.teams.length === 1 ? 24 : 12}
                    xl={data.teams.length === 1 ? 24 : 8}
                  >
                    <TeamCard
                      team={team}
                      filter={filter}
                      wide={data.teams.length === 1 && !phone}
                      large={full}
                      onPerson={onPerson}
                      onTeam={
                        data.teams.length > 1 && team.unitId !== unitId && !full
                          ? (id) => set({ unitId: id })
                          : undefined
                      }
                    />
                  </Col>
                ))}
              </Row>
            )}
          </Flex>
        )}
      </div>
      {target && <ManualCheckInModal target={target} live={!date} onClose={() => setTarget(null)} />}
    </>
  );
}

function BoardHeading({
  board,
  live,
  fetching,
  full,
  onExitFull,
}: {
  board: Board;
  live: boolean;
  fetching: boolean;
  full: boolean;
  onExitFull: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="baseline" wrap gap={8}>
      <div>
        <Typography.Title level={full ? 2 : 5} style={{ margin: 0 }} data-testid="board-title">
          {t('attendance.board.heading', { unit: board.unitName, date: board.date })}
        </Typography.Title>
        {board.meetingDay && (
          <Typography.Text type="secondary" style={full ? { fontSize: 20 } : undefined}>
            {t('attendance.board.times', {
              start: board.meetingStart,
              late: timeIn(board.lateAt),
              absent: timeIn(board.absentAt),
            })}
          </Typography.Text>
        )}
      </div>
      <Flex gap={12} align="center">
        <Typography.Text type="secondary" aria-live="polite" style={full ? { fontSize: 18 } : undefined}>
          {live && <span className={fetching ? 'sb-att-live sb-att-live-busy' : 'sb-att-live'} aria-hidden />}
          {live
            ? t('attendance.board.liveUpdated', { time: timeIn(board.generatedAt, undefined, true) })
            : t('attendance.board.updated', {
                time: `${todayIn(undefined, new Date(board.generatedAt))} ${timeIn(board.generatedAt)}`,
              })}
        </Typography.Text>
        {full && (
          <Button
            icon={<FullscreenExitOutlined />}
            onClick={onExitFull}
            aria-label={t('attendance.board.exitFullscreen')}
          />
        )}
      </Flex>
    </Flex>
  );
}
