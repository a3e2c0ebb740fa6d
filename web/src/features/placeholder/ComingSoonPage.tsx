import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';

type Module = 'checkin' | 'log' | 'customers';

/** Tabs of modules still being built say so kindly, and point back to what works today. */
export default function ComingSoonPage({ module }: { module: Module }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`nav.${module}`)} />
      <Card>
        <Empty
          description={
            <>
              <Typography.Title level={5} style={{ marginTop: 8 }}>
                {t('comingSoon.title')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t(`comingSoon.${module}`)}</Typography.Paragraph>
            </>
          }
        >
          <Link to="/">{t('common.backHome')}</Link>
        </Empty>
      </Card>
    </>
  );
}
