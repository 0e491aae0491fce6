// Genesis profiles (DESIGN §3): data files under deploy/profiles, validated when loaded.
// A profile may `extend` another: its top-level keys replace the parent's, except `addresses`,
// which is merged key by key. Address fields take a literal address, `@name` (an entry of
// `addresses`) or `${ENV_VAR}` (read from the environment when the profile is loaded).
// Durations are seconds or strings such as "365d", "6h", "30m", "45s"; every duration is divided
// by `timeDivisor` (1440 for `local`: a day becomes a minute). Amounts are whole base tokens
// as decimal strings, with up to 18 decimals.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getAddress, isAddress, parseUnits, ZeroAddress } from "ethers";
import { SHARE_HOLDERS } from "../lib/manifest.ts";
import { describeValue, DURATION_HINT, parseDuration, ValidationError, type Problem } from "../lib/validate.ts";

export const PROFILES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "profiles");

/** Module contracts that can hold a genesis share (their share waits in the GenesisEscrow): the manifest's. */
export const GENESIS_MODULES = SHARE_HOLDERS;
export type GenesisModule = string;

export interface VestingGrant {
  beneficiary: string;
  amount: bigint;
  startOffset: bigint;
  cliff: bigint;
  trancheInterval: bigint;
  trancheCount: number;
  unlockedAtStartBps: number;
  revocable: boolean;
}

export type AllocationTarget =
  | { kind: "account"; address: string }
  | { kind: "module"; module: GenesisModule }
  | { kind: "vesting"; grants: VestingGrant[] };

export interface Allocation {
  share: string;
  amount: bigint;
  target: AllocationTarget;
}

export interface Profile {
  name: string;
  timeDivisor: number;
  token: { name: string; symbol: string; totalSupply: bigint };
  timelock: { minDelay: bigint };
  /** Bounty per job of every upkeep kind registered at genesis, in wei of the base token. */
  keeperRewards: { bounty: bigint };
  /** The storage market's parameters (DESIGN §6); durations already divided by timeDivisor. */
  storageMarket: StorageMarketProfile;
  /** Governance (DESIGN §4): council, referendum and reserve rules; durations already divided. */
  governance: GovernanceProfile;
  /** Staking pools (DESIGN §7): the reserve's schedules and the economic pool; durations already divided. */
  stakingPools: StakingPoolsProfile;
  /** Tokenization (DESIGN §5): the factory's launch rules; durations already divided. */
  tokenization: { minSeedReserve: bigint; launchFee: bigint; minPeriodLength: bigint };
  /** Insurance (DESIGN §8): the oracle's feeds and the market's per-policy upkeep fee. */
  insurance: InsuranceProfile;
  /** Accounts (DESIGN §13): the AliasRegistry's fee rule and commitment window, the recoverable wallets' delays; durations already divided. */
  accounts: AccountsProfile;
  /** The council's own governance (DESIGN §13): the chair's ballot rounds and report interval; durations already divided. */
  council: { chair: { roundPeriod: bigint; reportInterval: bigint } };
  /** The data market (DESIGN §13): prices, collateral, bonds, fees and windows; durations already divided. */
  dataMarket: DataMarketProfile;
  /** ProcurementVote (DESIGN §13): the open fee (to KeeperRewards), the least voter pool and period. */
  procurement: ProcurementProfile;
  /** CharityCampaigns (DESIGN §13): the smallest base-token donation (above the refund bounty, so that a minimum donation's refund covers the refund fee). */
  charity: { minDonation: bigint };
  allocations: Allocation[];
}

/** DataMarket.Parameters (`dataMarket`): amounts in wei of the base token, windows in seconds. */
export interface DataMarketProfile {
  minPrice: bigint;
  minCollateral: bigint;
  disputeBond: bigint;
  /** What each order pays on top of the larger of the release and refund bounties (non-refundable). */
  minUpkeepFee: bigint;
  maxFeeBps: number;
  slashBps: number;
  deliveryWindow: bigint;
  confirmationWindow: bigint;
  disputeWindow: bigint;
  withdrawDelay: bigint;
}

export interface ProcurementProfile {
  /** Paid by every round into KeeperRewards, never refunded (covers its close and expiry bounties). */
  openFee: bigint;
  /** The least voter reward pool a sponsor funds. */
  minRewardPool: bigint;
  /** The least application, voting and delivery period (already divided). */
  minPeriod: bigint;
}

export interface AliasProfile {
  /** Fee (wei) of a name of `fullPriceLength` bytes or longer; each byte shorter doubles it. */
  baseFee: bigint;
  fullPriceLength: number;
  minCommitmentAge: bigint;
  maxCommitmentAge: bigint;
}

/** The WalletFactory's delays (`accounts.wallet`): every wallet's recovery and guardian-change delay. */
export interface WalletProfile {
  /** Delay of a wallet created without one (7 days on mainnet). */
  defaultDelay: bigint;
  /** Least delay any wallet may choose (1 day on mainnet). */
  minDelay: bigint;
}

export interface AccountsProfile {
  alias: AliasProfile;
  wallet: WalletProfile;
}

export interface OracleFeedProfile {
  name: string;
  min: bigint;
  max: bigint;
  reportDeadline: bigint;
  grace: bigint;
  deadlineQuorum: number;
}

export interface InsuranceProfile {
  feeds: OracleFeedProfile[];
  /** The least non-refundable fee per policy, paid into KeeperRewards at purchase (at least the
   * settle bounty, whichever is higher). */
  minUpkeepFee: bigint;
}

export interface StorageMarketProfile {
  epochLength: bigint;
  proofWindow: bigint;
  maxTermEpochs: number;
  graceEpochs: number;
  weightReciprocal: number;
  replication: number;
  collateralPerGB: bigint;
  slashBps: number;
  failureLimit: number;
  /** Smallest landlord capacity, in MB (1024: 1 GB). */
  minCapacityMB: number;
  /** Seconds a closed landlord's collateral stays slashable before it is returned. */
  unbondingDelay: bigint;
  /** Seconds a copy-group member has to accept or reject a lease's data before it is movable. */
  acceptWindow: bigint;
  /** Tokens rent never takes the pool below while leases are booked. */
  poolFloor: bigint;
  /** Epochs over which the StorageMarket genesis share drips into the pool. */
  subsidyEpochs: number;
}

