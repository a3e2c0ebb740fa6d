import { CrownFilled } from '@ant-design/icons';
import { Card, Flex, Segmented, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Leaderboard } from '../../../../contracts/activity.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatMoney, formatNumber } from '../../i18n/format.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useUnits } from '../org/api.ts';
import { useLeaderboard, type BoardParams } from './api.ts';
import { formatPoints } from './dates.ts';
import { LogTabs } from './LogTabs.tsx';
import './activity-me.css';

type Row = Leaderboard['rows'][number];

/** The department a team belongs to: the nearest ancestor of kind department (or the team itself). */
function useDepartmentOf(unitId: string): string | undefined {
  const { data: units } = useUnits();
  if (!units) return undefined;
  const byId = new Map(units.map((u) => [u.id, u]));
  let u = byId.get(unitId);
  while (u && u.kind !== 'department') u = u.parentId ? byId.get(u.parentId) : undefined;
  return u?.id ?? unitId;
}

function Figure({
  row,
  by,
}: {
  row: Pick<Row, 'points' | 'sales'> & { premiumFen?: number };
  by: BoardParams['by'];
}) {
  const { t, i18n } = useTranslation();
  if (by === 'sales') {
    return (
      <div style={{ textAlign: 'right' }}>
        <Typography.Text strong className="sb-ac-pts">
          {t('activityMe.rank.sales', { n: row.sales })}
        </Typography.Text>
        {row.premiumFen !== undefined && row.premiumFen > 0 && (
          <div className="sb-ac-muted">{formatMoney(row.premiumFen, i18n.language)}</div>
        )}
      </div>
    );
  }
  return (
    <Typography.Text strong className="sb-ac-pts">
      {t('activityMe.points', { points: formatPoints(row.points, i18n.language) })}
    </Typography.Text>
  );
}

/** 积分排行: my team and my department, this week or work month, by points or by sales. */
export default function RankPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [sp, setSp] = useSearchParams();
  const scope = sp.get('scope') === 'department' ? 'department' : 'team';
  const period: BoardParams['period'] = sp.get('period') === 'month' ? 'month' : 'week';
  const by: BoardParams['by'] = sp.get('by') === 'sales' ? 'sales' : 'points';
  const department = useDepartmentOf(me.unitId);
  const unitId = scope === 'team' ? me.unitId : department;
  const { data, error, refetch, isPending } = useLeaderboard({ unitId, period, by }, !!unitId);
  const set = (k: string, v: string, dflt: string) => {
    const next = new URLSearchParams(sp);
    if (v === dflt) next.delete(k);
    else next.set(k, v);
    setSp(next, { replace: true });
  };
  const mine = data?.rows.find((r) => r.userId === me.id);

  return (
    <Flex vertical gap={12} className="sb-ac-page">
      <PageHeader title={t('activityMe.nav.rank')} />
      <LogTabs />
      <Flex vertical gap={8}>
        <Segmented
          block
          value={scope}
          onChange={(v) => set('scope', v, 'team')}
          options={[
            { value: 'team', label: <span data-testid="rank-scope-team">{t('activityMe.rank.team')}</span> },
            {
              value: 'department',
              label: <span data-testid="rank-scope-department">{t('activityMe.rank.department')}</span>,
            },
          ]}
        />
        <Flex gap={8}>
          <Segmented
            block
            style={{ flex: 1 }}
            value={period}
            onChange={(v) => set('period', v, 'week')}
            options={[
              { value: 'week', label: t('activityMe.rank.week') },
              { value: 'month', label: t('activityMe.rank.month') },
            ]}
          />
          <Segmented
            block
            style={{ flex: 1 }}
            value={by}
            onChange={(v) => set('by', v, 'points')}
            options={[
              { value: 'points', label: t('activityMe.rank.byPoints') },
              { value: 'sales', label: t('activityMe.rank.bySales') },
            ]}
          />
        </Flex>
      </Flex>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : isPending || !data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Card
          size="small"
          title={`${data.unitName} · ${data.from.slice(5)} – ${data.to.slice(5)}`}
          styles={{ body: { padding: 0 } }}
        >
          {(mine || data.me) && (
            <div className="sb-ac-me-row" style={{ padding: '10px 12px' }} data-testid="rank-me">
              <Typography.Text strong>
                {t('activityMe.rank.mine', {
                  rank: formatNumber(mine?.rank ?? data.me?.rank, i18n.language),
                  of: formatNumber(data.rows.length, i18n.language),
                })}
              </Typography.Text>
            </div>
          )}
          {data.rows.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
              {t('activityMe.rank.empty')}
            </Typography.Paragraph>
          ) : (
            <ol className="sb-rowlist" aria-label={t('activityMe.nav.rank')} data-testid="rank-list">
              {data.rows.map((r) => (
                <li
                  key={r.userId}
                  className={r.userId === me.id ? 'sb-ac-me-row' : undefined}
                  aria-current={r.userId === me.id ? 'true' : undefined}
                  data-testid={`rank-row-${r.rank}`}
                  data-me={r.userId === me.id}
                >
                  <div className="sb-rowlist-row">
                    <span className={`sb-ac-rank sb-ac-rank-${r.rank}`}>
                      {r.rank <= 3 ? <CrownFilled aria-hidden /> : null} {r.rank}
                    </span>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <Typography.Text strong={r.userId === me.id} ellipsis>
                        {r.userName}
                        {r.userId === me.id && ` (${t('activityMe.rank.me')})`}
                      </Typography.Text>
                      {scope === 'department' && <div className="sb-ac-muted">{r.unitName}</div>}
                    </div>
                    <Figure row={r} by={by} />
                  </div>
                </li>
              ))}
              {!mine && data.me && (
                <li className="sb-ac-me-row" aria-current="true" data-me="true">
                  <div className="sb-rowlist-row">
                    <span className="sb-ac-rank">{data.me.rank}</span>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <Typography.Text strong>
                        {me.displayName} ({t('activityMe.rank.me')})
                      </Typography.Text>
                    </div>
                    <Figure row={data.me} by={by} />
                  </div>
                </li>
              )}
            </ol>
          )}
        </Card>
      )}
    </Flex>
  );
}
