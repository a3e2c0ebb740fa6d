import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntry } from '../../../../contracts/audit.ts';
import type { Page } from '../../../../contracts/common.ts';
import { get } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { currentLanguage } from '../../i18n/index.ts';

export interface AuditParams {
  page: number;
  pageSize: number;
  entity?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function useAudit(p: AuditParams) {
  return useQuery({
    queryKey: ['audit', p],
    queryFn: ({ signal }) => get<Page<AuditEntry>>('/audit', { ...p }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The filtered trail as .xlsx (paging does not apply: the file holds every matching entry). */
export function exportAudit(p: AuditParams): Promise<void> {
  const { page: _page, pageSize: _pageSize, ...filters } = p;
  return downloadFile('/audit/export', 'audit-log.xlsx', { ...filters, lang: currentLanguage() });
}