export interface StakingPoolsProfile {
  /** The year the reserve's yearly amounts are paid over (365 days, divided like every duration). */
  year: bigint;
  reserve: {
    economicYearly: bigint;
    committeeYearOne: bigint;
    committeeDecayBps: number;
    committeeTermsPerYear: number;
  };
  honorPool: { minStake: bigint; withdrawDelay: bigint };
  /** The reputation factors' caps (DESIGN §7): a factor is min(value / cap, 1). */
  reputation: {
    stakeCap: bigint;
    jobsCap: number;
    serviceCap: number;
    heldMBCap: number;
    dutiesCap: number;
    poorReportPenalty: number;
  };
  committee: {
    /** Seconds after genesis at which term 0 starts. */
    start: bigint;
    termLength: bigint;
    candidacyLead: bigint;
    settleDelay: bigint;
    /** Seconds after a storage epoch's proof deadline in which only its duty's member settles it. */
    settleWindow: bigint;
    seats: number;
    maxCandidates: number;
    missSlashBps: number;
    impeachSlashBps: number;
  };
  economicPool: {
    /** Seconds after genesis at which round 0's raise opens. */
    start: bigint;
    raise: bigint;
    lock: bigint;
    settlement: bigint;
    minStake: bigint;
    minDistribution: bigint;
  };
}

export interface GovernanceProfile {
  transitionalCouncil: string[];
  transitionalTerm: bigint;
  council: {
    candidateBond: bigint;
    electionThreshold: bigint;
    minSeats: number;
    term: bigint;
    nominationPeriod: bigint;
    votingPeriod: bigint;
    /** How long a member removed by peers may appeal (DESIGN §13). */
    appealPeriod: bigint;
  };
  referendum: {
    proposalDeposit: bigint;
    responseThreshold: bigint;
    referendumThreshold: bigint;
    quorum: bigint;
    constitutionalQuorum: bigint;
    majority: { numerator: bigint; denominator: bigint };
    constitutionalMajority: { numerator: bigint; denominator: bigint };
    supportPeriod: bigint;
    responsePeriod: bigint;
    day: bigint;
    minPublicityDays: number;
    maxPublicityDays: number;
    executionPeriod: bigint;
    /** Kept from a refunded deposit: the most a proposal's upkeep bounties may pay. */
    upkeepFee: bigint;
    /** Proposals one proposer may have in the support phase at once. */
    maxOpenProposals: number;
  };
  reserve: {
    capBps: number;
    liquidityBps: number;
    liquidityWindow: bigint;
    claimPeriod: bigint;
    councilPay: bigint;
  };
}

/** One wrong field of a profile (the shared validator shape, lib/validate.ts). */
export type ProfileProblem = Problem;

/** A profile that cannot be deployed; lists every problem with its field and value. */
export class ProfileError extends ValidationError {
  readonly profile: string;

  constructor(profile: string, problems: ProfileProblem[]) {
    const lines = problems.map((p) => `  ${p.field}: ${p.message} (got ${describeValue(p.value)})`);
    super(`genesis profile "${profile}"`, problems, `invalid genesis profile "${profile}":\n${lines.join("\n")}`);
    this.name = "ProfileError";
    this.profile = profile;
  }
}

export interface LoadOptions {
  /** Environment for `${VAR}` addresses; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Directory holding `<name>.json` profiles; defaults to deploy/profiles. */
  dir?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const TOP_LEVEL_KEYS = [
  "name",
  "extends",
  "timeDivisor",
  "addresses",
  "token",
  "timelock",
  "keeperRewards",
  "storageMarket",
  "governance",
  "stakingPools",
  "tokenization",
  "insurance",
  "accounts",
  "council",
  "dataMarket",
  "procurement",
  "charity",
  "allocations",
];
const FRACTION = /^([1-9][0-9]*)\/([1-9][0-9]*)$/;
const GRANT_KEYS = [
  "beneficiary",
  "amount",
  "startOffset",
  "cliff",
  "trancheInterval",
  "trancheCount",
  "unlockedAtStartBps",
  "revocable",
];
const SHARE_NAME = /^[A-Za-z][A-Za-z0-9]{0,30}$/;
const AMOUNT = /^(0|[1-9][0-9]*)(\.[0-9]{1,18})?$/;

/** Loads `deploy/profiles/<name>.json` (following `extends`) and validates it. */
export function loadProfile(name: string, options: LoadOptions = {}): Profile {
  return parseProfile(readRaw(name, options.dir ?? PROFILES_DIR, []), options);
}

/** Validates an already parsed (and merged) profile object. Throws ProfileError. */
export function parseProfile(raw: unknown, options: LoadOptions = {}): Profile {
  return new ProfileParser(options.env ?? process.env).parse(raw);
}

/** Rejects a profile that would leave tokens with the deploying account. */
export function assertDeployerHoldsNothing(profile: Profile, deployer: string): void {
  const problems: ProfileProblem[] = [];
  profile.allocations.forEach((allocation, i) => {
    const { target } = allocation;
    if (target.kind === "account" && sameAddress(target.address, deployer)) {
      problems.push({ field: `allocations[${i}].account`, value: target.address, message: "is the deployer" });
    }
    if (target.kind === "vesting") {
      target.grants.forEach((grant, j) => {
        if (sameAddress(grant.beneficiary, deployer)) {
          problems.push({
            field: `allocations[${i}].vesting[${j}].beneficiary`,
            value: grant.beneficiary,
            message: "is the deployer",
          });
        }
      });
    }
  });
  if (problems.length > 0) throw new ProfileError(profile.name, problems);
}

function readRaw(name: string, dir: string, chain: string[]): JsonObject {
  if (!/^[a-z0-9-]+$/.test(name)) {
    throw new ProfileError(name, [{ field: "name", value: name, message: "is not a profile name ([a-z0-9-]+)" }]);
  }
  if (chain.includes(name)) {
    throw new ProfileError(chain[0], [{ field: "extends", value: name, message: "forms a cycle" }]);
  }
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) {
    const field = chain.length === 0 ? "name" : "extends";
    throw new ProfileError(chain[0] ?? name, [{ field, value: name, message: `has no file ${file}` }]);
  }
  let raw: Json;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as Json;
  } catch (error) {
    throw new ProfileError(name, [{ field: "(file)", value: file, message: `is not JSON: ${String(error)}` }]);
  }
  if (!isObject(raw)) throw new ProfileError(name, [{ field: "(file)", value: raw, message: "is not an object" }]);
  if (typeof raw.extends !== "string") return raw;
  const parent = readRaw(raw.extends, dir, [...chain, name]);
  const merged: JsonObject = { ...parent, ...raw };
  if (isObject(parent.addresses) && isObject(raw.addresses)) {
    merged.addresses = { ...parent.addresses, ...raw.addresses };
  }
  delete merged.extends;
  return merged;
}

