import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// During `npm run dev` API calls go to a gateway started by scripts/run; the built files are
// served by the gateway itself (--static-dir), so production has one origin and no proxy.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true, assetsInlineLimit: 0 },
  server: {
    proxy: { '/v1': process.env.LEERPOOL_GATEWAY ?? 'http://127.0.0.1:8080' },
  },
});
