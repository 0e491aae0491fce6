// Charity gas rows (issue 18 part 9): CharityCampaigns donate (a donation after the first: its
// record, the campaign's cohort list and a soulbound receipt) and the approval that makes the
// majority and releases the milestone (approve-and-release: the payment to the beneficiary, with
// the milestone's release record), and the refunds of a failed campaign (a keeper's batch, a donor's
// claim). bench/gas.ts adds these rows to its table;
// `npx hardhat run bench/charity-only.ts` prints them alone.
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { DAY, deployCharity, tokens } from "../test/helpers/charityFixture.ts";

export interface CharityRow {
  operation: string;
  jiaozi: bigint;
}

export async function charityRows(ethers: HardhatEthers): Promise<CharityRow[]> {
  const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  const [deployer, alice, bob, carol] = await ethers.getSigners();
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
  rows.push(...(await refundRows(ethers)));
  return rows;
}

/** The refunds of a failed campaign: a keeper's batch of 10 (per donation) and a donor's own claim. */
async function refundRows(ethers: HardhatEthers): Promise<CharityRow[]> {
  const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  const f = await deployCharity(ethers);
  const latest = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const failing = {
    beneficiary: f.beneficiary.address,
    token: ethers.ZeroAddress,
    deadline: latest + DAY,
    releaseDeadline: latest + 2n * DAY,
    committee: false,
    verifiers: f.verifiers.map((v) => v.address),
    milestones: [{ amount: tokens(1_000), evidence: "invoices" }],
    metadataURI: "ipfs://failing",
  };
  await f.charity.connect(f.creator).createCampaign(failing);
  await f.charity.connect(f.creator).createCampaign(failing);
  // Donations 1-10 to campaign 1 (round robin over three donors), 11 to campaign 2: both miss their goal.
  for (let i = 0; i < 10; i++) await f.charity.connect(f.donors[i % 3]).donate(1n, tokens(10));
  await f.charity.connect(f.donors[0]).donate(2n, tokens(10));
  await ethers.provider.send("evm_increaseTime", [Number(DAY)]);
  const batch = await gasOf(f.charity.connect(f.keeper).refund(1n, 10n));
  return [
    {
      operation: "CharityCampaigns refund, per donation of a keeper's batch of 10 (failed campaign, bounty)",
      jiaozi: batch / 10n,
    },
    {
      operation: "CharityCampaigns claimRefund (the donor's own claim, no fee)",
      jiaozi: await gasOf(f.charity.connect(f.donors[0]).claimRefund(11n, f.donors[0].address)),
    },
  ];
}
