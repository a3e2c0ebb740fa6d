import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Flex,
  Form,
  Modal,
  Result,
  Select,
  Steps,
  Switch,
  Table,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PunchImportResult } from '../../../../../contracts/attendance.ts';
import type { ImportResult } from '../../../../../contracts/import.ts';
import type { QueryValue } from '../../../api/client.ts';
import { useApiError } from '../../../components/useApiError.ts';
import { formatBytes, formatNumber } from '../../../i18n/format.ts';
import { previewFields, rowLevelErrors } from '../../people/import/importColumns.ts';
import { downloadTemplate, useImport, type ImportEndpoint } from '../api.ts';
import { BoardStatusTag } from '../tags.tsx';

export type ImportKind = 'punch' | 'calendar' | 'allowanceBases';
type Row = ImportResult['rows'][number] & { punch?: PunchPreview | null };
type Preview = Omit<ImportResult, 'rows'> & { rows: Row[]; summary?: PunchImportResult['summary'] };
type PunchPreview = NonNullable<PunchImportResult['rows'][number]['punch']>;

// Same limit as the server's multipart limit: refuse early instead of after the upload.
const MAX_BYTES = 10 * 1024 * 1024;

interface Props {
  endpoint: ImportEndpoint;
  kind: ImportKind;
  /** Extra multipart fields of this import (the month of the bases, the year of a calendar). */
  fields?: Record<string, string>;
  templateQuery?: Record<string, QueryValue>;
  onClose: () => void;
}

/**
 * The attendance imports in the roster import's four steps: upload → check the column mapping →
 * preview every row with its problems → commit. Every step before the last is a dry run; nothing
 * is written until a file without errors is committed.
 */
export function AttendanceImportWizard({ endpoint, kind, fields, templateQuery, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const showError = useApiError();
  const run = useImport(endpoint);
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  const label = (f: string) => t(`attendance.import.fields.${f}`, { defaultValue: f });

  const dryRun = (withMapping: boolean, then: (p: Preview) => void) => {
    if (!file) return;
    run.mutate(
      { file, dryRun: true, ...(fields ? { fields } : {}), ...(withMapping ? { mapping } : {}) },
      {
        onSuccess: (p) => {
          setPreview(p);
          then(p);
        },
        onError: (e) => showError(e),
      },
    );
  };

  const commit = () => {
    if (!file) return;
    run.mutate(
      { file, dryRun: false, mapping, ...(fields ? { fields } : {}) },
      {
        onSuccess: (p) => {
          setPreview(p);
          setStep(3);
        },
        onError: (e) => showError(e),
      },
    );
  };

  const next = () => {
    if (step === 0)
      dryRun(false, (p) => {
        setMapping(p.mapping);
        setStep(1);
      });
    else if (step === 1) dryRun(true, () => setStep(2));
  };

  const footer =
    step === 3 ? null : (
      <Flex justify="space-between" gap={8} wrap>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Flex gap={8}>
          {step > 0 && (
            <Button onClick={() => setStep(step - 1)} disabled={run.isPending}>
              {t('common.back')}
            </Button>
          )}
          {step < 2 && (
            <Button
              type="primary"
              onClick={next}
              loading={run.isPending}
              disabled={step === 0 && !file}
              data-testid="import-next"
            >
              {t('common.next')}
            </Button>
          )}
          {step === 2 && (
            <Button
              type="primary"
              onClick={commit}
              loading={run.isPending}
              disabled={!preview || preview.errorCount > 0 || preview.validCount === 0}
              data-testid="import-commit"
            >
              {t('attendance.import.commit', { count: preview?.validCount ?? 0 })}
            </Button>
          )}
        </Flex>
      </Flex>
    );

  return (
    <Modal
      open
      width={1000}
      title={t(`attendance.import.${kind}.title`)}
      onCancel={onClose}
      footer={footer}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 24 }}
        items={[
          { title: t('import.steps.upload') },
          { title: t('import.steps.mapping') },
          { title: t('import.steps.preview') },
          { title: t('import.steps.done') },
        ]}
      />
      {step === 0 && (
        <Form layout="vertical">
          <Typography.Paragraph>
            {t(`attendance.import.${kind}.intro`, fields)}{' '}
            <Button
              type="link"
              icon={<DownloadOutlined />}
              loading={downloading}
              style={{ padding: 0 }}
              onClick={() => {
                setDownloading(true);
                downloadTemplate(endpoint, templateQuery)
                  .catch((e: unknown) => showError(e))
                  .finally(() => setDownloading(false));
              }}
              data-testid="import-template"
            >
              {t('import.template')}
            </Button>
          </Typography.Paragraph>
          <Form.Item
            label={t('attendance.import.file')}
            required
            validateStatus={fileError ? 'error' : undefined}
            help={fileError ?? (file ? `${file.name} · ${formatBytes(file.size, i18n.language)}` : undefined)}
          >
            <Upload.Dragger
              accept=".xlsx,.csv"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                if (f.size > MAX_BYTES) {
                  setFileError(t('errors.FILE_TOO_LARGE'));
                  return Upload.LIST_IGNORE;
                }
                setFileError(null);
                setFile(f);
                return false;
              }}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{file ? file.name : t('import.dropHere')}</p>
              <p className="ant-upload-hint">{t('attendance.import.fileHint')}</p>
            </Upload.Dragger>
          </Form.Item>
        </Form>
      )}
      {step === 1 && preview && (
        <>
          <Typography.Paragraph type="secondary">{t('import.mappingIntro')}</Typography.Paragraph>
          {preview.missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('import.missingColumns', { fields: preview.missing.map(label).join('、') })}
            />
          )}
          <Form layout="horizontal" labelCol={{ xs: 24, sm: 8 }} wrapperCol={{ xs: 24, sm: 14 }}>
            {Object.keys(mapping).map((field) => (
              <Form.Item
                key={field}
                label={label(field)}
                required={preview.missing.includes(field)}
                validateStatus={preview.missing.includes(field) && !mapping[field] ? 'warning' : undefined}
              >
                <Select
                  allowClear
                  value={mapping[field] ?? undefined}
                  placeholder={t('import.notMapped')}
                  options={preview.columns.map((c) => ({ value: c, label: c }))}
                  onChange={(v: string | undefined) => setMapping({ ...mapping, [field]: v ?? null })}
                  data-testid={`import-map-${field}`}
                />
              </Form.Item>
            ))}
          </Form>
        </>
      )}
      {step === 2 && preview && <PreviewStep preview={preview} label={label} />}
      {step === 3 && preview && (
        <Result
          status="success"
          title={t(`attendance.import.${kind}.done`, {
            count: formatNumber(preview.createdCount, i18n.language),
          })}
          extra={
            <Button type="primary" onClick={onClose} data-testid="import-done">
              {t('common.close')}
            </Button>
          }
        />
      )}
    </Modal>
  );
}

