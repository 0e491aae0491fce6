// Settings and start-up of the storage-provider agent (`keepers provider`): the landlord is
// registered with its capacity (at least the registry's minCapacityMB, 1 GB by default) and
// endpoint, paying the collateral, before its jobs start.
import { type Address } from "viem";
import type { Chain } from "../../core/chain.ts";
import type { CliOptions } from "../../core/config.ts";
import { ConfigError } from "../../core/errors.ts";
import type { Executor } from "../../core/executor.ts";
import type { Job, UpkeepCall } from "../../core/job.ts";
import type { Logger } from "../../core/log.ts";
import { DEFAULT_PATIENCE_SECONDS } from "./holdings.ts";
import { call, contract } from "../../core/contracts.ts";

export interface ProviderOptions extends CliOptions {
  dataDir?: string;
  capacityMb?: string;
  endpoint?: string;
  patience?: string;
}

export interface ProviderSettings {
  dataDir: string;
  capacityMB: number;
  endpoint?: string;
  /** Seconds of chain time to wait for proposed data before rejecting it (rejectData). */
  patienceSeconds: number;
}

export function resolveProviderSettings(
  flags: ProviderOptions,
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const dataDir = flags.dataDir ?? env.PROVIDER_DATA_DIR;
  if (!dataDir) throw new ConfigError("--data-dir", "a provider needs a directory for lease data (PROVIDER_DATA_DIR)");
  const capacity = flags.capacityMb ?? env.PROVIDER_CAPACITY_MB ?? "1024";
  const capacityMB = Number(capacity);
  if (!Number.isSafeInteger(capacityMB) || capacityMB <= 0) {
    throw new ConfigError("--capacity-mb", `"${capacity}" is not a positive number of MB`);
  }
  const endpoint = flags.endpoint ?? env.PROVIDER_ENDPOINT;
  if (endpoint !== undefined && !/^https?:\/\//.test(endpoint)) {
    throw new ConfigError("--endpoint", `must be an http(s) URL, got "${endpoint}"`);
  }
  const patience = flags.patience ?? env.PROVIDER_PATIENCE_SECONDS ?? String(DEFAULT_PATIENCE_SECONDS);
  const patienceSeconds = Number(patience);
  if (!Number.isSafeInteger(patienceSeconds) || patienceSeconds < 0) {
    throw new ConfigError("--patience", `"${patience}" is not a number of seconds`);
  }
  return { dataDir, capacityMB, endpoint, patienceSeconds };
}

/** A one-off transaction performed through the executor (simulated, sent, awaited). */
function oneOff(name: string, call: UpkeepCall): Job<null> {
  return {
    name,
    description: name,
    contracts: [],
    defaultIntervalMs: 0,
    settledErrors: [],
    due: async () => [null],
    call: () => call,
    label: () => name,
  };
}

/** Registers `landlord` unless it is registered already; throws when a transaction fails. */
export async function registerLandlord(
  executor: Executor,
  chain: Chain,
  landlord: Address,
  capacityMB: number,
  endpoint: string,
  log: Logger,
): Promise<void> {
  const registry = chain.context.address("LandlordRegistry");
  const record = await contract(chain.context, "LandlordRegistry").read.landlordOf([landlord]);
  if (record.status !== 0) {
    log.info(
      { landlord, capacityMB: record.capacityMB.toString(), status: record.status },
      "landlord registered already",
    );
    return;
  }
  const collateral = await contract(chain.context, "LandlordRegistry").read.collateralFor([BigInt(capacityMB)]);
  const steps = [
    oneOff("provider-approve-collateral", call(chain.context, "BaseToken", "approve", [registry, collateral])),
    oneOff(
      "provider-register",
      call(chain.context, "LandlordRegistry", "registerLandlord", [BigInt(capacityMB), endpoint]),
    ),
  ];
  for (const step of steps) {
    const outcome = await executor.perform(step, null);
    if (outcome.status !== "succeeded") {
      throw new Error(`${step.name} failed: ${outcome.errorName}`);
    }
  }
  log.info({ landlord, capacityMB, endpoint, collateral: collateral.toString() }, "landlord registered");
}
