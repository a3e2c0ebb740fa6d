import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Form, Input, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../components/useApiError.ts';
import { formatBytes } from '../../../i18n/format.ts';
import { PASSWORD_MIN_LENGTH } from '../../../lib/enums.ts';
import { downloadImportTemplate } from '../api.ts';
import type { UploadState } from './ImportWizard.tsx';

// Same limit as the server's multipart limit: refuse early instead of after the upload.
const MAX_BYTES = 10 * 1024 * 1024;

interface Props {
  value: UploadState;
  /** The server's verdict on the initial password (policy), shown under the field. */
  passwordError: string | null;
  onChange: (v: UploadState) => void;
  onValidChange: (valid: boolean) => void;
}

export function UploadStep({ value, passwordError, onChange, onValidChange }: Props) {
  const { t, i18n } = useTranslation();
  const showError = useApiError();
  const [fileError, setFileError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const passwordOk = [...value.initialPassword].length >= PASSWORD_MIN_LENGTH;

  useEffect(() => onValidChange(!!value.file && passwordOk), [value.file, passwordOk, onValidChange]);

  return (
    <Form layout="vertical">
      <Typography.Paragraph>
        {t('import.intro')}{' '}
        <Button
          type="link"
          icon={<DownloadOutlined />}
          loading={downloading}
          style={{ padding: 0 }}
          onClick={() => {
            setDownloading(true);
            downloadImportTemplate()
              .catch((e: unknown) => showError(e))
              .finally(() => setDownloading(false));
          }}
          data-testid="import-template"
        >
          {t('import.template')}
        </Button>
      </Typography.Paragraph>
      <Form.Item
        label={t('import.file')}
        required
        validateStatus={fileError ? 'error' : undefined}
        help={
          fileError ??
          (value.file ? `${value.file.name} · ${formatBytes(value.file.size, i18n.language)}` : undefined)
        }
      >
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            if (file.size > MAX_BYTES) {
              setFileError(t('errors.FILE_TOO_LARGE'));
              return Upload.LIST_IGNORE;
            }
            setFileError(null);
            onChange({ ...value, file });
            // Kept in memory and sent with each dry run; antd must not upload it on its own.
            return false;
          }}
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{value.file ? value.file.name : t('import.dropHere')}</p>
          <p className="ant-upload-hint">{t('import.fileHint')}</p>
        </Upload.Dragger>
      </Form.Item>
      <Form.Item
        label={t('import.initialPassword')}
        required
        extra={t('import.initialPasswordHint', { min: PASSWORD_MIN_LENGTH })}
        validateStatus={(value.initialPassword && !passwordOk) || passwordError ? 'error' : undefined}
        help={
          value.initialPassword && !passwordOk
            ? t('passwordProblems.tooShort', { min: PASSWORD_MIN_LENGTH })
            : (passwordError ?? undefined)
        }
      >
        <Input.Password
          value={value.initialPassword}
          onChange={(e) => onChange({ ...value, initialPassword: e.target.value })}
          autoComplete="new-password"
          data-testid="import-password"
        />
      </Form.Item>
    </Form>
  );
}
