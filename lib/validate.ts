// The one validator shape of the suite's hand-written input (genesis profiles, launch files,
// actions files, CLI flags): every problem names its field path and the value found, all of a
// file's problems are collected before one error is thrown, and durations have one grammar.
// Used by deploy/profile.ts, keepers/src/tokenization/issuer/config.ts and the CLI.

/** One wrong field: `governance.council.term`, `commitment.period`, `actions[2].args`. */
export interface Problem {
  field: string;
  value: unknown;
  message: string;
}

/** Input a command cannot run with; `field` names the flag, variable or field at fault. The CLI
 * prints it as one line and exits 2. */
export class ConfigError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "ConfigError";
    this.field = field;
  }
}

/** A file or object with problems, all of them listed (the CLI prints them on one line, exit 2). */
export class ValidationError extends Error {
  /** What was validated: a file name, `genesis profile "local"`. */
  readonly subject: string;
  readonly problems: Problem[];

  constructor(subject: string, problems: Problem[], message = `${subject}: ${formatProblems(problems)}`) {
    super(message);
    this.name = "ValidationError";
    this.subject = subject;
    this.problems = problems;
  }

  /** The problems on one line: `field = value: message; ...`. */
  get line(): string {
    return `${this.subject}: ${formatProblems(this.problems)}`;
  }
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.field} = ${describeValue(p.value)}: ${p.message}`).join("; ");
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

const DURATION = /^([0-9]+)(d|h|m|s)$/;
const UNIT_SECONDS: Record<string, bigint> = { d: 86_400n, h: 3_600n, m: 60n, s: 1n };

/** The one duration grammar: "365d", "6h", "30m", "45s" (and, with `seconds`, a plain number of
 * seconds). Undefined when `value` is not a duration. */
export function parseDuration(value: unknown, options: { seconds?: boolean } = {}): bigint | undefined {
  if (options.seconds && typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  const [, amount, unit] = (typeof value === "string" ? DURATION.exec(value) : null) ?? [];
  return amount !== undefined && unit !== undefined ? BigInt(amount) * (UNIT_SECONDS[unit] ?? 0n) : undefined;
}

export const DURATION_HINT = '"365d", "6h", "30m", "45s"';
