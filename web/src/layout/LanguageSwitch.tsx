import { GlobalOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/index.ts';

/**
 * One tap toggles between 中文 and English. The button names the language it switches *to*,
 * each in its own script, so someone who cannot read the current one still finds it.
 */
export function LanguageSwitch({
  size,
  type = 'text',
}: {
  size?: ButtonProps['size'];
  type?: ButtonProps['type'];
}) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en-US' ? 'zh-CN' : 'en-US';
  return (
    <Button
      data-testid="lang-switch"
      type={type}
      size={size}
      icon={<GlobalOutlined />}
      aria-label={t('common.switchLanguage')}
      lang={next}
      onClick={() => void setLanguage(next)}
    >
      {next === 'en-US' ? 'English' : '中文'}
    </Button>
  );
}
