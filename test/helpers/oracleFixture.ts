// The IndexOracle (DESIGN §8) on the real Committee: the committee fixture (test/helpers/
// committeeFixture.ts) with term 0 drawn from 7 honor nodes and running, the oracle with two feeds
// (flight delay, rainfall), one consumer signer, bound to the Committee and listed as one of its
// duty sources, its finalize and void kinds registered. `oracleOnMock` puts the oracle on a
// Committee test double of any size (contracts/mocks/IndexOracleMocks.sol) instead.
import { encodeBytes32String, keccak256, toUtf8Bytes, type Signer } from "ethers";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { BOUNTY, deployCommittee } from "./committeeFixture.ts";
import { DAY, tokens } from "./stakingFixture.ts";

export const HOUR = 3_600n;
export const FLIGHT = {
  name: "flight-delay-minutes",
  min: -120n,
  max: 2_000n,
  reportDeadline: 6n * HOUR,
  grace: DAY,
  deadlineQuorum: 3,
};
export const RAIN = {
  name: "rain-mm",
  min: 0n,
  max: 1_000n,
  reportDeadline: 12n * HOUR,
  grace: DAY,
  deadlineQuorum: 3,
};
export const FLIGHT_ID = keccak256(toUtf8Bytes(FLIGHT.name));
export const RAIN_ID = keccak256(toUtf8Bytes(RAIN.name));
export const STATE = { None: 0n, Requested: 1n, Open: 2n, Final: 3n, Void: 4n } as const;
export const KINDS = ["IndexOracle.finalize", "IndexOracle.voidRound"];

/** The subject of `key` (ASCII, at most 24 bytes) observed at `observesAt` (Subjects.encode). */
export function subjectOf(observesAt: bigint, key: string): string {
  const padded = encodeBytes32String(key).slice(2, 2 + 48);
  return "0x" + observesAt.toString(16).padStart(16, "0") + padded;
}

export async function deployOracle(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const base = await deployCommittee(ethers, helpers);
  const { committee, keeperRewards, timelock, nodes, honor, declare, elect, start } = base;
  const consumer = nodes[14];
  const outsider = nodes[13];
  const oracle = await ethers.deployContract("IndexOracle", [
    keeperRewards,
    timelock.address,
    [FLIGHT, RAIN],
    [consumer.address],
  ]);
  await committee.connect(timelock).setDutySource(oracle, true);
  await oracle.bindCommittee(committee);
  for (const kind of KINDS) await keeperRewards.registerKind(encodeBytes32String(kind), oracle, BOUNTY);
  const candidates = nodes.slice(0, 7);
  await honor(candidates, 500);
  await declare(candidates);
  const addresses = await elect(0n);
  await helpers.time.increaseTo(start);
  /** Term 0's members by seat. */
  const members = addresses.map((a) => candidates.find((c) => c.address === a)!) as HardhatEthersSigner[];
  /** A requested flight subject observed `after` seconds from now (in term 0). */
  async function requested(key: string, after = HOUR, feedId = FLIGHT_ID) {
    const observesAt = BigInt(await helpers.time.latest()) + after;
    const subject = subjectOf(observesAt, key);
    await oracle.connect(consumer).requestRound(feedId, subject);
    return { subject, observesAt };
  }
  return { ...base, oracle, consumer, outsider, members, requested };
}

/** The oracle on a Committee double with `size` members in term 0 (signers after the first 2). */
export async function deployOracleOnMock(ethers: HardhatEthers, size: number) {
  const signers = await ethers.getSigners();
  const [deployer, consumer] = signers;
  const wallets: Signer[] = [];
  for (let i = 0; i < size; ++i) {
    const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
    await deployer.sendTransaction({ to: wallet.address, value: tokens(1) });
    wallets.push(wallet);
  }
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: deployer.address, amount: tokens(1_000_000) }],
    deployer.address,
  ]);
  const keeperRewards = await ethers.deployContract("KeeperRewards", [token, deployer.address]);
  const committee = await ethers.deployContract("OracleCommitteeMock");
  const oracle = await ethers.deployContract("IndexOracle", [
    keeperRewards,
    deployer.address,
    [FLIGHT, RAIN],
    [consumer.address],
  ]);
  await oracle.bindCommittee(committee);
  for (const kind of KINDS) await keeperRewards.registerKind(encodeBytes32String(kind), oracle, BOUNTY);
  await token.transfer(keeperRewards, tokens(1_000));
  await committee.setMembers(0, await Promise.all(wallets.map((w) => w.getAddress())));
  return { oracle, committee, consumer, wallets, keeperRewards };
}
