import { PrinterOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Row,
  Segmented,
  Skeleton,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Leaderboard } from '../../../../../contracts/activity.ts';
import type { Unit } from '../../../../../contracts/org.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect.tsx';
import { formatMoney, formatNumber } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useMe } from '../../auth/MeContext.tsx';
import { todayIn } from '../../attendance/time.ts';
import { useUnits } from '../../org/api.ts';
import '../activity.css';
import { useLeaderboard, type LeaderboardParams } from '../api.ts';
import { useWorkMonthRule } from '../analysis/PeriodPicker.tsx';
import { DATE_RE, dateForPick, pickerMonth } from '../period.ts';

type Row = Leaderboard['rows'][number];
type Period = LeaderboardParams['period'];
type By = LeaderboardParams['by'];

const LIMIT = 50;
/** Gold, silver, bronze: the place is written beside the colour. */
const MEDALS = ['#f59e0b', '#94a3b8', '#d97706'];

/** The board's unit, period, date and measure live in the URL, so a board can be sent or printed. */
function useBoardParams(defaults: { unitId: string; date: string }) {
  const [sp, setSp] = useSearchParams();
  const date = sp.get('date');
  const params: { unitId: string; period: Period; date: string; by: By } = {
    unitId: sp.get('unitId') || defaults.unitId,
    period: sp.get('period') === 'month' ? 'month' : 'week',
    date: date && DATE_RE.test(date) ? date : defaults.date,
    by: sp.get('by') === 'sales' ? 'sales' : 'points',
  };
  const update = (patch: Partial<typeof params>) => {
    const next = { ...params, ...patch };
    const out = new URLSearchParams();
    if (next.unitId !== defaults.unitId) out.set('unitId', next.unitId);
    if (next.period !== 'week') out.set('period', next.period);
    if (next.date !== defaults.date) out.set('date', next.date);
    if (next.by !== 'points') out.set('by', next.by);
    setSp(out, { replace: true });
  };
  return [params, update] as const;
}

export default function LeaderboardPage() {
  const { data: units, isPending, error, refetch } = useUnits();
  if (error && !units) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (isPending || !units) return <Skeleton active paragraph={{ rows: 12 }} />;
  return <LeaderboardView units={units} />;
}

