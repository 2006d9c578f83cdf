import { defineConfig } from 'vite';

// The page is built into the verticle's classpath, where StaticHandler serves it.
export default defineConfig({
  base: './',
  build: {
    outDir: '../target/classes/webroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
