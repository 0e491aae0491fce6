// Connects to the chain and checks, before any job runs, that the RPC answers, that the
// deployments file belongs to this chain and that the signer can pay for gas.
import path from "node:path";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  formatEther,
  http,
  type Account,
  type Address,
  type PublicClient,
  type WalletClient,
} from "viem";
import { nonceManager, privateKeyToAccount } from "viem/accounts";
import { DEFAULT_DEPLOYMENTS_DIR, type KeeperConfig } from "./config.ts";
import { readDeploymentsFile, requireContracts, type Deployments } from "../../../lib/deployments.ts";
import type { DeployedName } from "../../../lib/manifest.ts";
import { ConfigError } from "./errors.ts";
import type { ContractName } from "./contracts.ts";
import type { JobContext } from "./job.ts";
import { withRetry } from "./retry.ts";

export interface Chain {
  client: PublicClient;
  chainId: number;
  deployments: Deployments;
  deploymentsFile: string;
  context: JobContext;
}

export interface Signer {
  account: Account;
  wallet: WalletClient;
}

export async function connect(config: KeeperConfig): Promise<Chain> {
  // viem's own retries are off: every RPC call goes through our backoff (retry.ts).
  const probe = createPublicClient({ transport: http(config.rpcUrl, { retryCount: 0, timeout: 10_000 }) });
  let chainId: number;
  try {
    chainId = await withRetry(() => probe.getChainId(), {
      retries: 4,
      baseDelayMs: 250,
      maxDelayMs: 2_000,
      shouldRetry: () => true,
    });
  } catch (error) {
    throw new ConfigError(
      "--rpc-url",
      `no chain answers at ${config.rpcUrl}: ${(error as Error).message.split("\n")[0]}`,
    );
  }

  const deploymentsFile = config.deploymentsFile ?? path.join(DEFAULT_DEPLOYMENTS_DIR, `${chainId}.json`);
  const deployments = readDeploymentsFile(deploymentsFile);
  if (deployments.chainId !== chainId) {
    throw new ConfigError(
      "--deployments",
      `wrong chain id: ${deploymentsFile} is for chain ${deployments.chainId}, the RPC at ${config.rpcUrl} is chain ${chainId}`,
    );
  }
  requireContracts(
    deployments,
    [...new Set(config.jobs.flatMap((name) => config.catalog[name].contracts))],
    deploymentsFile,
  );

  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  const client = createPublicClient({
    chain,
    transport: http(config.rpcUrl, { retryCount: 0, timeout: 10_000 }),
    pollingInterval: 250,
  });
  const context: JobContext = {
    client,
    deployments,
    address(contract: DeployedName | ContractName): Address {
      const entry = deployments.contracts[contract];
      if (entry === undefined) throw new ConfigError("--deployments", `${deploymentsFile} has no ${contract}`);
      return entry.address;
    },
  };
  return { client, chainId, deployments, deploymentsFile, context };
}

export async function createSigner(chain: Chain, privateKey: `0x${string}`, config: KeeperConfig): Promise<Signer> {
  const account = privateKeyToAccount(privateKey, { nonceManager });
  const balance = await chain.client.getBalance({ address: account.address });
  if (balance < config.minBalanceWei) {
    throw new ConfigError(
      "--min-balance",
      `unfunded signer: ${account.address} holds ${formatEther(balance)} ETH, below the minimum of ${formatEther(config.minBalanceWei)} ETH`,
    );
  }
  const wallet = createWalletClient({
    account,
    chain: chain.client.chain,
    transport: http(config.rpcUrl, { retryCount: 0, timeout: 10_000 }),
  });
  return { account, wallet };
}