function PreviewStep({ preview, label }: { preview: Preview; label: (f: string) => string }) {
  const { t, i18n } = useTranslation();
  const say = (e: Row['errors'][number]) =>
    e.code ? t(`importErrors.${e.code}`, { defaultValue: e.message }) : e.message;
  const [onlyErrors, setOnlyErrors] = useState(preview.errorCount > 0);
  const cols = useMemo(() => previewFields(preview), [preview]);
  const rows = onlyErrors ? preview.rows.filter((r) => r.errors.length > 0) : preview.rows;
  const n = (v: number) => formatNumber(v, i18n.language);
  const hasPunch = preview.rows.some((r) => r.punch);
  return (
    <Flex vertical gap={12}>
      {preview.missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('import.missingColumns', { fields: preview.missing.map(label).join('、') })}
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
      {preview.summary && (
        <Alert
          type="info"
          showIcon
          title={t('attendance.import.punchSummary', {
            create: n(preview.summary.create),
            replace: n(preview.summary.replace),
            keep: n(preview.summary.keep),
            later: n(preview.summary.later),
          })}
          data-testid="import-summary"
        />
      )}
      <Flex gap={8} align="center">
        <Switch checked={onlyErrors} onChange={setOnlyErrors} id="att-import-only-errors" />
        <label htmlFor="att-import-only-errors">{t('import.onlyErrors')}</label>
      </Flex>
      <Table<Row>
        rowKey="rowNumber"
        size="small"
        dataSource={rows}
        scroll={{ x: 'max-content', y: 420 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        rowClassName={(r) => (r.errors.length ? 'sb-row-error' : '')}
        columns={[
          { title: t('import.rowNumber'), dataIndex: 'rowNumber', width: 70, fixed: 'left' },
          ...cols.map((f) => ({
            key: f,
            title: label(f),
            onCell: (r: Row) => ({ className: r.errors.some((e) => e.field === f) ? 'sb-cell-error' : '' }),
            render: (_: unknown, r: Row) => {
              const errs = r.errors.filter((e) => e.field === f);
              const v = r.values[f] ?? '';
              return errs.length ? (
                <Tooltip title={errs.map(say).join('; ')}>
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
          ...(hasPunch
            ? [
                {
                  title: t('attendance.import.columns.person'),
                  key: 'person',
                  render: (_: unknown, r: Row) => r.punch?.displayName ?? '',
                },
                {
                  title: t('attendance.import.columns.judged'),
                  key: 'judged',
                  render: (_: unknown, r: Row) =>
                    r.punch ? <BoardStatusTag status={r.punch.status} /> : null,
                },
                {
                  title: t('attendance.import.columns.outcome'),
                  key: 'outcome',
                  render: (_: unknown, r: Row) =>
                    r.punch ? t(`attendance.import.outcomes.${r.punch.outcome}`) : null,
                },
              ]
            : []),
          {
            title: t('import.problems'),
            key: 'problems',
            render: (_: unknown, r: Row) => {
              const rest = rowLevelErrors(cols, r.errors);
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
