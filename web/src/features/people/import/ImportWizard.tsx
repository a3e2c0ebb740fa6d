import { Button, Flex, Modal, Steps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { fieldErrorText } from '../../../components/errors.ts';
import { useApiError } from '../../../components/useApiError.ts';
import { useImportUsers, type ImportPreview } from '../api.ts';
import { DoneStep } from './DoneStep.tsx';
import { MappingStep } from './MappingStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import { UploadStep } from './UploadStep.tsx';

export interface UploadState {
  file: File | null;
  initialPassword: string;
}

/**
 * Import in four steps: upload → check the column mapping → preview every row with its problems
 * → commit. Every step before the last is a dry run on the server; nothing is written until the
 * user commits a file without errors (the server refuses otherwise: IMPORT_HAS_ERRORS).
 */
export function ImportWizard({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const showError = useApiError();
  const run = useImportUsers();
  const [step, setStep] = useState(0);
  const [upload, setUpload] = useState<UploadState>({ file: null, initialPassword: '' });
  const [uploadValid, setUploadValid] = useState(false);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);

  /** A refused initial password belongs on the first step, next to its field. */
  const onError = (e: unknown) => {
    if (isApiError(e) && e.code === 'WEAK_PASSWORD') {
      const d = e.fieldErrors[0];
      setPasswordError(d ? fieldErrorText(t, e.code, d) : t('errors.WEAK_PASSWORD'));
      setStep(0);
    }
    showError(e);
  };

  const dryRun = (withMapping: boolean, then: (p: ImportPreview) => void) => {
    if (!upload.file) return;
    run.mutate(
      {
        file: upload.file,
        dryRun: true,
        initialPassword: upload.initialPassword,
        ...(withMapping ? { mapping } : {}),
      },
      {
        onSuccess: (p) => {
          setPreview(p);
          then(p);
        },
        onError,
      },
    );
  };

  const commit = () => {
    if (!upload.file) return;
    run.mutate(
      { file: upload.file, dryRun: false, initialPassword: upload.initialPassword, mapping },
      {
        onSuccess: (p) => {
          setPreview(p);
          setStep(3);
        },
        onError,
      },
    );
  };

  const next = () => {
    if (step === 0)
      dryRun(false, (p) => {
        // The server's guess at the mapping is the starting point the user corrects.
        setMapping(p.mapping);
        setStep(1);
      });
    else if (step === 1) dryRun(true, () => setStep(2));
  };

  // The last step has its own close button in the result.
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
              disabled={step === 0 && !uploadValid}
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
              {t('import.commit', { count: preview?.validCount ?? 0 })}
            </Button>
          )}
        </Flex>
      </Flex>
    );

  return (
    <Modal
      open
      width={1000}
      title={t('import.title')}
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
        <UploadStep
          value={upload}
          passwordError={passwordError}
          onChange={(v) => {
            if (v.initialPassword !== upload.initialPassword) setPasswordError(null);
            setUpload(v);
          }}
          onValidChange={setUploadValid}
        />
      )}
      {step === 1 && preview && (
        <MappingStep
          columns={preview.columns}
          missing={preview.missing}
          mapping={mapping}
          onChange={setMapping}
        />
      )}
      {step === 2 && preview && <PreviewStep preview={preview} />}
      {step === 3 && preview && <DoneStep preview={preview} onClose={onClose} />}
    </Modal>
  );
}
