import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { CustomerTable, ProspectTable } from '../../db/schema.ts';

/**
 * Signing a card makes its customer: one person, copied from the card (name, phone, ID number,
 * gender, birth date, owner and team) and linked both ways. A card signed again (after a move back)
 * reuses the customer it already has, so a prospect never becomes two customers. Everything else
 * about customers belongs to the customer module.
 */
export async function customerForSignedCard(
  db: Queryable,
  card: ProspectTable,
  actorId: string,
  at: string,
): Promise<{ customer: CustomerTable; created: boolean }> {
  let q = db.selectFrom('customers').selectAll().where('tenant_id', '=', card.tenant_id);
  q = card.customer_id
    ? q.where((eb) => eb.or([eb('id', '=', card.customer_id), eb('prospect_id', '=', card.id)]))
    : q.where('prospect_id', '=', card.id);
  const existing = await q.orderBy('created_at').limit(1).executeTakeFirst();
  if (existing) return { customer: existing, created: false };
  const customer: CustomerTable = {
    id: newId(),
    tenant_id: card.tenant_id,
    owner_id: card.owner_id,
    unit_id: card.unit_id,
    household_id: null,
    household_role: null,
    prospect_id: card.id,
    name: card.name,
    phone: card.phone,
    id_number: card.id_number,
    gender: card.gender,
    birth_date: card.birth_date,
    address: null,
    notes: null,
    erased_at: null,
    created_by: actorId,
    created_at: at,
    updated_at: at,
  };
  await db.insertInto('customers').values(customer).execute();
  return { customer, created: true };
}
