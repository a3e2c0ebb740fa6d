import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntry } from '../../../../contracts/audit.ts';
import type { Page } from '../../../../contracts/common.ts';
import { get } from '../../api/client.ts';

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
