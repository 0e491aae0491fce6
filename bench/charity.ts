// Charity gas rows (issue 18 part 9): CharityCampaigns donate (a donation after the first: its
// record, the campaign's cohort list and a soulbound receipt) and the approval that makes the
// majority and releases the milestone (approve-and-release: the payment to the beneficiary, with
// the milestone's release record). bench/gas.ts adds these rows to its table;
// `npx hardhat run bench/charity-only.ts` prints them alone.
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

export interface CharityRow {
  operation: string;
  jiaozi: bigint;
}

export async function charityRows(ethers: HardhatEthers): Promise<CharityRow[]> {
  const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  const [deployer, alice, bob, carol] = await ethers.getSigners();
  const tokens = (n: bigint) => n * 10n ** 18n;
  const base = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: bob.address, amount: tokens(10_000n) }],
    deployer.address,
  ]);
  const rewards = await ethers.deployContract("KeeperRewards", [base, deployer.address]);
  const charity = await ethers.deployContract("CharityCampaigns", [
    base,
    rewards,
    ethers.ZeroAddress,
    deployer.address,
    tokens(1n),
  ]);
  const latest = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  await charity.connect(alice).createCampaign({
    beneficiary: carol.address,
    token: ethers.ZeroAddress,
    deadline: latest + 86_400n,
    releaseDeadline: latest + 2n * 86_400n,
    committee: false,
    verifiers: [deployer.address, alice.address, carol.address],
    milestones: [
      { amount: tokens(100n), evidence: "invoices" },
      { amount: tokens(100n), evidence: "photos" },
    ],
    metadataURI: "ipfs://campaign",
  });
  await base.connect(bob).approve(charity, ethers.MaxUint256);
  await charity.connect(bob).donate(1n, tokens(50n));
  const rows: CharityRow[] = [];
  rows.push({
    operation: "CharityCampaigns donate (record, cohort list, soulbound receipt; not the first)",
    jiaozi: await gasOf(charity.connect(bob).donate(1n, tokens(100n))),
  });
  await charity.connect(carol).submitEvidence(1n, 0n, ["ipfs://invoice"], [ethers.id("invoice")]);
  await charity.connect(deployer).approveMilestone(1n, 0n);
  rows.push({
    operation: "CharityCampaigns approveMilestone (the majority's approval, releases the milestone)",
    jiaozi: await gasOf(charity.connect(alice).approveMilestone(1n, 0n)),
  });
  return rows;
}