class ProfileParser {
  private readonly problems: ProfileProblem[] = [];
  private addresses: JsonObject = {};
  private timeDivisor = 1n;

  private readonly env: Record<string, string | undefined>;

  constructor(env: Record<string, string | undefined>) {
    this.env = env;
  }

  parse(raw: unknown): Profile {
    if (!isObject(raw)) throw new ProfileError("?", [{ field: "(profile)", value: raw, message: "is not an object" }]);
    const name = typeof raw.name === "string" && raw.name.length > 0 ? raw.name : "?";
    if (name === "?") this.problem("name", raw.name, "must be a non-empty string");
    for (const key of Object.keys(raw)) {
      if (!TOP_LEVEL_KEYS.includes(key)) this.problem(key, raw[key], "is not a profile field");
    }

    const divisor = raw.timeDivisor ?? 1;
    if (typeof divisor === "number" && Number.isSafeInteger(divisor) && divisor > 0) {
      this.timeDivisor = BigInt(divisor);
    } else {
      this.problem("timeDivisor", divisor, "must be a positive integer");
    }
    if (raw.addresses !== undefined && !isObject(raw.addresses)) {
      this.problem("addresses", raw.addresses, "must be an object of name -> address");
    } else {
      this.addresses = raw.addresses ?? {};
    }

    const token = this.object(raw, "token", "token");
    const tokenName = this.string(token, "name", "token.name");
    const symbol = this.string(token, "symbol", "token.symbol");
    const totalSupply = this.amount(token?.totalSupply, "token.totalSupply");

    const timelock = this.object(raw, "timelock", "timelock");
    const minDelay = this.duration(timelock?.minDelay, "timelock.minDelay", true);

    const keeperRewards = this.object(raw, "keeperRewards", "keeperRewards");
    const bounty = keeperRewards && this.amount(keeperRewards.bounty, "keeperRewards.bounty");

    const storageMarket = this.storageMarket(this.object(raw, "storageMarket", "storageMarket"));
    const governance = this.governance(this.object(raw, "governance", "governance"));
    const stakingPools = this.stakingPools(this.object(raw, "stakingPools", "stakingPools"));
    const tokenization = this.tokenization(this.object(raw, "tokenization", "tokenization"));
    const insurance = this.insurance(this.object(raw, "insurance", "insurance"));
    const accounts = this.accounts(this.object(raw, "accounts", "accounts"));
    const council = this.council(this.object(raw, "council", "council"));
    const dataMarket = this.dataMarket(this.object(raw, "dataMarket", "dataMarket"));
    const procurement = this.procurement(this.object(raw, "procurement", "procurement"));
    const charity = this.charity(this.object(raw, "charity", "charity"), bounty);

    const { allocations, sum } = this.allocations(raw.allocations);
    if (totalSupply !== undefined && sum !== undefined) {
      if (sum !== totalSupply) {
        this.problem(
          "allocations",
          formatUnits(sum),
          `must sum exactly to token.totalSupply ${formatUnits(totalSupply)}`,
        );
      }
    }

    if (this.problems.length > 0) throw new ProfileError(name, this.problems);
    return {
      name,
      timeDivisor: Number(this.timeDivisor),
      token: { name: tokenName!, symbol: symbol!, totalSupply: totalSupply! },
      timelock: { minDelay: minDelay! },
      keeperRewards: { bounty: bounty! },
      storageMarket: storageMarket!,
      governance: governance!,
      stakingPools: stakingPools!,
      tokenization: tokenization!,
      insurance: insurance!,
      accounts: accounts!,
      council: council!,
      dataMarket: dataMarket!,
      procurement: procurement!,
      charity: charity!,
      allocations,
    };
  }

