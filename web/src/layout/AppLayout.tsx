import { DesktopLayout } from './DesktopLayout.tsx';
import { PhoneLayout } from './PhoneLayout.tsx';
import { useIsPhoneLayout } from './useIsPhoneLayout.ts';

export function AppLayout() {
  return useIsPhoneLayout() ? <PhoneLayout /> : <DesktopLayout />;
}
