// A product file (`jiaozi insure create-product --file <product.json>`), validated field by field
// before anything is sent, with the suite's one validator shape (lib/validate.ts: every wrong
// field named with its value, all problems collected, one duration grammar): the CLI prints one
// line per wrong field and exits 2. The result is the InsuranceMarket's ProductTerms
// (contracts/interfaces/IInsuranceMarket.sol), the feed given by name and sent as keccak256(name).
//
// {
//   "name": "Flight delay, NYC January 2013",
//   "feed": "flight-delay-minutes",
//   "comparator": ">=",                       // ">=" (AtLeast) or "<=" (AtMost)
//   "tiers": [{ "threshold": 15, "payoutBps": 2500 }, ...],
//   "premiumBps": 800,                        // of the sum insured, 1 to 10,000
//   "maxSumInsured": "1000",                  // whole base tokens
//   "maxExposurePerSubject": "50000",         // whole base tokens
//   "saleStart": "now",                       // "now", an ISO 8601 time, or unix seconds
//   "saleEnd": "30d",                         // the same, or a duration after saleStart
//   "minLeadTime": "2h"                       // a duration
// }
//
// Choices where the contract's own checks are the authority (it refuses what is wrong anyway;
// the file is refused earlier and says why): tiers are in order of severity (thresholds strictly
// increasing for ">=", strictly decreasing for "<="), each paying 1 to 10,000 bps and none less
// than the tier before (the highest tier reached pays, so a later tier paying less would never be
// wanted); at most MAX_TIERS tiers; the exposure cap admits at least one policy of maxSumInsured
// at the highest payout; the sale ends after it starts and in the future.
import { readFileSync } from "node:fs";
import { parseEther } from "viem";
import { DURATION_HINT, describeValue, parseDuration, ValidationError, type Problem } from "../../../lib/validate.ts";
import { feedId } from "../../../lib/subjects.ts";

export const MAX_TIERS = 8;
export const MAX_BPS = 10_000;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT128_MAX = (1n << 128n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const FIELDS = [
  "name",
  "feed",
  "comparator",
  "tiers",
  "premiumBps",
  "maxSumInsured",
  "maxExposurePerSubject",
  "saleStart",
  "saleEnd",
  "minLeadTime",
] as const;

/** IInsuranceMarket.Comparator. */
export const COMPARATOR = { ">=": 0, "<=": 1 } as const;

/** IInsuranceMarket.ProductTerms, as viem encodes it. */
export interface ProductTerms {
  name: string;
  feedId: `0x${string}`;
  comparator: number;
  tiers: { threshold: bigint; payoutBps: number }[];
  premiumBps: number;
  maxSumInsured: bigint;
  maxExposurePerSubject: bigint;
  saleStart: bigint;
  saleEnd: bigint;
  minLeadTime: bigint;
}

export interface ProductPlan {
  /** The feed's name, as the file gave it. */
  feed: string;
  terms: ProductTerms;
}

/** A product file with problems: one line per wrong field (the CLI prints `line`, exit 2). */
export class ProductFileError extends ValidationError {
  readonly file: string;

  constructor(file: string, problems: Problem[]) {
    super(`${file} is not a valid product file`, problems);
    this.name = "ProductFileError";
    this.file = file;
    this.message = this.line;
  }

  override get line(): string {
    return [
      `${this.file} is not a valid product file:`,
      ...this.problems.map((p) => `  ${p.field} = ${describeValue(p.value)}: ${p.message}`),
    ].join("\n");
  }
}

export function readProductFile(file: string, now: bigint = BigInt(Math.floor(Date.now() / 1000))): ProductPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ProductFileError(file, [{ field: "(file)", value: file, message: (error as Error).message }]);
  }
  return parseProductFile(raw, file, now);
}

/** A whole number in [min, max] given as a JSON number or a decimal string. */
function integer(value: unknown, min: bigint, max: bigint): bigint | undefined {
  let parsed: bigint | undefined;
  if (typeof value === "number" && Number.isSafeInteger(value)) parsed = BigInt(value);
  else if (typeof value === "string" && /^-?[0-9]+$/.test(value)) parsed = BigInt(value);
  return parsed !== undefined && parsed >= min && parsed <= max ? parsed : undefined;
}

/** "now", an ISO 8601 time or unix seconds; undefined when it is none of them. */
function instant(value: unknown, now: bigint): bigint | undefined {
  if (value === "now") return now;
  const seconds = integer(value, 1n, UINT64_MAX);
  if (seconds !== undefined) return seconds;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms) && ms > 0) return BigInt(Math.floor(ms / 1000));
  }
  return undefined;
}

