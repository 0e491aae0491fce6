// The dashboard's build: JSX through Vite's own esbuild (no Babel plugin: Fast Refresh is the only
// thing @vitejs/plugin-react would add, and the dependency list stays short). Relative base, so
// web/dist works from any path the static server mounts it at.
import { defineConfig, type Plugin } from "vite";

/**
 * No external URL in the build (scripts/web-budget.ts checks it): the only ones are links inside
 * libraries' error messages (React's "visit https://react.dev/errors/<code>", graphql's note on
 * duplicate copies), text that is never fetched. Their scheme is dropped, so the message keeps
 * the address and the build names no external origin.
 */
function noExternalUrls(): Plugin {
  return {
    name: "jiaozi-no-external-urls",
    renderChunk(code) {
      return code.replace(/https:\/\/(react\.dev|yarnpkg\.com)\//g, "$1/");
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  esbuild: { jsx: "automatic" },
  plugins: [noExternalUrls()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // dist/.vite/manifest.json: each chunk's static imports, for the budget of each route.
    manifest: true,
    rollupOptions: {
      // TanStack Query's "use client" directives mean nothing outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  server: { host: "127.0.0.1", port: 5173 },
});
