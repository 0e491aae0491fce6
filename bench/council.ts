// Gas of the council chair's ballot (issue 17) on the governance fixture with an elected council
// of 7 (electCouncil): a declaration (the first opens the ballot and its round), a chair vote
// (one member's first vote in a round, a changed vote) and the vote that reaches a majority of the
// sitting members (it recounts the sitting list: 7 reads of the Council). bench/gas.ts adds these
// rows to the table.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { NetworkConnection } from "hardhat/types/network";
import { electCouncil } from "../test/helpers/councilFixture.ts";
import { deployGovernance } from "../test/helpers/governanceFixture.ts";

export async function councilChairRows(
  ethers: HardhatEthers,
  helpers: NetworkHelpers,
  ignition: NetworkConnection["ignition"],
) {
  const g = await deployGovernance(ethers, helpers, ignition);
  const m = await electCouncil(g, helpers, 7);
  const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
    (await (await tx).wait())!.gasUsed;
  const rows: { operation: string; jiaozi: bigint }[] = [];
  rows.push({
    operation: "CouncilChair declareForChair, the first (opens the ballot)",
    jiaozi: await gasOf(g.chair.connect(m[0]).declareForChair()),
  });
  rows.push({
    operation: "CouncilChair declareForChair",
    jiaozi: await gasOf(g.chair.connect(m[1]).declareForChair()),
  });
  rows.push({
    operation: "CouncilChair chairVote (7 members)",
    jiaozi: await gasOf(g.chair.connect(m[2]).chairVote(m[0].address)),
  });
  rows.push({
    operation: "CouncilChair chairVote, changed within the round",
    jiaozi: await gasOf(g.chair.connect(m[2]).chairVote(m[1].address)),
  });
  for (const i of [3, 4]) await g.chair.connect(m[i]).chairVote(m[0].address);
  await g.chair.connect(m[5]).chairVote(m[0].address);
  rows.push({
    operation: "CouncilChair chairVote that elects (4 of 7, recounts the sitting members)",
    jiaozi: await gasOf(g.chair.connect(m[6]).chairVote(m[0].address)),
  });
  return rows;
}
