// A DataMarket on a fresh BaseToken with the real AliasRegistry (public keys) and KeeperRewards
// (bounties), and stubs of the Committee's seats, the StorageMarket's leases and the
// RewardsReserve's deposit (DataMarket unit tests).
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String, MaxUint256, SigningKey, Wallet } from "ethers";

export const E18 = 10n ** 18n;
export const HOUR = 3_600n;
export const DAY = 86_400n;
export const BOUNTY = 1n * E18;

export const DATA_PARAMETERS = {
  minPrice: 5n * E18,
  minCollateral: 1_000n * E18,
  disputeBond: 10n * E18,
  minUpkeepFee: E18 / 2n,
  maxFeeBps: 2_000n,
  slashBps: 5_000n,
  deliveryWindow: DAY,
  confirmationWindow: 3n * DAY,
  disputeWindow: 7n * DAY,
  withdrawDelay: 7n * DAY,
};

export const RELEASE_KIND = encodeBytes32String("DataMarket.release");
export const REFUND_KIND = encodeBytes32String("DataMarket.refund");

/** A real compressed secp256k1 public key and its private key. */
export function keyPair() {
  const wallet = Wallet.createRandom();
  return { privateKey: wallet.privateKey, publicKey: SigningKey.computePublicKey(wallet.signingKey.publicKey, true) };
}

export async function deployDataMarket(ethers: HardhatEthers, parameters = DATA_PARAMETERS) {
  const [deployer, timelock, councilReserve, seller, buyer, proxy, keeper, m1, m2, m3, mallory, other] =
    await ethers.getSigners();
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: deployer.address, amount: 10n ** 27n }],
    deployer.address,
  ]);
  const aliases = await ethers.deployContract("AliasRegistry", [
    token,
    councilReserve.address,
    timelock.address,
    { baseFee: E18, fullPriceLength: 8n, minCommitmentAge: 60n, maxCommitmentAge: DAY },
  ]);
  const rewards = await ethers.deployContract("KeeperRewards", [token, deployer.address]);
  const committee = await ethers.deployContract("OracleCommitteeMock");
  const leases = await ethers.deployContract("LeasesMock");
  const reserve = await ethers.deployContract("ReserveDepositMock", [token]);
  const market = await ethers.deployContract("DataMarket", [
    token,
    aliases,
    committee,
    reserve,
    leases,
    rewards,
    timelock.address,
    parameters,
  ]);
  await rewards.registerKind(RELEASE_KIND, market, BOUNTY);
  await rewards.registerKind(REFUND_KIND, market, BOUNTY);
  await token.transfer(rewards, 1_000n * E18);
  const keys: Record<string, ReturnType<typeof keyPair>> = {};
  const users = { seller, buyer, proxy, keeper, m1, m2, m3, mallory, other };
  for (const [name, user] of Object.entries(users)) {
    await token.transfer(user.address, 1_000_000n * E18);
    await token.connect(user).approve(market, MaxUint256);
    await token.connect(user).approve(aliases, MaxUint256);
    keys[name] = keyPair();
    await aliases.connect(user).register(`user-${name}`, keys[name].publicKey);
  }
  await leases.setTenant(7n, seller.address);
  await committee.setMembers(0n, [m1.address, m2.address, m3.address]);
  return { token, aliases, rewards, committee, leases, reserve, market, deployer, timelock, keys, ...users };
}
