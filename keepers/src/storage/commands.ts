// `jiaozi provider`, `jiaozi rent`, `jiaozi update-data`: the storage market's commands. The
// provider is a daemon of the landlord's own jobs; rent and update-data are a tenant's.
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { formatEther, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { connect, createSigner } from "../core/chain.ts";
import { resolveConfig, resolveSignerKey, type CliOptions } from "../core/config.ts";
import { daemon, log } from "../core/daemon.ts";
import { ConfigError } from "../core/errors.ts";
import type { Job } from "../core/job.ts";
import type { CommandTable } from "../core/options.ts";
import { BYTES_PER_MB } from "./leaseData.ts";
import { registerLandlord, resolveProviderSettings, type ProviderOptions } from "./provider/agent.ts";
import { DEFAULT_PATIENCE_SECONDS } from "./provider/holdings.ts";
import { acceptDataJob, claimRentJob, proveJob, rejectDataJob } from "./provider/jobs.ts";
import { LeaseBook } from "./provider/leases.ts";
import { LeaseStore } from "./provider/store.ts";
import { uploadRoutes } from "./provider/upload.ts";
import {
  rentAndUpload,
  TENANT_CATALOG,
  updateDataAndUpload,
  type Acceptance,
  type UploadResult,
} from "./tenant/rent.ts";

/** The storage-provider agent: registers the landlord, stores and accepts uploads (or rejects
 * data that never came), proves, claims rent. */
async function provider(flags: ProviderOptions): Promise<number> {
  const key = await resolveSignerKey(flags);
  const landlord = privateKeyToAccount(key).address;
  const settings = resolveProviderSettings(flags);
  const store = new LeaseStore(settings.dataDir);
  const book = new LeaseBook({ landlord, store, log, patienceSeconds: settings.patienceSeconds });
  const catalog = Object.fromEntries(
    [acceptDataJob(book), rejectDataJob(book), proveJob(landlord, store, log), claimRentJob(landlord)].map((job) => [
      job.name,
      job as Job<unknown>,
    ]),
  );
  const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, catalog);
  const chain = await connect(config);
  const signer = await createSigner(chain, key, config);
  const endpoint = settings.endpoint ?? `http://${config.metricsHost}:${config.metricsPort}`;
  return daemon({
    config,
    chain,
    signer,
    routes: () => uploadRoutes({ context: chain.context, landlord, store, log, onStored: () => book.invalidate() }),
    beforeStart: (executor) => registerLandlord(executor, chain, landlord, settings.capacityMB, endpoint, log),
  });
}
interface RentOptions extends CliOptions {
  file?: string;
  sizeMb?: string;
  days?: string;
  maxCost?: string;
  acceptTimeout?: string;
  assignWait?: string;
}

function secondsFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isSafeInteger(seconds) || seconds < 0)
    throw new ConfigError(flag, `"${value}" is not a number of seconds`);
  return seconds;
}

/** A tenant's rent: quote, approve, rent, wait for the copy group (a keeper's assign), upload to
 * it, wait for the three acceptances; prints the lease. Exit 1 when the lease was refunded or a
 * holder did not accept in time. */
async function rent(flags: RentOptions): Promise<number> {
  if (!flags.file) throw new ConfigError("--file", "the file to store is required");
  const data = new Uint8Array(readFileSync(flags.file));
  // Its byte count is committed with the root (only segments below it are challenged).
  if (data.length === 0) throw new ConfigError("--file", `${flags.file} is empty: a lease holds at least one byte`);
  const sizeMB = Number(flags.sizeMb ?? Math.max(1, Math.ceil(data.length / BYTES_PER_MB)));
  const days = Number(flags.days ?? "30");
  if (!Number.isSafeInteger(sizeMB) || sizeMB <= 0)
    throw new ConfigError("--size-mb", `"${flags.sizeMb}" is not a size`);
  if (!Number.isSafeInteger(days) || days <= 0)
    throw new ConfigError("--days", `"${flags.days}" is not a number of days`);
  const acceptTimeoutSeconds = secondsFlag("--accept-timeout", flags.acceptTimeout);
  const assignWaitSeconds = secondsFlag("--assign-wait", flags.assignWait);
  const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, TENANT_CATALOG);
  const key = await resolveSignerKey(flags);
  const chain = await connect(config);
  const signer = await createSigner(chain, key, config);
  const result = await rentAndUpload(chain.context, signer.wallet, {
    data,
    sizeMB,
    days,
    maxCost: flags.maxCost === undefined ? undefined : parseEther(flags.maxCost),
    acceptTimeoutSeconds,
    assignWaitSeconds,
  });
  console.log(
    JSON.stringify(
      {
        leaseId: result.leaseId.toString(),
        status: result.status,
        dataRoot: result.dataRoot,
        dataLength: data.length,
        cost: formatEther(result.cost),
        assignedBy: result.assignedBy,
        startEpoch: result.startEpoch.toString(),
        endEpoch: result.endEpoch.toString(),
        group: result.group,
        acceptances: acceptanceRows(result.acceptances, result.uploads),
      },
      null,
      2,
    ),
  );
  if (result.status === "refunded") {
    console.error(`jiaozi: lease ${result.leaseId} was refunded: no copy group could form; the tokens are back`);
    return 1;
  }
  return allAccepted(result.leaseId, result.acceptances);
}

