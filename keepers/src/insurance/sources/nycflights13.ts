// The shipped CC0 sample (data/nycflights13/, README.md there) read as feed values:
// - `flight-delay-minutes`, key `CARRIER+FLIGHT:YYYYMMDD` (`UA1545:20130101`): arr_delay in
//   minutes; NA (cancelled, diverted) or a key on more than one row (ambiguous) → no value;
// - `rain-mm`, key `ORIGIN:YYYYMMDD` (`EWR:20130116`): the day's hourly precip (inches) summed,
//   × 25.4, rounded half up to whole mm; NA hours count 0; a station-day without rows → no value.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FLIGHT_DELAY_FEED = "flight-delay-minutes";
export const RAIN_FEED = "rain-mm";
export const DEFAULT_SAMPLE_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "..",
  "data",
  "nycflights13",
);

/** Values by feed name and key; `undefined` = the key is known but has no value. */
export type Table = Map<string, Map<string, bigint | undefined>>;

function rows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, "utf8").split("\n").filter(Boolean);
  const columns = header.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? ""]));
  });
}

const date = (row: Record<string, string>) => `${row.year}${row.month.padStart(2, "0")}${row.day.padStart(2, "0")}`;

/** Whole mm from inches × 1000 (thousandths), rounded half up: exact decimal arithmetic. */
function millimetres(thousandthsOfInch: bigint): bigint {
  // mm = in × 25.4 = thousandths × 254 / 10,000
  return (thousandthsOfInch * 254n + 5_000n) / 10_000n;
}

function thousandths(inches: string): bigint {
  const match = /^([0-9]+)(?:\.([0-9]{0,3})[0-9]*)?$/.exec(inches);
  if (match === null) return 0n;
  return BigInt(match[1]) * 1000n + BigInt((match[2] ?? "").padEnd(3, "0"));
}

export function loadSample(dir: string = DEFAULT_SAMPLE_DIR): Table {
  const delays = new Map<string, bigint | undefined>();
  const seen = new Set<string>();
  for (const row of rows(path.join(dir, "flights.csv"))) {
    const key = `${row.carrier}${row.flight}:${date(row)}`;
    if (seen.has(key)) {
      delays.set(key, undefined); // the same flight number twice that day: ambiguous
      continue;
    }
    seen.add(key);
    delays.set(key, /^-?[0-9]+$/.test(row.arr_delay) ? BigInt(row.arr_delay) : undefined);
  }
  const rain = new Map<string, bigint>();
  for (const row of rows(path.join(dir, "weather.csv"))) {
    const key = `${row.origin}:${date(row)}`;
    rain.set(key, (rain.get(key) ?? 0n) + thousandths(row.precip));
  }
  const rainMm = new Map<string, bigint | undefined>([...rain].map(([key, total]) => [key, millimetres(total)]));
  return new Map([
    [FLIGHT_DELAY_FEED, delays],
    [RAIN_FEED, rainMm],
  ]);
}
