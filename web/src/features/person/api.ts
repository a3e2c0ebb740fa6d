import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ArchiveDocument, Honour, HonourCreate } from '../../../../contracts/user.ts';
import { api, del, get, post } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import type { DocType } from '../../lib/enums.ts';

const docsKey = (userId: string) => ['users', 'documents', userId] as const;
const honoursKey = (userId: string) => ['users', 'honours', userId] as const;

export function useDocuments(userId: string, enabled = true) {
  return useQuery({
    queryKey: docsKey(userId),
    queryFn: ({ signal }) =>
      get<ArchiveDocument[]>(`/users/${encodeURIComponent(userId)}/documents`, undefined, signal),
    enabled,
  });
}

export interface DocumentUpload {
  file: File;
  docType: DocType;
  title: string;
  expiryDate: string | null;
}

export function useUploadDocument(userId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: DocumentUpload) => {
      const fd = new FormData();
      fd.append('docType', d.docType);
      fd.append('title', d.title);
      if (d.expiryDate) fd.append('expiryDate', d.expiryDate);
      fd.append('file', d.file, d.file.name);
      return api<ArchiveDocument>(`/users/${encodeURIComponent(userId)}/documents`, {
        method: 'POST',
        body: fd,
      });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: docsKey(userId) }),
  });
}

export function useDeleteDocument(userId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del<unknown>(`/documents/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: docsKey(userId) }),
  });
}

export function downloadDocument(doc: ArchiveDocument): Promise<void> {
  return downloadFile(`/documents/${encodeURIComponent(doc.id)}/file`, doc.fileName);
}

export function useHonours(userId: string, enabled = true) {
  return useQuery({
    queryKey: honoursKey(userId),
    queryFn: ({ signal }) => get<Honour[]>(`/users/${encodeURIComponent(userId)}/honours`, undefined, signal),
    enabled,
  });
}

export function useCreateHonour(userId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HonourCreate) => post<Honour>(`/users/${encodeURIComponent(userId)}/honours`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: honoursKey(userId) }),
  });
}

export function useDeleteHonour(userId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del<unknown>(`/honours/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: honoursKey(userId) }),
  });
}
