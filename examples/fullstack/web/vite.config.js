// Vite dev server for the demo page: its port from PORT, and /api proxied to the todo API.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  // Output goes through stackctl's prefixed log view, so never clear the terminal.
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    port: Number(process.env.PORT) || 5173,
    // Fail instead of silently moving to the next port: stackctl checks the declared one.
    strictPort: true,
    proxy: {
      '/api': { target: apiUrl, changeOrigin: true },
    },
  },
});
