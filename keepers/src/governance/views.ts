// Reads shared by the governance jobs: what is due now, from the GovernanceLens (one read per
// page, the timing rules being the contracts' own), and the actions of proposals, from their
// ProposalCreated events through a log cursor that remembers where it stopped.
import { encodeAbiParameters, keccak256, type Address, type Hex, type PublicClient } from "viem";
import { GovernanceLensAbi } from "../../../abis/GovernanceLens.ts";
import { ReferendumAbi } from "../../../abis/Referendum.ts";
import { PROPOSAL_STATE_NAMES } from "../../../lib/governance.ts";
import type { JobContext } from "../core/job.ts";
import { sharedCursor, type LogCursor } from "../core/logCursor.ts";
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

/** Whether a proposal is in a state some upkeep still moves. */
export const isLive = (state: number) => !FINAL_STATES.has(state);

/** Ids scanned per lens read: one read while there are fewer proposals (or distributions). */
export const LENS_PAGE = 200n;

/** The contracts the lens-reading jobs need besides their own. */
export const LENS = "GovernanceLens";

/** Reads every page of a paged lens view (ids from 1; the view returns the next page's start,
 * 0 once done). */
async function allPages<T>(read: (fromId: bigint) => Promise<readonly [readonly T[], bigint]>): Promise<T[]> {
  const found: T[] = [];
  let fromId = 1n;
  do {
    const [page, next] = await read(fromId);
    found.push(...page);
    fromId = next;
  } while (fromId !== 0n);
  return found;
}

export type DueProposal = Awaited<ReturnType<typeof readDueProposals>>[0][number];

function readDueProposals(client: PublicClient, lens: Address, fromId: bigint) {
  return client
    .readContract({ address: lens, abi: GovernanceLensAbi, functionName: "dueProposals", args: [fromId, LENS_PAGE] })
    .then(([due, next]) => [due, next] as const);
}

/** Every proposal with some upkeep due now (GovernanceLens.dueProposals), flags per upkeep. */
export function dueProposals(context: JobContext): Promise<DueProposal[]> {
  const lens = context.address(LENS);
  return allPages((fromId) => readDueProposals(context.client, lens, fromId));
}

/** Distributions whose claim period is over and that are not swept (GovernanceLens.dueSweeps). */
export function dueSweeps(context: JobContext): Promise<bigint[]> {
  const lens = context.address(LENS);
  return allPages((fromId) =>
    context.client.readContract({
      address: lens,
      abi: GovernanceLensAbi,
      functionName: "dueSweeps",
      args: [fromId, LENS_PAGE],
    }),
  );
}

/** Whether openElection or finalizeElection is due (GovernanceLens.dueElection). */
export function dueElection(context: JobContext) {
  return context.client.readContract({
    address: context.address(LENS),
    abi: GovernanceLensAbi,
    functionName: "dueElection",
  });
}

/** Whether payCouncil is due (GovernanceLens.duePayment). */
export function duePayment(context: JobContext) {
  return context.client.readContract({
    address: context.address(LENS),
    abi: GovernanceLensAbi,
    functionName: "duePayment",
  });
}

/** A proposal with the actions it was created with (the ProposalCreated event), which queue and
 * execute must repeat. */
export interface ProposalActions {
  proposalId: bigint;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
}

interface CreatedEntry extends ProposalActions {
  blockNumber: bigint;
}

/** The Referendum's actionsHash of a proposal's actions. */
export function actionsHash(actions: ProposalActions): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }],
      [actions.targets, actions.values, actions.calldatas],
    ),
  );
}

/** One ProposalCreated cursor per client and Referendum, shared by the queue and execute jobs. */
function actionCursor(context: JobContext): LogCursor<CreatedEntry> {
  const referendum = context.address("Referendum");
  return sharedCursor<CreatedEntry>(context.client, referendum, "ProposalCreated", () => ({
    startBlock: BigInt(context.deployments.contracts.Referendum.startBlock ?? 0),
    fetch: async (fromBlock, toBlock) =>
      (
        await context.client.getContractEvents({
          address: referendum,
          abi: ReferendumAbi,
          eventName: "ProposalCreated",
          fromBlock,
          toBlock,
          strict: true,
        })
      ).map((log) => ({
        proposalId: log.args.proposalId,
        targets: log.args.targets,
        values: log.args.values,
        calldatas: log.args.calldatas,
        blockNumber: log.blockNumber,
      })),
    key: (entry) => entry.proposalId.toString(),
    blockNumber: (entry) => entry.blockNumber,
  }));
}

/**
 * The actions of `proposals` (each with the actionsHash the Referendum keeps), from the
 * ProposalCreated events. Remembered actions are checked against the hash: the logs are read
 * only when a proposal is new to the cursor (from where it stopped, less the reorg margin), and
 * from the start when a remembered entry no longer matches (a reorg deeper than the margin).
 */
export async function proposalActions(
  context: JobContext,
  proposals: readonly { proposalId: bigint; actionsHash: Hex }[],
): Promise<ProposalActions[]> {
  if (proposals.length === 0) return [];
  const cursor = actionCursor(context);
  const lookup = () =>
    proposals.map((p) => {
      const entry = cursor.get(p.proposalId.toString());
      return entry !== undefined && actionsHash(entry) === p.actionsHash ? entry : undefined;
    });
  let found = lookup();
  // First from where the cursor stopped (from the start if a remembered entry is stale), then,
  // if something is still missing, once more from the start.
  for (let attempt = 0; attempt < 2 && found.some((entry) => entry === undefined); attempt++) {
    const stale = found.some((entry, i) => entry === undefined && cursor.get(proposals[i].proposalId.toString()));
    if (stale || attempt > 0) cursor.reset();
    await cursor.update(context.client);
    found = lookup();
  }
  return found.map((entry, i) => {
    if (entry === undefined) throw new Error(`no ProposalCreated event for proposal ${proposals[i].proposalId}`);
    const { proposalId, targets, values, calldatas } = entry;
    return { proposalId, targets, values, calldatas };
  });
}

export function actionsCall(context: JobContext, functionName: "queue" | "execute", item: ProposalActions) {
  return call(context, "Referendum", functionName, [item.proposalId, item.targets, item.values, item.calldatas]);
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
