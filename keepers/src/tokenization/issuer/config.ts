// An issuer's launch file, validated before anything is sent: every wrong field is named with
// its value. Amounts are whole tokens ("10000" or "0.5"), durations "7d", "12h", "90m", "30s".
import { readFileSync } from "node:fs";
import { parseEther } from "viem";
import { parseDuration, ValidationError, type Problem } from "../../../../lib/validate.ts";

export interface LaunchFile {
  name: string;
  symbol: string;
  metadataURI: string;
  supply: string;
  seedReserve: string;
  /** "50%" (the default), or any 1/n of a whole down to "5%"; parts per million also accepted. */
  connectorWeight?: string | number;
  commitment: { period: string; minimum: string };
}

export interface LaunchPlan {
  name: string;
  symbol: string;
  metadataURI: string;
  initialSupply: bigint;
  seedReserve: bigint;
  connectorWeightPpm: number;
  commitment: { periodLength: bigint; relative: boolean; minimum: bigint };
}

/** A launch file with problems (the shared validator shape, lib/validate.ts). */
export class LaunchFileError extends ValidationError {
  readonly file: string;

  constructor(file: string, problems: Problem[]) {
    super(
      `${file} is not a valid launch file`,
      problems,
      `${file} is not a valid launch file:\n${problems
        .map((p) => `  ${p.field} = ${JSON.stringify(p.value)}: ${p.message}`)
        .join("\n")}`,
    );
    this.name = "LaunchFileError";
    this.file = file;
  }
}

const PERCENT = /^([0-9]+(?:\.[0-9]+)?)%$/;
const KEYS = ["name", "symbol", "metadataURI", "supply", "seedReserve", "connectorWeight", "commitment"];

export function readLaunchFile(file: string): LaunchPlan {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new LaunchFileError(file, [{ field: "(file)", value: file, message: (error as Error).message }]);
  }
  return parseLaunchFile(raw, file);
}

export function parseLaunchFile(raw: Record<string, unknown>, file = "launch file"): LaunchPlan {
  const problems: LaunchFileError["problems"] = [];
  const problem = (field: string, value: unknown, message: string) => problems.push({ field, value, message });
  const text = (key: string, max: number) => {
    const value = raw[key];
    if (typeof value !== "string" || value.length === 0 || Buffer.byteLength(value) > max) {
      problem(key, value, `must be a text of 1 to ${max} bytes`);
      return "";
    }
    return value;
  };
  const tokens = (field: string, value: unknown) => {
    try {
      const amount = parseEther(String(value));
      if (typeof value === "string" && amount > 0n) return amount;
    } catch {
      // reported below
    }
    problem(field, value, 'must be a positive amount of whole tokens, as a string ("10000")');
    return 0n;
  };
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) problem(key, raw[key], "is not a launch field");

  const plan: LaunchPlan = {
    name: text("name", 255),
    symbol: text("symbol", 255),
    metadataURI: text("metadataURI", 2048),
    initialSupply: tokens("supply", raw.supply),
    seedReserve: tokens("seedReserve", raw.seedReserve),
    connectorWeightPpm: 500_000,
    commitment: { periodLength: 0n, relative: false, minimum: 0n },
  };
  if (plan.seedReserve > 0n && plan.seedReserve < parseEther("10000")) {
    problem("seedReserve", raw.seedReserve, "must be at least 10000");
  }

  const weight = raw.connectorWeight;
  if (weight !== undefined) {
    const percent = typeof weight === "string" ? PERCENT.exec(weight) : null;
    const ppm = percent ? Math.round(Number(percent[1]) * 10_000) : typeof weight === "number" ? weight : NaN;
    if (!Number.isInteger(ppm) || ppm <= 0 || 1_000_000 % ppm !== 0 || 1_000_000 / ppm > 20) {
      problem(
        "connectorWeight",
        weight,
        'must be a whole divided by 1 to 20 that is exact in ppm ("50%", "25%", "5%")',
      );
    } else {
      plan.connectorWeightPpm = ppm;
    }
  }

  const commitment = raw.commitment as Record<string, unknown> | undefined;
  if (typeof commitment !== "object" || commitment === null) {
    problem("commitment", commitment, 'is required: { "period": "7d", "minimum": "1000" or "1%" }');
  } else {
    for (const key of Object.keys(commitment)) {
      if (key !== "period" && key !== "minimum")
        problem(`commitment.${key}`, commitment[key], "is not a commitment field");
    }
    const period = parseDuration(commitment.period);
    if (period === undefined || period === 0n) {
      problem("commitment.period", commitment.period, 'must be a duration such as "7d"');
    } else {
      plan.commitment.periodLength = period;
    }
    const minimum = commitment.minimum;
    const percent = typeof minimum === "string" ? PERCENT.exec(minimum) : null;
    if (percent) {
      const bps = Number(percent[1]) * 100;
      if (!Number.isInteger(bps) || bps <= 0 || bps > 10_000) {
        problem("commitment.minimum", minimum, "must be a share from 0.01% to 100%");
      } else {
        plan.commitment = { ...plan.commitment, relative: true, minimum: BigInt(bps) };
      }
    } else {
      plan.commitment.minimum = tokens("commitment.minimum", minimum);
    }
  }
  if (problems.length > 0) throw new LaunchFileError(file, problems);
  return plan;
}
