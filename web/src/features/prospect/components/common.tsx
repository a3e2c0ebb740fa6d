import { CheckCircleOutlined, DownloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../components/useApiError.ts';

/** "导出 Excel": downloads with the page's filters; a failure says why in the user's language. */
export function ExportButton({
  onExport,
  testId,
  label,
}: {
  onExport: () => Promise<void>;
  testId: string;
  /** Another wording of the button (default prospect.exportExcel). */
  label?: string;
}) {
  const { t } = useTranslation();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      onClick={() => {
        setBusy(true);
        onExport()
          .catch((e: unknown) => showError(e))
          .finally(() => setBusy(false));
      }}
    >
      {label ?? t('prospect.exportExcel')}
    </Button>
  );
}

const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'default' };

export function GradeTag({ grade }: { grade: string | null }) {
  const { t } = useTranslation();
  if (!grade) return <Tag>{t('prospect.grades.none')}</Tag>;
  return (
    <Tag color={GRADE_COLORS[grade]} style={{ marginInlineEnd: 0, fontWeight: 600 }}>
      {grade}
    </Tag>
  );
}

const STAGE_COLORS: Record<string, string> = {
  lead: 'default',
  appointment: 'cyan',
  needsAnalysis: 'blue',
  proposal: 'geekblue',
  closing: 'purple',
  signed: 'green',
  paused: 'orange',
  lost: 'red',
};

export function StageTag({ stage }: { stage: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLORS[stage] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {t(`prospect.stages.${stage}`, { defaultValue: stage })}
    </Tag>
  );
}

/** Meets the standard or not, as word and icon as well as colour. */
export function StandardTag({ ok, testId }: { ok: boolean; testId?: string }) {
  const { t } = useTranslation();
  return ok ? (
    <Tag color="success" icon={<CheckCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid={testId}>
      {t('prospect.standard.met')}
    </Tag>
  ) : (
    <Tag color="warning" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }} data-testid={testId}>
      {t('prospect.standard.below')}
    </Tag>
  );
}
