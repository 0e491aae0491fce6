// The local stack's staking demo (npm start): seven honor nodes stake and declare candidacy for
// the committee's first term (its candidacy closes two local days, two minutes, after genesis, so
// the keepers draw the first committee within the first minutes), and three stakers join the
// economic pool when its first raise opens. Keys are derived from fixed strings, so every run
// uses the same accounts; each gets gas money from anvil and tokens from the token holder.
import {
  createPublicClient,
  createWalletClient,
  erc20Abi,
  http,
  keccak256,
  parseUnits,
  stringToHex,
  type Hex,
} from "viem";
import { foundry } from "viem/chains";
import { privateKeyToAccount } from "viem/accounts";
import { CommitteeAbi } from "../abis/Committee.ts";
import { EconomicPoolAbi } from "../abis/EconomicPool.ts";
import { HonorPoolAbi } from "../abis/HonorPool.ts";
import { readDeploymentsFile } from "../lib/deployments.ts";
import { fundWithTokens, writeWithMargin, type ContractWrite } from "./stack.ts";

export const HONOR_NODE_KEYS: Hex[] = Array.from({ length: 7 }, (_, i) => keccak256(stringToHex(`jiaozi-honor-${i}`)));
export const STAKER_KEYS: Hex[] = Array.from({ length: 3 }, (_, i) => keccak256(stringToHex(`jiaozi-staker-${i}`)));
/** Tokens the token holder hands each demo account. */
export const HONOR_FUNDING = parseUnits("300000", 18);
export const STAKER_FUNDING = parseUnits("50000", 18);

/** Honor nodes stake 200,000 + 10,000·i and declare for the next term; returns once all declared. */
export async function stakeHonorNodes(rpcUrl: string, deploymentsFile: string): Promise<void> {
  const { contracts } = readDeploymentsFile(deploymentsFile);
  await fund(rpcUrl, deploymentsFile, HONOR_NODE_KEYS, HONOR_FUNDING);
  for (const [i, key] of HONOR_NODE_KEYS.entries()) {
    const amount = parseUnits(String(200_000 + 10_000 * i), 18);
    const send = sender(rpcUrl, key);
    await send({
      address: contracts.BaseToken.address,
      abi: erc20Abi,
      functionName: "approve",
      args: [contracts.HonorPool.address, amount],
    });
    await send({ address: contracts.HonorPool.address, abi: HonorPoolAbi, functionName: "deposit", args: [amount] });
    await send({ address: contracts.Committee.address, abi: CommitteeAbi, functionName: "declareCandidacy", args: [] });
  }
}

/** Gives the demo stakers gas money and STAKER_FUNDING tokens each. */
export async function fundStakers(rpcUrl: string, deploymentsFile: string): Promise<void> {
  await fund(rpcUrl, deploymentsFile, STAKER_KEYS, STAKER_FUNDING);
}

/** The funded stakers deposit 20,000 + 10,000·i into the economic pool once its first raise opens. */
export async function stakeEconomicPool(rpcUrl: string, deploymentsFile: string): Promise<void> {
  const { contracts } = readDeploymentsFile(deploymentsFile);
  const client = createPublicClient({ chain: foundry, transport: http(rpcUrl), pollingInterval: 500 });
  const schedule = await client.readContract({
    address: contracts.EconomicPool.address,
    abi: EconomicPoolAbi,
    functionName: "schedule",
  });
  while ((await client.getBlock()).timestamp < schedule.start)
    await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const [i, key] of STAKER_KEYS.entries()) {
    const amount = parseUnits(String(20_000 + 10_000 * i), 18);
    const send = sender(rpcUrl, key);
    await send({
      address: contracts.BaseToken.address,
      abi: erc20Abi,
      functionName: "approve",
      args: [contracts.EconomicPool.address, amount],
    });
    await send({
      address: contracts.EconomicPool.address,
      abi: EconomicPoolAbi,
      functionName: "deposit",
      args: [amount],
    });
  }
}

/** Gives each key gas money from anvil and `amount` tokens from the token holder. */
export async function fund(rpcUrl: string, deploymentsFile: string, keys: Hex[], amount: bigint) {
  const accounts = keys.map((key) => privateKeyToAccount(key).address);
  const client = createPublicClient({ chain: foundry, transport: http(rpcUrl) });
  for (const address of accounts)
    await client.request({ method: "anvil_setBalance" as never, params: [address, "0x56bc75e2d63100000"] as never });
  await fundWithTokens(rpcUrl, deploymentsFile, accounts, amount);
}

/** Sends a call as `key` with the gas margin and waits for a successful receipt. */
export function sender(rpcUrl: string, key: Hex) {
  const client = createPublicClient({ chain: foundry, transport: http(rpcUrl), pollingInterval: 200 });
  const wallet = createWalletClient({ chain: foundry, transport: http(rpcUrl), account: privateKeyToAccount(key) });
  return async (request: ContractWrite) => {
    await writeWithMargin(client, wallet, request);
  };
}
