import type { Random } from './random.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志海燕梅琳晨宇浩然子涵欣怡思远嘉怡雨桐佳琪俊杰文博梓萱一诺';

/** A Chinese name of one surname and one or two given characters. */
export function chineseName(rnd: Random): string {
  const surname = rnd.pick([...SURNAMES]);
  const given = [...GIVEN];
  return rnd.chance(0.7) ? surname + rnd.pick(given) + rnd.pick(given) : surname + rnd.pick(given);
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '176', '177', '180', '181', '182', '186', '187', '188', '189', '199'];

export function mobile(rnd: Random): string {
  return rnd.pick(MOBILE_PREFIXES) + String(rnd.int(0, 99_999_999)).padStart(8, '0');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident ID number with a valid check character (region 330106, Hangzhou Xihu). */
export function idNumber(rnd: Random, birthDate: string, gender: 'male' | 'female'): string {
  const seq = rnd.int(0, 49) * 2 + (gender === 'male' ? 1 : 0);
  const body = `330106${birthDate.replaceAll('-', '')}${String(rnd.int(10, 99))}${seq % 10}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (ID_WEIGHTS[i] ?? 0);
  return body + ID_CHECK[sum % 11];
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function daysAgo(today: Date, days: number): string {
  return isoDate(new Date(today.getTime() - days * 86_400_000));
}
