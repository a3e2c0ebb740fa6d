import { useMe } from '../features/auth/MeContext.tsx';
import { useNarrowScreen } from '../lib/useIsPhone.ts';
import { DesktopLayout } from './DesktopLayout.tsx';
import { PhoneLayout } from './PhoneLayout.tsx';

/** Agents live on their phones; everyone else gets the phone layout only on a narrow screen. */
export function useIsPhoneLayout(): boolean {
  const me = useMe();
  const narrow = useNarrowScreen();
  return me.role === 'agent' || narrow;
}

export function AppLayout() {
  return useIsPhoneLayout() ? <PhoneLayout /> : <DesktopLayout />;
}
