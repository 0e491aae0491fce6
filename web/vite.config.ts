// The dashboard's build: JSX through Vite's own esbuild (no Babel plugin: Fast Refresh is the only
// thing @vitejs/plugin-react would add, and the dependency list stays short). Relative base, so
// web/dist works from any path the static server mounts it at.
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    rollupOptions: {
      // TanStack Query's "use client" directives mean nothing outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  server: { host: "127.0.0.1", port: 5173 },
});
