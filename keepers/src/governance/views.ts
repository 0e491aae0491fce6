// Reads shared by the governance jobs: the proposals still moving, their actions, the council's
// latest election and the reserve's distributions.
import type { Address, Hex, PublicClient } from "viem";
import { CouncilAbi } from "../../../abis/Council.ts";
import { ReferendumAbi } from "../../../abis/Referendum.ts";
import { PROPOSAL_STATE_NAMES } from "../../../lib/governance.ts";
import type { JobContext } from "../core/job.ts";
import { chainTime } from "../core/chainTime.ts";
import { call } from "../core/contracts.ts";

/** IReferendum.ProposalState: index by name. */
export const ProposalState = Object.fromEntries(PROPOSAL_STATE_NAMES.map((name, i) => [name, i])) as Record<
  (typeof PROPOSAL_STATE_NAMES)[number],
  number
>;

/** States no upkeep can move any more. */
const FINAL_STATES: ReadonlySet<number> = new Set([
  ProposalState.Defeated,
  ProposalState.Executed,
  ProposalState.Expired,
  ProposalState.Canceled,
]);

type ProposalRecord = Awaited<ReturnType<typeof readProposal>>;
export type ProposalView = ProposalRecord & { id: bigint };

function readProposal(client: PublicClient, referendum: Address, proposalId: bigint) {
  return client.readContract({
    address: referendum,
    abi: ReferendumAbi,
    functionName: "proposalOf",
    args: [proposalId],
  });
}

/** Every proposal that is not in a final state, with chain time and the execution period. Ids
 * run from 1; the reads run in parallel, one per proposal. */
export async function liveProposals(client: PublicClient, referendum: Address) {
  const [count, parameters, now] = await Promise.all([
    client.readContract({ address: referendum, abi: ReferendumAbi, functionName: "proposalCount" }),
    client.readContract({ address: referendum, abi: ReferendumAbi, functionName: "parameters" }),
    chainTime(client),
  ]);
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const records = await Promise.all(ids.map((id) => readProposal(client, referendum, id)));
  const proposals: ProposalView[] = records
    .map((record, i) => ({ ...record, id: ids[i] }))
    .filter((proposal) => !FINAL_STATES.has(proposal.state));
  return { proposals, now, executionPeriod: parameters.executionPeriod };
}

/** When a proposal's referendum closes: votes are taken up to and including this second. */
export function voteEnd(proposal: ProposalView): bigint {
  return BigInt(proposal.voteStart) + BigInt(proposal.voteDuration);
}

/** A proposal with the actions it was created with (the ProposalCreated event), which queue and
 * execute must repeat. */
export interface ProposalActions {
  proposalId: bigint;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
}

export async function proposalActions(context: JobContext, proposalId: bigint): Promise<ProposalActions> {
  const [created] = await context.client.getContractEvents({
    address: context.address("Referendum"),
    abi: ReferendumAbi,
    eventName: "ProposalCreated",
    args: { proposalId },
    fromBlock: BigInt(context.deployments.contracts.Referendum.startBlock ?? 0),
    strict: true,
  });
  if (created === undefined) throw new Error(`no ProposalCreated event for proposal ${proposalId}`);
  const { targets, values, calldatas } = created.args;
  return { proposalId, targets, values, calldatas };
}

export function actionsCall(context: JobContext, functionName: "queue" | "execute", item: ProposalActions) {
  return call(context, "Referendum", functionName, [item.proposalId, item.targets, item.values, item.calldatas]);
}

/** The council's latest election (id 0: none yet) and chain time. */
export async function latestElection(client: PublicClient, council: Address) {
  const [electionId, now] = await Promise.all([
    client.readContract({ address: council, abi: CouncilAbi, functionName: "latestElectionId" }),
    chainTime(client),
  ]);
  const election =
    electionId === 0n
      ? undefined
      : await client.readContract({
          address: council,
          abi: CouncilAbi,
          functionName: "electionOf",
          args: [electionId],
        });
  return { electionId, election, now };
}

/** An upkeep call on the Referendum that takes only the proposal id. */
export function proposalCall(
  context: JobContext,
  functionName: "lapse" | "recordMissedResponse" | "castBlocVote" | "closeReferendum" | "expire",
  proposalId: bigint,
) {
  return call(context, "Referendum", functionName, [proposalId]);
}

export const proposalLabel = (proposalId: bigint) => `proposal ${proposalId}`;
