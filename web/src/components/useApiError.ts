import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorText } from './errors.ts';

/**
 * Reports a failed call: details go onto the form's fields, the translated code into a toast.
 * Every mutation's onError uses it, so a failure always says what went wrong in the user's language.
 */
export function useApiError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (err: unknown, form?: FormInstance, rename?: Record<string, string>) => {
    applyFieldErrors(t, form, err, rename);
    void message.error(errorText(t, err));
  };
}
