import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { FieldError } from '../../../contracts/errors.ts';
import { isApiError } from '../api/client.ts';
import { PASSWORD_MIN_LENGTH } from '../lib/enums.ts';

/** The translated top-level message of any failure (errors.<CODE>, or a generic one). */
export function errorText(t: TFunction, err: unknown): string {
  if (isApiError(err)) return t(`errors.${err.code}`, { defaultValue: t('errors.INTERNAL') });
  return t('errors.INTERNAL');
}

/** "body.members.0.userId" → ['members', 0, 'userId'], the name path of an antd form field. */
export function fieldPath(path: string): (string | number)[] {
  const parts = path.split('.');
  if (['body', 'query', 'params'].includes(parts[0] ?? '')) parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * A field message in the user's language where we know the reason (password policy problems,
 * zod issue codes); otherwise the server's own words, which are better than nothing.
 */
export function fieldErrorText(t: TFunction, code: string | undefined, d: FieldError): string {
  if (code === 'WEAK_PASSWORD' && d.code)
    return t(`passwordProblems.${d.code}`, { min: PASSWORD_MIN_LENGTH, defaultValue: d.message });
  if (code === 'WRONG_PASSWORD') return t('errors.WRONG_PASSWORD');
  if (code === 'USERNAME_TAKEN') return t('errors.USERNAME_TAKEN');
  if (code === 'UNIT_CYCLE') return t('errors.UNIT_CYCLE');
  if (d.code) return t(`fieldErrors.${d.code}`, { defaultValue: d.message });
  return d.message;
}

/** Puts the server's per-field details on the matching form fields (unknown names are ignored by antd). */
export function applyFieldErrors(
  t: TFunction,
  form: FormInstance | undefined,
  err: unknown,
  /** Server field name → form field name, where a form calls a field differently. */
  rename: Record<string, string> = {},
): void {
  if (!form || !isApiError(err) || err.fieldErrors.length === 0) return;
  const fields = err.fieldErrors
    .map((d) => {
      const name = fieldPath(d.path);
      const first = name[0];
      if (typeof first === 'string' && rename[first]) name[0] = rename[first];
      return { name, errors: [fieldErrorText(t, err.code, d)] };
    })
    .filter((f) => f.name.length > 0);
  form.setFields(fields);
}
