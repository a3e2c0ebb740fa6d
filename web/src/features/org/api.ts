import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  FunctionalGroup,
  FunctionalGroupCreate,
  FunctionalGroupUpdate,
  Rank,
  Unit,
  UnitCreate,
  UnitUpdate,
} from '../../../../contracts/org.ts';
import { del, get, patch, post } from '../../api/client.ts';

export const unitsKey = ['org', 'units'] as const;
export const ranksKey = ['org', 'ranks'] as const;
const groupsKey = ['org', 'groups'] as const;

/** The visible org units, flat; shared by the tree page and every unit picker (one request). */
export function useUnits() {
  return useQuery({ queryKey: unitsKey, queryFn: () => get<Unit[]>('/org/units'), staleTime: 5 * 60_000 });
}

export function useRanks() {
  return useQuery({ queryKey: ranksKey, queryFn: () => get<Rank[]>('/org/ranks'), staleTime: 5 * 60_000 });
}

function useInvalidateOrg() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: unitsKey });
    // Unit names and member counts appear in people lists too.
    void qc.invalidateQueries({ queryKey: ['users'] });
  };
}

export function useCreateUnit() {
  const done = useInvalidateOrg();
  return useMutation({ mutationFn: (body: UnitCreate) => post<Unit>('/org/units', body), onSuccess: done });
}

export function useUpdateUnit() {
  const done = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UnitUpdate }) =>
      patch<Unit>(`/org/units/${encodeURIComponent(id)}`, body),
    onSuccess: done,
  });
}

export function useDeleteUnit() {
  const done = useInvalidateOrg();
  return useMutation({
    mutationFn: (id: string) => del<{ ok: true }>(`/org/units/${encodeURIComponent(id)}`),
    onSuccess: done,
  });
}

export function useCreateRank() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; level: number }) => post<Rank>('/org/ranks', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ranksKey }),
  });
}

export function useGroups(unitId: string | undefined) {
  return useQuery({
    queryKey: [...groupsKey, unitId ?? 'all'],
    queryFn: ({ signal }) => get<FunctionalGroup[]>('/org/groups', { unitId }, signal),
  });
}

export function useSaveGroup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id?: string; create?: FunctionalGroupCreate; update?: FunctionalGroupUpdate }) =>
      v.id
        ? patch<FunctionalGroup>(`/org/groups/${encodeURIComponent(v.id)}`, v.update)
        : post<FunctionalGroup>('/org/groups', v.create),
    onSuccess: () => qc.invalidateQueries({ queryKey: groupsKey }),
  });
}

export function useDeleteGroup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del<unknown>(`/org/groups/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: groupsKey }),
  });
}
