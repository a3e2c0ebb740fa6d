import { describe, expect, it } from 'vitest';
import { checkPassword, failureDelayMs } from './auth.rules.ts';

describe('password policy', () => {
  it.each([
    ['short', 'elevenchars', 12, 'tooShort'],
    ['exactly the minimum', 'twelve chars', 12, null],
    ['a common password of the right length', 'password1234', 12, 'common'],
    ['a keyboard walk', '1qaz2wsx3edc', 12, 'common'],
    ['contains the username', 'zhangsan-is-great', 12, 'containsUsername'],
    ['one repeated character', 'aaaaaaaaaaaaaa', 12, 'repetitive'],
    ['no composition rules: all lower case letters', 'correcthorsebattery', 12, null],
    ['a Chinese passphrase counted by characters', '我的密码是一首很长的诗句啊', 12, null],
    ['a configured longer minimum', 'twelve chars', 16, 'tooShort'],
  ])('%s', (_name, password, minLength, expected) => {
    expect(checkPassword(password, { minLength, username: 'zhangsan' })).toBe(expected);
  });
});

describe('failed-login delay', () => {
  it('is free for the first two failures and then doubles up to a cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => failureDelayMs(n, 1000))).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
});
