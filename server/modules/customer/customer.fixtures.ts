import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { CustomerTable, PolicyTable, ProspectTable } from '../../db/schema.ts';
import type { TestUser } from '../../test/factories.ts';

/**
 * Rows written straight into the tables for the customer module's tests: prospect cards (the
 * prospect module's own writes are not needed to test reminders), customers and policies where a
 * test only needs them to exist.
 */

const STAMP = '2026-01-01T00:00:00.000Z';

export async function insertProspect(
  db: DB,
  owner: TestUser,
  fields: Partial<ProspectTable> & { name: string },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('prospects')
    .values({
      id,
      tenant_id: owner.tenantId,
      owner_id: owner.id,
      unit_id: owner.unitId,
      name_id: null,
      phone: null,
      id_number: null,
      gender: null,
      birth_date: null,
      family: null,
      occupation: null,
      income_band: null,
      needs: null,
      source: 'plan100',
      referrer_prospect_id: null,
      referrer_customer_id: null,
      campaign_ref: null,
      grade: 'A',
      score: 22,
      rubric_version: 1,
      stage: 'lead',
      stage_reason: null,
      stage_changed_at: STAMP,
      next_follow_up: null,
      tags: null,
      consent_note: null,
      consent_date: null,
      customer_id: null,
      erased_at: null,
      created_by: owner.id,
      created_at: STAMP,
      updated_at: STAMP,
      ...fields,
    })
    .execute();
  return id;
}

export async function insertCustomer(
  db: DB,
  owner: TestUser,
  fields: Partial<CustomerTable> & { name: string },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('customers')
    .values({
      id,
      tenant_id: owner.tenantId,
      owner_id: owner.id,
      unit_id: owner.unitId,
      household_id: null,
      household_role: null,
      prospect_id: null,
      phone: null,
      id_number: null,
      gender: null,
      birth_date: null,
      address: null,
      notes: null,
      erased_at: null,
      created_by: owner.id,
      created_at: STAMP,
      updated_at: STAMP,
      ...fields,
    })
    .execute();
  return id;
}

let policySeq = 0;
export async function insertPolicy(
  db: DB,
  owner: TestUser,
  customerId: string,
  fields: Partial<PolicyTable> = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('policies')
    .values({
      id,
      tenant_id: owner.tenantId,
      owner_id: owner.id,
      unit_id: owner.unitId,
      customer_id: customerId,
      household_id: null,
      policy_no: `FX${Date.now().toString(36)}${(policySeq++).toString(36)}`,
      product: '测试产品',
      coverage_kind: 'life',
      sum_assured_fen: 100_000_00,
      insured_name: '被保险人',
      beneficiary_name: null,
      premium_fen: 1_000_00,
      payment_mode: 'annual',
      payment_term_years: 20,
      effective_date: '2024-01-01',
      status: 'inForce',
      created_by: owner.id,
      created_at: STAMP,
      updated_at: STAMP,
      ...fields,
    })
    .execute();
  return id;
}

/** Every table a customer-module write may touch: a refused write leaves them all as they were. */
const COUNTED = ['customers', 'households', 'policies', 'service_requests', 'audit_log', 'notifications'] as const;
export async function customerCounts(db: DB): Promise<Record<(typeof COUNTED)[number], number>> {
  const out = {} as Record<(typeof COUNTED)[number], number>;
  for (const t of COUNTED) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/** Names in the first column named `header` of an exported sheet. */
export async function sheetColumn(res: LightMyRequestResponse, header: string): Promise<string[]> {
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const headers = (ws.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
  const col = headers.indexOf(header);
  expect(col, `no column ${header} in ${headers.join(',')}`).toBeGreaterThan(0);
  const out: string[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) out.push(row.getCell(col).text);
  });
  return out;
}

/** A Chinese mobile and an 18-digit ID number typed into free text, and how the API must show them. */
export const TYPED = {
  mobile: '13698765432',
  mobileMasked: '136****5432',
  idNumber: '11010519491231002X',
  idNumberMasked: '110***********002X',
} as const;
export const typedText = (label: string) => `${label}：手机${TYPED.mobile}，身份证${TYPED.idNumber}`;
const TYPED_LEAK = /13698765432|11010519491231002X/i;

/** Neither number shows in full; with `shown`, both show in their masked form. */
export function expectMaskedText(text: string | null | undefined, shown = true): void {
  expect(text ?? '').not.toMatch(TYPED_LEAK);
  if (shown) {
    expect(text).toContain(TYPED.mobileMasked);
    expect(text).toContain(TYPED.idNumberMasked);
  }
}

/** Every cell of an exported sheet's first worksheet, one string. */
export async function sheetText(res: LightMyRequestResponse): Promise<string> {
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.worksheets[0]!.eachRow((row) => row.eachCell((cell) => out.push(cell.text)));
  return out.join('\n');
}