  /** `dataMarket`: DataMarket.Parameters; windows at most 365 days (DataMarket.MAX_WINDOW, not divided). */
  private dataMarket(raw: JsonObject | undefined): DataMarketProfile | undefined {
    if (raw === undefined) return undefined;
    const keys = [
      "minPrice",
      "minCollateral",
      "disputeBond",
      "minUpkeepFee",
      "maxFeeBps",
      "slashBps",
      "deliveryWindow",
      "confirmationWindow",
      "disputeWindow",
      "withdrawDelay",
    ];
    this.unknownKeys(raw, keys, "dataMarket");
    const amount = (key: string, positive: boolean) => {
      const value = this.amount(raw[key], `dataMarket.${key}`);
      if (value !== undefined && value >= 2n ** 96n)
        this.problem(`dataMarket.${key}`, raw[key], "must fit in 96 bits of wei");
      if (positive && value === 0n) this.problem(`dataMarket.${key}`, raw[key], "must be positive");
      return value!;
    };
    const window = (key: string) => {
      const value = this.duration(raw[key], `dataMarket.${key}`, true);
      if (value !== undefined && value > 365n * 86_400n)
        this.problem(`dataMarket.${key}`, raw[key], "must be at most 365 days");
      return value!;
    };
    return {
      minPrice: amount("minPrice", true),
      minCollateral: amount("minCollateral", true),
      disputeBond: amount("disputeBond", false),
      minUpkeepFee: amount("minUpkeepFee", true),
      maxFeeBps: this.integer(raw.maxFeeBps, "dataMarket.maxFeeBps", 0, 10_000)!,
      slashBps: this.integer(raw.slashBps, "dataMarket.slashBps", 1, 10_000)!,
      deliveryWindow: window("deliveryWindow"),
      confirmationWindow: window("confirmationWindow"),
      disputeWindow: window("disputeWindow"),
      withdrawDelay: window("withdrawDelay"),
    };
  }
  private procurement(raw: JsonObject | undefined): ProcurementProfile | undefined {
    if (raw === undefined) return undefined;
    const rules = {
      openFee: this.amount(raw.openFee, "procurement.openFee")!,
      minRewardPool: this.amount(raw.minRewardPool, "procurement.minRewardPool")!,
      minPeriod: this.duration(raw.minPeriod, "procurement.minPeriod", true)!,
    };
    this.unknownKeys(raw, Object.keys(rules), "procurement");
    return rules;
  }

  private accounts(raw: JsonObject | undefined): AccountsProfile | undefined {
    if (raw === undefined) return undefined;
    this.unknownKeys(raw, ["alias", "wallet"], "accounts");
    const alias = this.accountsAlias(this.object(raw, "alias", "accounts.alias"));
    const wallet = this.accountsWallet(this.object(raw, "wallet", "accounts.wallet"));
    return { alias: alias!, wallet: wallet! };
  }

  /** `accounts.alias`: the AliasRegistry's fee rule and commitment window. */
  private accountsAlias(alias: JsonObject | undefined): AliasProfile | undefined {
    if (alias === undefined) return undefined;
    this.unknownKeys(alias, ["baseFee", "fullPriceLength", "minCommitmentAge", "maxCommitmentAge"], "accounts.alias");
    const minCommitmentAge = this.duration(alias.minCommitmentAge, "accounts.alias.minCommitmentAge", true);
    const maxCommitmentAge = this.duration(alias.maxCommitmentAge, "accounts.alias.maxCommitmentAge", true);
    if (minCommitmentAge !== undefined && maxCommitmentAge !== undefined && maxCommitmentAge <= minCommitmentAge)
      this.problem("accounts.alias.maxCommitmentAge", alias.maxCommitmentAge, "must exceed minCommitmentAge");
    const baseFee = this.amount(alias.baseFee, "accounts.alias.baseFee");
    if (baseFee !== undefined && baseFee >= 2n ** 128n)
      this.problem("accounts.alias.baseFee", alias.baseFee, "must fit in 128 bits of wei");
    return {
      baseFee: baseFee!,
      // AliasRegistry.MIN_LENGTH and MAX_LENGTH: names are 3 to 32 bytes.
      fullPriceLength: this.integer(alias.fullPriceLength, "accounts.alias.fullPriceLength", 3, 32)!,
      minCommitmentAge: minCommitmentAge!,
      maxCommitmentAge: maxCommitmentAge!,
    };
  }

  /** `accounts.wallet`: RecoverableWallet.MAX_DELAY is 365 days (not divided). */
  private accountsWallet(raw: JsonObject | undefined): WalletProfile | undefined {
    if (raw === undefined) return undefined;
    this.unknownKeys(raw, ["defaultDelay", "minDelay"], "accounts.wallet");
    const defaultDelay = this.duration(raw.defaultDelay, "accounts.wallet.defaultDelay", true);
    const minDelay = this.duration(raw.minDelay, "accounts.wallet.minDelay", true);
    if (defaultDelay !== undefined && minDelay !== undefined && defaultDelay < minDelay)
      this.problem("accounts.wallet.defaultDelay", raw.defaultDelay, "must be at least minDelay");
    if (defaultDelay !== undefined && defaultDelay > 365n * 86_400n)
      this.problem("accounts.wallet.defaultDelay", raw.defaultDelay, "must be at most 365 days");
    return { defaultDelay: defaultDelay!, minDelay: minDelay! };
  }

  private insurance(raw: JsonObject | undefined): InsuranceProfile | undefined {
    if (raw === undefined) return undefined;
    this.unknownKeys(raw, ["feeds", "minUpkeepFee"], "insurance");
    const minUpkeepFee = this.amount(raw.minUpkeepFee, "insurance.minUpkeepFee")!;
    if (minUpkeepFee === 0n) this.problem("insurance.minUpkeepFee", raw.minUpkeepFee, "must be positive");
    const feeds: OracleFeedProfile[] = [];
    if (!Array.isArray(raw.feeds)) {
      this.problem("insurance.feeds", raw.feeds, "must be an array of feeds");
      return { feeds, minUpkeepFee };
    }
    const INT64 = 2n ** 63n;
    raw.feeds.forEach((entry, i) => {
      const field = (key: string) => `insurance.feeds[${i}].${key}`;
      if (!isObject(entry)) {
        this.problem(`insurance.feeds[${i}]`, entry, "must be an object");
        return;
      }
      this.unknownKeys(
        entry,
        ["name", "min", "max", "reportDeadline", "grace", "deadlineQuorum"],
        `insurance.feeds[${i}]`,
      );
      const bound = (key: "min" | "max") => {
        const value = entry[key];
        if (
          typeof value !== "number" ||
          !Number.isSafeInteger(value) ||
          BigInt(value) < -INT64 ||
          BigInt(value) >= INT64
        ) {
          this.problem(field(key), value, "must be an integer");
          return undefined;
        }
        return BigInt(value);
      };
      const name = this.string(entry, "name", field("name"));
      const min = bound("min");
      const max = bound("max");
      if (min !== undefined && max !== undefined && min >= max)
        this.problem(field("max"), entry.max, "must exceed min");
      feeds.push({
        name: name!,
        min: min!,
        max: max!,
        reportDeadline: this.duration(entry.reportDeadline, field("reportDeadline"), true)!,
        grace: this.duration(entry.grace, field("grace"), true)!,
        deadlineQuorum: this.integer(entry.deadlineQuorum, field("deadlineQuorum"), 1, 32)!,
      });
    });
    return { feeds, minUpkeepFee };
  }

