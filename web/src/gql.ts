// The GraphQL client (graphql-request against Ponder's /graphql) and the query hook every page uses.
import { GraphQLClient } from "graphql-request";
import { useQuery } from "@tanstack/react-query";
import { useConfig } from "./live.tsx";

const clients = new Map<string, GraphQLClient>();

function client(indexerUrl: string): GraphQLClient {
  let found = clients.get(indexerUrl);
  if (!found) {
    found = new GraphQLClient(`${indexerUrl}/graphql`);
    clients.set(indexerUrl, found);
  }
  return found;
}

/** A GraphQL query, cached under `key`; the live poller invalidates every query when the indexed
 * block moves, so pages refetch only then (staleTime is infinite otherwise). */
export function useGql<T>(
  key: readonly unknown[],
  query: string,
  variables?: Record<string, unknown>,
  options: { enabled?: boolean } = {},
) {
  const config = useConfig();
  return useQuery({
    queryKey: ["gql", ...key, variables ?? {}],
    queryFn: () => client(config.indexerUrl).request<T>(query, variables),
    enabled: options.enabled ?? true,
  });
}

export interface Page<T> {
  items: T[];
}
