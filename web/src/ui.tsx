// Shared pieces of every page: the loading, empty and error states, sortable tables whose sort
// is in the URL, addresses with their aliases, and figures.
import { lazy, Suspense, useEffect, type ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { compareAmounts, formatAmount, formatInteger, formatTime, shortAddress } from "./format.ts";
import { useGql, type Page } from "./gql.ts";
import { setParams, useRoute } from "./router.tsx";

/** Loading, error and data; `isEmpty` picks the empty state. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: string;
  children: (data: T) => ReactNode;
}) {
  const loaded = query.data !== undefined;
  useEffect(() => {
    // "jiaozi:first-data": when the page first painted figures from the indexer (the browser tests
    // read it, measured from the navigation's start).
    if (loaded && performance.getEntriesByName("jiaozi:first-data").length === 0) performance.mark("jiaozi:first-data");
  }, [loaded]);
  if (query.isPending)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (query.isError && query.data === undefined)
    return (
      <p className="error" role="alert" data-testid="query-error">
        Could not load from the indexer: {(query.error as Error).message.split("\n")[0].slice(0, 200)}
      </p>
    );
  const data = query.data as T;
  if (isEmpty?.(data)) return <p className="empty">{empty ?? "Nothing here yet."}</p>;
  return <>{children(data)}</>;
}

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ReactNode;
  /** A bigint string (sorted exactly) or a string/number; no sortValue: not sortable. */
  sortValue?: (row: T) => string | number | null | undefined;
  numeric?: boolean;
  amount?: boolean;
}

function compare(a: string | number | null | undefined, b: string | number | null | undefined, amount: boolean) {
  if (amount) return compareAmounts(a as string | null | undefined, b as string | null | undefined);
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** A table sorted by the URL's `<prefix>sort=<column>:<asc|desc>`. */
export function Table<T>({
  rows,
  columns,
  rowKey,
  caption,
  prefix = "",
  defaultSort,
  testId,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  caption: string;
  prefix?: string;
  defaultSort?: string;
  testId?: string;
}) {
  const { params } = useRoute();
  const param = `${prefix}sort`;
  const [sortKey, direction] = (params.get(param) ?? defaultSort ?? "").split(":");
  const column = columns.find((c) => c.key === sortKey && c.sortValue);
  const sorted = column
    ? [...rows].sort((x, y) => {
        const order = compare(column.sortValue!(x), column.sortValue!(y), Boolean(column.amount));
        return direction === "asc" ? order : -order;
      })
    : rows;
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = column?.key === c.key;
              const next = active && direction !== "asc" ? "asc" : "desc";
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric || c.amount ? "num" : undefined}
                  aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : undefined}
                >
                  {c.sortValue ? (
                    <button type="button" className="sort" onClick={() => setParams({ [param]: `${c.key}:${next}` })}>
                      {c.label}
                      {active ? (direction === "asc" ? " ▲" : " ▼") : ""}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)} data-row={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric || c.amount ? "num" : undefined} data-col={c.key}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A select bound to a URL parameter. */
export function Filter({
  name,
  label,
  options,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
}) {
  const { params } = useRoute();
  return (
    <label className="filter">
      {label}{" "}
      <select value={params.get(name) ?? ""} onChange={(e) => setParams({ [name]: e.target.value || undefined })}>
        <option value="">all</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const ALIASES = `{ aliass(limit: 1000) { items { name owner } } }`;

/** owner address (lower case) -> alias name, from the AliasRegistry's table. */
export function useAliases(): Map<string, string> {
  const query = useGql<{ aliass: Page<{ name: string; owner: string | null }> }>(["aliases"], ALIASES);
  const map = new Map<string, string>();
  for (const a of query.data?.aliass.items ?? []) if (a.owner) map.set(a.owner.toLowerCase(), a.name);
  return map;
}

export function Addr({ address, aliases }: { address: string | null | undefined; aliases?: Map<string, string> }) {
  if (!address) return <>—</>;
  const alias = aliases?.get(address.toLowerCase());
  return (
    <span className="addr" title={address} data-address={address.toLowerCase()}>
      {alias ? <b>{alias}</b> : null}
      {alias ? " " : null}
      <code>{shortAddress(address)}</code>
    </span>
  );
}

export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

const ChartImpl = lazy(() => import("./chart.tsx"));

export interface Series {
  label: string;
  /** One value per x; null where the series has no point. */
  values: (number | null)[];
  /** The scale (axis) of another series to share; its own by default. */
  scale?: string;
  /** Points only, no line (a marked point such as "now"). */
  pointsOnly?: boolean;
}

/** A uPlot line chart (its code loads with the first chart shown); always next to a table view. */
export function Chart(props: { title: string; x: number[]; series: Series[]; xLabel: string }) {
  return (
    <figure className="chart" aria-label={props.title}>
      <figcaption>{props.title}</figcaption>
      <Suspense fallback={<p className="loading">Loading chart…</p>}>
        <ChartImpl {...props} />
      </Suspense>
    </figure>
  );
}

/** A titled table, or its empty state. */
export function Section<T>(props: {
  title: string;
  rows: T[];
  /** The columns, built with the typed column helpers. */
  columns: (h: ColumnHelpers<T>) => Column<T>[];
  rowKey: (row: T) => string;
  prefix: string;
  empty: string;
  defaultSort?: string;
  testId?: string;
}) {
  return (
    <section>
      <h2>{props.title}</h2>
      {props.rows.length === 0 ? (
        <p className="empty">{props.empty}</p>
      ) : (
        <Table
          caption={props.title}
          rows={props.rows}
          columns={props.columns(columnHelpers<T>())}
          rowKey={props.rowKey}
          prefix={props.prefix}
          defaultSort={props.defaultSort}
          testId={props.testId}
        />
      )}
    </section>
  );
}

/** Column helpers for rows of type T: an exact amount in JZ, an integer, text, an address, a time. */
export interface ColumnHelpers<T> {
  amount: (key: string, label: string, get: (row: T) => string | null | undefined) => Column<T>;
  int: (key: string, label: string, get: (row: T) => string | number | null | undefined) => Column<T>;
  text: (key: string, label: string, get: (row: T) => string | null | undefined) => Column<T>;
  addr: (
    key: string,
    label: string,
    get: (row: T) => string | null | undefined,
    aliases: Map<string, string>,
  ) => Column<T>;
  time: (key: string, label: string, get: (row: T) => string | null | undefined) => Column<T>;
}

export function columnHelpers<T>(): ColumnHelpers<T> {
  return {
    amount: (key, label, get) => ({
      key,
      label,
      amount: true,
      sortValue: get,
      render: (row) => formatAmount(get(row)),
    }),
    int: (key, label, get) => ({
      key,
      label,
      numeric: true,
      sortValue: (row) => {
        const v = get(row);
        return v === null || v === undefined ? v : Number(v);
      },
      render: (row) => formatInteger(get(row)),
    }),
    text: (key, label, get) => ({ key, label, sortValue: get, render: (row) => get(row) ?? "—" }),
    addr: (key, label, get, aliases) => ({
      key,
      label,
      render: (row) => <Addr address={get(row)} aliases={aliases} />,
    }),
    time: (key, label, get) => ({ key, label, amount: true, sortValue: get, render: (row) => formatTime(get(row)) }),
  };
}