function LeaderboardView({ units }: { units: Unit[] }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const phone = useIsPhoneLayout();
  const rule = useWorkMonthRule();
  const today = useMemo(() => todayIn(), []);
  const defaultUnitId = units.some((u) => u.id === me.unitId) ? me.unitId : (units[0]?.id ?? me.unitId);
  const [params, update] = useBoardParams({ unitId: defaultUnitId, date: today });
  const { data, error, refetch, isFetching } = useLeaderboard({ ...params, limit: LIMIT });
  const children = units.filter((u) => u.parentId === params.unitId);
  const pick = (d: Dayjs | null) => {
    if (d) update({ date: dateForPick(params.period, d.format('YYYY-MM-DD')) });
  };

  return (
    <div className="sb-act-page">
      <PageHeader
        title={
          // A plain title on a phone, where the top bar already names the page.
          phone ? (
            t('activity.nav.leaderboard')
          ) : (
            <span>
              <TrophyOutlined style={{ color: '#f59e0b', marginRight: 8 }} aria-hidden />
              {t('activity.nav.leaderboard')}
            </span>
          )
        }
        documentTitle={t('activity.nav.leaderboard')}
        subtitle={
          data
            ? t('activity.leaderboard.subtitle', {
                unit: data.unitName,
                period: t(`activity.leaderboard.periods.${data.period}`),
                from: data.from,
                to: data.to,
              })
            : undefined
        }
        extra={
          !phone && (
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="sb-act-noprint">
              {t('activity.print')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }} role="search" className="sb-act-noprint">
        <UnitTreeSelect
          value={params.unitId}
          onChange={(v) => update({ unitId: v ?? defaultUnitId })}
          aria-label={t('activity.filters.unit')}
          style={{ flex: '1 1 200px', minWidth: 0, maxWidth: phone ? undefined : 260 }}
          data-testid="leaderboard-unit"
        />
        <Segmented<Period>
          value={params.period}
          onChange={(period) => update({ period })}
          options={(['week', 'month'] as const).map((p) => ({
            value: p,
            label: t(`activity.leaderboard.periods.${p}`),
          }))}
          aria-label={t('activity.filters.period')}
          data-testid="leaderboard-period"
        />
        {params.period === 'week' ? (
          <DatePicker
            picker="week"
            allowClear={false}
            value={dayjs(params.date)}
            onChange={pick}
            format={(d) => {
              const mon = d.subtract((d.day() + 6) % 7, 'day');
              return `${mon.format('YYYY-MM-DD')} ~ ${mon.add(6, 'day').format('MM-DD')}`;
            }}
            aria-label={t('activity.filters.date')}
            style={{ flex: '1 1 180px', maxWidth: phone ? undefined : 220 }}
            data-testid="leaderboard-date"
          />
        ) : (
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${pickerMonth(params.date, rule)}-01`)}
            onChange={pick}
            format="YYYY-MM"
            aria-label={t('activity.filters.date')}
            style={{ flex: '1 1 120px', maxWidth: phone ? undefined : 160 }}
            data-testid="leaderboard-date"
          />
        )}
        <Segmented<By>
          value={params.by}
          onChange={(by) => update({ by })}
          options={(['points', 'sales'] as const).map((b) => ({
            value: b,
            label: t(`activity.leaderboard.by.${b}`),
          }))}
          aria-label={t('activity.leaderboard.byLabel')}
          data-testid="leaderboard-by"
        />
      </Flex>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Flex vertical gap={16}>
          <Podium rows={data.rows.slice(0, 3)} by={data.by} />
          <Card
            size="small"
            title={t('activity.leaderboard.fullTitle', { unit: data.unitName })}
            styles={{ body: { padding: 0 } }}
          >
            <BoardTable board={data} loading={isFetching} meId={me.id} />
          </Card>
          {children.length > 0 && (
            <>
              <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
                {t('activity.leaderboard.perTeam')}
              </Typography.Title>
              <Row gutter={[12, 12]}>
                {children.map((c) => (
                  <Col key={c.id} xs={24} md={12} xl={8}>
                    <TeamTop
                      unit={c}
                      params={{ ...params, unitId: c.id }}
                      onOpen={() => update({ unitId: c.id })}
                    />
                  </Col>
                ))}
              </Row>
            </>
          )}
        </Flex>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        {t('activity.leaderboard.note', { n: formatNumber(LIMIT, i18n.language) })}
      </Typography.Paragraph>
    </div>
  );
}

function figure(r: Row, by: By, lang: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  return by === 'sales'
    ? t('activity.leaderboard.salesN', { n: formatNumber(r.sales, lang) })
    : t('activity.leaderboard.pointsN', { n: formatNumber(r.points, lang) });
}

/** The first three, second–first–third as on a podium (first in the middle, raised). */
function Podium({ rows, by }: { rows: Row[]; by: By }) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0)
    return (
      <Card>
        <Empty description={t('activity.leaderboard.empty')} />
      </Card>
    );
  const order = [rows[1], rows[0], rows[2]];
  return (
    <div className="sb-act-podium" data-testid="leaderboard-podium">
      {order.map((r, i) =>
        r ? (
          <div
            key={r.userId}
            className={`sb-act-podium-place sb-act-rank-${r.rank <= 3 ? r.rank : 3}`}
            data-testid={`podium-${r.rank}`}
          >
            <TrophyOutlined
              className="sb-act-medal"
              style={{ color: MEDALS[Math.min(r.rank, 3) - 1] }}
              aria-hidden
            />
            <div className="sb-act-podium-rank">{t('activity.leaderboard.place', { rank: r.rank })}</div>
            <div className="sb-act-podium-name" title={r.userName}>
              {r.userName}
            </div>
            <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
              {r.unitName}
            </Typography.Text>
            <div className="sb-act-podium-figure">{figure(r, by, i18n.language, t)}</div>
          </div>
        ) : (
          <div key={`empty-${i}`} />
        ),
      )}
    </div>
  );
}

function RankBadge({ rank }: { rank: number }) {
  return <span className={`sb-act-rank-badge ${rank <= 3 ? `sb-act-rank-badge-${rank}` : ''}`}>{rank}</span>;
}

function BoardTable({ board, loading, meId }: { board: Leaderboard; loading: boolean; meId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (v: number) => formatNumber(v, lang);
  const rows: (Row & { key: string })[] = board.rows.map((r) => ({ ...r, key: r.userId }));
  return (
    <div data-testid="leaderboard-table">
      <Table<Row & { key: string }>
        size="middle"
        rowKey="key"
        loading={loading}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.userId === meId ? 'sb-act-me' : r.rank <= 3 ? 'sb-act-top' : '')}
        locale={{ emptyText: t('activity.leaderboard.empty') }}
        columns={[
          {
            key: 'rank',
            title: t('activity.leaderboard.rank'),
            width: 64,
            render: (_: unknown, r) => <RankBadge rank={r.rank} />,
          },
          {
            key: 'name',
            title: t('activity.columns.name'),
            render: (_: unknown, r) => (
              <span>
                {r.userName}
                {r.userId === meId && (
                  <Typography.Text type="secondary"> · {t('activity.leaderboard.me')}</Typography.Text>
                )}
              </span>
            ),
          },
          { key: 'unit', title: t('activity.columns.unitName'), render: (_: unknown, r) => r.unitName },
          {
            key: 'points',
            title: t('activity.columns.points'),
            align: 'right',
            render: (_: unknown, r) => (board.by === 'points' ? <b>{n(r.points)}</b> : n(r.points)),
          },
          {
            key: 'sales',
            title: t('activity.leaderboard.sales'),
            align: 'right',
            render: (_: unknown, r) => (board.by === 'sales' ? <b>{n(r.sales)}</b> : n(r.sales)),
          },
          {
            key: 'premium',
            title: t('activity.columns.premiumFen'),
            align: 'right',
            render: (_: unknown, r) => formatMoney(r.premiumFen, lang),
          },
          {
            key: 'activities',
            title: t('activity.columns.activities'),
            align: 'right',
            render: (_: unknown, r) => n(r.activities),
          },
        ]}
        footer={
          board.me
            ? () => (
                <span data-testid="leaderboard-me">
                  {t('activity.leaderboard.myRank', {
                    rank: board.me!.rank,
                    points: n(board.me!.points),
                    sales: n(board.me!.sales),
                  })}
                </span>
              )
            : undefined
        }
      />
    </div>
  );
}

/** One team's first three, for the per-team honour roll below the department's. */
function TeamTop({
  unit,
  params,
  onOpen,
}: {
  unit: Unit;
  params: Omit<LeaderboardParams, 'limit'>;
  onOpen: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { data, error } = useLeaderboard({ ...params, limit: 3 });
  return (
    <Card
      size="small"
      title={unit.name}
      extra={
        <Typography.Link onClick={onOpen} className="sb-act-noprint">
          {t('activity.leaderboard.openTeam')}
        </Typography.Link>
      }
      data-testid={`leaderboard-team-${unit.id}`}
    >
      {error ? (
        <Typography.Text type="secondary">{t('activity.leaderboard.failed')}</Typography.Text>
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : data.rows.length === 0 ? (
        <Typography.Text type="secondary">{t('activity.leaderboard.empty')}</Typography.Text>
      ) : (
        <ol className="sb-rowlist" style={{ margin: 0 }}>
          {data.rows.map((r) => (
            <li key={r.userId} className="sb-rowlist-row" style={{ minHeight: 40, padding: '6px 4px' }}>
              <RankBadge rank={r.rank} />
              <span style={{ flex: 1, minWidth: 0 }}>{r.userName}</span>
              <b style={{ fontVariantNumeric: 'tabular-nums' }}>{figure(r, data.by, i18n.language, t)}</b>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
