import { Flex, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { diffRows, type DiffRow } from './diff.ts';

function Value({ v }: { v: unknown }) {
  const { t } = useTranslation();
  if (v === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  if (v === null) return <Typography.Text type="secondary">{t('audit.null')}</Typography.Text>;
  if (typeof v === 'string') return <span className="sb-json">{v}</span>;
  return <pre className="sb-json">{JSON.stringify(v, null, 2)}</pre>;
}

/** Before and after side by side, changed fields highlighted; unchanged ones on request. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const rows = diffRows(before, after);
  const [onlyChanged, setOnlyChanged] = useState(true);
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;
  const shown = onlyChanged ? rows.filter((r) => r.changed) : rows;
  const unchanged = rows.length - rows.filter((r) => r.changed).length;
  return (
    <Flex vertical gap={8}>
      {unchanged > 0 && (
        <Flex gap={8} align="center">
          <Switch
            size="small"
            checked={!onlyChanged}
            onChange={(v) => setOnlyChanged(!v)}
            aria-label={t('audit.showUnchanged', { count: unchanged })}
          />
          <Typography.Text type="secondary">{t('audit.showUnchanged', { count: unchanged })}</Typography.Text>
        </Flex>
      )}
      <Table<DiffRow>
        size="small"
        rowKey={(r) => r.key || '_'}
        pagination={false}
        dataSource={shown}
        rowClassName={(r) => (r.changed ? 'sb-diff-changed' : '')}
        columns={[
          {
            title: t('audit.field'),
            dataIndex: 'key',
            width: 180,
            render: (k: string) => <code>{k || '—'}</code>,
          },
          { title: t('audit.before'), key: 'before', render: (_, r) => <Value v={r.before} /> },
          { title: t('audit.after'), key: 'after', render: (_, r) => <Value v={r.after} /> },
        ]}
      />
    </Flex>
  );
}
