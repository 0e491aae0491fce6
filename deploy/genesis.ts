// Deploys the genesis suite of a profile through Ignition and reports where every contract is.
//
// A deployment to an HTTP network keeps Ignition's journal under
// <paths.ignition>/deployments/genesis-<profile>-<chainId>/, next to `jiaozi-genesis.json` (the
// genesis time and first block of the first attempt). Running the same command again after an
// interruption resumes from the journal with the same genesis time, so the module is identical and
// Ignition sends only what is missing; once everything is done, a rerun sends nothing.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { trackTransaction } from "@nomicfoundation/ignition-core";
import type { NetworkConnection } from "hardhat/types/network";
import { MANIFEST, type Manifest } from "../lib/manifest.ts";
import { genesisModule } from "./ignition/Genesis.ts";
import { assertDeployerHoldsNothing, type Profile } from "./profile.ts";
import type { Deployments, DeployedContract } from "./deployments.ts";

/** Chains whose state is thrown away between runs: their Ignition journal is never resumed. */
const DEV_CHAIN_IDS = new Set([31337]);

/** What a resumed deployment must reuse from its first attempt. */
interface GenesisState {
  profile: string;
  chainId: number;
  /** Vesting starts are offsets from it: a resume with another time would change the module. */
  genesisTime: string;
  /** The first block the deployment can have written to. */
  fromBlock: number;
}

export interface GenesisResult {
  deployments: Deployments;
  genesisTime: bigint;
}

export interface GenesisOptions {
  /** Hardhat's `paths.ignition` (the journal lives under its `deployments/`). */
  ignitionDir?: string;
  /** Confirmations Ignition waits for on a non-dev chain (default 5, Ignition's). */
  requiredConfirmations?: number;
  /** The suite to deploy (tests add a module to it). */
  manifest?: Manifest;
}

export async function deployGenesis(
  connection: NetworkConnection,
  profile: Profile,
  { ignitionDir = "ignition", requiredConfirmations, manifest = MANIFEST }: GenesisOptions = {},
): Promise<GenesisResult> {
  const { ethers, ignition } = connection;
  const [deployer] = await ethers.getSigners();
  assertDeployerHoldsNothing(profile, deployer.address);

  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  const deploymentId = `genesis-${profile.name}-${chainId}`;
  const journalled = connection.networkConfig.type === "http";
  const deploymentDir = path.join(ignitionDir, "deployments", deploymentId);
  if (journalled && DEV_CHAIN_IDS.has(chainId)) {
    // A dev node restarted from scratch must not be reconciled with the last run's journal.
    rmSync(deploymentDir, { recursive: true, force: true });
  }
  const stateFile = path.join(deploymentDir, "jiaozi-genesis.json");
  const journal = path.join(deploymentDir, "journal.jsonl");
  // Resume only what Ignition journalled: an attempt that stopped before its first transaction
  // starts over with a new genesis time.
  const state = journalled && existsSync(journal) ? readState(stateFile, profile.name, chainId) : undefined;
  let genesisTime: bigint;
  let fromBlock: number;
  if (state !== undefined) {
    genesisTime = BigInt(state.genesisTime);
    fromBlock = state.fromBlock;
    console.log(`Resuming deployment ${deploymentId} (genesis time ${genesisTime}, from block ${fromBlock})`);
  } else {
    const before = await ethers.provider.getBlock("latest");
    if (before === null) throw new Error("the node returned no latest block");
    genesisTime = BigInt(before.timestamp);
    fromBlock = before.number + 1;
    if (journalled) {
      mkdirSync(deploymentDir, { recursive: true });
      const fresh: GenesisState = { profile: profile.name, chainId, genesisTime: String(genesisTime), fromBlock };
      writeFileSync(stateFile, `${JSON.stringify(fresh, null, 2)}\n`);
    }
  }

  if (state !== undefined) {
    repairJournal(journal);
    await trackUnrecordedSends(connection, deploymentDir, deployer.address, fromBlock, requiredConfirmations);
  }

  // A dev chain with interval mining (anvil in `npm start`) does not reorganize by itself: one
  // confirmation is enough there. Public chains keep Ignition's default of five unless told.
  const confirmations = DEV_CHAIN_IDS.has(chainId) ? 1 : requiredConfirmations;
  const config = confirmations === undefined ? {} : { requiredConfirmations: confirmations };
  const deployed = await ignition.deploy(genesisModule(profile, genesisTime, manifest), { deploymentId, config });
  const after = await ethers.provider.getBlockNumber();

  // Where each contract was created: from the journal's receipts (no archive node needed), else
  // (in-process chains keep no journal) by searching the blocks for its code.
  const createdAt = journalled ? creationBlocks(journal) : new Map<string, number>();
  const contracts: Record<string, DeployedContract> = {};
  for (const [name, contract] of Object.entries(deployed)) {
    const address = await contract.getAddress();
    contracts[name] = {
      address,
      startBlock:
        createdAt.get(address.toLowerCase()) ?? (await firstBlockWithCode(connection, address, fromBlock, after)),
    };
  }
  return { deployments: { chainId, profile: profile.name, contracts }, genesisTime };
}

function readState(file: string, profile: string, chainId: number): GenesisState | undefined {
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, "utf8")) as GenesisState;
  if (state.profile !== profile || state.chainId !== chainId) {
    throw new Error(`${file} belongs to profile "${state.profile}" on chain ${state.chainId}`);
  }
  return state;
}

