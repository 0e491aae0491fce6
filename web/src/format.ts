// Exact amounts: GraphQL gives bigints as decimal strings (wei); these helpers format them with
// bigint arithmetic only, so an amount above 2^53 wei keeps every digit (no Number, no floats).

const WEI_DECIMALS = 18;

/** Groups an unsigned decimal integer string with thousands separators: "1234567" -> "1,234,567". */
export function groupThousands(digits: string): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}

function toBigInt(value: string | bigint): bigint {
  if (typeof value === "bigint") return value;
  if (!/^-?\d+$/.test(value.trim())) throw new Error(`not an integer amount: ${JSON.stringify(value)}`);
  return BigInt(value.trim());
}

/**
 * `value` units of 10^-`decimals` as an exact decimal with thousands separators, trailing zeros of
 * the fraction dropped: formatAmount("1234500000000000000000") -> "1,234.5". With `maxFraction`,
 * the fraction is cut (toward zero, never rounded up) to that many digits and "…" marks a cut
 * that dropped non-zero digits, so a shortened figure never claims a digit the chain lacks.
 */
export function formatAmount(
  value: string | bigint | null | undefined,
  options: { decimals?: number; maxFraction?: number } = {},
): string {
  if (value === null || value === undefined || value === "") return "—";
  const decimals = options.decimals ?? WEI_DECIMALS;
  let n = toBigInt(value);
  const negative = n < 0n;
  if (negative) n = -n;
  const base = 10n ** BigInt(decimals);
  const whole = groupThousands((n / base).toString());
  let fraction = decimals === 0 ? "" : (n % base).toString().padStart(decimals, "0");
  let cut = false;
  if (options.maxFraction !== undefined && fraction.length > options.maxFraction) {
    cut = /[1-9]/.test(fraction.slice(options.maxFraction));
    fraction = fraction.slice(0, options.maxFraction);
  }
  fraction = fraction.replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}${cut ? "…" : ""}`;
}

/** An integer count (blocks, MB, ids) with separators. */
export function formatInteger(value: string | bigint | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = typeof value === "number" ? BigInt(Math.trunc(value)) : toBigInt(value);
  return n < 0n ? `-${groupThousands((-n).toString())}` : groupThousands(n.toString());
}

/** `part / whole` as a percentage with `digits` decimals, exact (bigint), cut toward zero. */
export function formatPercent(part: string | bigint, whole: string | bigint, digits = 2): string {
  const p = toBigInt(part);
  const w = toBigInt(whole);
  if (w === 0n) return "—";
  const scale = 10n ** BigInt(digits);
  const scaled = (p * 100n * scale) / w;
  const intPart = scaled / scale;
  const frac = (scaled % scale).toString().padStart(digits, "0");
  return `${groupThousands(intPart.toString())}${digits > 0 ? `.${frac}` : ""}%`;
}

/** A unix timestamp (seconds, decimal string) as an ISO date and time in UTC. */
export function formatTime(seconds: string | bigint | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const ms = Number(toBigInt(seconds)) * 1000;
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

/** 0x1234…abcd */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** Compares two decimal integer strings as bigints (for sorting amounts exactly). */
export function compareAmounts(a: string | null | undefined, b: string | null | undefined): number {
  const x = a === null || a === undefined ? -1n : BigInt(a);
  const y = b === null || b === undefined ? -1n : BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
