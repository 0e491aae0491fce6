import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
// Refusals of the storage market's three contracts, each with the values that were wrong, and
// the retirement path of a landlord that still holds leases.
import { expect } from "chai";
import { network } from "hardhat";
import {
  acceptAll,
  deployStorage,
  leaseData,
  MARKET_PARAMS,
  PROOF_WINDOW,
  REGISTRY_PARAMS,
  rentAssigned,
  tokens,
  UNBONDING,
  fullLength,
} from "./helpers/storageFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, mine } = networkHelpers;

describe("Storage market refusals", function () {
  async function storageFixture() {
    return deployStorage(ethers);
  }

  it("refuses construction parameters out of range, naming the parameter", async function () {
    const { token, rewards, registry, market, randomness } = await networkHelpers.loadFixture(storageFixture);
    const registryArgs = (params: object) => [token, rewards, { ...REGISTRY_PARAMS, ...params }];
    const factory = await ethers.getContractFactory("LandlordRegistry");
    await expect(factory.deploy(...(registryArgs({ slashBps: 10_001n }) as [never, never, never])))
      .to.be.revertedWithCustomError(registry, "InvalidParameter")
      .withArgs("slashBps", 10_001n);
    for (const [name, value] of [
      ["failureLimit", 0n],
      ["minCapacityMB", 0n],
      ["minCapacityMB", 2n ** 48n],
      ["unbondingDelay", 2n ** 32n],
      ["acceptWindow", 0n],
      ["acceptWindow", 2n ** 32n],
    ] as const) {
      await expect(factory.deploy(...(registryArgs({ [name]: value }) as [never, never, never])))
        .to.be.revertedWithCustomError(registry, "InvalidParameter")
        .withArgs(name, value);
    }
    const marketFactory = await ethers.getContractFactory("StorageMarket");
    for (const [name, value] of [
      ["epochLength", 0n],
      ["maxTermEpochs", 0n],
      ["maxTermEpochs", 70_000n],
      ["replication", 0n],
    ] as const) {
      await expect(marketFactory.deploy(token, registry, rewards, randomness, { ...MARKET_PARAMS, [name]: value }))
        .to.be.revertedWithCustomError(market, "InvalidParameter")
        .withArgs(name, value);
    }
    const bancor = await ethers.deployContract("BancorMathHarness");
    await expect(
      marketFactory.deploy(token, registry, rewards, randomness, { ...MARKET_PARAMS, weightReciprocal: 21n }),
    )
      .to.be.revertedWithCustomError(bancor, "InvalidWeightReciprocal")
      .withArgs(21n);
    const proofsFactory = await ethers.getContractFactory("StorageProofs");
    for (const window of [0n, MARKET_PARAMS.epochLength + 1n]) {
      await expect(proofsFactory.deploy(market, registry, rewards, randomness, window))
        .to.be.revertedWithCustomError(proofsFactory, "InvalidProofWindow")
        .withArgs(window, MARKET_PARAMS.epochLength);
    }
    const fresh = await factory.deploy(token, rewards, REGISTRY_PARAMS);
    await expect(fresh.bind(ethers.ZeroAddress, await market.getAddress()))
      .to.be.revertedWithCustomError(fresh, "InvalidModules")
      .withArgs(ethers.ZeroAddress, await market.getAddress());
  });

  it("refuses bad landlord calls and records endpoint changes", async function () {
    const { registry, landlords, stranger, market, tenant } = await networkHelpers.loadFixture(storageFixture);
    await expect(registry.connect(landlords[0]).addCapacity(0))
      .to.be.revertedWithCustomError(registry, "InvalidCapacity")
      .withArgs(0n);
    await expect(registry.connect(stranger).addCapacity(1))
      .to.be.revertedWithCustomError(registry, "NotActive")
      .withArgs(stranger.address, 0n);
    await expect(registry.connect(stranger).registerLandlord(2n ** 48n, "x"))
      .to.be.revertedWithCustomError(registry, "CapacityTooLarge")
      .withArgs(2n ** 48n);
    await expect(registry.connect(landlords[0]).setEndpoint("https://new"))
      .to.emit(registry, "EndpointChanged")
      .withArgs(landlords[0].address, "https://new");
    await expect(registry.connect(stranger).setEndpoint("x"))
      .to.be.revertedWithCustomError(registry, "NotActive")
      .withArgs(stranger.address, 0n);
    await expect(registry.connect(stranger).retire())
      .to.be.revertedWithCustomError(registry, "UnknownLandlord")
      .withArgs(stranger.address);
    await expect(registry.groupOf(9)).to.be.revertedWithCustomError(registry, "UnknownAssignment").withArgs(9n);
    expect(await registry.landlordCount()).to.equal(4n);
    expect(await registry.accountOf(1)).to.equal(landlords[0].address);

    const suite = await networkHelpers.loadFixture(storageFixture);
    await rentAssigned(ethers, suite, 1, 5, leaseData(1, 10).root);
    await expect(registry.connect(tenant).reportService(1, stranger.address, 1))
      .to.be.revertedWithCustomError(registry, "NotMember")
      .withArgs(1n, stranger.address);
    await expect(registry.connect(tenant).reassign(landlords[0].address, 1))
      .to.be.revertedWithCustomError(registry, "NothingToMove")
      .withArgs(landlords[0].address, 1n, (await registry.landlordOf(landlords[0])).memberships);
    expect(await registry.membershipOf(1, stranger.address)).to.deep.equal([false, false]);
    expect(await registry.membershipOf(9, landlords[0].address)).to.deep.equal([false, false]);
    expect(await market.leaseOf(1)).to.not.equal(undefined);
  });

  it("retires a landlord in steps: stop taking leases, move them, close, unbond, then return the collateral", async function () {
    const suite = await networkHelpers.loadFixture(storageFixture);
    const { registry, market, proofs, landlords, keeper, token, rewards } = suite;
    const root = leaseData(1, 10).root;
    await rentAssigned(ethers, suite, 1, 5, root);
    await acceptAll(ethers, suite, 1n, root);
    await time.increaseTo((await market.epochStart(1n)) + 10n);
    await proofs.openEpoch();
    await mine(2);
    // The seed is recorded before the window's midpoint, so the epoch counts (audit M2).
    await proofs.reseed(1n);
    const original = await registry.groupOf(1);
    const [member] = original;
    const leaving = landlords.find((l) => l.address === member)!;
    // Moves are paid from the retiree's collateral (audit H4): half a token here, so that some
    // collateral is left to unbond.
    await rewards.setBounty(ethers.encodeBytes32String("LandlordRegistry.reassign"), tokens(1) / 2n);
    await expect(registry.connect(leaving).retire()).to.emit(registry, "RetirementStarted").withArgs(member, 1n);
    expect(await registry.drawableCount()).to.equal(3n);
    await expect(registry.connect(leaving).retire())
      .to.be.revertedWithCustomError(registry, "CannotRetire")
      .withArgs(member, 2n);
    const move = registry.connect(keeper).reassign(member, 5);
    await expect(move).to.emit(registry, "LeaseReassigned");
    await expect(move)
      .to.emit(rewards, "BountyPaid")
      .withArgs(
        ethers.encodeBytes32String("LandlordRegistry.reassign"),
        keeper.address,
        await registry.getAddress(),
        1n,
        (amount: bigint) => amount > 0n,
        (jobs: bigint) => jobs > 0n,
        (left: bigint) => left > 0n,
      );
    const group = await registry.groupOf(1);
    expect(group).to.not.include(member);
    // The new member must receive and accept the data before it holds the lease.
    const newcomer = group.find((a) => !original.includes(a))!;
    expect(await registry.membershipOf(1, newcomer)).to.deep.equal([true, false]);
    expect(await registry.membershipOf(1, member)).to.deep.equal([false, false]);

    // Closing starts the unbonding: its collateral comes back only after the delay and once the
    // epoch it closed in is settled; meanwhile it can still be slashed for that epoch.
    const collateral = (await registry.landlordOf(member)).collateral;
    const closedAt = BigInt((await time.latest()) + 1);
    const close = registry.connect(leaving).retire();
    await expect(close)
      .to.emit(registry, "LandlordClosed")
      .withArgs(member, 1n, 1024n, closedAt + UNBONDING);
    await expect(close).to.changeTokenBalance(ethers, token, leaving, 0n);
    await expect(registry.connect(leaving).retire())
      .to.be.revertedWithCustomError(registry, "Unbonding")
      .withArgs(member, closedAt + UNBONDING, 1n, 1n);
    expect((await market.state()).worldDiskMB).to.equal(1024n);
    await time.increaseTo(closedAt + UNBONDING);
    await expect(registry.connect(leaving).retire())
      .to.be.revertedWithCustomError(registry, "Unbonding")
      .withArgs(member, closedAt + UNBONDING, 1n, 1n);
    // It held the lease when epoch 1 opened and did not prove: slashed while unbonding.
    await expect(proofs.settleEpoch(1n, [member])).to.emit(registry, "LandlordFailed");
    await expect(registry.connect(leaving).retire()).to.changeTokenBalance(
      ethers,
      token,
      leaving,
      collateral - collateral / 20n,
    );
    await expect(registry.connect(leaving).retire())
      .to.be.revertedWithCustomError(registry, "CannotRetire")
      .withArgs(member, 4n);
    // Epochs after it closed are not settled for it.
    await expect(proofs.settleEpoch(2n, [member]))
      .to.be.revertedWithCustomError(proofs, "NotDue")
      .withArgs(0n, anyValue);
  });

  it("refuses proofs outside an open epoch's window, before its seed, and from a landlord with nothing to prove", async function () {
    const { proofs, market, landlords, tenant } = await networkHelpers.loadFixture(storageFixture);
    const proof = [ethers.ZeroHash];
    await expect(proofs.connect(landlords[0]).prove(0, 1, 0, "0x00", proof))
      .to.be.revertedWithCustomError(proofs, "EpochNotOpen")
      .withArgs(0n);
    await proofs.openEpoch();
    await expect(proofs.connect(landlords[0]).prove(0, 1, 0, "0x00", proof))
      .to.be.revertedWithCustomError(proofs, "SeedUnavailable")
      .withArgs(0n, 1n);
    await mine(2);
    await expect(proofs.connect(landlords[0]).prove(0, 1, 0, "0x00", proof))
      .to.be.revertedWithCustomError(proofs, "NoChallenge")
      .withArgs(0n, landlords[0].address);
    // A lease rented and accepted in this epoch is not challenged before the next one.
    const root = leaseData(1, 10).root;
    await market.connect(tenant).rent(1, 5, root, fullLength(1), tokens(1_000_000));
    await mine(2);
    await market.assign(1);
    const registry = await ethers.getContractAt("LandlordRegistry", await market.registry());
    const [member] = await registry.groupOf(1);
    await proofs.connect(await ethers.getSigner(member)).acceptData(1, root);
    expect((await proofs.challengeOf(member, 0n)).due).to.equal(false);
    const deadline = await proofs.proofDeadline(0n);
    await time.increaseTo(deadline);
    await expect(proofs.connect(landlords[0]).prove(0, 1, 0, "0x00", proof))
      .to.be.revertedWithCustomError(proofs, "ProofWindowClosed")
      .withArgs(0n, deadline);
    // Past the window's midpoint a seed could not count any more (audit M2): not due.
    await expect(proofs.reseed(0n)).to.be.revertedWithCustomError(proofs, "NotDue").withArgs(0n, anyValue);
  });

  it("refuses a resize without a root or with nothing left to hold", async function () {
    const { market, tenant } = await networkHelpers.loadFixture(storageFixture);
    const suite = await networkHelpers.loadFixture(storageFixture);
    await rentAssigned(ethers, suite, 1, 2, leaseData(1, 10).root);
    await expect(market.connect(tenant).resize(1, 2, ethers.ZeroHash, fullLength(2), 0)).to.be.revertedWithCustomError(
      market,
      "InvalidDataRoot",
    );
    const { endEpoch } = await market.leaseOf(1);
    await time.increaseTo((await market.epochStart(endEpoch - 1n)) + 1n);
    await expect(market.connect(tenant).resize(1, 2, leaseData(2, 10).root, fullLength(2), 0))
      .to.be.revertedWithCustomError(market, "NothingRemaining")
      .withArgs(1n);
    expect(await market.nextDripEpoch()).to.equal(0n);
  });
});