/** Per holder: its upload's status and whether it accepted (from which epoch) or rejected. */
function acceptanceRows(acceptances: Acceptance[], uploadResults: UploadResult[]) {
  const uploads = new Map(uploadResults.map((u) => [u.landlord.toLowerCase(), u]));
  return acceptances.map((a) => ({
    landlord: a.landlord,
    endpoint: uploads.get(a.landlord.toLowerCase())?.endpoint,
    upload: uploads.get(a.landlord.toLowerCase())?.status,
    accepted: a.accepted,
    fromEpoch: a.fromEpoch?.toString(),
    rejected: a.rejected,
  }));
}

function allAccepted(leaseId: bigint, acceptances: Acceptance[]): number {
  const missing = acceptances.filter((a) => !a.accepted);
  if (missing.length === 0) return 0;
  console.error(
    `jiaozi: lease ${leaseId}: ${missing.length} holder(s) did not accept the data in time: ${missing.map((a) => a.landlord).join(", ")}`,
  );
  return 1;
}

interface UpdateOptions extends CliOptions {
  lease?: string;
  file?: string;
  maxCost?: string;
  acceptTimeout?: string;
}

/** A tenant's data change: updateData (paying the data fee), upload to the group, wait for the
 * holders to accept the new data. Exit 1 when a holder did not accept in time. */
async function updateData(flags: UpdateOptions): Promise<number> {
  if (!flags.file) throw new ConfigError("--file", "the file to store is required");
  if (!flags.lease || !/^[0-9]+$/.test(flags.lease))
    throw new ConfigError("--lease", `"${flags.lease}" is not a lease id`);
  const data = new Uint8Array(readFileSync(flags.file));
  if (data.length === 0) throw new ConfigError("--file", `${flags.file} is empty: a lease holds at least one byte`);
  const acceptTimeoutSeconds = secondsFlag("--accept-timeout", flags.acceptTimeout);
  const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, TENANT_CATALOG);
  const key = await resolveSignerKey(flags);
  const chain = await connect(config);
  const signer = await createSigner(chain, key, config);
  const result = await updateDataAndUpload(chain.context, signer.wallet, {
    leaseId: BigInt(flags.lease),
    data,
    maxCost: flags.maxCost === undefined ? undefined : parseEther(flags.maxCost),
    acceptTimeoutSeconds,
  });
  console.log(
    JSON.stringify(
      {
        leaseId: result.leaseId.toString(),
        dataRoot: result.dataRoot,
        fee: formatEther(result.fee),
        group: result.group,
        acceptances: acceptanceRows(result.acceptances, result.uploads),
      },
      null,
      2,
    ),
  );
  return allAccepted(result.leaseId, result.acceptances);
}

export const commands: CommandTable = ({ chain, connection, key, signer }) => [
  signer(
    connection(
      new Command("provider").description(
        "run a storage provider: register, store uploaded lease data, prove it each epoch, claim rent",
      ),
    ),
  )
    .addOption(new Option("--data-dir <dir>", "where lease data is kept").env("PROVIDER_DATA_DIR"))
    .addOption(new Option("--capacity-mb <mb>", "capacity to register, in MB").env("PROVIDER_CAPACITY_MB"))
    .addOption(
      new Option("--endpoint <url>", "URL tenants upload to (default http://<metrics host>:<metrics port>)").env(
        "PROVIDER_ENDPOINT",
      ),
    )
    .addOption(
      new Option(
        "--patience <seconds>",
        `chain time to wait for a lease's data before rejecting it (default ${DEFAULT_PATIENCE_SECONDS})`,
      ).env("PROVIDER_PATIENCE_SECONDS"),
    )
    .action(async (flags: ProviderOptions) => {
      process.exitCode = await provider(flags);
    }),
  signer(
    connection(
      new Command("rent").description(
        "rent storage for a file, wait for its copy group, upload it and wait for the holders to accept it",
      ),
    ),
  )
    .option("--file <path>", "the file to store")
    .option("--size-mb <mb>", "lease size (default: the file's size rounded up to whole MB)")
    .option("--days <days>", "lease term in epochs (days)", "30")
    .option("--max-cost <tokens>", "highest acceptable cost (default: the quote plus 1%)")
    .option("--assign-wait <seconds>", "wait this long for a keeper's assign before calling it ourselves", "30")
    .option("--accept-timeout <seconds>", "wait this long for the three holders to accept the data", "120")
    .action(async (flags: RentOptions) => {
      process.exitCode = await rent(flags);
    }),
  key(
    chain(
      new Command("update-data").description(
        "change a lease's data (tenant only): pay the data fee, upload to the holders, wait for them to accept it",
      ),
    ),
  )
    .option("--lease <id>", "the lease")
    .option("--file <path>", "the new data (it must fit the lease's size)")
    .option("--max-cost <tokens>", "highest acceptable data fee (default: dataFee plus 1%)")
    .option("--accept-timeout <seconds>", "wait this long for the holders to accept the data", "120")
    .action(async (flags: UpdateOptions) => {
      process.exitCode = await updateData(flags);
    }),
];
