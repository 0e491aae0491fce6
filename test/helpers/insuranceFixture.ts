// The InsuranceMarket against a mock IndexOracle (settable state and value per feed and subject),
// with the base token, KeeperRewards (SETTLE_KIND registered at BOUNTY) and a funded underwriter,
// buyer and keepers. The real IndexOracle is built against the same interface.
import { encodeBytes32String, toUtf8Bytes, zeroPadBytes, hexlify } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

export const HOUR = 3_600n;
export const DAY = 86_400n;
export const tokens = (n: string | number | bigint) => BigInt(n) * 10n ** 18n;
export const BOUNTY = tokens(1);
export const UPKEEP_FEE = tokens(1);
/** The fee a policy pays: max(UPKEEP_FEE, 2 × BOUNTY), its settlement and its subject's oracle
 * transition (audit I1). */
export const POLICY_FEE = 2n * BOUNTY > UPKEEP_FEE ? 2n * BOUNTY : UPKEEP_FEE;
export const FEED = encodeBytes32String("flight-delay-minutes");
export const RAIN = encodeBytes32String("rain-mm");
export const [AT_LEAST, AT_MOST] = [0n, 1n];
export const [NONE, REQUESTED, OPEN, FINAL, VOID] = [0n, 1n, 2n, 3n, 4n];
export const [P_NONE, ACTIVE, PAID, EXPIRED, REFUNDED] = [0n, 1n, 2n, 3n, 4n];

/** A subject: observation time (top 8 bytes) ‖ ASCII key right-padded to 24 bytes. */
export function subjectOf(observesAt: bigint, key: string): string {
  const keyHex = zeroPadBytes(hexlify(toUtf8Bytes(key)), 24).slice(2);
  return "0x" + observesAt.toString(16).padStart(16, "0") + keyHex;
}

export function flightTerms(now: bigint, overrides: Record<string, unknown> = {}) {
  return {
    name: "Flight delay",
    feedId: FEED,
    comparator: AT_LEAST,
    tiers: [
      { threshold: 15n, payoutBps: 2_500n },
      { threshold: 30n, payoutBps: 5_000n },
      { threshold: 45n, payoutBps: 10_000n },
    ],
    premiumBps: 500n,
    maxSumInsured: tokens(1_000),
    maxExposurePerSubject: tokens(10_000),
    saleStart: now,
    saleEnd: now + 30n * DAY,
    minLeadTime: HOUR,
    ...overrides,
  };
}

export async function deployInsurance(ethers: HardhatEthers, options: { blockable?: boolean } = {}) {
  const signers = await ethers.getSigners();
  const [admin, underwriter, buyer, keeper, keeper2, stranger] = signers;
  const supply = tokens(5_000_000_000);
  const token = options.blockable
    ? await ethers.deployContract("BlockableToken", [admin.address, supply])
    : await ethers.deployContract("BaseToken", [
        "Jiaozi",
        "JZ",
        [{ holder: admin.address, amount: supply }],
        admin.address,
      ]);
  const rewards = await ethers.deployContract("KeeperRewards", [await token.getAddress(), admin.address]);
  const oracle = await ethers.deployContract("IndexOracleMock");
  await oracle.defineFeed(FEED, 0n, 10_000n, 2n * HOUR, DAY);
  await oracle.defineFeed(RAIN, 0n, 10_000n, 2n * HOUR, DAY);
  const market = await ethers.deployContract("InsuranceMarket", [
    await token.getAddress(),
    await oracle.getAddress(),
    await rewards.getAddress(),
    UPKEEP_FEE,
  ]);
  await rewards.registerKind(await market.SETTLE_KIND(), await market.getAddress(), BOUNTY);
  await token.transfer(await rewards.getAddress(), tokens(10_000));
  for (const account of [underwriter, buyer, keeper, keeper2, stranger]) {
    await token.transfer(account.address, tokens(10_000_000));
    await token.connect(account).approve(await market.getAddress(), ethers.MaxUint256);
  }
  await token.approve(await market.getAddress(), ethers.MaxUint256);
  return { token, rewards, oracle, market, admin, underwriter, buyer, keeper, keeper2, stranger, signers };
}
