import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ProspectPage } from '../../../../../contracts/prospect.ts';
import { get } from '../../../api/client.ts';
import { downloadFile } from '../../../api/download.ts';
import { currentLanguage } from '../../../i18n/index.ts';
import { prospectDeskKey } from '../api.ts';
import { cardSearchQuery, type CardSearchFilters } from './search.ts';

/**
 * The leads' search of prospect cards in their scope (GET /api/prospects without an owner: the
 * server narrows it to what the reader may see, and answers 404 for a unit out of scope).
 * Under the desk key, so that a card written on the agent pages refreshes the list.
 */
const searchKey = [...prospectDeskKey, 'cards'] as const;

export interface CardSearchParams extends CardSearchFilters {
  page: number;
  pageSize: number;
}

export function useCardSearch(p: CardSearchParams) {
  return useQuery({
    queryKey: [...searchKey, p],
    queryFn: ({ signal }) =>
      get<ProspectPage>('/prospects', { ...cardSearchQuery(p), page: p.page, pageSize: p.pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The cards of the current filters and order as .xlsx, headers in the reader's language. */
export function exportCardSearch(f: CardSearchFilters): Promise<void> {
  return downloadFile('/prospects/export', 'prospects.xlsx', {
    ...cardSearchQuery(f),
    lang: currentLanguage(),
  });
}
