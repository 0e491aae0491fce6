import { expect } from "chai";
import { encodeBytes32String, id, Interface, parseUnits, ZeroAddress } from "ethers";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { writeDeployments } from "../deploy/deployments.ts";
import { deployGenesis } from "../deploy/genesis.ts";
import {
  DEFAULT_ADMIN_ROLE,
  SCHEDULE_MANAGER_ROLE,
  SNAPSHOT_ROLE,
  TIMELOCK_ROLES,
  UPKEEP_KINDS,
} from "../deploy/ignition/Genesis.ts";
import { loadProfile, ProfileError, type Profile } from "../deploy/profile.ts";
import { ordinaryCalls } from "../lib/manifest.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const tokens = (amount: string) => parseUnits(amount, 18);

describe("Genesis deployment (profile local)", function () {
  const profile = loadProfile("local");

  async function genesisFixture() {
    const { deployments, genesisTime } = await deployGenesis(connection, profile);
    const at = (name: string) => deployments.contracts[name].address;
    return {
      deployments,
      genesisTime,
      token: await ethers.getContractAt("BaseToken", at("BaseToken")),
      vault: await ethers.getContractAt("VestingVault", at("VestingVault")),
      escrow: await ethers.getContractAt("GenesisEscrow", at("GenesisEscrow")),
      rewards: await ethers.getContractAt("KeeperRewards", at("KeeperRewards")),
      market: await ethers.getContractAt("StorageMarket", at("StorageMarket")),
      registry: await ethers.getContractAt("LandlordRegistry", at("LandlordRegistry")),
      proofs: await ethers.getContractAt("StorageProofs", at("StorageProofs")),
      timelock: await ethers.getContractAt("TimelockController", at("Timelock")),
      reserve: await ethers.getContractAt("CouncilReserve", at("CouncilReserve")),
      council: await ethers.getContractAt("Council", at("Council")),
      referendum: await ethers.getContractAt("Referendum", at("Referendum")),
      votingPower: await ethers.getContractAt("VotingPower", at("VotingPower")),
      tokenization: await ethers.getContractAt("TokenizationFactory", at("TokenizationFactory")),
      rewardsReserve: await ethers.getContractAt("RewardsReserve", at("RewardsReserve")),
      economicPool: await ethers.getContractAt("EconomicPool", at("EconomicPool")),
      honorPool: await ethers.getContractAt("HonorPool", at("HonorPool")),
      reputation: await ethers.getContractAt("Reputation", at("Reputation")),
      committee: await ethers.getContractAt("Committee", at("Committee")),
      oracle: await ethers.getContractAt("IndexOracle", at("IndexOracle")),
      insurance: await ethers.getContractAt("InsuranceMarket", at("InsuranceMarket")),
      chair: await ethers.getContractAt("CouncilChair", at("CouncilChair")),
      procurement: await ethers.getContractAt("ProcurementVote", at("ProcurementVote")),
    };
  }

  it("mints exactly 5,000,000,000 tokens, once, in a single transaction", async function () {
    const { token } = await networkHelpers.loadFixture(genesisFixture);
    expect(await token.totalSupply()).to.equal(tokens("5000000000"));
    const mints = await token.queryFilter(token.filters.Transfer(ZeroAddress));
    expect(new Set(mints.map((event) => event.transactionHash)).size).to.equal(1);
    const minted = mints.reduce((sum, event) => sum + event.args.value, 0n);
    expect(minted).to.equal(tokens("5000000000"));
  });

  it("lands every allocation where the profile says", async function () {
    const {
      token,
      vault,
      escrow,
      rewards,
      market,
      reserve,
      rewardsReserve,
      economicPool,
      honorPool,
      reputation,
      committee,
      genesisTime,
    } = await networkHelpers.loadFixture(genesisFixture);
    let escrowedNow = 0n;
    let vested = 0n;
    for (const allocation of profile.allocations) {
      const share = await escrow.shareOf(encodeBytes32String(allocation.share));
      const { target } = allocation;
      if (target.kind === "account") {
        expect(await token.balanceOf(target.address)).to.equal(allocation.amount);
        expect(share.amount).to.equal(0n);
      } else if (target.kind === "module" && target.module === "KeeperRewards") {
        expect(share.paidTo).to.equal(await rewards.getAddress());
        expect(await token.balanceOf(rewards)).to.equal(allocation.amount);
      } else if (target.kind === "module" && target.module === "StorageMarket") {
        // The subsidy share waits in the market's reserve and drips into the pool.
        expect(share.paidTo).to.equal(await market.getAddress());
        expect(await market.subsidyReserve()).to.equal(allocation.amount);
        expect(await market.dripPerEpoch()).to.equal(allocation.amount / BigInt(profile.storageMarket.subsidyEpochs));
        // The pool is open from genesis: epoch 0's drip is due at once, so no rent meets EmptyPool.
        expect(await market.nextDripEpoch()).to.equal(0n);
        // (Genesis may span a local epoch or two: every epoch's drip is in the pool from its start.)
        expect((await market.state()).pool).to.equal(
          (await market.dripPerEpoch()) * ((await market.currentEpoch()) + 1n),
        );
      } else if (target.kind === "module" && target.module === "CouncilReserve") {
        expect(share.paidTo).to.equal(await reserve.getAddress());
        expect(await token.balanceOf(reserve)).to.equal(allocation.amount);
        // The reserve's votes exist only for the council's bloc vote.
        expect(await token.delegates(reserve)).to.equal(await reserve.getAddress());
      } else if (target.kind === "module" && target.module === "RewardsReserve") {
        // Paid in and accounted at once (absorbGenesis, the manifest's onShare), and bound to the
        // EconomicPool, whose rounds start a (local) day after genesis.
        expect(share.paidTo).to.equal(await rewardsReserve.getAddress());
        expect(await token.balanceOf(rewardsReserve)).to.equal(allocation.amount);
        expect(await rewardsReserve.held()).to.equal(allocation.amount);
        expect(await rewardsReserve.genesisShare()).to.equal(allocation.amount);
        await expect(rewardsReserve.absorbGenesis()).to.be.revertedWithCustomError(
          rewardsReserve,
          "GenesisAlreadyAbsorbed",
        );
        expect((await rewardsReserve.streamOf(0)).pool).to.equal(await economicPool.getAddress());
        expect(await rewardsReserve.year()).to.equal((365n * 86_400n) / BigInt(profile.timeDivisor));
        const schedule = await economicPool.schedule();
        expect(schedule.start).to.equal(genesisTime + profile.stakingPools.economicPool.start);
        expect([schedule.raise, schedule.lock, schedule.settlement]).to.deep.equal(
          [3n, 84n, 3n].map((days) => (days * 86_400n) / BigInt(profile.timeDivisor)),
        );
        expect((await economicPool.parameters()).minStake).to.equal(tokens("20000"));
        // The committee's stream is bound too, and the HonorPool and the lens know the Committee.
        expect((await rewardsReserve.streamOf(1)).pool).to.equal(await committee.getAddress());
        expect(await honorPool.committee()).to.equal(await committee.getAddress());
        expect(await reputation.committee()).to.equal(await committee.getAddress());
        const terms = await committee.schedule();
        expect(terms.start).to.equal(genesisTime + profile.stakingPools.committee.start);
        expect(terms.termLength).to.equal((7n * 86_400n) / BigInt(profile.timeDivisor));
        expect((await honorPool.parameters()).minStake).to.equal(tokens("200000"));
        await expect(rewardsReserve.bindCommittee(economicPool)).to.be.revertedWithCustomError(
          rewardsReserve,
          "NotBinder",
        );
      } else if (target.kind === "module") {
        expect(share.amount).to.equal(allocation.amount);
        expect(share.paidTo).to.equal(ZeroAddress);
        escrowedNow += allocation.amount;
      } else {
        expect(share.amount).to.equal(allocation.amount);
        expect(share.paidTo).to.equal(await vault.getAddress());
        vested += allocation.amount;
      }
    }
    expect(await token.balanceOf(escrow)).to.equal(escrowedNow);
    expect(await escrow.totalEscrowed()).to.equal(escrowedNow);
    expect(await token.balanceOf(vault)).to.equal(vested);
    expect(await vault.totalObligations()).to.equal(vested);
    expect(await vault.unallocated()).to.equal(0n);

    const grants = profile.allocations.flatMap((a) => (a.target.kind === "vesting" ? a.target.grants : []));
    expect(await vault.scheduleCount()).to.equal(BigInt(grants.length));
    for (const [id, grant] of grants.entries()) {
      const schedule = await vault.getSchedule(id);
      expect(schedule.beneficiary).to.equal(grant.beneficiary);
      expect(schedule.terms.total).to.equal(grant.amount);
      expect(schedule.terms.start).to.equal(genesisTime + grant.startOffset);
      expect(schedule.terms.cliff).to.equal(grant.cliff);
      expect(schedule.terms.trancheInterval).to.equal(grant.trancheInterval);
      expect(schedule.terms.trancheCount).to.equal(BigInt(grant.trancheCount));
      expect(schedule.terms.unlockedAtStartBps).to.equal(BigInt(grant.unlockedAtStartBps));
      expect(schedule.revocable).to.equal(grant.revocable);
    }
  });

  it("registers every upkeep kind for its module, paying the profile's bounty", async function () {
    const {
      rewards,
      vault,
      market,
      proofs,
      registry,
      council,
      referendum,
      reserve,
      tokenization,
      timelock,
      economicPool,
      committee,
      oracle,
      insurance,
      chair,
      deployments,
      procurement,
    } = await networkHelpers.loadFixture(genesisFixture);
    const charity = await ethers.getContractAt("CharityCampaigns", deployments.contracts.CharityCampaigns.address);
    const modules = {
      CouncilChair: chair,
      CharityCampaigns: charity,
      EconomicPool: economicPool,
      Committee: committee,
      IndexOracle: oracle,
      InsuranceMarket: insurance,
      VestingVault: vault,
      StorageMarket: market,
      StorageProofs: proofs,
      LandlordRegistry: registry,
      Council: council,
      Referendum: referendum,
      CouncilReserve: reserve,
      TokenizationFactory: tokenization,
      DataMarket: await ethers.getContractAt("DataMarket", deployments.contracts.DataMarket.address),
      ProcurementVote: procurement,
    };
    const expected = Object.entries(UPKEEP_KINDS).flatMap(([module, kinds]) =>
      Object.values(kinds).map((kind) => [kind, module as keyof typeof modules] as const),
    );
    expect([...(await rewards.kinds())].sort()).to.deep.equal(expected.map(([kind]) => kind).sort());
    for (const [kind, module] of expected) {
      const registered = await rewards.kindOf(kind);
      expect(registered.module).to.equal(await modules[module].getAddress());
      expect(registered.bounty).to.equal(profile.keeperRewards.bounty);
    }
    expect(await market.DRIP_KIND()).to.equal(UPKEEP_KINDS.StorageMarket.drip);
    expect(await proofs.SETTLE_KIND()).to.equal(UPKEEP_KINDS.StorageProofs.settleEpoch);
    expect(await registry.REASSIGN_KIND()).to.equal(UPKEEP_KINDS.LandlordRegistry.reassign);
    expect(await market.ASSIGN_KIND()).to.equal(UPKEEP_KINDS.StorageMarket.assign);
    expect(await vault.RELEASE_KIND()).to.equal(UPKEEP_KINDS.VestingVault.release);
    expect(await council.FINALIZE_KIND()).to.equal(UPKEEP_KINDS.Council.finalizeElection);
    expect(await referendum.MISSED_RESPONSE_KIND()).to.equal(UPKEEP_KINDS.Referendum.missedResponse);
    expect(await referendum.EXECUTE_KIND()).to.equal(UPKEEP_KINDS.Referendum.execute);
    expect(await reserve.DISTRIBUTE_KIND()).to.equal(UPKEEP_KINDS.CouncilReserve.distribute);
    expect(await tokenization.EVALUATE_KIND()).to.equal(UPKEEP_KINDS.TokenizationFactory.evaluate);
    // The factory's launch rules come from the profile; its fees go to the CouncilReserve.
    const rules = await tokenization.parameters();
    expect([rules.minSeedReserve, rules.launchFee, rules.minPeriodLength]).to.deep.equal([
      profile.tokenization.minSeedReserve,
      profile.tokenization.launchFee,
      profile.tokenization.minPeriodLength,
    ]);
    expect(await tokenization.councilReserve()).to.equal(await reserve.getAddress());
    expect(await tokenization.timelock()).to.equal(await timelock.getAddress());
    const kind = await rewards.kindOf(UPKEEP_KINDS.VestingVault.release);
    expect(kind.module).to.equal(await vault.getAddress());
    expect(kind.bounty).to.equal(tokens("10"));
    expect(profile.keeperRewards.bounty).to.equal(tokens("10"));
  });

  it("deploys the AliasRegistry with the profile's accounts.alias rules, paying the CouncilReserve, governed by the Timelock", async function () {
    const { deployments, reserve, token, timelock } = await networkHelpers.loadFixture(genesisFixture);
    const aliases = await ethers.getContractAt("AliasRegistry", deployments.contracts.AliasRegistry.address);
    expect(await aliases.reserve()).to.equal(await reserve.getAddress());
    expect(await aliases.token()).to.equal(await token.getAddress());
    expect(await aliases.timelock()).to.equal(await timelock.getAddress());
    const rules = await aliases.parameters();
    expect([rules.baseFee, rules.fullPriceLength, rules.minCommitmentAge, rules.maxCommitmentAge]).to.deep.equal([
      profile.accounts.alias.baseFee,
      BigInt(profile.accounts.alias.fullPriceLength),
      profile.accounts.alias.minCommitmentAge,
      profile.accounts.alias.maxCommitmentAge,
    ]);
    // Local fees are mainnet's (not durations); the commitment window is mainnet's (30m, 1d) / 1440.
    expect(profile.accounts.alias.baseFee).to.equal(tokens("10"));
    expect([rules.minCommitmentAge, rules.maxCommitmentAge]).to.deep.equal([1800n / 1440n, 86_400n / 1440n]);
  });

  it("deploys the DataMarket with the profile's dataMarket rules (windows mainnet's / 1440), wired to the suite, governed by the Timelock", async function () {
    const { deployments, token, timelock, rewards, committee } = await networkHelpers.loadFixture(genesisFixture);
    const market = await ethers.getContractAt("DataMarket", deployments.contracts.DataMarket.address);
    expect(await market.token()).to.equal(await token.getAddress());
    expect(await market.timelock()).to.equal(await timelock.getAddress());
    expect(await market.keeperRewards()).to.equal(await rewards.getAddress());
    expect(await market.committee()).to.equal(await committee.getAddress());
    expect(await market.aliases()).to.equal(deployments.contracts.AliasRegistry.address);
    expect(await market.reserve()).to.equal(deployments.contracts.RewardsReserve.address);
    expect(await market.storageMarket()).to.equal(deployments.contracts.StorageMarket.address);
    const rules = await market.parameters();
    const p = profile.dataMarket;
    expect([rules.minPrice, rules.minCollateral, rules.disputeBond, rules.minUpkeepFee]).to.deep.equal([
      p.minPrice,
      p.minCollateral,
      p.disputeBond,
      p.minUpkeepFee,
    ]);
    expect([rules.deliveryWindow, rules.confirmationWindow, rules.disputeWindow, rules.withdrawDelay]).to.deep.equal([
      86_400n / 1440n,
      (3n * 86_400n) / 1440n,
      (7n * 86_400n) / 1440n,
      (7n * 86_400n) / 1440n,
    ]);
    expect(await market.upkeepFee()).to.equal(p.minUpkeepFee + profile.keeperRewards.bounty);
  });
  it("deploys the ProcurementVote on the EconomicPool, Council and CouncilReserve with the profile's procurement rules", async function () {
    const { deployments, reserve, token, timelock, council, rewards } =
      await networkHelpers.loadFixture(genesisFixture);
    const procurement = await ethers.getContractAt("ProcurementVote", deployments.contracts.ProcurementVote.address);
    expect(await procurement.token()).to.equal(await token.getAddress());
    expect(await procurement.economicPool()).to.equal(deployments.contracts.EconomicPool.address);
    expect(await procurement.council()).to.equal(await council.getAddress());
    expect(await procurement.councilReserve()).to.equal(await reserve.getAddress());
    expect(await procurement.timelock()).to.equal(await timelock.getAddress());
    const rules = await procurement.parameters();
    expect([rules.openFee, rules.minRewardPool, rules.minPeriod]).to.deep.equal([
      profile.procurement.openFee,
      profile.procurement.minRewardPool,
      profile.procurement.minPeriod,
    ]);
    // The open fee covers the round's two bounties (close and expiry), so no round is made for them.
    expect(rules.openFee).to.be.gt(2n * profile.keeperRewards.bounty);
    expect(rules.minPeriod).to.equal(86_400n / 1440n);
    const kind = await rewards.kindOf(UPKEEP_KINDS.ProcurementVote.close);
    expect(kind.module).to.equal(await procurement.getAddress());
  });
  it("deploys CharityCampaigns over the base token and the Committee, its refund kind registered, the DutchAuction donating to it", async function () {
    const { deployments, token, timelock, rewards } = await networkHelpers.loadFixture(genesisFixture);
    const charity = await ethers.getContractAt("CharityCampaigns", deployments.contracts.CharityCampaigns.address);
    expect(await charity.baseToken()).to.equal(await token.getAddress());
    expect(await charity.committee()).to.equal(deployments.contracts.Committee.address);
    expect(await charity.timelock()).to.equal(await timelock.getAddress());
    expect(await charity.minDonationOf(token)).to.equal(profile.charity.minDonation);
    expect(profile.charity.minDonation).to.be.greaterThan(profile.keeperRewards.bounty);
    const kind = await rewards.kindOf(UPKEEP_KINDS.CharityCampaigns.refund);
    expect(kind.module).to.equal(await charity.getAddress());
    const auctions = await ethers.getContractAt("DutchAuction", deployments.contracts.DutchAuction.address);
    expect(await auctions.charity()).to.equal(await charity.getAddress());
  });

  it("deploys the WalletFactory with the profile's accounts.wallet delays (mainnet's / 1440) and its implementation", async function () {
    const { deployments } = await networkHelpers.loadFixture(genesisFixture);
    const factory = await ethers.getContractAt("WalletFactory", deployments.contracts.WalletFactory.address);
    expect([await factory.defaultDelay(), await factory.minDelay()]).to.deep.equal([
      profile.accounts.wallet.defaultDelay,
      profile.accounts.wallet.minDelay,
    ]);
    expect([profile.accounts.wallet.defaultDelay, profile.accounts.wallet.minDelay]).to.deep.equal([
      (7n * 86_400n) / 1440n,
      86_400n / 1440n,
    ]);
    const implementation = await ethers.getContractAt("RecoverableWallet", await factory.implementation());
    expect(await implementation.minDelay()).to.equal(profile.accounts.wallet.minDelay);
    expect(await implementation.owner()).to.equal(ZeroAddress);
  });

  it("seeds the Referendum's ordinary list from the manifest; role changes and the escrow stay constitutional", async function () {
    const { referendum, council, reserve, token, escrow, rewards } = await networkHelpers.loadFixture(genesisFixture);
    const targets = { Council: council, CouncilReserve: reserve } as Record<string, { getAddress(): Promise<string> }>;
    expect(ordinaryCalls().map((c) => `${c.contract}.${c.signature}`)).to.deep.equal([
      "Council.removeMember(address)",
      "Council.restoreMember(address,uint256)",
      "CouncilReserve.approveBudget(uint256)",
      "CouncilReserve.grantLiquidity(address,uint256,bytes32)",
    ]);
    for (const call of ordinaryCalls()) {
      expect(
        await referendum.isOrdinary(await targets[call.contract].getAddress(), id(call.signature).slice(0, 10)),
      ).to.equal(true);
    }
    const constitutional: [
      { getAddress(): Promise<string>; interface: Pick<Interface, "encodeFunctionData"> },
      string,
      unknown[],
    ][] = [
      [token, "revokeRole", [SNAPSHOT_ROLE, await reserve.getAddress()]],
      [escrow, "transferAuthority", [await council.getAddress()]],
      [rewards, "setBounty", [UPKEEP_KINDS.Referendum.close, 1n]],
    ];
    for (const [contract, name, args] of constitutional) {
      const data = contract.interface.encodeFunctionData(name, args);
      expect((await referendum.isConstitutional([await contract.getAddress()], [data]))[0], name).to.equal(true);
    }
  });

  it("divides every duration by 1440 in the local profile", async function () {
    const { vault, timelock, market, proofs } = await networkHelpers.loadFixture(genesisFixture);
    expect(await market.epochLength()).to.equal(60n);
    expect(await proofs.proofWindow()).to.equal(15n);
    expect(await timelock.getMinDelay()).to.equal((2n * 86_400n) / 1440n);
    const team = await vault.getSchedule(0);
    expect(team.terms.trancheInterval).to.equal((365n * 86_400n) / 1440n);
  });

  it("has no function that mints after genesis", async function () {
    const { token } = await networkHelpers.loadFixture(genesisFixture);
    const names: string[] = [];
    token.interface.forEachFunction((fragment) => names.push(fragment.name));
    expect(names.filter((name) => /mint/i.test(name))).to.deep.equal([]);
    const [caller] = await ethers.getSigners();
    for (const signature of ["mint(address,uint256)", "mint(uint256)", "issue(address,uint256)"]) {
      const data = new Interface([`function ${signature}`]).encodeFunctionData(signature.split("(")[0], [
        ...(signature.includes("address") ? [caller.address] : []),
        1n,
      ]);
      await expect(caller.sendTransaction({ to: await token.getAddress(), data })).to.be.revert(ethers);
    }
    expect(await token.totalSupply()).to.equal(tokens("5000000000"));
  });

  it("leaves the deployer with no tokens and no role; the Timelock holds them all", async function () {
    const {
      token,
      vault,
      escrow,
      rewards,
      timelock,
      registry,
      market,
      reserve,
      referendum,
      oracle,
      insurance,
      committee,
    } = await networkHelpers.loadFixture(genesisFixture);
    const [deployer] = await ethers.getSigners();
    expect(await token.balanceOf(deployer)).to.equal(0n);
    // The oracle is bound to the Committee with the market as its consumer; its binder is gone.
    expect(await oracle.committee()).to.equal(await committee.getAddress());
    expect(await oracle.isConsumer(insurance)).to.equal(true);
    await expect(oracle.connect(deployer).setConsumer(deployer.address, true)).to.be.revertedWithCustomError(
      oracle,
      "NotTimelock",
    );
    await expect(oracle.connect(deployer).bindCommittee(deployer.address)).to.be.revertedWithCustomError(
      oracle,
      "NotBinder",
    );
    expect(await token.hasRole(DEFAULT_ADMIN_ROLE, deployer)).to.equal(false);
    expect(await token.hasRole(await token.SNAPSHOT_ROLE(), deployer)).to.equal(false);
    expect(await vault.hasRole(DEFAULT_ADMIN_ROLE, deployer)).to.equal(false);
    expect(await vault.hasRole(SCHEDULE_MANAGER_ROLE, deployer)).to.equal(false);
    expect(await rewards.hasRole(DEFAULT_ADMIN_ROLE, deployer)).to.equal(false);
    expect(await rewards.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
    // The storage registry was bound once by the deployer, which can no longer bind it.
    await expect(registry.bind(await market.getAddress(), deployer.address)).to.be.revertedWithCustomError(
      registry,
      "NotBinder",
    );
    for (const role of Object.values(TIMELOCK_ROLES)) {
      expect(await timelock.hasRole(role, deployer)).to.equal(false);
    }
    expect(await escrow.authority()).to.equal(await timelock.getAddress());
    expect(await token.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
    expect(await vault.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
    expect(await vault.hasRole(SCHEDULE_MANAGER_ROLE, timelock)).to.equal(true);
    expect(await timelock.hasRole(TIMELOCK_ROLES.admin, timelock)).to.equal(true);
    // Only the Referendum proposes and executes; anyone executes through Referendum.execute.
    expect(await timelock.hasRole(TIMELOCK_ROLES.executor, ZeroAddress)).to.equal(false);
    expect(await timelock.hasRole(TIMELOCK_ROLES.executor, referendum)).to.equal(true);
    expect(await timelock.hasRole(TIMELOCK_ROLES.proposer, referendum)).to.equal(true);
    expect(await timelock.hasRole(TIMELOCK_ROLES.canceller, referendum)).to.equal(false);
    expect(await token.hasRole(await token.SNAPSHOT_ROLE(), reserve)).to.equal(true);
    expect(await timelock.getMinDelay()).to.equal(profile.timelock.minDelay);
  });

  it("wires the storage market to one randomness beacon with the profile's landlord and pool rules", async function () {
    const { market, registry, proofs, deployments } = await networkHelpers.loadFixture(genesisFixture);
    const beacon = deployments.contracts.BlockRandomness.address;
    expect(await market.randomness()).to.equal(beacon);
    expect(await proofs.randomness()).to.equal(beacon);
    const storage = profile.storageMarket;
    expect(await registry.minCapacityMB()).to.equal(BigInt(storage.minCapacityMB));
    expect(await registry.unbondingDelay()).to.equal(storage.unbondingDelay);
    expect(await registry.acceptWindow()).to.equal(storage.acceptWindow);
    expect(storage.acceptWindow).to.equal(86_400n / BigInt(profile.timeDivisor));
    expect(await market.poolFloor()).to.equal(storage.poolFloor);
    // The local profile divides time by 1440: 30 days of unbonding are 30 minutes.
    expect(storage.unbondingDelay).to.equal((30n * 86_400n) / BigInt(profile.timeDivisor));
    expect(storage.minCapacityMB).to.equal(1024);
  });

  it("reports each contract's address and the block that created it", async function () {
    const { deployments } = await networkHelpers.loadFixture(genesisFixture);
    expect(Object.keys(deployments.contracts).sort()).to.deep.equal(
      [
        "BaseToken",
        "GenesisEscrow",
        "KeeperRewards",
        "Timelock",
        "VestingVault",
        "BlockRandomness",
        "LandlordRegistry",
        "StorageMarket",
        "StorageProofs",
        "StorageLens",
        "RewardsReserve",
        "EconomicPool",
        "HonorPool",
        "Reputation",
        "Committee",
        "IndexOracle",
        "InsuranceMarket",
        "VotingPower",
        "Council",
        "CouncilReserve",
        "Referendum",
        "CouncilChair",
        "GovernanceLens",
        "TokenizationFactory",
        "CollectionFactory",
        "DutchAuction",
        "AliasRegistry",
        "WalletFactory",
        "DataMarket",
        "ProcurementVote",
        "CharityCampaigns",
      ].sort(),
    );
    for (const { address, startBlock } of Object.values(deployments.contracts)) {
      expect(await ethers.provider.getCode(address, startBlock)).to.not.equal("0x");
      expect(await ethers.provider.getCode(address, startBlock - 1)).to.equal("0x");
    }
    const dir = mkdtempSync(path.join(tmpdir(), "jiaozi-deployments-"));
    const file = writeDeployments(deployments, { replace: true, dir });
    const written = JSON.parse(readFileSync(file, "utf8"));
    expect(written).to.deep.equal({ chainId: 31337, profile: "local", contracts: deployments.contracts });
    writeDeployments(
      { chainId: 31337, profile: "local", contracts: { KeeperRewards: { address: ZeroAddress, startBlock: 9 } } },
      { replace: false, dir },
    );
    const extended = JSON.parse(readFileSync(file, "utf8"));
    expect(Object.keys(extended.contracts)).to.include.members(["BaseToken", "KeeperRewards"]);
  });

  it("refuses a profile that pays the deployer, before sending anything", async function () {
    const [deployer] = await ethers.getSigners();
    const bad: Profile = structuredClone(profile);
    const publicShare = bad.allocations.find((a) => a.target.kind === "account")!;
    publicShare.target = { kind: "account", address: deployer.address };
    const blockBefore = await ethers.provider.getBlockNumber();
    const failure = await deployGenesis(connection, bad).catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(ProfileError);
    expect((failure as ProfileError).problems[0].field).to.equal("allocations[1].account");
    expect(await ethers.provider.getBlockNumber()).to.equal(blockBefore);
  });
});
