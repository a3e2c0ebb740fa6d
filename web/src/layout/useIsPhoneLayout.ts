import { useMe } from '../features/auth/MeContext.tsx';
import { useNarrowScreen } from '../lib/useIsPhone.ts';

/** Agents live on their phones; everyone else gets the phone layout only on a narrow screen. */
export function useIsPhoneLayout(): boolean {
  const me = useMe();
  const narrow = useNarrowScreen();
  return me.role === 'agent' || narrow;
}

/** Row buttons: compact at a desk, thumb-sized (44 px in the phone theme) on a phone. */
export function useTouchSize(): 'small' | 'middle' {
  return useIsPhoneLayout() ? 'middle' : 'small';
}
