import { expect } from "chai";
import { encodeBytes32String, ZeroAddress } from "ethers";
import { network } from "hardhat";
import { deployHonor, REPUTATION_CAPS } from "./helpers/honorFixture.ts";
import { tokens } from "./helpers/stakingFixture.ts";

const { ethers, networkHelpers } = await network.create();
const JOB = encodeBytes32String("Test.job");

describe("Reputation", function () {
  const fixture = () => deployHonor(ethers);
  const now = async () => BigInt(await networkHelpers.time.latest());

  it("factorsOf shows each raw value, each factor and the RPT, read from the modules", async function () {
    const { pool, reputation, keeperRewards, storage, service, committee, deployer, nodes, fund } =
      await networkHelpers.loadFixture(fixture);
    const [alice] = nodes;
    // AB: 500,000 of a 2,000,000 cap (2,500 bps), from the real HonorPool at the timepoint.
    await fund(alice, tokens(500_000));
    await pool.connect(alice).deposit(tokens(500_000));
    const t = await now();
    // TX: 250 jobs of 1,000 (2,500 bps), from the real KeeperRewards.
    await keeperRewards.registerKind(JOB, deployer.address, 0n);
    await keeperRewards.reward(alice.address, JOB, 250n);
    // PR: 600 proofs less 10 per each of 10 poor reports = 500 of 1,000 (5,000 bps).
    await service.setService(alice.address, 600n, 10n);
    // DC: 100,000 MB of 1,000,000 at the current epoch (1,000 bps). BM: 100 of 100 duties.
    await storage.setEpoch(3n);
    await storage.set(0n, 0n, 0n, 0n, 100_000n, 0n);
    await committee.setDuties(alice.address, 100n);
    await networkHelpers.mine();
    const f = await reputation.factorsOf(alice.address, t);
    expect([f.stake, f.jobs, f.proofsPassed, f.poorReports, f.goodService, f.heldMB, f.duties]).to.deep.equal([
      tokens(500_000),
      250n,
      600n,
      10n,
      500n,
      100_000n,
      100n,
    ]);
    expect([f.abBps, f.txBps, f.prBps, f.dcBps, f.bmBps]).to.deep.equal([2_500n, 2_500n, 5_000n, 1_000n, 10_000n]);
    // (50·2,500 + 15·2,500 + 10·5,000 + 15·1,000 + 10·10,000) / 100
    const rpt = (50n * 2_500n + 15n * 2_500n + 10n * 5_000n + 15n * 1_000n + 10n * 10_000n) / 100n;
    expect(f.rpt).to.equal(rpt);
    expect(await reputation.reputationAt(alice.address, t)).to.equal(rpt);
    // Before the deposit's second, no stake counts.
    expect((await reputation.factorsOf(alice.address, t - 1n)).abBps).to.equal(0n);
    // The present is not a past timepoint.
    await expect(reputation.reputationAt(alice.address, await now())).to.be.revertedWithCustomError(
      pool,
      "FutureLookup",
    );
  });

  it("more poor reports than the proofs carry score no PR", async function () {
    const { reputation, service, nodes } = await networkHelpers.loadFixture(fixture);
    const [alice] = nodes;
    await service.setService(alice.address, 99n, 10n);
    await networkHelpers.mine();
    const f = await reputation.factorsOf(alice.address, (await now()) - 1n);
    expect([f.goodService, f.prBps, f.rpt]).to.deep.equal([0n, 0n, 0n]);
  });

  it("BM is zero until a Committee is bound and PR until a service record is set", async function () {
    const { pool, keeperRewards, storage, committee, service, timelock, nodes, deployer } =
      await networkHelpers.loadFixture(fixture);
    const [alice] = nodes;
    const reputation = await ethers.deployContract("Reputation", [
      pool,
      keeperRewards,
      storage,
      storage,
      ZeroAddress,
      timelock.address,
      REPUTATION_CAPS,
    ]);
    await committee.setDuties(alice.address, 100n);
    await service.setService(alice.address, 1_000n, 0n);
    await networkHelpers.mine();
    let f = await reputation.factorsOf(alice.address, (await now()) - 1n);
    expect([f.duties, f.bmBps, f.proofsPassed, f.prBps]).to.deep.equal([0n, 0n, 0n, 0n]);
    expect(await reputation.committee()).to.equal(ZeroAddress);
    await expect(reputation.connect(alice).bindCommittee(committee))
      .to.be.revertedWithCustomError(reputation, "NotBinder")
      .withArgs(alice.address);
    await expect(reputation.bindCommittee(ZeroAddress))
      .to.be.revertedWithCustomError(reputation, "InvalidCommittee")
      .withArgs(ZeroAddress);
    await expect(reputation.bindCommittee(committee))
      .to.emit(reputation, "CommitteeBound")
      .withArgs(await committee.getAddress(), deployer.address);
    await expect(reputation.bindCommittee(committee)).to.be.revertedWithCustomError(reputation, "NotBinder");
    await expect(reputation.connect(alice).setServiceRecord(service))
      .to.be.revertedWithCustomError(reputation, "NotTimelock")
      .withArgs(alice.address, timelock.address);
    await expect(reputation.connect(timelock).setServiceRecord(service))
      .to.emit(reputation, "ServiceRecordSet")
      .withArgs(await service.getAddress());
    expect(await reputation.serviceRecord()).to.equal(await service.getAddress());
    await networkHelpers.mine();
    f = await reputation.factorsOf(alice.address, (await now()) - 1n);
    expect([f.bmBps, f.prBps, f.rpt]).to.deep.equal([10_000n, 10_000n, 2_000n]);
    await expect(reputation.connect(timelock).bindCommittee(alice.address))
      .to.emit(reputation, "CommitteeBound")
      .withArgs(alice.address, timelock.address);
  });

  it("renounceBinder: the deployer gives up its binding; only the Timelock binds after it", async function () {
    const { pool, keeperRewards, storage, timelock, nodes, deployer } = await networkHelpers.loadFixture(fixture);
    const reputation = await ethers.deployContract("Reputation", [
      pool,
      keeperRewards,
      storage,
      storage,
      ZeroAddress,
      timelock.address,
      REPUTATION_CAPS,
    ]);
    await expect(reputation.connect(nodes[0]).renounceBinder())
      .to.be.revertedWithCustomError(reputation, "NotBinder")
      .withArgs(nodes[0].address);
    await expect(reputation.renounceBinder()).to.emit(reputation, "BinderRenounced").withArgs(deployer.address);
    await expect(reputation.bindCommittee(nodes[0].address)).to.be.revertedWithCustomError(reputation, "NotBinder");
    await expect(reputation.connect(timelock).bindCommittee(nodes[0].address)).to.emit(reputation, "CommitteeBound");
  });

  it("caps: Timelock only, a cap of zero refused by name", async function () {
    const { reputation, timelock, nodes } = await networkHelpers.loadFixture(fixture);
    await expect(reputation.connect(nodes[0]).setParameters(REPUTATION_CAPS))
      .to.be.revertedWithCustomError(reputation, "NotTimelock")
      .withArgs(nodes[0].address, timelock.address);
    for (const name of ["stakeCap", "jobsCap", "serviceCap", "heldMBCap", "dutiesCap"]) {
      await expect(reputation.connect(timelock).setParameters({ ...REPUTATION_CAPS, [name]: 0n }))
        .to.be.revertedWithCustomError(reputation, "InvalidParameter")
        .withArgs(name, 0n);
    }
    const caps = { ...REPUTATION_CAPS, jobsCap: 10n };
    await expect(reputation.connect(timelock).setParameters(caps)).to.emit(reputation, "ParametersChanged");
    expect((await reputation.parameters()).jobsCap).to.equal(10n);
  });

  it("refuses a zero module at construction", async function () {
    const { pool, keeperRewards, storage, timelock } = await networkHelpers.loadFixture(fixture);
    const factory = await ethers.getContractFactory("Reputation");
    const names = ["honorPool", "keeperRewards", "landlordRegistry", "storageMarket"];
    for (let i = 0; i < 4; i++) {
      const a: string[] = await Promise.all([pool, keeperRewards, storage, storage].map((c) => c.getAddress()));
      a[i] = ZeroAddress;
      await expect(factory.deploy(a[0], a[1], a[2], a[3], ZeroAddress, timelock.address, REPUTATION_CAPS))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs(names[i], 0n);
    }
  });
});
