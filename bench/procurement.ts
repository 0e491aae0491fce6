// Procurement gas rows (issue 18): ProcurementVote open, submitApplication, vote (reads the stake
// checkpoint at the snapshot), close (awarded, with its bounty), confirmDelivery and claimReward, on
// the suite as genesis wires it (test/helpers/procurementFixture.ts). bench/gas.ts adds these rows
// to its table; `npx hardhat run bench/procurement-only.ts` prints them alone.
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { NetworkConnection } from "hardhat/types/network";
import { deployProcurement, MIN_STAKE, tokens } from "../test/helpers/procurementFixture.ts";

export interface ProcurementRow {
  operation: string;
  jiaozi: bigint;
}

export async function procurementRows(
  ethers: HardhatEthers,
  helpers: NetworkHelpers,
  ignition: NetworkConnection["ignition"],
) {
  const rows: ProcurementRow[] = [];
  const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  const p = await deployProcurement(ethers, helpers, ignition);
  const [v1, v2] = p.voters;
  const [a, b] = p.suppliers;
  await p.stake([v1, v2], [MIN_STAKE, MIN_STAKE * 2n]);
  await p.fund(p.sponsor, tokens(1_000_000));
  for (const s of [a, b]) await p.fund(s, tokens(10_000));
  const pv = p.procurement;
  rows.push({
    operation: "ProcurementVote open (escrows budget and pool, fee to KeeperRewards)",
    jiaozi: await gasOf(pv.connect(p.sponsor).open(p.terms())),
  });
  rows.push({
    operation: "ProcurementVote submitApplication (bid and bond)",
    jiaozi: await gasOf(pv.connect(a).submitApplication(1n, tokens(6_000), "ipfs://a")),
  });
  await pv.connect(b).submitApplication(1n, tokens(8_000), "ipfs://b");
  await helpers.time.increaseTo((await pv.roundOf(1n)).applicationEnd);
  rows.push({
    operation: "ProcurementVote vote (stake at the snapshot; first vote of the round)",
    jiaozi: await gasOf(pv.connect(v1).vote(1n, 1n)),
  });
  rows.push({
    operation: "ProcurementVote vote (a later vote, new leader)",
    jiaozi: await gasOf(pv.connect(v2).vote(1n, 2n)),
  });
  await helpers.time.increaseTo((await pv.roundOf(1n)).votingEnd);
  rows.push({
    operation: "ProcurementVote close (awarded, bounty paid)",
    jiaozi: await gasOf(pv.connect(p.keeper).close(1n)),
  });
  rows.push({
    operation: "ProcurementVote confirmDelivery (bid and bond to the winner, rest to the sponsor)",
    jiaozi: await gasOf(pv.connect(p.sponsor).confirmDelivery(1n)),
  });
  rows.push({
    operation: "ProcurementVote claimReward (a voter's share)",
    jiaozi: await gasOf(pv.connect(v1).claimReward(1n)),
  });
  return rows;
}
