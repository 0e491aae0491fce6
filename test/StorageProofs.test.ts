import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
// Storage proofs and landlords: epochs, challenges, proofs, settlement with rent and slashing,
// blacklisting, reassignment, retirement and service reports.
import { expect } from "chai";
import { network } from "hardhat";
import {
  acceptAll,
  BOUNTY,
  deployStorage,
  leaseData,
  PROOF_WINDOW,
  rentAssigned,
  segmentProof,
  tokens,
  UNBONDING,
  fullLength,
} from "./helpers/storageFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, mine } = networkHelpers;

type Suite = Awaited<ReturnType<typeof deployStorage>>;

describe("StorageProofs and LandlordRegistry", function () {
  /** Four landlords, two 1 MB leases rented and accepted in epoch 0, now in epoch 1, open. */
  async function provingFixture() {
    const suite = await deployStorage(ethers);
    const leases = new Map<bigint, ReturnType<typeof leaseData>>();
    for (const seed of [1, 2]) {
      const lease = leaseData(seed, 5000 + seed);
      const leaseId = await rentAssigned(ethers, suite, 1, 30, lease.root);
      await acceptAll(ethers, suite, leaseId, lease.root);
      leases.set(leaseId, lease);
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
      if (challenge.dataRoot !== lease.root) continue;
      const { segment, proof } = segmentProof(lease.data, lease.tree, 1, Number(challenge.segmentIndex));
      await suite.proofs.connect(landlord).prove(epoch, challenge.leaseId, challenge.segmentIndex, segment, proof);
    }
  }

  it("opens an epoch once, requesting its randomness, and pays the keeper", async function () {
    const { proofs, market, rewards, keeper, randomness } = await deployStorage(ethers);
    const block = await ethers.provider.getBlockNumber();
    const deadline = (await market.epochStart(0n)) + PROOF_WINDOW;
    const tx = proofs.connect(keeper).openEpoch();
    await expect(tx).to.emit(proofs, "EpochOpened").withArgs(0n, 1n, deadline, keeper.address);
    await expect(tx)
      .to.emit(randomness, "RandomnessRequested")
      .withArgs(1n, await proofs.getAddress(), block + 2);
    await expect(tx).to.emit(rewards, "BountyPaid");
    expect(await proofs.epochRequestOf(0n)).to.equal(1n);
    await expect(proofs.openEpoch())
      .to.be.revertedWithCustomError(proofs, "NotDue")
      .withArgs(await market.epochStart(1n), anyValue);
    await expect(proofs.challengeOf(keeper.address, 0n))
      .to.be.revertedWithCustomError(proofs, "SeedUnavailable")
      .withArgs(0n, 1n);
    await mine(2);
    expect((await proofs.challengeOf(keeper.address, 0n)).due).to.equal(false);
    await time.increaseTo(deadline);
    await expect(proofs.challengeOf(keeper.address, 0n))
      .to.be.revertedWithCustomError(proofs, "ProofWindowClosed")
      .withArgs(0n, deadline);
    await time.increaseTo((await market.epochStart(1n)) + PROOF_WINDOW);
    await expect(proofs.openEpoch())
      .to.be.revertedWithCustomError(proofs, "NotDue")
      .withArgs(await market.epochStart(2n), anyValue);
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
      expect([challenge.dataRoot, challenge.sizeMB]).to.deep.equal([lease.root, 1n]);
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
    const { proofs, keeper, randomness } = suite;
    await proofs.openEpoch();
    const { seedBlock } = await randomness.requestOf(1n);
    await expect(proofs.reseed(0n))
      .to.be.revertedWithCustomError(proofs, "NotDue")
      .withArgs(seedBlock + 1n, seedBlock);
    await mine(300);
    expect(await proofs.seedOf(0n)).to.equal(ethers.ZeroHash);
    const now = await ethers.provider.getBlockNumber();
    const reseed = proofs.connect(keeper).reseed(0n);
    await expect(reseed).to.emit(proofs, "EpochReseeded").withArgs(0n, 1n);
    await expect(reseed).to.not.emit(suite.rewards, "BountyPaid");
    await expect(reseed)
      .to.emit(randomness, "RandomnessReseeded")
      .withArgs(1n, seedBlock, now + 2);
    await mine(2);
    const value = await randomness.randomnessOf(1n);
    expect(value).to.not.equal(ethers.ZeroHash);
    await expect(proofs.connect(keeper).reseed(0n))
      .to.emit(proofs, "SeedRecorded")
      .withArgs(0n, value)
      .and.to.emit(suite.rewards, "BountyPaid");
    expect(await proofs.seedOf(0n)).to.equal(value);
    await mine(300);
    expect(await proofs.seedOf(0n)).to.equal(value);
    await expect(proofs.reseed(0n)).to.be.revertedWithCustomError(proofs, "NotDue").withArgs(0n, anyValue);
    await expect(proofs.reseed(5n)).to.be.revertedWithCustomError(proofs, "EpochNotOpen").withArgs(5n);
  });

  it("settles an epoch: provers share its rent by the MB they held, a missing proof is slashed and withheld", async function () {
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
      .withArgs(await proofs.proofDeadline(1n), anyValue);

    await time.increaseTo(await proofs.proofDeadline(1n));
    const rent = await market.epochRent(1n);
    expect(rent).to.be.gt(0n);
    // Two 1 MB leases, three copies each: 6 MB held in all.
    expect(await registry.totalHeldMBAt(1n)).to.equal(6n);
    const shareOf = async (address: string) => (rent * (await registry.heldMBAt(address, 1n))) / 6n;
    const collateral = tokens(1);
    // Each share covers the settle bounty, which is taken from it (audit H3).
    const failedShare = (await shareOf(failing.address)) - BOUNTY;
    let credited = 0n;
    for (const landlord of holders) if (landlord !== failing) credited += await shareOf(landlord.address);
    const tx = proofs.connect(keeper).settleEpoch(1n, addresses);
    await expect(tx)
      .to.emit(proofs, "EpochSettled")
      .withArgs(1n, keeper.address, 4n, 1n, BigInt(holders.length), false);
    await expect(tx)
      .to.emit(registry, "LandlordFailed")
      .withArgs(1n, failing.address, failedShare, collateral / 20n, 1n, collateral - collateral / 20n);
    const passing = holders.find((l) => l !== failing)!;
    await expect(tx)
      .to.emit(registry, "LandlordPassed")
      .withArgs(1n, passing.address, (await shareOf(passing.address)) - BOUNTY);
    // The three bounties leave through the credited rent (paid on to KeeperRewards).
    await expect(tx)
      .to.emit(market, "RentSettled")
      .withArgs(1n, credited + BOUNTY, failedShare);
    // One bounty per landlord that held something, nothing for one that held nothing.
    await expect(tx)
      .to.emit(rewards, "BountyPaid")
      .withArgs(
        ethers.encodeBytes32String("StorageProofs.settleEpoch"),
        keeper.address,
        await proofs.getAddress(),
        BigInt(holders.length),
        BOUNTY * BigInt(holders.length),
        (jobs: bigint) => jobs > 0n,
        (left: bigint) => left > 0n,
      );
    for (const landlord of landlords) {
      const record = await registry.landlordOf(landlord.address);
      const share = await shareOf(landlord.address);
      expect(record.rentOwed).to.equal(landlord === failing || share === 0n ? 0n : share - BOUNTY);
      expect(record.nextSettleEpoch).to.equal(2n);
    }
    expect(await market.rentEscrow()).to.equal(rent - credited - failedShare - BOUNTY);
    expect(rent - credited - failedShare - BOUNTY).to.be.lte(4n);
    await expect(proofs.settleEpoch(1n, addresses))
      .to.be.revertedWithCustomError(proofs, "NotDue")
      .withArgs(0n, anyValue);

    const owed = (await shareOf(passing.address)) - BOUNTY;
    await expect(registry.connect(passing).claimRent()).to.emit(market, "RentPaid").withArgs(passing.address, owed);
    await expect(registry.connect(passing).claimRent())
      .to.be.revertedWithCustomError(registry, "NothingToClaim")
      .withArgs(passing.address);
    await expect(registry.connect(failing).claimRent()).to.be.revertedWithCustomError(registry, "NothingToClaim");
  });

  it("makes settlement a committee duty once bound: the duty's member alone in its window, recorded once, anyone after", async function () {
    const suite = await networkHelpers.loadFixture(provingFixture);
    const { proofs, landlords, keeper, admin, stranger } = suite;
    await proveAll(suite, 1n);
    const due1 = (await proofs.challengeOf(landlords[0].address, 1n)).due;
    const book = await ethers.deployContract("DutyBookMock");
    await expect(proofs.connect(stranger).bindCommittee(book, 60))
      .to.be.revertedWithCustomError(proofs, "NotBinder")
      .withArgs(stranger.address);
    await expect(proofs.connect(admin).bindCommittee(stranger.address, 60))
      .to.be.revertedWithCustomError(proofs, "InvalidCommittee")
      .withArgs(stranger.address);
    const epochLength = await suite.market.epochLength();
    await expect(proofs.connect(admin).bindCommittee(book, epochLength)).to.be.revertedWithCustomError(
      proofs,
      "InvalidProofWindow",
    );
    const WINDOW = 3_600n;
    await expect(proofs.connect(admin).bindCommittee(book, WINDOW))
      .to.emit(proofs, "CommitteeBound")
      .withArgs(await book.getAddress(), WINDOW);
    await expect(proofs.connect(admin).bindCommittee(book, WINDOW)).to.be.revertedWithCustomError(proofs, "NotBinder");
    expect([await proofs.committee(), await proofs.settleWindow()]).to.deep.equal([await book.getAddress(), WINDOW]);

    await book.setDuty(stranger.address, 4n, 2n);
    const deadline = await proofs.proofDeadline(1n);
    const addresses = landlords.map((l) => l.address);
    await time.setNextBlockTimestamp(deadline);
    await expect(proofs.connect(keeper).settleEpoch(1n, addresses.slice(0, 2)))
      .to.be.revertedWithCustomError(proofs, "ExclusiveSettler")
      .withArgs(1n, stranger.address, deadline + WINDOW);
    // The member settles in its window, a batch of two then the rest: its duty is recorded done
    // once, by the call that settles the last held MB of the epoch.
    await expect(proofs.connect(stranger).settleEpoch(1n, addresses.slice(0, 2))).to.not.emit(book, "DutyLogged");
    await expect(proofs.connect(stranger).settleEpoch(1n, addresses.slice(2)))
      .to.emit(book, "DutyLogged")
      .withArgs(await proofs.getAddress(), 4n, 2n, true);
    expect(await book.recorded()).to.equal(1n);

    // Epoch 2: nobody settles in the window; after it anyone does, and the duty is missed.
    await time.increaseTo((await suite.market.epochStart(2n)) + 10n);
    await proofs.connect(keeper).openEpoch();
    await mine(2);
    await proveAll(suite, 2n);
    const due2 = (await proofs.challengeOf(landlords[0].address, 2n)).due;
    await time.increaseTo((await proofs.proofDeadline(2n)) + WINDOW);
    await expect(proofs.connect(keeper).settleEpoch(2n, addresses))
      .to.emit(book, "DutyLogged")
      .withArgs(await proofs.getAddress(), 4n, 2n, false);
    // Each landlord's proofs passed count in its service record (two epochs proved).
    const [passed, reports] = await proofs.serviceOf(landlords[0].address);
    expect(passed).to.equal(BigInt(Number(due1) + Number(due2)));
    expect(reports).to.equal(0n);
  });

  it("attack: a committee member settling a batch of one in its window does not get its duty counted done", async function () {
    const suite = await networkHelpers.loadFixture(provingFixture);
    const { proofs, registry, landlords, keeper, admin, stranger } = suite;
    await proveAll(suite, 1n);
    const book = await ethers.deployContract("DutyBookMock");
    const WINDOW = 3_600n;
    await proofs.connect(admin).bindCommittee(book, WINDOW);
    await book.setDuty(stranger.address, 4n, 2n);
    const deadline = await proofs.proofDeadline(1n);
    const addresses = landlords.map((l) => l.address);
    const holding = [];
    for (const address of addresses) if ((await registry.heldMBAt(address, 1n)) > 0n) holding.push(address);
    expect(holding.length).to.be.greaterThan(1);
    await time.setNextBlockTimestamp(deadline);
    // The member settles one holding landlord (the cheapest call that used to record the duty
    // done) and leaves the rest of the epoch unsettled past its window.
    await expect(proofs.connect(stranger).settleEpoch(1n, [holding[0]])).to.not.emit(book, "DutyLogged");
    await time.increaseTo(deadline + WINDOW);
    await expect(proofs.connect(keeper).settleEpoch(1n, addresses))
      .to.emit(book, "DutyLogged")
      .withArgs(await proofs.getAddress(), 4n, 2n, false);
    expect(await book.recorded()).to.equal(1n);
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

    await expect(registry.connect(failing!).retire()).to.be.revertedWithCustomError(registry, "CannotRetire");
    const memberships = record.memberships;
    await expect(registry.connect(keeper).reassign(failing!.address, 10)).to.emit(registry, "LeaseReassigned");
    expect((await registry.landlordOf(failing!.address)).memberships).to.equal(0n);
    for (const leaseId of suite.leases.keys()) {
      const group = await registry.groupOf(leaseId);
      expect(group).to.not.include(failing!.address);
      expect(new Set(group).size).to.equal(3);
    }
    expect(memberships).to.be.gte(1n);
    await expect(registry.reassign(failing!.address, 1))
      .to.be.revertedWithCustomError(registry, "NothingToMove")
      .withArgs(failing!.address, 3n, 0n);

    // Closing starts the unbonding delay: the collateral stays slashable until it is over.
    const closedAt = (await time.latest()) + 1;
    await expect(registry.connect(failing!).retire())
      .to.emit(registry, "LandlordClosed")
      .withArgs(failing!.address, 3n, 1024n, BigInt(closedAt) + UNBONDING);
    expect((await market.state()).worldDiskMB).to.equal(1024n);
    await expect(registry.connect(failing!).retire())
      .to.be.revertedWithCustomError(registry, "Unbonding")
      .withArgs(failing!.address, BigInt(closedAt) + UNBONDING, 4n, 3n);
    await time.increaseTo(BigInt(closedAt) + UNBONDING);
    await expect(registry.connect(failing!).retire())
      .to.emit(registry, "CollateralReturned")
      .withArgs(failing!.address, record.collateral);
    await expect(registry.connect(failing!).retire())
      .to.be.revertedWithCustomError(registry, "CannotRetire")
      .withArgs(failing!.address, 4n);
  });

  it("registers landlords of at least 1 GB with collateral of 1 token per GB and refuses bad registrations", async function () {
    const { registry, stranger, landlords, token } = await deployStorage(ethers);
    await expect(registry.connect(stranger).registerLandlord(0, "x"))
      .to.be.revertedWithCustomError(registry, "InvalidCapacity")
      .withArgs(0n);
    await expect(registry.connect(stranger).registerLandlord(1023, "x"))
      .to.be.revertedWithCustomError(registry, "BelowMinimumCapacity")
      .withArgs(1023n, 1024n);
    await expect(registry.connect(landlords[0]).registerLandlord(1024, "x"))
      .to.be.revertedWithCustomError(registry, "AlreadyRegistered")
      .withArgs(landlords[0].address);
    const register = registry.connect(stranger).registerLandlord(1536, "http://s");
    await expect(register)
      .to.emit(registry, "LandlordRegistered")
      .withArgs(stranger.address, 5n, 1536n, tokens(3) / 2n, 1n, "http://s");
    await expect(register).to.changeTokenBalance(ethers, token, stranger, -(tokens(3) / 2n));
    await expect(registry.connect(stranger).addCapacity(512))
      .to.emit(registry, "CapacityAdded")
      .withArgs(stranger.address, 512n, 2048n, tokens(1) / 2n, tokens(2), 0n);
    expect(await registry.collateralFor(1)).to.equal((tokens(1) + 1023n) / 1024n);
    expect(await registry.totalCapacityMB()).to.equal(4n * 1024n + 2048n);
    // Capacity is drawable at once, but earns only through what it holds.
    expect(await registry.freeCapacityMB()).to.equal(4n * 1024n + 2048n);
    expect(await registry.drawableCount()).to.equal(5n);
    expect(await registry.totalHeldMBAt(1n)).to.equal(0n);
  });

  it("adds capacity whatever is left to settle, and draws by free capacity", async function () {
    const suite = await deployStorage(ethers);
    const { registry, market, landlords } = suite;
    await time.increaseTo((await market.epochStart(2n)) + PROOF_WINDOW);
    await registry.connect(landlords[0]).addCapacity(1024);
    await registry.connect(landlords[1]).addCapacity(1024);
    expect(await registry.freeCapacityMB()).to.equal(6n * 1024n);
    // A 2 GB lease fits two landlords only: no group of 3 can form, it is refunded.
    const root = leaseData(1, 10).root;
    await market.connect(suite.tenant).rent(2048, 1, root, fullLength(2048), tokens(1_000_000));
    await mine(2);
    await expect(market.assign(1)).to.emit(market, "LeaseRefunded");
    expect(await registry.freeCapacityMB()).to.equal(6n * 1024n);
    // With a third landlord of 2 GB, the group is exactly the three that have room.
    await registry.connect(landlords[2]).addCapacity(1024);
    const leaseId = await rentAssigned(ethers, suite, 2048, 1, root);
    expect([...(await registry.groupOf(leaseId))].sort()).to.deep.equal(
      landlords
        .slice(0, 3)
        .map((l) => l.address)
        .sort(),
    );
    expect(await registry.freeCapacityMB()).to.equal(7n * 1024n - 3n * 2048n);
  });

  it("accepts a lease's data per holder: proved from the next epoch, the old data until then", async function () {
    const suite = await networkHelpers.loadFixture(provingFixture);
    const { proofs, registry, market, tenant, stranger } = suite;
    const [holder] = await registry.groupOf(1n);
    const signer = await ethers.getSigner(holder);
    const old = suite.leases.get(1n)!;
    const fresh = leaseData(99, 3000);
    await expect(proofs.connect(stranger).acceptData(1n, old.root))
      .to.be.revertedWithCustomError(proofs, "NotMember")
      .withArgs(1n, stranger.address);
    await expect(proofs.connect(signer).acceptData(1n, old.root))
      .to.be.revertedWithCustomError(proofs, "AlreadyAccepted")
      .withArgs(1n, holder, old.root);
    await expect(proofs.connect(signer).rejectData(1n, old.root))
      .to.be.revertedWithCustomError(proofs, "AlreadyAccepted")
      .withArgs(1n, holder, old.root);
    expect(await proofs.hasAccepted(1n, holder)).to.equal(true);

    await market.connect(tenant).updateData(1n, fresh.root, fresh.data.length, tokens(1_000_000));
    expect(await proofs.hasAccepted(1n, holder)).to.equal(false);
    await expect(proofs.connect(signer).acceptData(1n, old.root))
      .to.be.revertedWithCustomError(proofs, "DataMismatch")
      .withArgs(1n, old.root, fresh.root);
    await expect(proofs.connect(signer).acceptData(1n, fresh.root))
      .to.emit(proofs, "DataAccepted")
      .withArgs(1n, holder, fresh.root, 1n, fresh.data.length, 2n);
    expect(await proofs.heldDataOf(1n, holder)).to.deep.equal([
      fresh.root,
      old.root,
      1n,
      1n,
      2n,
      BigInt(fresh.data.length),
      fullLength(1),
    ]);
    expect(await proofs.hasAccepted(1n, holder)).to.equal(true);
    // Epoch 1 still proves the old data, epoch 2 the new.
    const now = await proofs.challengeOf(holder, 1n);
    if (now.leaseId === 1n) expect(now.dataRoot).to.equal(old.root);
    await proveAll(suite, 1n);
    await time.increaseTo((await market.epochStart(2n)) + 10n);
    await proofs.openEpoch();
    await mine(2);
    const next = await proofs.challengeOf(holder, 2n);
    if (next.leaseId === 1n) {
      expect(next.dataRoot).to.equal(fresh.root);
      const { segment, proof } = segmentProof(fresh.data, fresh.tree, 1, Number(next.segmentIndex));
      await expect(proofs.connect(signer).prove(2n, 1n, next.segmentIndex, segment, proof)).to.emit(
        proofs,
        "ProofAccepted",
      );
    }
    // Another member never got the new data: it says so and keeps the old.
    const [, other] = await registry.groupOf(1n);
    await expect(proofs.connect(await ethers.getSigner(other)).rejectData(1n, fresh.root))
      .to.emit(proofs, "DataRejected")
      .withArgs(1n, other, fresh.root, 2n);
    expect((await proofs.heldDataOf(1n, other)).root).to.equal(old.root);
  });

  it("keeps each held list whole when a lease in the middle leaves, and the epoch's challenge as it opened", async function () {
    // Three landlords: every lease is held by all three, in the order rented.
    const suite = await deployStorage(ethers, { landlords: 3 });
    const { market, proofs, registry, landlords, keeper } = suite;
    const data = new Map<bigint, ReturnType<typeof leaseData>>();
    for (const [seed, days] of [
      [1, 1],
      [2, 200],
      [3, 200],
      [4, 2],
    ]) {
      const lease = leaseData(seed, 300);
      const leaseId = await rentAssigned(ethers, suite, 1, days, lease.root);
      await acceptAll(ethers, suite, leaseId, lease.root);
      data.set(leaseId, lease);
    }
    const holder = landlords[0].address;
    expect(await registry.assignedEpochOf(1n)).to.equal(0n);
    expect(await registry.leaseCountOf(holder)).to.equal(4n);
    for (let i = 0n; i < 4n; i++) expect(await registry.leaseAt(holder, i)).to.equal(i + 1n);

    // Epoch 32: lease 1 (first in every list) is reclaimed after its grace, during the epoch.
    const reclaimAt = 2n + (await market.graceEpochs());
    await time.increaseTo((await market.epochStart(reclaimAt)) + 10n);
    await proofs.openEpoch();
    await mine(2);
    const before = await Promise.all(landlords.map((l) => proofs.challengeOf(l.address, reclaimAt)));
    await market.connect(keeper).reclaim(1n);
    const after = await Promise.all(landlords.map((l) => proofs.challengeOf(l.address, reclaimAt)));
    expect(after.map((c) => [c.leaseId, c.segmentIndex])).to.deep.equal(before.map((c) => [c.leaseId, c.segmentIndex]));
    // The last lease (4) took its place in both lists.
    expect(await registry.leaseCountOf(holder)).to.equal(3n);
    expect(await registry.leaseAt(holder, 0n)).to.equal(4n);
    expect((await registry.landlordOf(holder)).heldCount).to.equal(3n);
    expect(await registry.heldMBAt(holder, reclaimAt)).to.equal(4n);
    expect(await registry.heldMBAt(holder, reclaimAt + 1n)).to.equal(3n);
    // Every landlord proves the epoch as it opened (lease 1 included, if drawn).
    for (const [i, landlord] of landlords.entries()) {
      const challenge = before[i];
      const lease = data.get(challenge.leaseId)!;
      const { segment, proof } = segmentProof(lease.data, lease.tree, 1, Number(challenge.segmentIndex));
      await proofs.connect(landlord).prove(reclaimAt, challenge.leaseId, challenge.segmentIndex, segment, proof);
    }

    // Next epoch: lease 4, now first, leaves too: its moved positions are right in every list.
    await time.increaseTo((await market.epochStart(reclaimAt + 1n)) + 10n);
    await proofs.openEpoch();
    await mine(2);
    for (const landlord of landlords) {
      expect([2n, 3n, 4n]).to.include((await proofs.challengeOf(landlord.address, reclaimAt + 1n)).leaseId);
    }
    await market.connect(keeper).reclaim(4n);
    for (const landlord of landlords) {
      expect(await registry.leaseCountOf(landlord.address)).to.equal(2n);
      const listed = [await registry.leaseAt(landlord.address, 0n), await registry.leaseAt(landlord.address, 1n)];
      expect(listed.sort()).to.deep.equal([2n, 3n]);
    }
    await time.increaseTo((await market.epochStart(reclaimAt + 2n)) + 10n);
    await proofs.openEpoch();
    await mine(2);
    for (const landlord of landlords) {
      expect([2n, 3n]).to.include((await proofs.challengeOf(landlord.address, reclaimAt + 2n)).leaseId);
    }
    // Settling an address that never registered is refused.
    await time.increaseTo(await proofs.proofDeadline(reclaimAt + 2n));
    await expect(proofs.settleEpoch(reclaimAt + 2n, [keeper.address]))
      .to.be.revertedWithCustomError(registry, "UnknownLandlord")
      .withArgs(keeper.address);
  });

  it("refuses a move when no other landlord has room", async function () {
    const suite = await deployStorage(ethers, { landlords: 3 });
    const { registry, landlords, keeper } = suite;
    await rentAssigned(ethers, suite, 1, 10, leaseData(1, 10).root);
    await registry.connect(landlords[0]).retire();
    const slot = BigInt((await registry.groupOf(1n)).indexOf(landlords[0].address));
    await expect(registry.connect(keeper).reassign(landlords[0].address, 1))
      .to.be.revertedWithCustomError(registry, "InsufficientCapacity")
      .withArgs(1n, slot);
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
    await expect(registry.connect(stranger).drawGroup(1, 1, 1))
      .to.be.revertedWithCustomError(registry, "NotMarket")
      .withArgs(stranger.address);
    await expect(registry.connect(stranger).settle(1, [], [], true))
      .to.be.revertedWithCustomError(registry, "NotProofs")
      .withArgs(stranger.address);
    await expect(registry.connect(stranger).hold(1, stranger.address, 1))
      .to.be.revertedWithCustomError(registry, "NotProofs")
      .withArgs(stranger.address);
    await expect(registry.bind(await market.getAddress(), stranger.address)).to.be.revertedWithCustomError(
      registry,
      "NotBinder",
    );
  });
});
