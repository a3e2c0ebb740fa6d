import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from '../../../contracts/common.ts';
import type { ProspectDetail, ProspectListItem } from '../../../contracts/prospect.ts';
import type { DB } from '../../db/database.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { clientsOf, errorOf, ok, shanghai } from '../activity/recording.test-helpers.ts';
import { cardListAnswers, clearCardListCache } from './card-list.cache.ts';

/**
 * Card lists are served from a cache that is never stale: after every kind of write, each list
 * served equals the same list computed afresh (the cache emptied first), and readers whose
 * queries are alike never share an answer across scopes.
 */

const TODAY = '2026-11-18';

forEachDialect('card lists', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let u: TestOrg['users'];
  const as = clientsOf(() => app);

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    u = org.users;
    setClock(shanghai(TODAY));
    app = await makeTestApp(get());
  });
  afterAll(async () => {
    await app.close();
    resetClock();
  });

  const list = async (user: TestUser, query = '') => ok<Page<ProspectListItem>>(await (await as(user)).get(`/api/prospects${query}`));
  const created = async (user: TestUser, body: object) =>
    ok<ProspectDetail>(await (await as(user)).post('/api/prospects', body), 201);

  /** The lists a write may change, each with its reader. */
  const readers = () =>
    [
      [u.agent1, ''],
      [u.agent1, '?q=%E6%9D%8E'],
      [u.agent1b, ''],
      [u.sup1, ''],
      [u.sup1, `?ownerId=${u.agent1.id}`],
      [u.manager1, `?unitId=${org.units.dept1}&q=%E6%9D%8E`],
      [u.manager1, `?unitId=${org.units.team1}&grade=A,B&stage=lead,appointment&sort=-name`],
      [u.manager2, `?unitId=${org.units.dept2}&q=%E6%9D%8E`],
      [u.exec, '?q=%E6%9D%8E&pageSize=1&page=2'],
      [u.admin, ''],
    ] as const;

  /** Every list as served, then as computed afresh: they must be the same. */
  async function servedEqualsComputed(): Promise<Map<string, Page<ProspectListItem>>> {
    const served = new Map<string, Page<ProspectListItem>>();
    for (const [user, query] of readers()) served.set(`${user.username}${query}`, await list(user, query));
    clearCardListCache();
    for (const [user, query] of readers()) {
      const key = `${user.username}${query}`;
      expect(await list(user, query), key).toEqual(served.get(key));
    }
    return served;
  }

  const names = (p: Page<ProspectListItem> | undefined) => (p?.items ?? []).map((c) => c.name);
  const nameSet = (p: Page<ProspectListItem> | undefined) => names(p).sort();

  it('after every kind of write, each list served is the list as it is now', async () => {
    await created(u.agent1, { name: '李雷', source: 'assigned', grade: 'A' });
    await created(u.agent3, { name: '李四', source: 'assigned' });
    let lists = await servedEqualsComputed();
    expect(cardListAnswers.size().entries).toBeGreaterThan(0);

    // A new card.
    const card = await created(u.agent1, { name: '李梅', source: 'assigned', grade: 'B' });
    lists = await servedEqualsComputed();
    expect(names(lists.get(`${u.agent1.username}`))).toContain('李梅');
    expect(nameSet(lists.get(`${u.manager1.username}?unitId=${org.units.dept1}&q=%E6%9D%8E`))).toEqual(['李梅', '李雷'].sort());
    expect(names(lists.get(`${u.manager2.username}?unitId=${org.units.dept2}&q=%E6%9D%8E`))).toEqual(['李四']);

    // An edit, a stage move, a signing.
    ok(await (await as(u.agent1)).patch(`/api/prospects/${card.id}`, { needs: '养老规划', nextFollowUp: '2026-11-20' }));
    lists = await servedEqualsComputed();
    expect(lists.get(`${u.sup1.username}`)?.items.find((c) => c.id === card.id)?.needs).toBe('养老规划');
    ok(await (await as(u.agent1)).post(`/api/prospects/${card.id}/stage`, { stage: 'appointment' }));
    lists = await servedEqualsComputed();
    expect(lists.get(`${u.admin.username}`)?.items.find((c) => c.id === card.id)?.stage).toBe('appointment');
    ok(await (await as(u.agent1)).post(`/api/prospects/${card.id}/stage`, { stage: 'signed' }));
    lists = await servedEqualsComputed();
    expect(lists.get(`${u.agent1.username}`)?.items.find((c) => c.id === card.id)?.customerId).not.toBeNull();

    // The owner's new name, then a handover of every card to a teammate.
    ok(await (await as(u.admin)).patch(`/api/users/${u.agent1.id}`, { displayName: '新名字' }));
    lists = await servedEqualsComputed();
    expect(lists.get(`${u.sup1.username}`)?.items.find((c) => c.id === card.id)?.ownerName).toBe('新名字');
    ok(
      await (await as(u.manager1)).post('/api/handovers', { fromUserId: u.agent1.id, toUserId: u.agent1b.id, reason: 'leaving', all: true }),
      201,
    );
    lists = await servedEqualsComputed();
    expect(lists.get(`${u.agent1.username}`)?.total).toBe(0);
    expect(names(lists.get(`${u.agent1b.username}`))).toEqual(expect.arrayContaining(['李梅', '李雷']));

    // The new owner moves to the other department: the cards go with them.
    ok(await (await as(u.admin)).post(`/api/users/${u.agent1b.id}/move`, { unitId: org.units.team3 }));
    lists = await servedEqualsComputed();
    expect(names(lists.get(`${u.manager1.username}?unitId=${org.units.dept1}&q=%E6%9D%8E`))).toEqual([]);
    expect(nameSet(lists.get(`${u.manager2.username}?unitId=${org.units.dept2}&q=%E6%9D%8E`))).toEqual(['李梅', '李雷', '李四'].sort());

    // An erasure.
    ok(await (await as(u.admin)).post('/api/privacy/person/erase', { entity: 'prospect', id: card.id, confirm: true }));
    lists = await servedEqualsComputed();
    expect(lists.get(`${u.admin.username}`)?.items.find((c) => c.id === card.id)?.erased).toBe(true);
  });

  it('readers asking the same never share an answer across scopes', async () => {
    await created(u.agent2, { name: '赵甲', source: 'assigned' });
    await created(u.agent3, { name: '赵乙', source: 'assigned' });
    const q = '?q=%E8%B5%B5';
    expect(names(await list(u.agent2, q))).toEqual(['赵甲']);
    expect(names(await list(u.agent3, q))).toEqual(['赵乙']);
    expect(names(await list(u.sup2, q))).toEqual(['赵甲']);
    expect(names(await list(u.sup3, q))).toEqual(['赵乙']);
    expect(names(await list(u.manager2, `${q}&unitId=${org.units.dept2}`))).toEqual(['赵乙']);
    expect(errorOf(await (await as(u.manager1)).get(`/api/prospects${q}&unitId=${org.units.dept2}`))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(errorOf(await (await as(u.agent2)).get(`/api/prospects${q}&ownerId=${u.agent3.id}`)).status).toBe(404);
  });

  it('a name prefix matches the start of the name exactly, its case and wildcards included', async () => {
    for (const name of ['Wang Fang', 'wang fang', 'Wangda', 'Wa_ng', 'Wa%ng', 'Owang']) await created(u.agent2, { name, source: 'assigned' });
    const found = async (prefix: string) =>
      names(await list(u.agent2, `?q=${encodeURIComponent(prefix)}&sort=name&pageSize=50`)).sort();
    expect(await found('Wang')).toEqual(['Wang Fang', 'Wangda']);
    expect(await found('wang')).toEqual(['wang fang']);
    expect(await found('Wa_')).toEqual(['Wa_ng']);
    expect(await found('Wa%')).toEqual(['Wa%ng']);
    expect(await found('W')).toEqual(['Wa%ng', 'Wa_ng', 'Wang Fang', 'Wangda']);
  });

  it('pages hold the order and the total, whichever page is read first', async () => {
    const all = await list(u.agent2, '?sort=name&pageSize=50');
    expect(all.total).toBe(all.items.length);
    clearCardListCache();
    const second = await list(u.agent2, '?sort=name&pageSize=3&page=2');
    const first = await list(u.agent2, '?sort=name&pageSize=3&page=1');
    expect(first.total).toBe(all.total);
    expect(second.total).toBe(all.total);
    expect([...first.items, ...second.items].map((c) => c.id)).toEqual(all.items.slice(0, 6).map((c) => c.id));
  });
});
