import type { ImportField } from '../../lib/import-pipeline.ts';

/** Headers of the person column every attendance import shares (工号 as payroll and punch clocks name it). */
const PERSON_ALIASES = ['用户名', '账号', '帐号', '登录名', '员工编号', 'user name', 'login', 'employee no'];

/**
 * The required 工号 column naming a person by username; each import adds the headers its own
 * sources use (a punch clock's 考勤号, a payroll sheet's 员工工号).
 */
export function personField<K extends string>(
  key: K,
  extraAliases: readonly string[],
  opts: Pick<ImportField<K>, 'text'> = {},
): ImportField<K> {
  return {
    key,
    header: { 'zh-CN': '工号', 'en-US': 'Username' },
    aliases: [...PERSON_ALIASES, ...extraAliases],
    required: true,
    example: 'zhang.san',
    width: 16,
    ...opts,
  };
}