  private council(raw: JsonObject | undefined): Profile["council"] | undefined {
    if (raw === undefined) return undefined;
    this.unknownKeys(raw, ["chair"], "council");
    const c = this.object(raw, "chair", "council.chair") ?? {};
    const chair = {
      roundPeriod: this.duration(c.roundPeriod, "council.chair.roundPeriod", true)!,
      reportInterval: this.duration(c.reportInterval, "council.chair.reportInterval", true)!,
    };
    this.unknownKeys(c, Object.keys(chair), "council.chair");
    return { chair };
  }

  /** `charity`: the smallest base-token donation, which must exceed the keeper bounty paid per refund. */
  private charity(raw: JsonObject | undefined, bounty: bigint | undefined): Profile["charity"] | undefined {
    if (raw === undefined) return undefined;
    this.unknownKeys(raw, ["minDonation"], "charity");
    const minDonation = this.amount(raw.minDonation, "charity.minDonation");
    if (minDonation !== undefined && bounty !== undefined && minDonation <= bounty)
      this.problem("charity.minDonation", raw.minDonation, "must exceed keeperRewards.bounty");
    return minDonation === undefined ? undefined : { minDonation };
  }

  private tokenization(raw: JsonObject | undefined): Profile["tokenization"] | undefined {
    if (raw === undefined) return undefined;
    const rules = {
      minSeedReserve: this.amount(raw.minSeedReserve, "tokenization.minSeedReserve")!,
      launchFee: this.amount(raw.launchFee, "tokenization.launchFee")!,
      minPeriodLength: this.duration(raw.minPeriodLength, "tokenization.minPeriodLength", true)!,
    };
    if (rules.minSeedReserve === 0n)
      this.problem("tokenization.minSeedReserve", raw.minSeedReserve, "must be positive");
    this.unknownKeys(raw, Object.keys(rules), "tokenization");
    return rules;
  }

  private stakingPools(raw: JsonObject | undefined): StakingPoolsProfile | undefined {
    if (raw === undefined) return undefined;
    this.unknownKeys(raw, ["year", "reserve", "economicPool", "honorPool", "reputation", "committee"], "stakingPools");
    const r = this.object(raw, "reserve", "stakingPools.reserve") ?? {};
    const e = this.object(raw, "economicPool", "stakingPools.economicPool") ?? {};
    const f = (section: string, key: string) => `stakingPools.${section}.${key}`;
    const reserve = {
      economicYearly: this.amount(r.economicYearly, f("reserve", "economicYearly"))!,
      committeeYearOne: this.amount(r.committeeYearOne, f("reserve", "committeeYearOne"))!,
      committeeDecayBps: this.integer(r.committeeDecayBps, f("reserve", "committeeDecayBps"), 0, 10_000)!,
      committeeTermsPerYear: this.integer(r.committeeTermsPerYear, f("reserve", "committeeTermsPerYear"), 1, 65_535)!,
    };
    if (reserve.economicYearly === 0n)
      this.problem(f("reserve", "economicYearly"), r.economicYearly, "must be positive");
    const economicPool = {
      start: this.duration(e.start, f("economicPool", "start"), false)!,
      raise: this.duration(e.raise, f("economicPool", "raise"), true)!,
      lock: this.duration(e.lock, f("economicPool", "lock"), true)!,
      settlement: this.duration(e.settlement, f("economicPool", "settlement"), true)!,
      // The pool refuses a minimum stake below one token (MIN_STAKE_FLOOR).
      minStake: this.amount(e.minStake, f("economicPool", "minStake"))!,
      minDistribution: this.amount(e.minDistribution, f("economicPool", "minDistribution"))!,
    };
    if (economicPool.minStake !== undefined && economicPool.minStake < 10n ** 18n) {
      this.problem(f("economicPool", "minStake"), e.minStake, "must be at least 1 token");
    }
    this.unknownKeys(r, Object.keys(reserve), "stakingPools.reserve");
    this.unknownKeys(e, Object.keys(economicPool), "stakingPools.economicPool");
    const h = this.object(raw, "honorPool", "stakingPools.honorPool") ?? {};
    const honorPool = {
      minStake: this.amount(h.minStake, f("honorPool", "minStake"))!,
      withdrawDelay: this.duration(h.withdrawDelay, f("honorPool", "withdrawDelay"), true)!,
    };
    this.unknownKeys(h, Object.keys(honorPool), "stakingPools.honorPool");
    const p = this.object(raw, "reputation", "stakingPools.reputation") ?? {};
    // The lens refuses a cap of zero (DESIGN §7).
    const cap = (key: string) => this.integer(p[key], f("reputation", key), 1, Number.MAX_SAFE_INTEGER)!;
    const reputation = {
      stakeCap: this.amount(p.stakeCap, f("reputation", "stakeCap"))!,
      jobsCap: cap("jobsCap"),
      serviceCap: cap("serviceCap"),
      heldMBCap: cap("heldMBCap"),
      dutiesCap: cap("dutiesCap"),
      poorReportPenalty: this.integer(p.poorReportPenalty, f("reputation", "poorReportPenalty"), 0, 2 ** 32 - 1)!,
    };
    if (reputation.stakeCap === 0n) this.problem(f("reputation", "stakeCap"), p.stakeCap, "must be positive");
    this.unknownKeys(p, Object.keys(reputation), "stakingPools.reputation");
    const c = this.object(raw, "committee", "stakingPools.committee") ?? {};
    const committee = {
      start: this.duration(c.start, f("committee", "start"), true)!,
      termLength: this.duration(c.termLength, f("committee", "termLength"), true)!,
      candidacyLead: this.duration(c.candidacyLead, f("committee", "candidacyLead"), true)!,
      settleDelay: this.duration(c.settleDelay, f("committee", "settleDelay"), false)!,
      settleWindow: this.duration(c.settleWindow, f("committee", "settleWindow"), false)!,
      seats: this.integer(c.seats, f("committee", "seats"), 1, 7)!,
      maxCandidates: this.integer(c.maxCandidates, f("committee", "maxCandidates"), 1, 511)!,
      missSlashBps: this.integer(c.missSlashBps, f("committee", "missSlashBps"), 0, 10_000)!,
      impeachSlashBps: this.integer(c.impeachSlashBps, f("committee", "impeachSlashBps"), 0, 10_000)!,
    };
    this.unknownKeys(c, Object.keys(committee), "stakingPools.committee");
    if (committee.termLength !== undefined && committee.candidacyLead !== undefined) {
      if (committee.candidacyLead >= committee.termLength)
        this.problem(f("committee", "candidacyLead"), c.candidacyLead, "must be shorter than termLength");
      if (committee.settleDelay !== undefined && committee.settleDelay >= committee.termLength)
        this.problem(f("committee", "settleDelay"), c.settleDelay, "must be shorter than termLength");
      if (committee.start !== undefined && committee.start <= committee.candidacyLead)
        this.problem(f("committee", "start"), c.start, "must be later than candidacyLead after genesis");
    }
    return {
      year: this.duration(raw.year, "stakingPools.year", true)!,
      reserve,
      economicPool,
      honorPool,
      reputation,
      committee,
    };
  }

