// The dashboard (DESIGN §12): a static app reading only the indexer's GraphQL; each page is a
// lazily loaded chunk.
import { lazy, StrictMode, Suspense, type ComponentType } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { loadConfig } from "./config.ts";
import { FreshnessBadge, LiveProvider, StaleBanner } from "./live.tsx";
import { href, useRoute, type Route } from "./router.tsx";
import "./style.css";

type PageComponent = ComponentType<{ route: Route }>;
const PAGES: { path: string; label: string; component: PageComponent }[] = [
  { path: "", label: "Overview", component: lazy(() => import("./pages/Overview.tsx")) },
  { path: "proposals", label: "Proposals", component: lazy(() => import("./pages/Proposals.tsx")) },
  { path: "issuers", label: "Issuers", component: lazy(() => import("./pages/Issuers.tsx")) },
  { path: "storage", label: "Storage", component: lazy(() => import("./pages/Storage.tsx")) },
  { path: "council", label: "Council", component: lazy(() => import("./pages/Council.tsx")) },
  { path: "staking", label: "Staking", component: lazy(() => import("./pages/Staking.tsx")) },
  { path: "insurance", label: "Insurance", component: lazy(() => import("./pages/Insurance.tsx")) },
  { path: "community", label: "Community", component: lazy(() => import("./pages/Community.tsx")) },
  { path: "keepers", label: "Keepers", component: lazy(() => import("./pages/Keepers.tsx")) },
];
const Referendum = lazy(() => import("./pages/Referendum.tsx"));
const Issuer = lazy(() => import("./pages/Issuer.tsx"));

function App() {
  const route = useRoute();
  const [section = "", id] = route.path;
  let Page: PageComponent | undefined;
  if (section === "proposals" && id) Page = Referendum;
  else if (section === "issuers" && id) Page = Issuer;
  else Page = PAGES.find((p) => p.path === section)?.component;
  return (
    <>
      <header>
        <a className="brand" href="#/">
          Jiaozi
        </a>
        <nav aria-label="Sections">
          {PAGES.map((p) => (
            <a key={p.path} href={href(`/${p.path}`)} aria-current={p.path === section ? "page" : undefined}>
              {p.label}
            </a>
          ))}
        </nav>
        <FreshnessBadge />
      </header>
      <StaleBanner />
      <main>
        <Suspense
          fallback={
            <p className="loading" role="status">
              Loading…
            </p>
          }
        >
          {Page ? <Page route={route} /> : <h1>Not found</h1>}
        </Suspense>
      </main>
    </>
  );
}

const queryClient = new QueryClient({
  defaultOptions: {
    // Fresh until the indexed block moves (the live poller invalidates then); a failed query
    // retries once, keeping the last data it had.
    queries: { staleTime: Infinity, retry: 1, refetchOnWindowFocus: false },
  },
});

const config = await loadConfig();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LiveProvider config={config}>
        <App />
      </LiveProvider>
    </QueryClientProvider>
  </StrictMode>,
);
