// A node's committee actions: declare candidacy for the next term, vote to impeach a member of
// the running term (by address: the seats are looked up), and the status of a term.
import { getAddress, type Address, type WalletClient } from "viem";
import type { JobContext } from "../core/job.ts";
import { chainTime } from "../core/chainTime.ts";
import { call, contract } from "../core/contracts.ts";
import { CommandError } from "../core/errors.ts";
import { transact } from "../core/send.ts";

export async function declareCandidacy(context: JobContext, wallet: WalletClient) {
  const committee = contract(context, "Committee");
  const receipt = await transact(context, wallet, call(context, "Committee", "declareCandidacy", []));
  const node = wallet.account!.address;
  const record = await committee.read.nodeOf([node]);
  const term = BigInt(record.candidateTerm) - 1n;
  return {
    node,
    term,
    index: BigInt(record.candidateIndex),
    candidacyCloses: await committee.read.candidacyCloseOf([term]),
    transactionHash: receipt.transactionHash,
  };
}

/** The seat of `member` in `term`, or a CommandError naming who sits. */
async function seatOf(context: JobContext, term: bigint, member: Address): Promise<number> {
  const members = await contract(context, "Committee").read.membersOf([term]);
  const seat = members.findIndex((m) => m.toLowerCase() === member.toLowerCase());
  if (seat < 0)
    throw new CommandError(`${member} holds no seat in term ${term} (members: ${members.join(", ") || "none"})`);
  return seat;
}

export async function voteImpeach(context: JobContext, wallet: WalletClient, target: Address) {
  const committee = contract(context, "Committee");
  const term = await committee.read.termAt([await chainTime(context.client)]);
  const [voterSeat, targetSeat] = [
    await seatOf(context, term, wallet.account!.address),
    await seatOf(context, term, target),
  ];
  const receipt = await transact(
    context,
    wallet,
    call(context, "Committee", "voteImpeach", [BigInt(voterSeat), BigInt(targetSeat)]),
  );
  const members = await committee.read.membersOf([term]);
  return {
    term,
    voterSeat,
    targetSeat,
    target: getAddress(target),
    impeached: members[targetSeat] === "0x0000000000000000000000000000000000000000",
    transactionHash: receipt.transactionHash,
  };
}

/** A term's progress, candidates, members with their duties, and the running term. */
export async function termStatus(context: JobContext, requested?: bigint) {
  const committee = contract(context, "Committee");
  const now = await chainTime(context.client);
  const running = await committee.read.termAt([now]);
  const term = requested ?? running;
  const [record, candidates, members, [assigned, done], start, closes] = await Promise.all([
    committee.read.termOf([term]),
    committee.read.candidatesOf([term]),
    committee.read.membersOf([term]),
    committee.read.dutiesOf([term]),
    committee.read.termStart([term]),
    committee.read.candidacyCloseOf([term]),
  ]);
  return {
    term,
    runningTerm: running,
    start,
    candidacyCloses: closes,
    closed: record.closed,
    drawn: record.drawn,
    settled: record.settled,
    candidates: candidates.length,
    members: members.map((member, seat) => ({
      seat,
      member: member === "0x0000000000000000000000000000000000000000" ? null : member,
      dutiesAssigned: assigned[seat],
      dutiesDone: done[seat],
    })),
  };
}
