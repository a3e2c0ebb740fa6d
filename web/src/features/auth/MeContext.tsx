import { createContext, useContext } from 'react';
import type { Me } from '../../../../contracts/auth.ts';
import type { Action } from '../../../../contracts/roles.ts';

export const MeContext = createContext<Me | null>(null);

/** The logged-in person; only used below RequireAuth, which guarantees one. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside RequireAuth');
  return me;
}

/** Menus and buttons follow the actions the server grants; the server still checks every call. */
export function useCan(): (action: Action) => boolean {
  const me = useMe();
  return (action) => me.actions.includes(action);
}
