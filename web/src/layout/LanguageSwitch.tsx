import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n/index.ts';

// Each language is named in its own script, so someone who cannot read the current one finds theirs.
const NAMES: Record<Language, string> = { 'zh-CN': '中文', 'en-US': 'English' };

/** The language menu (中文 / English); the choice is remembered in this browser. */
export function LanguageSwitch({
  size,
  type = 'text',
}: {
  size?: ButtonProps['size'];
  type?: ButtonProps['type'];
}) {
  const { t, i18n } = useTranslation();
  const lang: Language = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: (Object.keys(NAMES) as Language[]).map((l) => ({
          key: l,
          label: (
            <span lang={l} data-testid={`lang-${l}`}>
              {NAMES[l]}
            </span>
          ),
        })),
        onClick: ({ key }) => void setLanguage(key as Language),
      }}
    >
      <Button
        data-testid="lang-switch"
        type={type}
        size={size}
        icon={<GlobalOutlined />}
        aria-label={t('common.switchLanguage')}
      >
        {NAMES[lang]}
      </Button>
    </Dropdown>
  );
}
