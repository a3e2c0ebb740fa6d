import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
// The API the dev server forwards to; override to point at a server on another port.
const api = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // antd alone is close to the default 500 kB warning; pages are split per route below it.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // The web imports constants and types from ../contracts, outside the Vite root.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/health': { target: api, changeOrigin: false },
    },
  },
});
