// The governance keeper jobs' RPC budget (issue 14, deliverable 4): on the governance end to end's
// scenario with three proposals, each job's poll is one lens read whatever the number of
// proposals; queue's first poll also reads the head and the ProposalCreated logs once, and no
// later poll reads them again. The jobs still find exactly the work due in each phase.
import { expect } from "chai";
import { GOVERNANCE_JOBS, governanceRpcPerPoll, PHASES, type PollCount } from "../../scripts/governanceRpc.ts";

const PROPOSALS = 3;
/** The chair's jobs (issue 17) read one CouncilChair view and the latest block's time: two requests
 * a poll, whatever the number of proposals (they read no proposal). */
const CHAIR_JOBS = new Set(["council-chair-round", "council-missed-report"]);

describe("governance jobs' RPC requests per poll (anvil)", function () {
  this.timeout(300_000);
  let counts: PollCount[];
  before(async function () {
    counts = await governanceRpcPerPoll(PROPOSALS);
  });

  const row = (phase: number, job: string) => counts.find((c) => c.phase === PHASES[phase] && c.job === job)!;

  it("polls every governance job with one request, whatever the number of proposals", function () {
    expect(GOVERNANCE_JOBS).to.have.length(14);
    expect(counts).to.have.length(PHASES.length * GOVERNANCE_JOBS.length);
    for (const count of counts) {
      const perPoll = CHAIR_JOBS.has(count.job) ? 2 : 1;
      expect(count.nextPoll, `${count.job}, ${count.phase}, next poll`).to.equal(perPoll);
      const first = count.phase === PHASES[2] && count.job === "referendum-queue" ? 3 : perPoll;
      expect(count.firstPoll, `${count.job}, ${count.phase}, first poll`).to.equal(first);
    }
  });

  it("finds the work due in each phase", function () {
    expect(row(0, "referendum-bloc-vote").due).to.equal(1);
    expect(row(0, "referendum-close").due).to.equal(0);
    expect(row(1, "referendum-close").due).to.equal(PROPOSALS);
    expect(row(1, "referendum-bloc-vote").due).to.equal(0);
    expect(row(2, "referendum-queue").due).to.equal(PROPOSALS);
    expect(row(3, "referendum-execute").due).to.equal(PROPOSALS);
    expect(row(3, "referendum-queue").due).to.equal(0);
    for (const job of ["referendum-lapse", "referendum-missed-response", "referendum-expire", "reserve-sweep"]) {
      expect(
        counts.filter((c) => c.job === job).every((c) => c.due === 0),
        job,
      ).to.equal(true);
    }
  });
});
