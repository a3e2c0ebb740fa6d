import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.ts';
import { autoMapColumns, headerPicker, normaliseHeader, resolveMapping, type ImportField } from './import-pipeline.ts';
import { normaliseDate, parseCsvText, parseSpreadsheet } from './spreadsheet.ts';
import { buildTemplateXlsx, buildXlsx, contentDisposition, type SheetColumn } from './xlsx-export.ts';

async function xlsxOf(rows: ExcelJS.CellValue[][], build?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const r of rows) ws.addRow(r);
  build?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readBack(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

const fields: ImportField<'username' | 'displayName' | 'phone' | 'joinDate'>[] = [
  { key: 'username', header: { 'zh-CN': '用户名', 'en-US': 'Username' }, aliases: ['工号', '账号'], required: true },
  { key: 'displayName', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, required: true },
  { key: 'phone', header: { 'zh-CN': '手机号', 'en-US': 'Mobile' }, aliases: ['手机号码', 'phone'] },
  { key: 'joinDate', header: { 'zh-CN': '入司日期', 'en-US': 'Join date' } },
];

describe('parseSpreadsheet: xlsx', () => {
  it('reads headers and rows as trimmed strings, dates as YYYY-MM-DD, numbers plain, skipping empty rows', async () => {
    const buffer = await xlsxOf([
      ['用户名', ' 姓名 ', '手机号', '入司日期', '积分'],
      ['zhang.san', '  张三 ', 13812345678, new Date(Date.UTC(2024, 0, 5)), 0.1 + 0.2],
      [],
      ['li.si', { richText: [{ text: '李' }, { text: '四' }] }, '13900001111', new Date(Date.UTC(2023, 11, 31, 8, 30)), 12],
      [null, '', '   '],
      ['wang.wu', { formula: '"王"&"五"', result: '王五' }, { text: '13700002222', hyperlink: 'tel:13700002222' }],
    ]);
    const sheet = await parseSpreadsheet({ buffer, filename: '名单.xlsx' });
    expect(sheet.headers).toEqual(['用户名', '姓名', '手机号', '入司日期', '积分']);
    expect(sheet.headerRowNumber).toBe(1);
    expect(sheet.rows).toEqual([
      { rowNumber: 2, cells: ['zhang.san', '张三', '13812345678', '2024-01-05', '0.3'] },
      { rowNumber: 4, cells: ['li.si', '李四', '13900001111', '2023-12-31 08:30', '12'] },
      { rowNumber: 6, cells: ['wang.wu', '王五', '13700002222'] },
    ]);
  });

  it('skips a title row above the headers when the picker finds the real header row', async () => {
    const buffer = await xlsxOf([['2024 年人员名单'], ['工号', '姓名'], ['a1', '甲']]);
    const sheet = await parseSpreadsheet({ buffer, filename: 'x.xlsx' }, { pickHeader: headerPicker(fields) });
    expect(sheet.headers).toEqual(['工号', '姓名']);
    expect(sheet.headerRowNumber).toBe(2);
    expect(sheet.rows).toEqual([{ rowNumber: 3, cells: ['a1', '甲'] }]);
  });

  it('refuses more rows than the limit with IMPORT_TOO_MANY_ROWS', async () => {
    const buffer = await xlsxOf([['用户名'], ['a'], ['b'], ['c']]);
    const err = await failure(parseSpreadsheet({ buffer, filename: 'x.xlsx' }, { maxRows: 2 }));
    expect(err.code).toBe('IMPORT_TOO_MANY_ROWS');
    expect(err.status).toBe(400);
    await expect(parseSpreadsheet({ buffer, filename: 'x.xlsx' }, { maxRows: 3 })).resolves.toMatchObject({ rows: { length: 3 } });
  });

  it('refuses files that are neither xlsx nor csv, old .xls and broken zips with UNSUPPORTED_FILE', async () => {
    const pdf = Buffer.from('%PDF-1.7\n...');
    expect((await failure(parseSpreadsheet({ buffer: pdf, filename: 'a.pdf' }))).code).toBe('UNSUPPORTED_FILE');
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await failure(parseSpreadsheet({ buffer: xls, filename: 'a.xls' }))).code).toBe('UNSUPPORTED_FILE');
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    expect((await failure(parseSpreadsheet({ buffer: zip, filename: 'a.xlsx' }))).code).toBe('UNSUPPORTED_FILE');
    const binary = Buffer.from([0x00, 0x01, 0x02, 0x00]);
    expect((await failure(parseSpreadsheet({ buffer: binary, filename: 'a.csv' }))).code).toBe('UNSUPPORTED_FILE');
  });

  it('refuses an empty file and one over 10 MB', async () => {
    expect((await failure(parseSpreadsheet({ buffer: Buffer.alloc(0), filename: 'a.csv' }))).code).toBe('VALIDATION_FAILED');
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
    const err = await failure(parseSpreadsheet({ buffer: big, filename: 'a.csv' }));
    expect(err.code).toBe('FILE_TOO_LARGE');
    expect(err.status).toBe(413);
  });
});