  private storageMarket(raw: JsonObject | undefined): StorageMarketProfile | undefined {
    if (raw === undefined) return undefined;
    const field = (key: string) => `storageMarket.${key}`;
    const epochLength = this.duration(raw.epochLength, field("epochLength"), true);
    const proofWindow = this.duration(raw.proofWindow, field("proofWindow"), true);
    if (epochLength !== undefined && proofWindow !== undefined && proofWindow > epochLength) {
      this.problem(field("proofWindow"), raw.proofWindow, "must not exceed storageMarket.epochLength");
    }
    const market = {
      epochLength: epochLength!,
      proofWindow: proofWindow!,
      maxTermEpochs: this.integer(raw.maxTermEpochs, field("maxTermEpochs"), 1, 65_535)!,
      graceEpochs: this.integer(raw.graceEpochs, field("graceEpochs"), 0, 65_535)!,
      weightReciprocal: this.integer(raw.weightReciprocal, field("weightReciprocal"), 1, 20)!,
      replication: this.integer(raw.replication, field("replication"), 3, 3)!,
      collateralPerGB: this.amount(raw.collateralPerGB, field("collateralPerGB"))!,
      slashBps: this.integer(raw.slashBps, field("slashBps"), 0, 10_000)!,
      failureLimit: this.integer(raw.failureLimit, field("failureLimit"), 1, 255)!,
      minCapacityMB: this.integer(raw.minCapacityMB, field("minCapacityMB"), 1, 2 ** 48 - 1)!,
      unbondingDelay: this.duration(raw.unbondingDelay, field("unbondingDelay"), false)!,
      acceptWindow: this.duration(raw.acceptWindow, field("acceptWindow"), true)!,
      poolFloor: this.amount(raw.poolFloor, field("poolFloor"))!,
      subsidyEpochs: this.integer(raw.subsidyEpochs, field("subsidyEpochs"), 1, 10_000_000)!,
    };
    const known = Object.keys(market);
    for (const key of Object.keys(raw)) {
      if (!known.includes(key)) this.problem(field(key), raw[key], "is not a storageMarket field");
    }
    return market;
  }

