// A hash router: #/<path>?<filters and sorting>. Filters and sorting live in the URL, so a page
// reloads, and is shared, as it was.
import { useEffect, useState } from "react";

export interface Route {
  path: string[];
  params: URLSearchParams;
}

function parse(): Route {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [pathPart, query = ""] = hash.split("?", 2);
  return { path: pathPart.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const update = () => setRoute(parse());
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}

export function href(path: string, params?: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value) query.set(key, value);
  const q = query.toString();
  return `#${path}${q ? `?${q}` : ""}`;
}

/** Sets (or, with undefined, removes) query parameters of the current route. */
export function setParams(changes: Record<string, string | undefined>): void {
  const { path, params } = parse();
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") params.delete(key);
    else params.set(key, value);
  }
  const q = params.toString();
  location.hash = `/${path.map(encodeURIComponent).join("/")}${q ? `?${q}` : ""}`;
}