describe('parseSpreadsheet: csv', () => {
  it('reads UTF-8 with a BOM, quoted fields, CRLF and skips empty lines', async () => {
    const text = '\uFEFF用户名,姓名,备注\r\nzhang.san,张三,"说,明 ""甲"""\r\n,,\r\n\r\nli.si, 李四 ,"两\n行"\r\n';
    const sheet = await parseSpreadsheet({ buffer: Buffer.from(text, 'utf8'), filename: 'a.csv' });
    expect(sheet.headers).toEqual(['用户名', '姓名', '备注']);
    expect(sheet.rows).toEqual([
      { rowNumber: 2, cells: ['zhang.san', '张三', '说,明 "甲"'] },
      { rowNumber: 5, cells: ['li.si', '李四', '两\n行'] },
    ]);
  });

  it('reads UTF-8 without a BOM and GBK (as Excel saves a Chinese CSV)', async () => {
    const plain = await parseSpreadsheet({ buffer: Buffer.from('姓名\n张三\n', 'utf8'), filename: 'a.csv' });
    expect(plain.rows[0]?.cells).toEqual(['张三']);
    // "姓名\r\n张三\r\n" in GBK.
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0d, 0x0a]);
    const sheet = await parseSpreadsheet({ buffer: gbk, filename: 'a.csv' });
    expect(sheet.headers).toEqual(['姓名']);
    expect(sheet.rows[0]?.cells).toEqual(['张三']);
  });

  it('detects tab and semicolon separators', () => {
    expect(parseCsvText('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsvText('a;b\n"1;x";2')).toEqual([
      ['a', 'b'],
      ['1;x', '2'],
    ]);
  });
});

describe('column mapping', () => {
  it('maps Chinese headers, English headers and aliases, ignoring case, spaces and required marks', () => {
    expect(autoMapColumns(fields, ['用户名', '姓名', '手机号', '入司日期'])).toEqual({
      username: '用户名',
      displayName: '姓名',
      phone: '手机号',
      joinDate: '入司日期',
    });
    expect(autoMapColumns(fields, ['USER NAME', 'name', 'Join Date'])).toEqual({
      username: 'USER NAME',
      displayName: 'name',
      phone: null,
      joinDate: 'Join Date',
    });
    expect(autoMapColumns(fields, [' username ', 'NAME*', '手机号码', '其他'])).toMatchObject({
      username: ' username ',
      displayName: 'NAME*',
      phone: '手机号码',
    });
    expect(autoMapColumns(fields, ['工号', '姓名（必填）'])).toMatchObject({ username: '工号', displayName: '姓名（必填）' });
    expect(normaliseHeader(' 手机号 * ')).toBe('手机号');
  });

  it('lets an explicit mapping win, unmap a field, and refuses unknown fields or columns', () => {
    const headers = ['工号', '姓名', '联系方式', '手机号'];
    expect(resolveMapping(fields, headers, { phone: '联系方式', joinDate: null })).toMatchObject({
      username: '工号',
      phone: '联系方式',
      joinDate: null,
    });
    // Taking a column another field had automatically leaves that field unmapped.
    expect(resolveMapping(fields, headers, { username: '姓名' })).toMatchObject({ username: '姓名', displayName: null });
    const err = (() => {
      try {
        resolveMapping(fields, headers, { nope: '工号', phone: '不存在', username: '姓名', displayName: '姓名' });
      } catch (e) {
        return e as AppError;
      }
      throw new Error('expected a failure');
    })();
    expect(err.code).toBe('VALIDATION_FAILED');
    expect((err.details as { path: string }[]).map((d) => d.path).sort()).toEqual([
      'body.mapping.displayName',
      'body.mapping.nope',
      'body.mapping.phone',
    ]);
  });
});

