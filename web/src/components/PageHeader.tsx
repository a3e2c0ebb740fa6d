import { Flex, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsPhoneLayout } from '../layout/useIsPhoneLayout.ts';
import { useCrumbs } from '../layout/useCrumbs.ts';

export function useDocumentTitle(title: string | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  }, [title, t]);
}

interface Props {
  title: ReactNode;
  /** Plain text for the browser tab when the title is not a string. */
  documentTitle?: string;
  subtitle?: ReactNode;
  extra?: ReactNode;
}

/** Page title row: heading on the left, the page's actions on the right (wrapping on a phone). */
export function PageHeader({ title, documentTitle, subtitle, extra }: Props) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const crumb = useCrumbs().at(-1);
  useDocumentTitle(documentTitle ?? (typeof title === 'string' ? title : undefined));
  // The phone's top bar already names the section: do not say it twice.
  const repeated = phone && typeof title === 'string' && crumb && t(crumb.label) === title;
  if (repeated && !subtitle && !extra) return null;
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        {!repeated && (
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
        )}
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </div>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
