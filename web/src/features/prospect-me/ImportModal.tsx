import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Result, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatBytes, formatNumber } from '../../i18n/format.ts';
import { downloadTemplate, useImport, type AnyImportResult, type ImportEndpoint } from './api.ts';

// The server's multipart limit: refuse early instead of after the upload.
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * An import of .xlsx or .csv in three steps: pick the file (a template to download), see every row
 * with its problems (a dry run: the server maps the columns by their headers), then commit. Nothing
 * is written before the commit, and a file with errors cannot be committed.
 */
export function ImportModal({
  endpoint,
  title,
  intro,
  fieldLabel,
  onClose,
}: {
  endpoint: ImportEndpoint;
  title: string;
  intro: string;
  fieldLabel: (key: string) => string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const showError = useApiError();
  const run = useImport(endpoint);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<AnyImportResult | null>(null);
  const [downloading, setDownloading] = useState(false);
  const n = (x: number) => formatNumber(x, i18n.language);

  const check = (f: File) =>
    run.mutate({ file: f, dryRun: true }, { onSuccess: setPreview, onError: (e) => showError(e) });
  const commit = () => {
    if (!file || !preview) return;
    run.mutate(
      { file, dryRun: false, mapping: preview.mapping },
      { onSuccess: setPreview, onError: (e) => showError(e) },
    );
  };

  let body: React.ReactNode;
  if (preview?.committed) {
    body = (
      <Result
        status="success"
        title={t('prospectMe.import.done', { count: preview.createdCount })}
        extra={
          <Button type="primary" onClick={onClose} data-testid="import-close">
            {t('common.close')}
          </Button>
        }
      />
    );
  } else {
    const rows = preview?.rows ?? [];
    const shown = rows.filter((r) => r.errors.length > 0 || ('duplicate' in r && r.duplicate === true));
    body = (
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ margin: 0 }}>
          {intro}{' '}
          <Button
            type="link"
            icon={<DownloadOutlined />}
            loading={downloading}
            style={{ padding: 0 }}
            onClick={() => {
              setDownloading(true);
              downloadTemplate(endpoint)
                .catch((e: unknown) => showError(e))
                .finally(() => setDownloading(false));
            }}
            data-testid="import-template"
          >
            {t('import.template')}
          </Button>
        </Typography.Paragraph>
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
            setPreview(null);
            check(f);
            return false;
          }}
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">
            {file ? `${file.name} · ${formatBytes(file.size, i18n.language)}` : t('import.dropHere')}
          </p>
        </Upload.Dragger>
        {fileError && <Alert type="error" showIcon title={fileError} />}
        {preview && preview.missing.length > 0 && (
          <Alert
            type="error"
            showIcon
            title={t('prospectMe.import.missing', { fields: preview.missing.map(fieldLabel).join('、') })}
          />
        )}
        {preview && (
          <Typography.Text data-testid="import-summary">
            {t('prospectMe.import.summary', { valid: n(preview.validCount), errors: n(preview.errorCount) })}
          </Typography.Text>
        )}
        {shown.length > 0 && (
          <div style={{ maxHeight: 280, overflowY: 'auto', border: '1px solid #f0f0f0', borderRadius: 8 }}>
            <RowList
              items={shown}
              rowKey={(r) => String(r.rowNumber)}
              render={(r) => (
                <Flex vertical gap={2} style={{ minWidth: 0 }}>
                  <Flex gap={6} wrap align="center">
                    <Typography.Text type="secondary">
                      {t('prospectMe.import.row', { row: r.rowNumber })}
                    </Typography.Text>
                    <Typography.Text strong>{Object.values(r.values)[0] ?? ''}</Typography.Text>
                    {'duplicate' in r && r.duplicate === true && (
                      <Tag color="orange">{t('prospectMe.names.duplicate')}</Tag>
                    )}
                  </Flex>
                  {r.errors.map((e, i) => (
                    <Typography.Text key={i} type="danger" style={{ fontSize: 13 }}>
                      {e.field === 'row' ? '' : `${fieldLabel(e.field)}: `}
                      {t(`prospectMe.import.codes.${e.code ?? 'invalid'}`, { defaultValue: e.message })}
                    </Typography.Text>
                  ))}
                </Flex>
              )}
            />
          </div>
        )}
      </Flex>
    );
  }

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        preview?.committed ? null : (
          <Flex justify="flex-end" gap={8} wrap>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              onClick={commit}
              loading={run.isPending}
              disabled={
                !preview || preview.errorCount > 0 || preview.validCount === 0 || preview.missing.length > 0
              }
              data-testid="import-commit"
            >
              {t('prospectMe.import.commit', { count: preview?.validCount ?? 0 })}
            </Button>
          </Flex>
        )
      }
    >
      {body}
    </Modal>
  );
}
