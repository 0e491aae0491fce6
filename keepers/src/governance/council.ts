// A sitting council member's side: choose on a subject (the bloc vote on a proposal, a statement,
// a reserve payment), and carry out what the majority decided (issue the statement, make the
// payment). A subject is the hash the contracts derive from what is decided, so each command
// names the decision itself and the subject is read back from the chain.
import { parseEventLogs, type Address, type Hex, type WalletClient } from "viem";
import { CouncilAbi } from "../../../abis/Council.ts";
import { CouncilReserveAbi } from "../../../abis/CouncilReserve.ts";
import type { JobContext } from "../core/job.ts";
import { transact } from "../core/send.ts";
import {
  MEMBER_CHOICES,
  RESERVE_PURPOSES,
  STATEMENT_KINDS,
  type MemberChoice,
  type ReservePurpose,
  type StatementKind,
} from "../../../lib/governance.ts";
import { call, contract } from "../core/contracts.ts";

/** A statement about a proposal (account zero) or about an account (proposal 0). */
export interface StatementSpec {
  kind: StatementKind;
  proposalId: bigint;
  account: Address;
  uri: string;
}

/** A payment from the CouncilReserve within its purpose's limit. */
export interface PaymentSpec {
  purpose: ReservePurpose;
  to: Address;
  amount: bigint;
  ref: Hex;
}

export type Subject =
  | { about: "bloc"; proposalId: bigint }
  | ({ about: "statement" } & StatementSpec)
  | ({ about: "payment" } & PaymentSpec);

/** The bytes32 the members choose on for `subject`, as the deciding contract derives it. */
export async function subjectHash(context: JobContext, subject: Subject): Promise<Hex> {
  switch (subject.about) {
    case "bloc":
      return contract(context, "Referendum").read.blocSubject([subject.proposalId]);
    case "statement":
      return contract(context, "Council").read.statementSubject([
        STATEMENT_KINDS.indexOf(subject.kind),
        subject.proposalId,
        subject.account,
        subject.uri,
      ]);
    case "payment":
      return contract(context, "CouncilReserve").read.spendSubject([
        RESERVE_PURPOSES.indexOf(subject.purpose),
        subject.to,
        subject.amount,
        subject.ref,
      ]);
  }
}

/** Records the signer's choice on `subject` ("none" withdraws it) and reports the council's
 * decision after it. */
export async function memberVote(context: JobContext, wallet: WalletClient, subject: Subject, choice: MemberChoice) {
  const council = context.address("Council");
  const hash = await subjectHash(context, subject);
  const receipt = await transact(
    context,
    wallet,
    call(context, "Council", "memberVote", [hash, MEMBER_CHOICES.indexOf(choice)]),
  );
  const [voted] = parseEventLogs({ abi: CouncilAbi, logs: receipt.logs, eventName: "MemberVoted" });
  const decision = await contract(context, "Council").read.decision([hash]);
  return {
    subject: hash,
    termId: voted.args.termId,
    choice,
    decision: MEMBER_CHOICES[decision],
    transactionHash: receipt.transactionHash,
  };
}

/** Issues a statement the majority chose "for"; anyone may send it once decided. */
export async function issueStatement(context: JobContext, wallet: WalletClient, statement: StatementSpec) {
  const { kind, proposalId, account, uri } = statement;
  const args = [STATEMENT_KINDS.indexOf(kind), proposalId, account, uri] as const;
  const receipt = await transact(context, wallet, call(context, "Council", "issueStatement", args));
  const [issued] = parseEventLogs({ abi: CouncilAbi, logs: receipt.logs, eventName: "StatementIssued" });
  return { ...statement, subject: issued.args.subject, transactionHash: receipt.transactionHash };
}

/** Makes a reserve payment the majority chose "for"; anyone may send it once decided. */
export async function pay(context: JobContext, wallet: WalletClient, payment: PaymentSpec) {
  const args = [RESERVE_PURPOSES.indexOf(payment.purpose), payment.to, payment.amount, payment.ref] as const;
  const receipt = await transact(context, wallet, call(context, "CouncilReserve", "spend", args));
  const [paid] = parseEventLogs({ abi: CouncilReserveAbi, logs: receipt.logs, eventName: "Payment" });
  return { ...payment, amount: paid.args.amount, transactionHash: receipt.transactionHash };
}
