import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role, UnitKind } from '../../../contracts/roles.ts';
import { ROLE_COLORS, UNIT_KIND_COLORS, type UserStatus } from '../lib/enums.ts';

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Tag color={ROLE_COLORS[role]}>{t(`roles.${role}`)}</Tag>;
}

export function UnitKindTag({ kind }: { kind: UnitKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={UNIT_KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {t(`unitKinds.${kind}`)}
    </Tag>
  );
}

/** Status as colour and word: colour is never the only signal. */
export function StatusTag({ status }: { status: UserStatus }) {
  const { t } = useTranslation();
  return <Tag color={status === 'active' ? 'success' : 'default'}>{t(`userStatus.${status}`)}</Tag>;
}
