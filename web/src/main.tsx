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
type Loader = () => Promise<{ default: PageComponent }>;
const LOADERS: Record<string, Loader> = {
  "": () => import("./pages/Overview.tsx"),
  proposals: () => import("./pages/Proposals.tsx"),
  holders: () => import("./pages/Holders.tsx"),
  issuers: () => import("./pages/Issuers.tsx"),
  storage: () => import("./pages/Storage.tsx"),
  council: () => import("./pages/Council.tsx"),
  staking: () => import("./pages/Staking.tsx"),
  insurance: () => import("./pages/Insurance.tsx"),
  community: () => import("./pages/Community.tsx"),
  keepers: () => import("./pages/Keepers.tsx"),
  referendum: () => import("./pages/Referendum.tsx"),
  issuer: () => import("./pages/Issuer.tsx"),
};
const LABELS: [string, string][] = [
  ["", "Overview"],
  ["proposals", "Proposals"],
  ["holders", "Holders"],
  ["issuers", "Issuers"],
  ["storage", "Storage"],
  ["council", "Council"],
  ["staking", "Staking"],
  ["insurance", "Insurance"],
  ["community", "Community"],
  ["keepers", "Keepers"],
];
const COMPONENTS = Object.fromEntries(Object.entries(LOADERS).map(([key, load]) => [key, lazy(load)]));

/** The page a route shows: a section, or a referendum's or an issuer's own page. */
function pageKey(path: string[]): string {
  const [section = "", id] = path;
  if (section === "proposals" && id) return "referendum";
  if (section === "issuers" && id) return "issuer";
  return section;
}

function App() {
  const route = useRoute();
  const section = route.path[0] ?? "";
  const Page: PageComponent | undefined = COMPONENTS[pageKey(route.path)];
  return (
    <>
      <header>
        <a className="brand" href="#/">
          Jiaozi
        </a>
        <nav aria-label="Sections">
          {LABELS.map(([path, label]) => (
            <a key={path} href={href(`/${path}`)} aria-current={path === section ? "page" : undefined}>
              {label}
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

// The first page's chunk loads while config.json does (import() caches the module, so the lazy
// component then finds it loaded): the first data paints one round trip sooner.
const first = location.hash.replace(/^#\/?/, "").split("?")[0].split("/").filter(Boolean);
void LOADERS[pageKey(first)]?.();
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
