// Storage proofs and landlords: epochs, challenges, proofs, settlement with rent and slashing,
// blacklisting, reassignment, retirement and service reports.
import { expect } from "chai";
import { network } from "hardhat";
import { deployStorage, leaseData, PROOF_WINDOW, segmentProof, tokens } from "./helpers/storageFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, mine } = networkHelpers;

type Suite = Awaited<ReturnType<typeof deployStorage>>;

describe("StorageProofs and LandlordRegistry", function () {
  /** Four landlords, two 1 MB leases rented in epoch 0, now in epoch 1 with its epoch open. */
  async function provingFixture() {
    const suite = await deployStorage(ethers);
    const leases = new Map<bigint, ReturnType<typeof leaseData>>();
    for (const seed of [1, 2]) {
      const lease = leaseData(seed, 5000 + seed);
      await suite.market.connect(suite.tenant).rent(1, 30, lease.root, tokens(1_000_000));
      leases.set(BigInt(seed), lease);
    }
    await time.increaseTo((await suite.market.epochStart(1n)) + 10n);
    await suite.proofs.connect(suite.keeper).openEpoch();
    await mine(2);
    return { ...suite, leases };
  }

  async function proveAll(
    suite: Suite & { leases: Map<bigint, ReturnType<typeof leaseData>> },
    epoch: bigint,
    except: string[] = [],
  ) {
    for (const landlord of suite.landlords) {
      if (except.includes(landlord.address)) continue;
      const challenge = await suite.proofs.challengeOf(landlord.address, epoch);
      if (!challenge.due) continue;
      const lease = suite.leases.get(challenge.leaseId)!;
      const { segment, proof } = segmentProof(lease.data, lease.tree, 1, Number(challenge.segmentIndex));
      await suite.proofs.connect(landlord).prove(epoch, challenge.leaseId, challenge.segmentIndex, segment, proof);
    }
  }

  it("opens an epoch once, committing to the next block, and pays the keeper", async function () {
    const { proofs, market, rewards, keeper } = await deployStorage(ethers);
    const block = await ethers.provider.getBlockNumber();
    const deadline = (await market.epochStart(0n)) + PROOF_WINDOW;
    await expect(proofs.connect(keeper).openEpoch())
      .to.emit(proofs, "EpochOpened")
      .withArgs(0n, block + 2, deadline, keeper.address)
      .and.to.emit(rewards, "BountyPaid");
    await expect(proofs.openEpoch())
      .to.be.revertedWithCustomError(proofs, "NotDue")
      .withArgs(1n, await market.epochStart(1n));
    await expect(proofs.challengeOf(keeper.address, 0n))
      .to.be.revertedWithCustomError(proofs, "SeedUnavailable")
      .withArgs(0n, block + 2);
    await time.increaseTo((await market.epochStart(1n)) + PROOF_WINDOW);
    await expect(proofs.openEpoch())
      .to.be.revertedWithCustomError(proofs, "NotDue")
      .withArgs(2n, await market.epochStart(2n));
  });

  it("accepts each landlord's own challenge and refuses a wrong index, a wrong segment or another lease", async function () {
    const suite = await networkHelpers.loadFixture(provingFixture);
    const { proofs, landlords, leases } = suite;
    let tested = false;
    for (const landlord of landlords) {
      const challenge = await proofs.challengeOf(landlord.address, 1n);
      if (!challenge.due) continue;
      const lease = leases.get(challenge.leaseId)!;
      const index = Number(challenge.segmentIndex);
      const { segment, proof } = segmentProof(lease.data, lease.tree, 1, index);
      const otherIndex = (index + 1) % 4096;
      const other = segmentProof(lease.data, lease.tree, 1, otherIndex);
      await expect(proofs.connect(landlord).prove(1n, challenge.leaseId, otherIndex, other.segment, other.proof))
        .to.be.revertedWithCustomError(proofs, "WrongChallenge")
        .withArgs(challenge.leaseId, otherIndex, challenge.leaseId, challenge.segmentIndex);
      const otherLeaseId = challenge.leaseId === 1n ? 2n : 1n;
      const otherLease = leases.get(otherLeaseId)!;
      const foreign = segmentProof(otherLease.data, otherLease.tree, 1, index);
      await expect(proofs.connect(landlord).prove(1n, otherLeaseId, index, foreign.segment, foreign.proof))
        .to.be.revertedWithCustomError(proofs, "WrongChallenge")
        .withArgs(otherLeaseId, index, challenge.leaseId, challenge.segmentIndex);
      const tamperedBytes = ethers.getBytes(segment);
      tamperedBytes[0] ^= 1;
      const tampered = ethers.hexlify(tamperedBytes);
      await expect(proofs.connect(landlord).prove(1n, challenge.leaseId, index, tampered, proof))
        .to.be.revertedWithCustomError(proofs, "InvalidProof")
        .withArgs(1n, challenge.leaseId, index);
      await expect(proofs.connect(landlord).prove(1n, challenge.leaseId, index, segment, proof))
        .to.emit(proofs, "ProofAccepted")
        .withArgs(1n, landlord.address, challenge.leaseId, index);
      expect(await proofs.hasProved(landlord.address, 1n)).to.equal(true);
      await expect(proofs.connect(landlord).prove(1n, challenge.leaseId, index, segment, proof))
        .to.be.revertedWithCustomError(proofs, "AlreadyProved")
        .withArgs(1n, landlord.address);
      tested = true;
    }
    expect(tested, "no landlord had a challenge").to.equal(true);
  });

  it("records the seed, or re-seeds an epoch whose block fell out of the 256-block window", async function () {
    const suite = await deployStorage(ethers);
    const { proofs, keeper } = suite;
    await proofs.openEpoch();
    const opened = await proofs.epochSeedOf(0n);
    await expect(proofs.reseed(0n))
      .to.be.revertedWithCustomError(proofs, "NotDue")
      .withArgs(0n, opened.seedBlock + 1n);
    await mine(300);
    expect(await proofs.seedOf(0n)).to.equal(ethers.ZeroHash);
    const now = await ethers.provider.getBlockNumber();
    await expect(proofs.connect(keeper).reseed(0n))
      .to.emit(proofs, "EpochReseeded")
      .withArgs(0n, opened.seedBlock, now + 2);
    await mine(2);
    const block = await ethers.provider.getBlock(now + 2);
    await expect(proofs.reseed(0n)).to.emit(proofs, "SeedRecorded").withArgs(0n, block!.hash);
    expect(await proofs.seedOf(0n)).to.equal(block!.hash);
    await mine(300);
    expect(await proofs.seedOf(0n)).to.equal(block!.hash);
    await expect(proofs.reseed(0n)).to.be.revertedWithCustomError(proofs, "NotDue").withArgs(0n, 0n);
    await expect(proofs.reseed(5n)).to.be.revertedWithCustomError(proofs, "EpochNotOpen").withArgs(5n);
  });

  it("settles an epoch: provers share its rent by capacity, a missing proof is slashed and withheld", async function () {
    const suite = await networkHelpers.loadFixture(provingFixture);
    const { proofs, registry, market, landlords, keeper, rewards } = suite;
    const holders = [];
    for (const landlord of landlords) {
      if ((await proofs.challengeOf(landlord.address, 1n)).due) holders.push(landlord);
    }
    expect(holders.length).to.be.gte(3);
    const failing = holders[0];
    await proveAll(suite, 1n, [failing.address]);
    const addresses = landlords.map((l) => l.address);
    await expect(proofs.settleEpoch(1n, addresses))
      .to.be.revertedWithCustomError(proofs, "NotDue")
      .withArgs(1n, await proofs.proofDeadline(1n));

    await time.increaseTo(await proofs.proofDeadline(1n));
    const rent = await market.epochRent(1n);
    expect(rent).to.be.gt(0n);
    const share = rent / 4n; // four landlords of equal capacity
    const collateral = tokens(1);
    const tx = proofs.connect(keeper).settleEpoch(1n, addresses);
    await expect(tx).to.emit(proofs, "EpochSettled").withArgs(1n, keeper.address, 4n, 1n);
    await expect(tx)
      .to.emit(registry, "LandlordFailed")
      .withArgs(1n, failing.address, share, collateral / 20n, 1n, collateral - collateral / 20n);
    await expect(tx)
      .to.emit(registry, "LandlordPassed")
      .withArgs(1n, landlords.find((l) => l !== failing)!.address, share);
    await expect(tx)
      .to.emit(market, "RentSettled")
      .withArgs(1n, share * 3n, share);
    await expect(tx).to.emit(rewards, "BountyPaid");
    for (const landlord of landlords) {
      const record = await registry.landlordOf(landlord.address);
      expect(record.rentOwed).to.equal(landlord === failing ? 0n : share);
      expect(record.nextSettleEpoch).to.equal(2n);
    }
    expect(await market.rentEscrow()).to.equal(rent - share * 4n);
    await expect(proofs.settleEpoch(1n, addresses)).to.be.revertedWithCustomError(proofs, "NotDue").withArgs(1n, 0n);

    const passing = landlords.find((l) => l !== failing)!;
    await expect(registry.connect(passing).claimRent()).to.emit(market, "RentPaid").withArgs(passing.address, share);
    await expect(registry.connect(passing).claimRent())
      .to.be.revertedWithCustomError(registry, "NothingToClaim")
      .withArgs(passing.address);
    await expect(registry.connect(failing).claimRent()).to.be.revertedWithCustomError(registry, "NothingToClaim");
  });

  it("blacklists after 3 consecutive failures, moves its leases, and returns what is left of its collateral", async function () {
    const suite = await networkHelpers.loadFixture(provingFixture);
    const { proofs, registry, market, landlords, keeper } = suite;
    const addresses = landlords.map((l) => l.address);
    let failing;
    for (const landlord of landlords) {
      if ((await proofs.challengeOf(landlord.address, 1n)).due) failing = landlord;
    }
    for (let epoch = 1n; epoch <= 3n; epoch++) {
      if (epoch > 1n) {
        await time.increaseTo((await market.epochStart(epoch)) + 10n);
        await proofs.openEpoch();
        await mine(2);
      }
      await proveAll(suite, epoch, [failing!.address]);
      await time.increaseTo(await proofs.proofDeadline(epoch));
      const tx = proofs.settleEpoch(epoch, addresses);
      if (epoch === 3n) {
        await expect(tx).to.emit(registry, "LandlordBlacklisted");
      } else {
        // One and two failures in a row slash but do not blacklist.
        await expect(tx).to.not.emit(registry, "LandlordBlacklisted");
        const standing = await registry.landlordOf(failing!.address);
        expect([standing.status, standing.failures]).to.deep.equal([1n, epoch]);
      }
    }
    const record = await registry.landlordOf(failing!.address);
    expect(record.status).to.equal(3n); // Blacklisted
    expect(record.failures).to.equal(3n);
    expect(record.collateral).to.equal((((((tokens(1) * 95n) / 100n) * 95n) / 100n) * 95n) / 100n);
    expect(await registry.drawableCount()).to.equal(3n);
    expect(await registry.rentCapacityAt(4n)).to.equal(3n * 1024n);

    await expect(registry.connect(failing!).retire()).to.be.revertedWithCustomError(registry, "CannotRetire");
    const held = record.leaseCount;
    await expect(registry.connect(keeper).reassign(failing!.address, 10)).to.emit(registry, "LeaseReassigned");
    expect((await registry.landlordOf(failing!.address)).leaseCount).to.equal(0n);
    for (let leaseId = 1n; leaseId <= 2n; leaseId++) {
      const group = await registry.groupOf(leaseId);
      expect(group).to.not.include(failing!.address);
      expect(new Set(group).size).to.equal(3);
    }
    expect(held).to.be.gte(1n);
    await expect(registry.reassign(failing!.address, 1))
      .to.be.revertedWithCustomError(registry, "NothingToMove")
      .withArgs(failing!.address, 3n, 0n);

    // Its epochs are settled up to the current one, so closing returns what is left at once.
    await expect(registry.connect(failing!).retire())
      .to.emit(registry, "LandlordClosed")
      .withArgs(failing!.address, 3n, 1024n)
      .and.to.emit(registry, "CollateralReturned")
      .withArgs(failing!.address, record.collateral);
    expect((await market.state()).worldDiskMB).to.equal(1024n);
    await expect(registry.connect(failing!).retire())
      .to.be.revertedWithCustomError(registry, "CannotRetire")
      .withArgs(failing!.address, 4n);
  });

  it("registers landlords with collateral of 1 token per GB and refuses bad registrations", async function () {
    const { registry, stranger, landlords, token } = await deployStorage(ethers);
    await expect(registry.connect(stranger).registerLandlord(0, "x"))
      .to.be.revertedWithCustomError(registry, "InvalidCapacity")
      .withArgs(0n);
    await expect(registry.connect(landlords[0]).registerLandlord(1, "x"))
      .to.be.revertedWithCustomError(registry, "AlreadyRegistered")
      .withArgs(landlords[0].address);
    const register = registry.connect(stranger).registerLandlord(1536, "http://s");
    await expect(register)
      .to.emit(registry, "LandlordRegistered")
      .withArgs(stranger.address, 5n, 1536n, tokens(3) / 2n, 1n, "http://s");
    await expect(register).to.changeTokenBalance(ethers, token, stranger, -(tokens(3) / 2n));
    await expect(registry.connect(stranger).addCapacity(512))
      .to.emit(registry, "CapacityAdded")
      .withArgs(stranger.address, 512n, 2048n, tokens(1) / 2n, tokens(2), 1n);
    expect(await registry.collateralFor(1)).to.equal((tokens(1) + 1023n) / 1024n);
    expect(await registry.totalCapacityMB()).to.equal(4n * 1024n + 2048n);
    // Capacity earns rent from the epoch after it is registered.
    expect(await registry.rentCapacityAt(0n)).to.equal(0n);
    expect(await registry.rentCapacityAt(1n)).to.equal(4n * 1024n + 2048n);
  });

  it("refuses capacity changes while a landlord's epochs are unsettled, and settling opens them", async function () {
    const { registry, proofs, market, landlords } = await deployStorage(ethers);
    await time.increaseTo((await market.epochStart(2n)) + PROOF_WINDOW);
    await expect(registry.connect(landlords[0]).addCapacity(1))
      .to.be.revertedWithCustomError(registry, "SettlementPending")
      .withArgs(landlords[0].address, 1n, 2n);
    // An epoch nobody opened has no challenge: everyone passes.
    await proofs.settleEpoch(1n, [landlords[0].address]);
    await registry.connect(landlords[0]).addCapacity(1);
  });

  it("takes one service report per lease, landlord and epoch, from the tenant only", async function () {
    const suite = await networkHelpers.loadFixture(provingFixture);
    const { registry, tenant, stranger, landlords } = suite;
    const [member] = await registry.groupOf(1n);
    await expect(registry.connect(stranger).reportService(1n, member, 1))
      .to.be.revertedWithCustomError(registry, "NotTenant")
      .withArgs(1n, stranger.address);
    await expect(registry.connect(tenant).reportService(1n, member, 2))
      .to.emit(registry, "ServiceReported")
      .withArgs(1n, member, tenant.address, 1n, 2, 1n);
    await expect(registry.connect(tenant).reportService(1n, member, 2))
      .to.be.revertedWithCustomError(registry, "AlreadyReported")
      .withArgs(1n, member, 1n);
    const group = await registry.groupOf(1n);
    const notMember = landlords.find((l) => !group.includes(l.address));
    if (notMember) {
      await expect(registry.connect(tenant).reportService(1n, notMember.address, 1))
        .to.be.revertedWithCustomError(registry, "NotMember")
        .withArgs(1n, notMember.address);
    }
  });

  it("lets only the market and the proofs contract drive assignments and settlement, and binds once", async function () {
    const { registry, stranger, market } = await deployStorage(ethers);
    await expect(registry.connect(stranger).assign(1, 1, 1))
      .to.be.revertedWithCustomError(registry, "NotMarket")
      .withArgs(stranger.address);
    await expect(registry.connect(stranger).settle(1, [], []))
      .to.be.revertedWithCustomError(registry, "NotProofs")
      .withArgs(stranger.address);
    await expect(registry.bind(await market.getAddress(), stranger.address)).to.be.revertedWithCustomError(
      registry,
      "NotBinder",
    );
  });
});