describe('dates', () => {
  it.each([
    ['2024-01-05', '2024-01-05'],
    ['2024/1/5', '2024-01-05'],
    ['2024.01.05', '2024-01-05'],
    ['2024年1月5日', '2024-01-05'],
    ['20240105', '2024-01-05'],
    ['45296', '2024-01-05'],
    ['2024-01-05 08:30', '2024-01-05'],
    ['2024-02-30', null],
    ['05/01/2024', null],
    ['abc', null],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseDate(raw)).toBe(expected);
  });
});

describe('xlsx export', () => {
  interface Person {
    name: string;
    phone: string;
    points: number;
    active: boolean;
  }
  const columns: SheetColumn<Person>[] = [
    { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
    { key: 'phone', header: { 'zh-CN': '手机号', 'en-US': 'Mobile' }, text: true },
    { key: 'points', header: { 'zh-CN': '积分', 'en-US': 'Points' } },
    { key: 'active', header: { 'zh-CN': '状态', 'en-US': 'Status' }, format: (r, l) => (r.active ? (l === 'zh-CN' ? '在职' : 'Active') : null) },
  ];
  const rows: Person[] = [
    { name: '张三', phone: '138****5678', points: 12.5, active: true },
    { name: '李四', phone: '139****1111', points: 3, active: false },
  ];

  it('writes a bold, frozen header row and the cells of every row', async () => {
    const ws = await readBack(await buildXlsx(columns, rows, { sheetName: '人员' }));
    expect(ws.name).toBe('人员');
    expect(ws.getRow(1).values).toEqual([undefined, '姓名', '手机号', '积分', '状态']);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('A2').value).toBe('张三');
    expect(ws.getCell('B2').value).toBe('138****5678');
    expect(ws.getCell('C2').value).toBe(12.5);
    expect(ws.getCell('D2').value).toBe('在职');
    expect(ws.getCell('D3').value).toBeNull();
    expect(ws.getColumn(1).width).toBe(12);
    expect(ws.rowCount).toBe(3);
  });

  it('uses English headers for en-US', async () => {
    const ws = await readBack(await buildXlsx(columns, rows, { locale: 'en-US' }));
    expect(ws.getRow(1).values).toEqual([undefined, 'Name', 'Mobile', 'Points', 'Status']);
    expect(ws.getCell('D2').value).toBe('Active');
  });

  it('builds a template with Chinese headers and one example row that parses back', async () => {
    const buffer = await buildTemplateXlsx(
      [
        { key: 'username', header: { 'zh-CN': '用户名', 'en-US': 'Username' }, example: 'zhang.san' },
        { key: 'phone', header: { 'zh-CN': '手机号', 'en-US': 'Mobile' }, example: '13812345678', text: true },
      ],
      { notes: ['必填：用户名'] },
    );
    const ws = await readBack(buffer);
    expect(ws.getRow(1).values).toEqual([undefined, '用户名', '手机号']);
    expect(ws.getCell('B2').value).toBe('13812345678');
    expect(ws.getCell('B2').numFmt).toBe('@');
    const sheet = await parseSpreadsheet({ buffer, filename: 't.xlsx' });
    expect(sheet.rows).toEqual([{ rowNumber: 2, cells: ['zhang.san', '13812345678'] }]);
  });

  it('names downloads in UTF-8 with an ASCII fallback', () => {
    expect(contentDisposition('人员名单 (2024).xlsx')).toBe(
      `attachment; filename="____ (2024).xlsx"; filename*=UTF-8''%E4%BA%BA%E5%91%98%E5%90%8D%E5%8D%95%20%282024%29.xlsx`,
    );
  });
});
