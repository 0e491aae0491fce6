// Typed contract access (keepers/src/core/contracts.ts): tsc checks that a misspelt contract,
// function or argument does not compile (each `@ts-expect-error` below fails `npx tsc --noEmit`
// if the line it marks compiles); mocha checks what the typed helpers build.
import { expect } from "chai";
import { encodeFunctionData, zeroAddress, type Address, type PublicClient } from "viem";
import { ReferendumAbi } from "../../abis/Referendum.ts";
import { abiOf, call, callAt, contract, type ContractName } from "../src/core/contracts.ts";
import type { Job, JobContext } from "../src/core/job.ts";
import { referendumClose } from "../src/governance/jobs/close.ts";

const REFERENDUM = "0x00000000000000000000000000000000000000aa" as const;
const context = {
  client: { readContract: async () => 7n } as unknown as PublicClient,
  deployments: { chainId: 1, profile: "test", contracts: { Referendum: { address: REFERENDUM, startBlock: 0 } } },
  address: (name: ContractName): Address => (name === "Referendum" ? REFERENDUM : zeroAddress),
} satisfies JobContext;

/** Compiled by tsc, never run: each marked line must be a type error. */
export function misspellingsDoNotCompile(): void {
  // @ts-expect-error a contract the ABI export did not write
  call(context, "Referendumm", "closeReferendum", [1n]);
  // @ts-expect-error a function the Referendum does not have
  call(context, "Referendum", "closeReferendumm", [1n]);
  // @ts-expect-error a view is not an upkeep call
  call(context, "Referendum", "proposalCount", []);
  // @ts-expect-error an argument of the wrong type
  call(context, "Referendum", "closeReferendum", ["1"]);
  // @ts-expect-error a missing argument
  callAt(REFERENDUM, "Referendum", "castVote", [1n]);
  // @ts-expect-error a read the Referendum does not have
  void contract(context, "Referendum").read.proposalCountt();
  // @ts-expect-error a deployments name that is no contract of the ABI export
  context.address("Referendumm");
  const job: Job<bigint, typeof ReferendumAbi> = {
    ...referendumClose,
    // @ts-expect-error a job's call is typed by its ABI: a Council function is not a Referendum one
    call: (c: JobContext, id: bigint) => call(c, "Council", "finalizeElection", [id]),
  };
  void job;
}

describe("typed contract access", function () {
  it("builds upkeep calls from the contract's name, ABI and function, with their arguments", function () {
    const close = call(context, "Referendum", "closeReferendum", [5n]);
    expect(close).to.deep.equal({
      address: REFERENDUM,
      abi: ReferendumAbi,
      functionName: "closeReferendum",
      args: [5n],
    });
    expect(encodeFunctionData(close)).to.equal(
      encodeFunctionData({ abi: ReferendumAbi, functionName: "closeReferendum", args: [5n] }),
    );
    expect(referendumClose.call(context, 5n)).to.deep.equal(close);
    expect(abiOf("Referendum")).to.equal(ReferendumAbi);
  });

  it("reads through the deployed contract's typed instance", async function () {
    const count: bigint = await contract(context, "Referendum").read.proposalCount();
    expect(count).to.equal(7n);
    expect(contract(context, "Referendum").address).to.equal(REFERENDUM);
  });
});
