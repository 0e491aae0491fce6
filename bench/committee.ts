// Gas of the Committee (issue 15's goals: draw <= 25,000 per seat at 256 candidates, impeachment
// vote <= 30,000) on the committee fixture (HonorPool and reputation test doubles, so the rows are
// the Committee's own cost): closing a candidacy of 256 per candidate, the draw of 7 seats from
// 256, a declaration, an impeachment vote that does not decide, a duty recorded and the deciding vote.
// bench/gas.ts adds these rows to the table.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { deployCommittee, HONOR_STAKE } from "../test/helpers/committeeFixture.ts";

export async function committeeRows(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const c = await deployCommittee(ethers, helpers);
  const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
    (await (await tx).wait())!.gasUsed;
  const rows: { operation: string; jiaozi: bigint }[] = [];
  const candidates: InstanceType<typeof ethers.Wallet>[] = [];
  for (let i = 0; i < 256; i++) {
    const wallet = new ethers.Wallet(ethers.id(`committee-bench-${i}`), ethers.provider);
    await helpers.setBalance(wallet.address, 10n ** 20n);
    await c.honorPool.setNode(wallet.address, true, HONOR_STAKE);
    await c.reputation.setReputation(wallet.address, 1 + ((i * 7919) % 10_000));
    candidates.push(wallet);
  }
  let declare = 0n;
  for (const [i, wallet] of candidates.entries()) {
    const gas = await gasOf(c.committee.connect(wallet).declareCandidacy());
    if (i === 255) declare = gas;
  }
  rows.push({ operation: "Committee declareCandidacy (the 256th candidate)", jiaozi: declare });
  await helpers.time.increaseTo(await c.committee.candidacyCloseOf(0));
  const close = await gasOf(c.committee.connect(c.keeper).closeCandidacy(0, 512));
  rows.push({
    operation: "Committee closeCandidacy, per candidate of 256 (mock reputation reads)",
    jiaozi: close / 256n,
  });
  await helpers.mine(2);
  const draw = await gasOf(c.committee.connect(c.keeper).draw(0));
  rows.push({ operation: "Committee draw of 7 seats from 256 candidates, per seat (goal 25,000)", jiaozi: draw / 7n });
  rows.push({ operation: "Committee draw of 7 seats from 256 candidates, whole call", jiaozi: draw });
  await helpers.time.increaseTo(c.start);
  const members = await c.committee.membersOf(0);
  const signer = (address: string) => candidates.find((w) => w.address === address)!;
  rows.push({
    operation: "Committee voteImpeach, a vote that does not decide (goal 30,000)",
    jiaozi: await gasOf(c.committee.connect(signer(members[1])).voteImpeach(1, 0)),
  });
  rows.push({
    operation: "Committee recordDuty (a duty source reports a duty done)",
    jiaozi: await gasOf(c.committee.connect(c.duty).recordDuty(0, 2, true)),
  });
  // Seats 2 and 3 join seat 1; seat 4's is the fourth of the six others: 2/3, the member is impeached.
  for (const seat of [2, 3]) await c.committee.connect(signer(members[seat])).voteImpeach(seat, 0);
  rows.push({
    operation: "Committee voteImpeach, the deciding vote (seat emptied, sit-out, slash; next term not drawn)",
    jiaozi: await gasOf(c.committee.connect(signer(members[4])).voteImpeach(4, 0)),
  });
  return rows;
}
