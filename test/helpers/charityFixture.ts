// CharityCampaigns on its own (DESIGN §13): a base token, KeeperRewards paying the refund bounty,
// a hand-set Committee (OracleCommitteeMock: termAt, memberAt, membersOf), a test stable token and
// the CollectionFactory + DutchAuction wired to the campaigns for charity sales. `timelock` is a
// signer standing for the Timelock (token allow-list, cancel).
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String } from "ethers";

export const tokens = (n: bigint | number) => BigInt(n) * 10n ** 18n;
export const MIN_DONATION = tokens(1);
export const BOUNTY = tokens(1) / 10n;
export const DAY = 86_400n;

export async function deployCharity(ethers: HardhatEthers) {
  const [deployer, timelock, creator, beneficiary, v1, v2, v3, d1, d2, d3, seller, buyer, keeper, other] =
    await ethers.getSigners();
  const donors = [d1, d2, d3, seller, buyer];
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: deployer.address, amount: tokens(1_000_000_000) }],
    deployer.address,
  ]);
  const rewards = await ethers.deployContract("KeeperRewards", [token, deployer.address]);
  const committee = await ethers.deployContract("OracleCommitteeMock");
  const charity = await ethers.deployContract("CharityCampaigns", [
    token,
    rewards,
    committee,
    timelock.address,
    MIN_DONATION,
  ]);
  await rewards.registerKind(encodeBytes32String("CharityCampaigns.refund"), charity, BOUNTY);
  await token.transfer(rewards, tokens(1_000));
  const stable = await ethers.deployContract("CharityTestToken");
  for (const donor of donors) {
    await token.transfer(donor, tokens(100_000));
    await token.connect(donor).approve(charity, ethers.MaxUint256);
    await stable.mint(donor, tokens(100_000));
    await stable.connect(donor).approve(charity, ethers.MaxUint256);
  }
  const collections = await ethers.deployContract("CollectionFactory");
  const auctions = await ethers.deployContract("DutchAuction", [token, collections, charity]);
  const receipt = await (
    await collections
      .connect(seller)
      .createCollection({ name: "Dumplings", symbol: "DMP", baseURI: "ipfs://d/", maxSupply: 10 })
  ).wait();
  const created = receipt!.logs.map((log) => collections.interface.parseLog(log)).find((e) => e?.name)!;
  const collection = await ethers.getContractAt("Collection", created.args.collection);
  await collection.connect(seller).mint(seller, 3);
  await collection.connect(seller).setApprovalForAll(auctions, true);
  await token.connect(buyer).approve(auctions, ethers.MaxUint256);
  return {
    deployer,
    timelock,
    creator,
    beneficiary,
    verifiers: [v1, v2, v3],
    donors: [d1, d2, d3],
    seller,
    buyer,
    keeper,
    other,
    token,
    rewards,
    committee,
    charity,
    stable,
    collections,
    auctions,
    collection,
  };
}
