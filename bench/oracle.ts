// Gas of the IndexOracle (issue 16's goals: report <= 75,000; the report that finalizes <= 130,000)
// on the oracle fixture: the real Committee with 7 members (its maximum), the oracle bound to it
// and listed as a duty source. A request (paid by the first policy on a subject), the reports of
// one round by seat (the one that opens it, the one that opens a word of four, a plain one, the
// fifth that finalizes it and records 5 duties), the looked-up form, the deadline path with 4
// reports, its quorum (4 duties done, 3 missed) and a void. bench/gas.ts adds these rows to the table.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { deployOracle, FLIGHT, FLIGHT_ID, subjectOf } from "../test/helpers/oracleFixture.ts";

export async function oracleRows(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const o = await deployOracle(ethers, helpers);
  const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
    (await (await tx).wait())!.gasUsed;
  const rows: { operation: string; jiaozi: bigint }[] = [];
  const now = BigInt(await helpers.time.latest());
  const subjects = [0, 1, 2, 3].map((k) => subjectOf(now + 600n + BigInt(k), `UA154${k}:20130101`));
  const request = await gasOf(o.oracle.connect(o.consumer).requestRound(FLIGHT_ID, subjects[0]));
  rows.push({ operation: "IndexOracle requestRound (first policy on a subject)", jiaozi: request });
  for (const subject of subjects.slice(1)) await o.oracle.connect(o.consumer).requestRound(FLIGHT_ID, subject);
  await helpers.time.increaseTo(now + 700n);
  // Warm the term's duty counters as the storage settlements do in a running term.
  const warm = subjects[3];
  for (const seat of [0, 1, 2, 3, 4]) await o.oracle.connect(o.members[seat]).reportBySeat(FLIGHT_ID, warm, 30, seat);
  const by = (seat: number, subject: string, value: number) =>
    gasOf(o.oracle.connect(o.members[seat]).reportBySeat(FLIGHT_ID, subject, value, seat));
  rows.push({
    operation: "IndexOracle reportBySeat, the first (opens the round)",
    jiaozi: await by(0, subjects[0], 40),
  });
  rows.push({
    operation: "IndexOracle reportBySeat, the second (opens a word of 4)",
    jiaozi: await by(1, subjects[0], 41),
  });
  rows.push({ operation: "IndexOracle reportBySeat, the third (goal 75,000)", jiaozi: await by(2, subjects[0], 42) });
  await by(3, subjects[0], 43);
  rows.push({
    operation: "IndexOracle reportBySeat that finalizes (5th of 7, 5 duties; goal 130,000)",
    jiaozi: await by(4, subjects[0], 44),
  });
  await o.oracle.connect(o.members[0]).report(FLIGHT_ID, subjects[1], 40);
  await o.oracle.connect(o.members[1]).report(FLIGHT_ID, subjects[1], 40);
  rows.push({
    operation: "IndexOracle report looked up among 7 seats, the third",
    jiaozi: await gasOf(o.oracle.connect(o.members[2]).report(FLIGHT_ID, subjects[1], 40)),
  });
  // The deadline path's quorum: a majority of the 7 (audit I7).
  await o.oracle.connect(o.members[3]).report(FLIGHT_ID, subjects[1], 40);
  await helpers.time.increaseTo(now + 600n + FLIGHT.reportDeadline + 1n);
  rows.push({
    operation: "IndexOracle finalize, deadline path (4 of 7: 4 done, 3 missed)",
    jiaozi: await gasOf(o.oracle.connect(o.keeper).finalize(FLIGHT_ID, subjects[1])),
  });
  await helpers.time.increaseTo(now + 600n + FLIGHT.reportDeadline + FLIGHT.grace + 10n);
  rows.push({
    operation: "IndexOracle voidRound (never reported)",
    jiaozi: await gasOf(o.oracle.connect(o.keeper).voidRound(FLIGHT_ID, subjects[2])),
  });
  return rows;
}
