import { Alert, Flex, Switch, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../i18n/format.ts';
import type { ImportPreview, ImportRow } from '../api.ts';
import { previewFields, rowLevelErrors } from './importColumns.ts';

export function PreviewStep({ preview }: { preview: ImportPreview }) {
  const { t, i18n } = useTranslation();
  // Row problems arrive with a stable code; the server's English sentence is the fallback.
  const say = (e: ImportRow['errors'][number]) =>
    e.code ? t(`importErrors.${e.code}`, { defaultValue: e.message }) : e.message;
  const [onlyErrors, setOnlyErrors] = useState(preview.errorCount > 0);
  const fields = useMemo(() => previewFields(preview), [preview]);
  const rows = onlyErrors ? preview.rows.filter((r) => r.errors.length > 0) : preview.rows;
  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <Flex vertical gap={12}>
      {preview.missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('import.missingColumns', {
            fields: preview.missing.map((f) => t(`people.fields.${f}`, { defaultValue: f })).join('、'),
          })}
        />
      )}
      {preview.errorCount > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('import.hasErrors', { errors: n(preview.errorCount), valid: n(preview.validCount) })}
          description={t('import.fixAndRetry')}
        />
      ) : (
        <Alert type="success" showIcon title={t('import.allValid', { valid: n(preview.validCount) })} />
      )}
      <Flex gap={8} align="center">
        <Switch checked={onlyErrors} onChange={setOnlyErrors} id="import-only-errors" />
        <label htmlFor="import-only-errors">{t('import.onlyErrors')}</label>
      </Flex>
      <Table<ImportRow>
        rowKey="rowNumber"
        size="small"
        dataSource={rows}
        scroll={{ x: 'max-content', y: 420 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        rowClassName={(r) => (r.errors.length ? 'sb-row-error' : '')}
        columns={[
          { title: t('import.rowNumber'), dataIndex: 'rowNumber', width: 70, fixed: 'left' },
          ...fields.map((f) => ({
            key: f,
            title: t(`people.fields.${f}`, { defaultValue: f }),
            onCell: (r: ImportRow) => ({
              className: r.errors.some((e) => e.field === f) ? 'sb-cell-error' : '',
            }),
            render: (_: unknown, r: ImportRow) => {
              const errs = r.errors.filter((e) => e.field === f);
              const v = r.values[f] ?? '';
              return errs.length ? (
                <Tooltip title={errs.map((e) => e.message).join('; ')}>
                  <span>
                    {v || <Typography.Text type="secondary">{t('import.empty')}</Typography.Text>}{' '}
                    <Typography.Text type="danger">⚠ {say(errs[0]!)}</Typography.Text>
                  </span>
                </Tooltip>
              ) : (
                v
              );
            },
          })),
          {
            title: t('import.problems'),
            key: 'problems',
            render: (_: unknown, r: ImportRow) => {
              const rest = rowLevelErrors(fields, r.errors);
              if (r.errors.length === 0)
                return <Typography.Text type="success">{t('import.ok')}</Typography.Text>;
              return (
                <Typography.Text type="danger">
                  {t('import.problemCount', { count: r.errors.length })}
                  {rest.length > 0 && `: ${rest.map(say).join('; ')}`}
                </Typography.Text>
              );
            },
          },
        ]}
      />
    </Flex>
  );
}
