import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common.ts';
import type { Role } from '../../../../contracts/roles.ts';
import type { ImportResult } from '../../../../contracts/import.ts';
import type { Membership, User, UserCreate, UserMove, UserUpdate } from '../../../../contracts/user.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { api, get, patch, post, type QueryValue } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import type { UserStatus } from '../../lib/enums.ts';

export const usersKey = ['users'] as const;

export interface UserFilters {
  q?: string | undefined;
  unitId?: string | undefined;
  role?: Role | undefined;
  status?: UserStatus | undefined;
  rankId?: string | undefined;
}

export interface UserListParams extends UserFilters {
  page: number;
  pageSize: number;
  sort?: string | undefined;
}

function filterQuery(f: UserFilters): Record<string, QueryValue> {
  return { q: f.q?.trim(), unitId: f.unitId, role: f.role, status: f.status, rankId: f.rankId };
}

export function useUsers(p: UserListParams, enabled = true) {
  return useQuery({
    queryKey: [...usersKey, 'list', p],
    queryFn: ({ signal }) =>
      get<Page<User>>(
        '/users',
        { ...filterQuery(p), page: p.page, pageSize: p.pageSize, sort: p.sort },
        signal,
      ),
    // Keep the old page on screen while the next loads: the table does not jump to empty.
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(id: string | undefined) {
  return useQuery({
    queryKey: [...usersKey, 'one', id],
    queryFn: ({ signal }) => get<User>(`/users/${encodeURIComponent(id!)}`, undefined, signal),
    enabled: !!id,
  });
}

export function useMemberships(id: string) {
  return useQuery({
    queryKey: [...usersKey, 'memberships', id],
    queryFn: ({ signal }) =>
      get<Membership[]>(`/users/${encodeURIComponent(id)}/memberships`, undefined, signal),
  });
}

function useInvalidateUsers() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: usersKey });
    // Member counts on the org tree change with creates, moves and leavers.
    void qc.invalidateQueries({ queryKey: ['org', 'units'] });
  };
}

export function useCreateUser() {
  const done = useInvalidateUsers();
  return useMutation({ mutationFn: (body: UserCreate) => post<User>('/users', body), onSuccess: done });
}

export function useUpdateUser(id: string) {
  const done = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: UserUpdate) => patch<User>(`/users/${encodeURIComponent(id)}`, body),
    onSuccess: done,
  });
}

export function useMoveUser(id: string) {
  const done = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: UserMove) => post<User>(`/users/${encodeURIComponent(id)}/move`, body),
    onSuccess: done,
  });
}

export function useResetPassword(id: string) {
  return useMutation({
    mutationFn: (newPassword: string) =>
      post<{ ok: true }>(`/users/${encodeURIComponent(id)}/password`, { newPassword }),
  });
}

export type PiiField = 'phone' | 'idNumber';

/** Reveals one full number; the server writes an audit row for every call. */
export function useReveal(id: string) {
  return useMutation({
    mutationFn: (field: PiiField) =>
      post<{ field: PiiField; value: string | null }>(`/users/${encodeURIComponent(id)}/reveal`, { field }),
  });
}

/** The list as .xlsx with the same filters (the export has its own order), headers in the UI language. */
export function exportUsers(f: UserFilters): Promise<void> {
  return downloadFile('/users/export', 'users.xlsx', { ...filterQuery(f), lang: currentLanguage() });
}

export function downloadImportTemplate(): Promise<void> {
  return downloadFile('/users/import/template', 'users-template.xlsx', { lang: currentLanguage() });
}

/** What every import step answers (contracts/import.ts): a preview, or the result of the commit. */
export type ImportPreview = ImportResult;
export type ImportRow = ImportResult['rows'][number];

export interface ImportRequest {
  file: File;
  dryRun: boolean;
  initialPassword: string;
  mapping?: Record<string, string | null>;
}

export function useImportUsers() {
  const done = useInvalidateUsers();
  return useMutation({
    mutationFn: (r: ImportRequest) => {
      const fd = new FormData();
      // Text fields first: a streaming multipart parser on the server sees them before the file.
      fd.append('dryRun', r.dryRun ? 'true' : 'false');
      fd.append('initialPassword', r.initialPassword);
      if (r.mapping) fd.append('mapping', JSON.stringify(r.mapping));
      fd.append('file', r.file, r.file.name);
      return api<ImportPreview>('/users/import', { method: 'POST', body: fd });
    },
    onSuccess: (res) => {
      if (res.committed) done();
    },
  });
}
