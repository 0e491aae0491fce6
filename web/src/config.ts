// Where the dashboard reads from: `config.json` beside index.html (the static server of
// `npm start` writes it with the stack's URLs; web/public/config.json holds the defaults of
// `npm run web:dev`), overridden by `?indexer=…&rpc=…` in the page's address.
export interface Config {
  /** Ponder's base URL: GraphQL at /graphql, status at /status. */
  indexerUrl: string;
  /** The chain's JSON-RPC, for the head block the freshness badge compares with. */
  rpcUrl: string;
}

export async function loadConfig(): Promise<Config> {
  let file: Partial<Config> = {};
  try {
    const response = await fetch("./config.json", { cache: "no-store" });
    if (response.ok) file = (await response.json()) as Partial<Config>;
  } catch {
    // no config.json: defaults below
  }
  const query = new URLSearchParams(location.search);
  return {
    indexerUrl: (query.get("indexer") ?? file.indexerUrl ?? "http://127.0.0.1:42069").replace(/\/$/, ""),
    rpcUrl: query.get("rpc") ?? file.rpcUrl ?? "http://127.0.0.1:8545",
  };
}
