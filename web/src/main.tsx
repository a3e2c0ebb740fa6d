import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import './styles.css';
import { App } from './App.tsx';
import { setUnauthenticatedHandler } from './api/client.ts';
import { queryClient } from './api/queryClient.ts';
import { meKey } from './features/auth/api.ts';

// A 401 anywhere means the session ended (logout elsewhere, idle timeout, password changed on
// another device): drop what was cached for that person and let RequireAuth show the login page.
setUnauthenticatedHandler(() => {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
  queryClient.setQueryData(meKey, null);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