  private governance(raw: JsonObject | undefined): GovernanceProfile | undefined {
    if (raw === undefined) return undefined;
    this.unknownKeys(
      raw,
      ["transitionalCouncil", "transitionalTerm", "council", "referendum", "reserve"],
      "governance",
    );
    const members = raw.transitionalCouncil;
    let transitionalCouncil: string[] = [];
    if (!Array.isArray(members) || members.length === 0 || members.length > 64) {
      this.problem("governance.transitionalCouncil", members, "must be a list of 1 to 64 addresses");
    } else {
      transitionalCouncil = members.map((m, i) => this.address(m, `governance.transitionalCouncil[${i}]`) ?? "");
      const resolved = transitionalCouncil.filter((a) => a !== "");
      if (new Set(resolved.map((a) => a.toLowerCase())).size !== resolved.length) {
        this.problem("governance.transitionalCouncil", members, "must not name a member twice");
      }
    }
    const c = this.object(raw, "council", "governance.council") ?? {};
    const r = this.object(raw, "referendum", "governance.referendum") ?? {};
    const v = this.object(raw, "reserve", "governance.reserve") ?? {};
    const f = (section: string, key: string) => `governance.${section}.${key}`;
    const council = {
      candidateBond: this.amount(c.candidateBond, f("council", "candidateBond"))!,
      electionThreshold: this.amount(c.electionThreshold, f("council", "electionThreshold"))!,
      minSeats: this.integer(c.minSeats, f("council", "minSeats"), 1, 64)!,
      term: this.duration(c.term, f("council", "term"), true)!,
      nominationPeriod: this.duration(c.nominationPeriod, f("council", "nominationPeriod"), true)!,
      votingPeriod: this.duration(c.votingPeriod, f("council", "votingPeriod"), true)!,
      appealPeriod: this.duration(c.appealPeriod, f("council", "appealPeriod"), true)!,
    };
    const referendum = {
      proposalDeposit: this.amount(r.proposalDeposit, f("referendum", "proposalDeposit"))!,
      responseThreshold: this.amount(r.responseThreshold, f("referendum", "responseThreshold"))!,
      referendumThreshold: this.amount(r.referendumThreshold, f("referendum", "referendumThreshold"))!,
      quorum: this.amount(r.quorum, f("referendum", "quorum"))!,
      constitutionalQuorum: this.amount(r.constitutionalQuorum, f("referendum", "constitutionalQuorum"))!,
      majority: this.fraction(r.majority, f("referendum", "majority"))!,
      constitutionalMajority: this.fraction(r.constitutionalMajority, f("referendum", "constitutionalMajority"))!,
      supportPeriod: this.duration(r.supportPeriod, f("referendum", "supportPeriod"), true)!,
      responsePeriod: this.duration(r.responsePeriod, f("referendum", "responsePeriod"), true)!,
      day: this.duration(r.day, f("referendum", "day"), true)!,
      minPublicityDays: this.integer(r.minPublicityDays, f("referendum", "minPublicityDays"), 1, 255)!,
      maxPublicityDays: this.integer(r.maxPublicityDays, f("referendum", "maxPublicityDays"), 1, 255)!,
      executionPeriod: this.duration(r.executionPeriod, f("referendum", "executionPeriod"), true)!,
      upkeepFee: this.amount(r.upkeepFee, f("referendum", "upkeepFee"))!,
      maxOpenProposals: this.integer(r.maxOpenProposals, f("referendum", "maxOpenProposals"), 1, 255)!,
    };
    const reserve = {
      capBps: this.integer(v.capBps, f("reserve", "capBps"), 1, 10_000)!,
      liquidityBps: this.integer(v.liquidityBps, f("reserve", "liquidityBps"), 0, 10_000)!,
      liquidityWindow: this.duration(v.liquidityWindow, f("reserve", "liquidityWindow"), true)!,
      claimPeriod: this.duration(v.claimPeriod, f("reserve", "claimPeriod"), true)!,
      councilPay: this.amount(v.councilPay, f("reserve", "councilPay"))!,
    };
    this.unknownKeys(c, Object.keys(council), "governance.council");
    this.unknownKeys(r, Object.keys(referendum), "governance.referendum");
    this.unknownKeys(v, Object.keys(reserve), "governance.reserve");
    if (council.nominationPeriod !== undefined && council.votingPeriod !== undefined && council.term !== undefined) {
      if (council.term <= council.nominationPeriod + council.votingPeriod) {
        this.problem(f("council", "term"), c.term, "must be longer than the nomination and voting periods");
      }
    }
    if (referendum.minPublicityDays > referendum.maxPublicityDays) {
      this.problem(f("referendum", "minPublicityDays"), r.minPublicityDays, "must not exceed maxPublicityDays");
    }
    if (referendum.upkeepFee > referendum.proposalDeposit) {
      this.problem(f("referendum", "upkeepFee"), r.upkeepFee, "must not exceed proposalDeposit");
    }
    if (referendum.referendumThreshold < referendum.responseThreshold) {
      this.problem(f("referendum", "referendumThreshold"), r.referendumThreshold, "must be at least responseThreshold");
    }
    return {
      transitionalCouncil,
      transitionalTerm: this.duration(raw.transitionalTerm, "governance.transitionalTerm", true)!,
      council,
      referendum,
      reserve,
    };
  }

  private fraction(value: Json | undefined, field: string): { numerator: bigint; denominator: bigint } | undefined {
    const match = typeof value === "string" ? FRACTION.exec(value) : null;
    if (!match || BigInt(match[1]) > BigInt(match[2])) {
      this.problem(field, value, 'must be a fraction "n/d" with 0 < n <= d, such as "3/5"');
      return undefined;
    }
    return { numerator: BigInt(match[1]), denominator: BigInt(match[2]) };
  }

  private unknownKeys(raw: JsonObject, known: string[], section: string): void {
    for (const key of Object.keys(raw)) {
      if (!known.includes(key)) this.problem(`${section}.${key}`, raw[key], `is not a ${section} field`);
    }
  }

  /** The valid allocations, and the sum of every amount (undefined if one is unreadable). */
  private allocations(raw: Json | undefined): { allocations: Allocation[]; sum?: bigint } {
    if (!Array.isArray(raw) || raw.length === 0) {
      this.problem("allocations", raw, "must be a non-empty array");
      return { allocations: [] };
    }
    const seen = new Set<string>();
    const result: Allocation[] = [];
    let sum: bigint | undefined = 0n;
    raw.forEach((entry, i) => {
      const field = `allocations[${i}]`;
      if (!isObject(entry)) {
        this.problem(field, entry, "must be an object");
        return;
      }
      const share = entry.share;
      if (typeof share !== "string" || !SHARE_NAME.test(share)) {
        this.problem(`${field}.share`, share, "must be a name of letters and digits, at most 31 characters");
      } else if (seen.has(share)) {
        this.problem(`${field}.share`, share, "is used twice");
      } else {
        seen.add(share);
      }
      const amount = this.amount(entry.amount, `${field}.amount`);
      sum = amount === undefined || sum === undefined ? undefined : sum + amount;
      const targets = ["account", "module", "vesting"].filter((key) => key in entry);
      for (const key of Object.keys(entry)) {
        if (!["share", "amount", "account", "module", "vesting"].includes(key)) {
          this.problem(`${field}.${key}`, entry[key], "is not an allocation field");
        }
      }
      if (targets.length !== 1) {
        this.problem(field, targets, "must have exactly one of account, module, vesting");
        return;
      }
      const target = this.target(entry, targets[0], field, amount);
      if (target !== undefined && amount !== undefined && typeof share === "string") {
        result.push({ share, amount, target });
      }
    });
    return { allocations: result, sum };
  }

