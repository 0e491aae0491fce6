// The storage market suite as genesis wires it (registry, market, proofs bound together, every
// upkeep kind of the manifest registered), with DESIGN §6 defaults, four landlords of 1 GB and a
// funded pool. Wired by hand, not through the StorageMarket Ignition submodule: genesis derives
// the drip from the escrowed StorageSubsidy share it pays the market, while these tests drip at
// the mainnet rate from a donated pool with the whole supply (and every role) at the admin.
import { encodeBytes32String } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { leaseTree } from "../../keepers/src/storage/leaseData.ts";
import { proofOf, segmentOf } from "../../keepers/src/storage/segmentMerkle.ts";
import { bytesToHex } from "viem";
import { contractsOf, upkeepOf } from "../../lib/manifest.ts";

export const DAY = 86_400n;
export const PROOF_WINDOW = 6n * 3_600n;
export const tokens = (n: string | number) => BigInt(n) * 10n ** 18n;
export const MARKET_PARAMS = {
  epochLength: DAY,
  maxTermEpochs: 365n,
  graceEpochs: 30n,
  weightReciprocal: 5n,
  replication: 3n,
  dripPerEpoch: tokens(1_000_000_000) / 7_300n,
  poolFloor: tokens(10_000),
};
export const UNBONDING = 30n * DAY;
export const REGISTRY_PARAMS = {
  collateralPerGB: tokens(1),
  slashBps: 500n,
  failureLimit: 3n,
  minCapacityMB: 1024n,
  unbondingDelay: UNBONDING,
  acceptWindow: DAY,
};
/** The storage market's upkeep kinds, from the manifest. */
export const KINDS = upkeepOf(contractsOf("storage-market")).map(({ kind }) => kind);
export const BOUNTY = tokens(1);

export async function deployStorage(ethers: HardhatEthers, options: { landlords?: number; pool?: bigint } = {}) {
  const signers = await ethers.getSigners();
  const [admin, tenant, keeper, stranger] = signers;
  const landlords = signers.slice(4, 4 + (options.landlords ?? 4));
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: admin.address, amount: tokens(5_000_000_000) }],
    admin.address,
  ]);
  const rewards = await ethers.deployContract("KeeperRewards", [await token.getAddress(), admin.address]);
  const randomness = await ethers.deployContract("BlockRandomness", [1]);
  const registry = await ethers.deployContract("LandlordRegistry", [
    await token.getAddress(),
    await rewards.getAddress(),
    REGISTRY_PARAMS,
  ]);
  const market = await ethers.deployContract("StorageMarket", [
    await token.getAddress(),
    await registry.getAddress(),
    await rewards.getAddress(),
    await randomness.getAddress(),
    MARKET_PARAMS,
  ]);
  const proofs = await ethers.deployContract("StorageProofs", [
    await market.getAddress(),
    await registry.getAddress(),
    await rewards.getAddress(),
    await randomness.getAddress(),
    PROOF_WINDOW,
  ]);
  await registry.bind(await market.getAddress(), await proofs.getAddress());
  const modules: Record<string, string> = {
    StorageMarket: await market.getAddress(),
    StorageProofs: await proofs.getAddress(),
    LandlordRegistry: await registry.getAddress(),
  };
  for (const kind of KINDS) {
    await rewards.registerKind(encodeBytes32String(kind), modules[kind.split(".")[0]], BOUNTY);
  }
  await token.transfer(await rewards.getAddress(), tokens(10_000));
  for (const account of [tenant, stranger, ...landlords]) {
    await token.transfer(account.address, tokens(10_000_000));
    await token.connect(account).approve(await market.getAddress(), ethers.MaxUint256);
    await token.connect(account).approve(await registry.getAddress(), ethers.MaxUint256);
  }
  for (const landlord of landlords) await registry.connect(landlord).registerLandlord(1024, "http://provider");
  const pool = options.pool ?? tokens(1_000_000);
  if (pool > 0n) {
    await token.approve(await market.getAddress(), pool);
    await market.donate(pool);
  }
  return { token, rewards, randomness, registry, market, proofs, admin, tenant, keeper, stranger, landlords };
}

/** The data length of a lease's whole size (`sizeMB` MiB): every segment may be challenged. */
export const fullLength = (sizeMB: number | bigint) => BigInt(sizeMB) * 1_048_576n;

/** Deterministic lease data of `length` bytes and its tree for a lease of `sizeMB`. */
export function leaseData(seed: number, length: number, sizeMB = 1) {
  const data = new Uint8Array(length);
  for (let i = 0; i < length; i++) data[i] = (seed * 31 + i * 7) & 0xff;
  const tree = leaseTree(data, sizeMB);
  return { data, tree, root: tree.root };
}

/** The segment and proof of `index` in a tree built by `leaseData`. */
export function segmentProof(data: Uint8Array, tree: ReturnType<typeof leaseTree>, sizeMB: number, index: number) {
  const content = new Uint8Array(sizeMB * (1 << 20));
  content.set(data);
  return { segment: bytesToHex(segmentOf(content, index)), proof: proofOf(tree, index) };
}

type Suite = Awaited<ReturnType<typeof deployStorage>>;

/** Mines `blocks` empty blocks. */
export async function mineBlocks(ethers: HardhatEthers, blocks = 2) {
  await ethers.provider.send("hardhat_mine", [`0x${blocks.toString(16)}`]);
}

/** Rents a lease (step one) and assigns it from its randomness (step two, by the keeper). */
export async function rentAssigned(
  ethers: HardhatEthers,
  suite: Suite,
  sizeMB: number | bigint,
  days: number | bigint,
  root: string,
  maxCost = tokens(1_000_000_000),
  tenant = suite.tenant,
  dataLength = fullLength(sizeMB),
) {
  const leaseId = (await suite.market.leaseCount()) + 1n;
  await suite.market.connect(tenant).rent(sizeMB, days, root, dataLength, maxCost);
  await mineBlocks(ethers, 2);
  await suite.market.connect(suite.keeper).assign(leaseId);
  return leaseId;
}

/** Every member of the lease's copy group (but `except`) accepts its proposed data `root`. */
export async function acceptAll(
  ethers: HardhatEthers,
  suite: Suite,
  leaseId: bigint,
  root: string,
  except: string[] = [],
) {
  for (const member of await suite.registry.groupOf(leaseId)) {
    if (except.includes(member)) continue;
    await suite.proofs.connect(await ethers.getSigner(member)).acceptData(leaseId, root);
  }
}
