import { Card, Col, Flex, Row, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/PageHeader.tsx';
import { RoleTag } from '../../components/tags.tsx';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { navItemsFor, TAB_ITEMS } from '../../layout/nav.tsx';
import { useMe } from '../auth/MeContext.tsx';

function greetingKey(hour: number): string {
  if (hour < 5) return 'home.greetEvening';
  if (hour < 11) return 'home.greetMorning';
  if (hour < 13) return 'home.greetNoon';
  if (hour < 18) return 'home.greetAfternoon';
  return 'home.greetEvening';
}

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const phone = useIsPhoneLayout();
  useDocumentTitle(t('nav.home'));
  const now = dayjs();
  // On the phone the shortcuts are the modules behind the tab bar; on a desk, the menu's pages.
  const shortcuts = phone
    ? TAB_ITEMS.filter((i) => i.key !== 'home').map((i) => ({
        key: i.key,
        path: i.path,
        icon: i.icon,
        label: i.label,
      }))
    : navItemsFor(me.actions).filter((i) => i.key !== 'home');

  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={phone ? 4 : 3} style={{ marginTop: 0 }} data-testid="home-greeting">
          {t(greetingKey(now.hour()), { name: me.displayName })}
        </Typography.Title>
        <Flex wrap gap={8} align="center">
          <Typography.Text>{t('home.yourUnit', { unit: me.unitName })}</Typography.Text>
          <RoleTag role={me.role} />
        </Flex>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('home.today', { date: now.format('YYYY-MM-DD'), weekday: now.format('dddd') })} · {me.tenantName}
        </Typography.Text>
      </Card>
      <Row gutter={[12, 12]}>
        {shortcuts.map((s) => (
          <Col key={s.key} xs={12} sm={8} lg={6}>
            <Link to={s.path} aria-label={t(s.label)}>
              <Card hoverable size="small" style={{ textAlign: 'center' }}>
                <div style={{ fontSize: 26, color: '#1d4ed8' }} aria-hidden>
                  {s.icon}
                </div>
                <Typography.Text strong>{t(s.label)}</Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Flex>
  );
}