  private target(entry: JsonObject, kind: string, field: string, amount?: bigint): AllocationTarget | undefined {
    if (kind === "account") {
      const address = this.address(entry.account, `${field}.account`);
      return address === undefined ? undefined : { kind: "account", address };
    }
    if (kind === "module") {
      const module = entry.module;
      if (typeof module !== "string" || !(GENESIS_MODULES as readonly string[]).includes(module)) {
        this.problem(`${field}.module`, module, `must be one of ${GENESIS_MODULES.join(", ")}`);
        return undefined;
      }
      return { kind: "module", module: module as GenesisModule };
    }
    const raw = entry.vesting;
    if (!Array.isArray(raw) || raw.length === 0) {
      this.problem(`${field}.vesting`, raw, "must be a non-empty array of grants");
      return undefined;
    }
    const grants = raw.map((grant, j) => this.grant(grant, `${field}.vesting[${j}]`));
    if (grants.some((g) => g === undefined)) return undefined;
    const sum = (grants as VestingGrant[]).reduce((acc, g) => acc + g.amount, 0n);
    if (amount !== undefined && sum !== amount) {
      this.problem(`${field}.vesting`, formatUnits(sum), `must sum exactly to ${field}.amount ${formatUnits(amount)}`);
    }
    return { kind: "vesting", grants: grants as VestingGrant[] };
  }

  private grant(raw: Json, field: string): VestingGrant | undefined {
    if (!isObject(raw)) {
      this.problem(field, raw, "must be an object");
      return undefined;
    }
    for (const key of Object.keys(raw)) {
      if (!GRANT_KEYS.includes(key)) this.problem(`${field}.${key}`, raw[key], "is not a vesting field");
    }
    const before = this.problems.length;
    const beneficiary = this.address(raw.beneficiary, `${field}.beneficiary`);
    const amount = this.amount(raw.amount, `${field}.amount`);
    const startOffset = this.duration(raw.startOffset, `${field}.startOffset`, false);
    const cliff = this.duration(raw.cliff, `${field}.cliff`, false);
    const trancheInterval = this.duration(raw.trancheInterval, `${field}.trancheInterval`, true);
    const trancheCount = this.integer(raw.trancheCount, `${field}.trancheCount`, 1, 2 ** 32 - 1);
    const unlockedAtStartBps = this.integer(raw.unlockedAtStartBps, `${field}.unlockedAtStartBps`, 0, 10_000);
    if (typeof raw.revocable !== "boolean") this.problem(`${field}.revocable`, raw.revocable, "must be true or false");
    if (trancheInterval !== undefined && trancheCount !== undefined && cliff !== undefined) {
      const lastTranche = trancheInterval * BigInt(trancheCount);
      if (cliff > lastTranche) {
        this.problem(`${field}.cliff`, raw.cliff, `must not be after the last tranche (${lastTranche}s after start)`);
      }
    }
    if (this.problems.length > before) return undefined;
    return {
      beneficiary: beneficiary!,
      amount: amount!,
      startOffset: startOffset!,
      cliff: cliff!,
      trancheInterval: trancheInterval!,
      trancheCount: trancheCount!,
      unlockedAtStartBps: unlockedAtStartBps!,
      revocable: raw.revocable as boolean,
    };
  }

  private object(parent: JsonObject | undefined, key: string, field: string): JsonObject | undefined {
    const value = parent?.[key];
    if (!isObject(value)) {
      this.problem(field, value, "must be an object");
      return undefined;
    }
    return value;
  }

  private string(parent: JsonObject | undefined, key: string, field: string): string | undefined {
    const value = parent?.[key];
    if (typeof value !== "string" || value.trim().length === 0) {
      if (parent !== undefined) this.problem(field, value, "must be a non-empty string");
      return undefined;
    }
    return value;
  }

  private amount(value: Json | undefined, field: string): bigint | undefined {
    if (typeof value !== "string" || !AMOUNT.test(value)) {
      this.problem(field, value, 'must be a decimal string of base tokens, such as "1000000000"');
      return undefined;
    }
    const wei = parseUnits(value, 18);
    if (wei === 0n) {
      this.problem(field, value, "must be positive");
      return undefined;
    }
    return wei;
  }

  private duration(value: Json | undefined, field: string, positive: boolean): bigint | undefined {
    const seconds = parseDuration(value, { seconds: true });
    if (seconds === undefined) {
      this.problem(field, value, `must be seconds or a duration such as ${DURATION_HINT}`);
      return undefined;
    }
    const scaled = seconds / this.timeDivisor;
    if (positive && scaled === 0n) {
      const message =
        seconds === 0n ? "must be positive" : `must stay positive after dividing by timeDivisor ${this.timeDivisor}`;
      this.problem(field, value, message);
      return undefined;
    }
    return scaled;
  }

  private integer(value: Json | undefined, field: string, min: number, max: number): number | undefined {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problem(field, value, `must be an integer in [${min}, ${max}]`);
      return undefined;
    }
    return value;
  }

  private address(value: Json | undefined, field: string): string | undefined {
    let resolved = value;
    let origin = "";
    if (typeof value === "string" && value.startsWith("@")) {
      resolved = this.addresses[value.slice(1)];
      origin = ` (addresses.${value.slice(1)})`;
      if (resolved === undefined) {
        this.problem(field, value, "names no entry of addresses");
        return undefined;
      }
    }
    const env = typeof resolved === "string" ? /^\$\{([A-Z0-9_]+)\}$/.exec(resolved) : null;
    if (env) {
      resolved = this.env[env[1]];
      origin = `${origin} (environment variable ${env[1]})`;
      if (resolved === undefined || resolved === "") {
        this.problem(field, value, `needs the environment variable ${env[1]}`);
        return undefined;
      }
    }
    if (typeof resolved !== "string" || !isAddress(resolved)) {
      this.problem(field, resolved, `must be a 0x-prefixed 20-byte address with a valid checksum${origin}`);
      return undefined;
    }
    const address = getAddress(resolved);
    if (address === ZeroAddress) {
      this.problem(field, resolved, `must not be the zero address${origin}`);
      return undefined;
    }
    return address;
  }

  private problem(field: string, value: unknown, message: string): void {
    this.problems.push({ field, value, message });
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function formatUnits(wei: bigint): string {
  const whole = wei / 10n ** 18n;
  const fraction = (wei % 10n ** 18n).toString().padStart(18, "0").replace(/0+$/, "");
  return fraction.length > 0 ? `${whole}.${fraction}` : whole.toString();
}