/** Execution states Ignition starts with one message and continues with a network interaction. */
const SENDING_STATES = new Set([
  "DEPLOYMENT_EXECUTION_STATE_INITIALIZE",
  "CALL_EXECUTION_STATE_INITIALIZE",
  "SEND_DATA_EXECUTION_STATE_INITIALIZE",
]);

/**
 * Makes a journal cut by a kill resumable. Ignition (ignition-core 3.x) journals a future's
 * execution state, then its network interaction, then the transaction; a process killed between
 * the first two leaves a future "started" with no interaction, and every later run stops on the
 * invariant "Unable to find network interaction for <future> when trying to get pending onchain
 * interaction". Such a future has sent nothing (its nonce is not even chosen), so its lone line is
 * dropped and Ignition starts it afresh. Each journal line is one synchronous write, so no line
 * is ever half written.
 */
export function repairJournal(journal: string): string[] {
  const lines = readFileSync(journal, "utf8").split("\n");
  const messages = lines.map((line) =>
    line.trim() === "" ? undefined : (JSON.parse(line) as { type?: string; futureId?: string }),
  );
  const mentions = new Map<string, number>();
  for (const message of messages) {
    if (message?.futureId !== undefined) mentions.set(message.futureId, (mentions.get(message.futureId) ?? 0) + 1);
  }
  const dropped: string[] = [];
  const kept = lines.filter((_, i) => {
    const message = messages[i];
    const lone =
      message?.futureId !== undefined && SENDING_STATES.has(message.type ?? "") && mentions.get(message.futureId) === 1;
    if (lone) dropped.push(message.futureId!);
    return !lone;
  });
  if (dropped.length > 0) {
    writeFileSync(journal, kept.join("\n"));
    console.log(`Restarting ${dropped.join(", ")}: the interrupted run had started but not sent them`);
  }
  return dropped;
}

/**
 * The other cut a kill leaves: Ignition journals a transaction's nonce (TRANSACTION_PREPARE_SEND),
 * sends it, then journals its hash (TRANSACTION_SEND). Killed in between, the transaction is on
 * chain but not in the journal, and the next run stops with HHE10410 ("use a block explorer to
 * find the hash of the transaction with nonce N … npx hardhat ignition track-tx"). This does what
 * that message asks: it finds the deployer's transaction with that nonce (newest blocks first,
 * since the deployment began; no archive node needed) and hands it to Ignition's trackTransaction,
 * which checks that its target, data and value are the journalled ones before recording it.
 */
async function trackUnrecordedSends(
  connection: NetworkConnection,
  deploymentDir: string,
  deployer: string,
  fromBlock: number,
  requiredConfirmations: number | undefined,
): Promise<void> {
  const journal = path.join(deploymentDir, "journal.jsonl");
  const prepared = new Map<string, number>();
  for (const line of readFileSync(journal, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const message = JSON.parse(line) as {
      type?: string;
      futureId?: string;
      networkInteractionId?: number;
      nonce?: number;
    };
    const key = `${message.futureId}/${message.networkInteractionId}`;
    if (message.type === "TRANSACTION_PREPARE_SEND" && typeof message.nonce === "number")
      prepared.set(key, message.nonce);
    if (message.type === "TRANSACTION_SEND") prepared.delete(key);
  }
  if (prepared.size === 0) return;
  const provider = connection.ethers.provider;
  const deployerLower = deployer.toLowerCase();
  for (const [interaction, nonce] of prepared) {
    // A transaction still in the mempool is waited for; one never sent is Ignition's to resend.
    for (;;) {
      const [mined, pending] = await Promise.all([
        provider.getTransactionCount(deployer, "latest"),
        provider.getTransactionCount(deployer, "pending"),
      ]);
      if (mined > nonce || pending <= nonce) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    if ((await provider.getTransactionCount(deployer, "latest")) <= nonce) continue;
    let hash: string | undefined;
    for (let number = await provider.getBlockNumber(); number >= fromBlock && hash === undefined; number--) {
      const block = await provider.getBlock(number, true);
      hash = block?.prefetchedTransactions.find(
        (tx) => tx.from.toLowerCase() === deployerLower && tx.nonce === nonce,
      )?.hash;
    }
    if (hash === undefined) continue;
    console.log(`Tracking ${interaction}: the interrupted run sent it (nonce ${nonce}) as ${hash}`);
    const problem = await trackTransaction(deploymentDir, hash, connection.provider, requiredConfirmations);
    if (problem !== undefined) console.log(problem);
  }
}

/** Contract address (lower case) → block of its creation, from Ignition's confirmed receipts. */
function creationBlocks(journal: string): Map<string, number> {
  const blocks = new Map<string, number>();
  if (!existsSync(journal)) return blocks;
  for (const line of readFileSync(journal, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const message = JSON.parse(line) as {
      type?: string;
      receipt?: { blockNumber?: number; contractAddress?: string };
    };
    const { blockNumber, contractAddress } = message.receipt ?? {};
    if (message.type === "TRANSACTION_CONFIRM" && contractAddress && typeof blockNumber === "number") {
      blocks.set(contractAddress.toLowerCase(), blockNumber);
    }
  }
  return blocks;
}

/** The block in which `address` got its code, searched in [low, high]. */
async function firstBlockWithCode(
  connection: NetworkConnection,
  address: string,
  low: number,
  high: number,
): Promise<number> {
  const provider = connection.ethers.provider;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const code = await provider.getCode(address, middle);
    if (code === "0x") low = middle + 1;
    else high = middle;
  }
  return low;
}
