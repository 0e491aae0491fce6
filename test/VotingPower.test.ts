import { expect } from "chai";
import { network } from "hardhat";
import { deployGovernance, tokens } from "./helpers/governanceFixture.ts";

const { ethers, networkHelpers, ignition } = await network.create();

async function fixture() {
  return deployGovernance(ethers, networkHelpers, ignition);
}

describe("VotingPower", function () {
  it("sums the base token and every source the Timelock adds; removal and bad sources refused", async function () {
    const g = await networkHelpers.loadFixture(fixture);
    const [voter] = g.voters;
    await g.fund(voter, tokens(7));
    const pool = await ethers.deployContract("OZVotesToken", [voter.address, tokens(5)]);
    await pool.connect(voter).delegate(voter);
    const timelock = await g.asTimelock();
    await expect(g.votingPower.addSource(pool)).to.be.revertedWithCustomError(g.votingPower, "NotTimelock");
    await expect(g.votingPower.connect(timelock).addSource(pool)).to.emit(g.votingPower, "SourceAdded");
    await expect(g.votingPower.connect(timelock).addSource(pool)).to.be.revertedWithCustomError(
      g.votingPower,
      "SourceAlreadyAdded",
    );
    await expect(g.votingPower.connect(timelock).addSource(g.token)).to.be.revertedWithCustomError(
      g.votingPower,
      "InvalidSource",
    );
    expect(await g.votingPower.getVotes(voter)).to.equal(tokens(12));
    await networkHelpers.mine();
    const now = BigInt(await networkHelpers.time.latest());
    expect(await g.votingPower.getPastVotes(voter, now - 1n)).to.equal(tokens(12));
    expect(await g.votingPower.getPastTotalSupply(now - 1n)).to.equal(await g.token.totalSupply());
    expect(await g.votingPower.sources()).to.deep.equal([await g.token.getAddress(), await pool.getAddress()]);
    expect(await g.votingPower.CLOCK_MODE()).to.equal("mode=timestamp");
    await expect(g.votingPower.connect(timelock).removeSource(pool)).to.emit(g.votingPower, "SourceRemoved");
    await expect(g.votingPower.connect(timelock).removeSource(pool)).to.be.revertedWithCustomError(
      g.votingPower,
      "UnknownSource",
    );
    expect(await g.votingPower.getVotes(voter)).to.equal(tokens(7));
  });
});
