import { Button, Card, DatePicker, Flex, Select, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AuditEntry } from '../../../../contracts/audit.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { UserSelect } from '../../components/UserSelect.tsx';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { exportAudit, useAudit, type AuditParams } from './api.ts';
import { useApiError } from '../../components/useApiError.ts';
import { AuditDiff } from './AuditDiff.tsx';

/** Entities the server writes today; others still show, under their code. */
const ENTITIES = [
  'user',
  'unit',
  'rank',
  'session',
  'archiveDocument',
  'honour',
  'userImport',
  'userExport',
  'notification',
  'tenant',
] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function useAuditParams(): [AuditParams, (p: Partial<AuditParams>) => void] {
  const [sp, setSp] = useSearchParams();
  const page = Number(sp.get('page'));
  const date = (k: string) => (DATE.test(sp.get(k) ?? '') ? sp.get(k)! : undefined);
  const params: AuditParams = {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: [20, 50, 100].includes(Number(sp.get('pageSize'))) ? Number(sp.get('pageSize')) : 20,
    entity: sp.get('entity') ?? undefined,
    entityId: sp.get('entityId') ?? undefined,
    actorId: sp.get('actorId') ?? undefined,
    from: date('from'),
    to: date('to'),
  };
  const update = (patch: Partial<AuditParams>) => {
    const next: AuditParams = { ...params, ...patch };
    if (!('page' in patch)) next.page = 1;
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(next))
      if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) out.set(k, String(v));
    setSp(out, { replace: true });
  };
  return [params, update];
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const [params, update] = useAuditParams();
  const { data, isFetching, error, refetch } = useAudit(params);
  const [exporting, setExporting] = useState(false);
  const showError = useApiError();
  const doExport = () => {
    setExporting(true);
    exportAudit(params)
      .catch((e: unknown) => showError(e))
      .finally(() => setExporting(false));
  };
  const entityLabel = (e: string) => t(`audit.entities.${e}`, { defaultValue: e });
  const actionLabel = (a: string) => t(`audit.actions.${a}`, { defaultValue: a });

  return (
    <>
      <PageHeader
        title={t('nav.audit')}
        subtitle={t('audit.subtitle')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={doExport}
            data-testid="audit-export"
          >
            {t('audit.export')}
          </Button>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }} role="search">
        <Select
          allowClear
          value={params.entity}
          onChange={(v?: string) => update({ entity: v, entityId: undefined })}
          placeholder={t('audit.filterEntity')}
          aria-label={t('audit.filterEntity')}
          options={ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))}
          style={{ flex: '1 1 140px', minWidth: 0 }}
          data-testid="audit-entity-filter"
        />
        <UserSelect
          value={params.actorId}
          onChange={(v) => update({ actorId: v ?? undefined })}
          placeholder={t('audit.filterActor')}
          aria-label={t('audit.filterActor')}
          style={{ flex: '1 1 180px', minWidth: 0 }}
          data-testid="audit-actor-filter"
        />
        <DatePicker.RangePicker
          value={[params.from ? dayjs(params.from) : null, params.to ? dayjs(params.to) : null]}
          onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          allowEmpty={[true, true]}
          aria-label={t('audit.filterDates')}
          style={{ flex: '1 1 240px', minWidth: 0 }}
          data-testid="audit-date-filter"
        />
      </Flex>
      {params.entityId && (
        <Tag closable onClose={() => update({ entityId: undefined })} style={{ marginBottom: 12 }}>
          {t('audit.onlyEntity', { id: params.entityId })}
        </Tag>
      )}
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<AuditEntry>
            data-testid="audit-table"
            rowKey="id"
            size="middle"
            loading={isFetching}
            dataSource={data?.items ?? []}
            scroll={phone ? undefined : { x: 'max-content' }}
            locale={{ emptyText: t('audit.empty') }}
            expandable={{
              expandedRowRender: (r) => <AuditDiff before={r.before} after={r.after} />,
              rowExpandable: (r) => r.before !== null || r.after !== null,
              expandRowByClick: true,
            }}
            columns={
              phone
                ? [
                    {
                      title: t('audit.at'),
                      key: 'who',
                      render: (_: unknown, r: AuditEntry) => (
                        <>
                          <div>{formatDateTime(r.at)}</div>
                          <Typography.Text type="secondary">
                            {r.actorName ?? t('audit.system')}
                          </Typography.Text>
                        </>
                      ),
                    },
                    {
                      title: t('audit.action'),
                      key: 'action',
                      render: (_: unknown, r: AuditEntry) =>
                        `${entityLabel(r.entity)} · ${actionLabel(r.action)}`,
                    },
                  ]
                : [
                    {
                      title: t('audit.at'),
                      dataIndex: 'at',
                      render: (v: string) => formatDateTime(v),
                      width: 150,
                    },
                    {
                      title: t('audit.actor'),
                      dataIndex: 'actorName',
                      render: (v: string | null, r) =>
                        r.actorId ? (
                          <Link to={`/people/${r.actorId}`} onClick={(e) => e.stopPropagation()}>
                            {v ?? r.actorId}
                          </Link>
                        ) : (
                          t('audit.system')
                        ),
                    },
                    {
                      title: t('audit.action'),
                      key: 'action',
                      render: (_, r) => (
                        <Flex gap={4} wrap>
                          <Tag>{entityLabel(r.entity)}</Tag>
                          <span>{actionLabel(r.action)}</span>
                        </Flex>
                      ),
                    },
                    {
                      title: t('audit.entityId'),
                      key: 'entityId',
                      render: (_: unknown, r: AuditEntry) =>
                        r.entity === 'user' ? (
                          <Link to={`/people/${r.entityId}`} onClick={(e) => e.stopPropagation()}>
                            <Typography.Text code>{r.entityId.slice(-8)}</Typography.Text>
                          </Link>
                        ) : (
                          <Typography.Text code title={r.entityId}>
                            {r.entityId.slice(-8)}
                          </Typography.Text>
                        ),
                    },
                    { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
                  ]
            }
            onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
            pagination={{
              current: params.page,
              pageSize: params.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: !phone,
              pageSizeOptions: [20, 50, 100],
              simple: phone,
              showTotal: (total) => t('audit.total', { count: formatNumber(total, i18n.language) }),
            }}
          />
        </Card>
      )}
    </>
  );
}
