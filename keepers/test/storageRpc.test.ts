// The storage keeper jobs' RPC budget (issue 14, deliverable 4): on scripts/storageRpc.ts's
// scenario with five leases, each job's poll is one StorageLens read whatever the number of
// leases and landlords, and the jobs still find exactly the work due in each phase.
import { expect } from "chai";
import { storageRpcPerPoll, STORAGE_PHASES, STORAGE_JOBS, type StoragePollCount } from "../../scripts/storageRpc.ts";

const LEASES = 5;

describe("storage jobs' RPC requests per poll (anvil)", function () {
  this.timeout(300_000);
  let counts: StoragePollCount[];
  before(async function () {
    counts = await storageRpcPerPoll(LEASES);
  });

  const row = (phase: number, job: string) => counts.find((c) => c.phase === STORAGE_PHASES[phase] && c.job === job)!;

  it("polls every storage job with one request, whatever the number of leases", function () {
    expect(counts).to.have.length(STORAGE_PHASES.length * STORAGE_JOBS.length);
    for (const count of counts) {
      expect(count.firstPoll, `${count.job}, ${count.phase}, first poll`).to.equal(1);
      expect(count.nextPoll, `${count.job}, ${count.phase}, next poll`).to.equal(1);
    }
  });

  it("finds the work due in each phase", function () {
    expect(row(0, "storage-assign").due).to.equal(LEASES);
    expect(row(1, "storage-assign").due).to.equal(0);
    expect(row(1, "storage-open-epoch").due).to.equal(1);
    expect(row(1, "storage-drip").due).to.equal(1);
    expect(row(2, "storage-open-epoch").due).to.equal(0);
    expect(row(2, "storage-record-seed").due).to.equal(1);
    expect(row(2, "storage-settle-epoch").due).to.equal(0);
    // One batch: the four landlords in the epoch whose window just closed; then two epochs.
    expect(row(3, "storage-settle-epoch").due).to.equal(1);
    expect(row(4, "storage-settle-epoch").due).to.equal(2);
    // No member accepted its lease's data: 3 per lease are movable (at most 20 per poll).
    expect(row(3, "storage-reassign-member").due).to.equal(Math.min(20, 3 * LEASES));
    for (const job of ["storage-reclaim", "storage-reassign", "storage-expire"]) {
      expect(
        counts.filter((c) => c.job === job).every((c) => c.due === 0),
        job,
      ).to.equal(true);
    }
  });
});