export function parseProductFile(
  raw: unknown,
  file = "product file",
  now: bigint = BigInt(Math.floor(Date.now() / 1000)),
): ProductPlan {
  const problems: Problem[] = [];
  const problem = (field: string, value: unknown, message: string) => problems.push({ field, value, message });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ProductFileError(file, [{ field: "(file)", value: raw, message: "must be a JSON object" }]);
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      problem(key, input[key], `is not a product field (${FIELDS.join(", ")})`);
    }
  }

  const name = input.name;
  if (typeof name !== "string" || name.trim().length === 0 || Buffer.byteLength(name) > 128) {
    problem("name", name, "must be a text of 1 to 128 bytes");
  }
  const feed = input.feed;
  if (typeof feed !== "string" || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(feed)) {
    problem("feed", feed, 'must be a feed name such as "flight-delay-minutes" (lower case, digits, dashes)');
  }
  const comparator = input.comparator;
  const comparatorIndex =
    typeof comparator === "string" && comparator in COMPARATOR
      ? COMPARATOR[comparator as keyof typeof COMPARATOR]
      : undefined;
  if (comparatorIndex === undefined) problem("comparator", comparator, 'must be ">=" or "<="');

  const tiers: ProductTerms["tiers"] = [];
  const rawTiers = input.tiers;
  if (!Array.isArray(rawTiers) || rawTiers.length === 0 || rawTiers.length > MAX_TIERS) {
    problem("tiers", rawTiers, `must be a list of 1 to ${MAX_TIERS} tiers { "threshold": n, "payoutBps": n }`);
  } else {
    rawTiers.forEach((tier: unknown, i) => {
      const at = `tiers[${i}]`;
      if (typeof tier !== "object" || tier === null || Array.isArray(tier)) {
        problem(at, tier, 'must be { "threshold": n, "payoutBps": n }');
        return;
      }
      const entry = tier as Record<string, unknown>;
      for (const key of Object.keys(entry)) {
        if (key !== "threshold" && key !== "payoutBps") problem(`${at}.${key}`, entry[key], "is not a tier field");
      }
      const threshold = integer(entry.threshold, INT64_MIN, INT64_MAX);
      if (threshold === undefined) problem(`${at}.threshold`, entry.threshold, "must be a whole number (int64)");
      const payout = integer(entry.payoutBps, 1n, BigInt(MAX_BPS));
      if (payout === undefined)
        problem(`${at}.payoutBps`, entry.payoutBps, `must be a whole number from 1 to ${MAX_BPS}`);
      if (threshold === undefined || payout === undefined) return;
      const previous = tiers.at(-1);
      if (previous !== undefined && comparatorIndex !== undefined) {
        const ordered =
          comparatorIndex === COMPARATOR[">="] ? threshold > previous.threshold : threshold < previous.threshold;
        if (!ordered) {
          problem(
            `${at}.threshold`,
            entry.threshold,
            `must be ${comparatorIndex === COMPARATOR[">="] ? "above" : "below"} the tier before (${previous.threshold}): tiers go from the mildest to the most severe`,
          );
        }
        if (Number(payout) < previous.payoutBps) {
          problem(`${at}.payoutBps`, entry.payoutBps, `must not be below the tier before (${previous.payoutBps})`);
        }
      }
      tiers.push({ threshold, payoutBps: Number(payout) });
    });
  }

  const premium = integer(input.premiumBps, 1n, BigInt(MAX_BPS));
  if (premium === undefined) {
    problem("premiumBps", input.premiumBps, `must be a whole number from 1 to ${MAX_BPS} (a premium rate above 0)`);
  }
  const tokens = (field: "maxSumInsured" | "maxExposurePerSubject"): bigint | undefined => {
    const value = input[field];
    try {
      const amount = typeof value === "string" ? parseEther(value) : undefined;
      if (amount !== undefined && amount > 0n && amount <= UINT128_MAX && /^[0-9]+(\.[0-9]+)?$/.test(value as string)) {
        return amount;
      }
    } catch {
      // reported below
    }
    problem(field, value, 'must be a positive amount of whole base tokens, as a string ("1000")');
    return undefined;
  };
  const maxSumInsured = tokens("maxSumInsured");
  const maxExposure = tokens("maxExposurePerSubject");
  const tiersValid = Array.isArray(rawTiers) && tiers.length > 0 && tiers.length === rawTiers.length;
  if (maxSumInsured !== undefined && maxExposure !== undefined && tiersValid) {
    const highest = BigInt(Math.max(...tiers.map((t) => t.payoutBps)));
    const onePolicy = (maxSumInsured * highest + BigInt(MAX_BPS) - 1n) / BigInt(MAX_BPS);
    if (maxExposure < onePolicy) {
      problem(
        "maxExposurePerSubject",
        input.maxExposurePerSubject,
        `must admit one policy of maxSumInsured at the highest payout (${highest} bps): at least ${onePolicy} wei`,
      );
    }
  }

  const saleStart = instant(input.saleStart, now);
  if (saleStart === undefined) {
    problem("saleStart", input.saleStart, '"now", an ISO 8601 time ("2026-12-01T00:00:00Z") or unix seconds');
  }
  const endDuration = parseDuration(input.saleEnd);
  const saleEnd =
    endDuration !== undefined
      ? saleStart === undefined
        ? undefined
        : saleStart + endDuration
      : instant(input.saleEnd, now);
  if (saleEnd === undefined) {
    if (saleStart !== undefined || endDuration === undefined) {
      problem(
        "saleEnd",
        input.saleEnd,
        `an ISO 8601 time, unix seconds, or a duration after saleStart (${DURATION_HINT})`,
      );
    }
  } else if (saleStart !== undefined && saleEnd <= saleStart) {
    problem("saleEnd", input.saleEnd, `must be after saleStart (${saleStart}): the sale window would be empty`);
  } else if (saleEnd <= now) {
    problem("saleEnd", input.saleEnd, `must be in the future (now is ${now}): the sale would be over`);
  } else if (saleEnd > UINT64_MAX) {
    problem("saleEnd", input.saleEnd, "is too far away (uint64 seconds)");
  }
  const minLeadTime = parseDuration(input.minLeadTime);
  if (minLeadTime === undefined || minLeadTime === 0n) {
    problem("minLeadTime", input.minLeadTime, `must be a duration above 0 (${DURATION_HINT})`);
  }

  if (problems.length > 0) throw new ProductFileError(file, problems);
  return {
    feed: feed as string,
    terms: {
      name: name as string,
      feedId: feedId(feed as string),
      comparator: comparatorIndex!,
      tiers,
      premiumBps: Number(premium),
      maxSumInsured: maxSumInsured!,
      maxExposurePerSubject: maxExposure!,
      saleStart: saleStart!,
      saleEnd: saleEnd!,
      minLeadTime: minLeadTime!,
    },
  };
}
