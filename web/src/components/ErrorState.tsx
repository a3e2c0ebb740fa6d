import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../api/client.ts';
import { errorText } from './errors.ts';

interface Props {
  error: unknown;
  onRetry?: () => void;
  fullPage?: boolean;
}

/**
 * What a page shows when its data cannot be loaded. The API answers 404 both for what does not
 * exist and for what the reader may not see (so as not to reveal it): one message covers both.
 */
export function ErrorState({ error, onRetry, fullPage }: Props) {
  const { t } = useTranslation();
  const style = fullPage ? { marginTop: '15vh' } : undefined;
  const home = (
    <Link to="/">
      <Button type="primary">{t('common.backHome')}</Button>
    </Link>
  );
  if (isApiError(error) && error.status === 404) {
    return (
      <Result
        style={style}
        status="404"
        title={t('result.notFoundTitle')}
        subTitle={t('result.notFoundOrNoAccess')}
        extra={home}
      />
    );
  }
  if (isApiError(error) && error.status === 403) {
    return (
      <Result
        style={style}
        status="403"
        title={t('result.forbiddenTitle')}
        subTitle={t('result.forbidden')}
        extra={home}
      />
    );
  }
  return (
    <Result
      style={style}
      status="error"
      title={t('result.errorTitle')}
      subTitle={errorText(t, error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : home}
    />
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('result.notFoundTitle')}
      subTitle={t('result.pageNotFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return <Result status="403" title={t('result.forbiddenTitle')} subTitle={t('result.forbidden')} />;
}
