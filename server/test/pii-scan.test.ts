import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { findPersonalNumbers, maskHit, maskPersonalNumbersInText } from '../lib/pii-text.ts';
import { createTestDatabase } from './dialects.ts';
import { loginAs, makeTestApp } from './app.ts';
import { makeOrg, makeUser, type TestOrg } from './factories.ts';
import { isExemptRoute, isWatched, responseTexts, scanLogLine, scanStats, takeViolations } from './pii-scan.ts';

const ID = '11010519491231002X';

describe('finding personal numbers in text', () => {
  it('flags mobiles and valid ID numbers standing alone, in any surrounding text', () => {
    const found = (t: string) => findPersonalNumbers(t).map((h) => `${h.kind}:${h.value}`);
    expect(found('电话13812345678，请回电')).toEqual(['mobile:13812345678']);
    expect(found('{"phone":"13900001111"}')).toEqual(['mobile:13900001111']);
    expect(found('call 138-1234-5678 or 138 1234 5678')).toEqual(['mobile:138-1234-5678', 'mobile:138 1234 5678']);
    expect(found('+86 13812345678')).toEqual(['mobile:+86 13812345678']);
    expect(found(`身份证${ID}。`)).toEqual([`idNumber:${ID}`]);
    expect(found(ID.toLowerCase())).toEqual([`idNumber:${ID.toLowerCase()}`]);
    expect(found('/api/names?q=13812345678&page=2')).toEqual(['mobile:13812345678']);
  });

  it('accepts masked numbers, longer digit runs, ids, decimals and invalid ID numbers', () => {
    const none = [
      '138****5678',
      '110***********002X',
      '1381234567', // 10 digits
      '138123456789', // 12 digits
      '1764245689123', // a timestamp in ms
      '0190a1b2-c3d4-7e5f-8a9b-a13812345678',
      'x13812345678',
      '13812345678a',
      '0.13812345678',
      '12812345678', // 12x is no mobile prefix
      '11010519491231002Y',
      '110105194912310021', // wrong check character
      '110105194913310028', // no 13th month
      '2026-11-27T12:14:49.123Z',
    ];
    for (const text of none) expect(findPersonalNumbers(text), text).toEqual([]);
  });

  it('masks what it finds as the API masks', () => {
    expect(maskHit({ kind: 'mobile', value: '138-1234-5678' })).toBe('138****5678');
    expect(maskHit({ kind: 'mobile', value: '+8613812345678' })).toBe('138****5678');
    expect(maskHit({ kind: 'idNumber', value: ID })).toBe('110***********002X');
    expect(maskPersonalNumbersInText(`GET /api/x?q=13812345678&id=${ID}`)).toBe(
      'GET /api/x?q=138****5678&id=110***********002X',
    );
    expect(maskPersonalNumbersInText('nothing here 123')).toBe('nothing here 123');
  });

  it('exempts only the audited reveal routes and import templates', () => {
    expect(isExemptRoute('POST', '/api/privacy/reveal')).toBe(true);
    expect(isExemptRoute('GET', '/api/privacy/person/export?entity=customer&id=1&format=json')).toBe(true);
    expect(isExemptRoute('POST', '/api/users/abc/reveal')).toBe(true);
    expect(isExemptRoute('GET', '/api/privacy/reveal')).toBe(false);
    expect(isExemptRoute('POST', '/api/privacy/person/erase')).toBe(false);
    expect(isExemptRoute('GET', '/api/users/abc')).toBe(false);
    expect(isExemptRoute('GET', '/api/users/import/template?lang=en-US')).toBe(true);
    expect(isExemptRoute('POST', '/api/users/import')).toBe(false);
  });

  it('reads JSON strings, text bodies and spreadsheet cells', async () => {
    const json = await responseTexts({
      headers: { 'content-type': 'application/json' },
      body: '{"total":13812345678,"items":[{"phone":"13900001111"}]}',
      rawPayload: Buffer.from(''),
    });
    // A JSON number is a figure, not a phone number; the string is read.
    expect(json.flatMap((t) => findPersonalNumbers(t)).map((h) => h.value)).toEqual(['13900001111']);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow(['姓名', '13700001234', 13600001234]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const cells = await responseTexts({
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: '',
      rawPayload: xlsx,
    });
    expect(cells.flatMap((t) => findPersonalNumbers(t)).map((h) => h.value)).toEqual(['13700001234', '13600001234']);
  });
});

describe('the scan of the test app', () => {
  let handle: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: FastifyInstance;
  let org: TestOrg;
  beforeAll(async () => {
    handle = await createTestDatabase('sqlite');
    org = await makeOrg(handle.db);
    app = await makeTestApp(handle);
  });
  afterAll(async () => {
    await app.close();
    await handle.drop();
  });

  it('sees every response of makeTestApp and flags a number planted in one', async () => {
    expect(isWatched(app)).toBe(true);
    const before = scanStats();
    const staff = await loginAs(app, org.users.staff1.username);
    // Masked in the answer: nothing to report.
    const agent = await staff.get(`/api/users/${org.users.agent1.id}`);
    expect(agent.statusCode).toBe(200);
    expect(takeViolations()).toEqual([]);
    // The audited reveal answers the full number, and is exempt.
    const reveal = await staff.post(`/api/users/${org.users.agent1.id}/reveal`, { field: 'phone' });
    expect(JSON.parse(reveal.body)).toMatchObject({ value: '13900001111' });
    expect(takeViolations()).toEqual([]);
    // A number typed into a free-text field comes back unmasked: the scan catches it.
    const planted = await makeUser(handle.db, org.tenant, org.units.team1, 'agent', { displayName: '王五 13512345678' });
    const res = await staff.get(`/api/users/${planted.id}`);
    expect(res.statusCode).toBe(200);
    const found = takeViolations();
    expect(found).toEqual([
      { source: 'response', where: `GET /api/users/${planted.id} 200`, kind: 'mobile', masked: '135****5678' },
    ]);
    const after = scanStats();
    expect(after.responses - before.responses).toBe(4);
    expect(after.exemptResponses - before.exemptResponses).toBe(1);
  });

  it('reads the server log lines and the console', () => {
    const before = scanStats().logLines;
    app.log.error({ customer: { phone: '13812345678' } }, 'failed');
    console.error(`import failed for ${ID}`);
    expect(scanStats().logLines - before).toBe(2);
    expect(takeViolations().map((v) => `${v.source}:${v.masked}`)).toEqual(['log:138****5678', 'log:110***********002X']);
    scanLogLine('{"level":30,"responseTime":1.13812345678,"msg":"request completed"}');
    expect(takeViolations()).toEqual([]);
  });

  it('logs request URLs with personal numbers masked', async () => {
    const staff = await loginAs(app, org.users.staff1.username);
    const before = scanStats().logLines;
    await staff.get('/api/users?q=13812345678');
    expect(scanStats().logLines).toBeGreaterThan(before);
    expect(takeViolations()).toEqual([]);
  });
});
