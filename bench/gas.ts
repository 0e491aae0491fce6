// npm run bench: gas per operation of our contracts next to OpenZeppelin's doing the same job,
// measured in the same run on Hardhat's in-process chain. Prints a Markdown table and writes it
// to benchmarks/gas.md.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseUnits, Signature, type ContractTransactionResponse, type TransactionResponse } from "ethers";
import { network } from "hardhat";
import { deployStorage, fullLength } from "../test/helpers/storageFixture.ts";
import { deployGovernance, FOR } from "../test/helpers/governanceFixture.ts";
import { storageMembershipRows } from "./storageMembership.ts";
import { stakingRows } from "./staking.ts";
import { committeeRows } from "./committee.ts";
import { insuranceRows } from "./insurance.ts";
import { oracleRows } from "./oracle.ts";
import { accountsRows } from "./accounts.ts";
import { dataMarketRows } from "./dataMarket.ts";
import { walletRows } from "./wallet.ts";
import { councilChairRows } from "./council.ts";
import { procurementRows } from "./procurement.ts";
import { charityRows } from "./charity.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time } = networkHelpers;
const tokens = (amount: string) => parseUnits(amount, 18);
const DAY = 86_400n;
const [deployer, alice, bob, carol] = await ethers.getSigners();

interface Row {
  operation: string;
  jiaozi: bigint;
  openZeppelin?: bigint;
  reference?: string;
}
const rows: Row[] = [];

async function gasOf(tx: Promise<ContractTransactionResponse | TransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

// --- Base token ---------------------------------------------------------------------------
const supply = tokens("5000000000");
const token = await ethers.deployContract("BaseToken", [
  "Jiaozi",
  "JZ",
  [{ holder: alice.address, amount: supply }],
  deployer.address,
]);
const reference = await ethers.deployContract("OZVotesToken", [alice.address, supply]);
await token.grantRole(await token.SNAPSHOT_ROLE(), deployer.address);
for (const t of [token, reference]) {
  await t.connect(alice).transfer(carol.address, tokens("1")); // warm the recipient's balance slot
  await t.connect(bob).delegate(bob.address);
}

const delegateOurs = await gasOf(token.connect(alice).delegate(alice.address));
const delegateOz = await gasOf(reference.connect(alice).delegate(alice.address));
rows.push({
  operation: "BaseToken delegate (first)",
  jiaozi: delegateOurs,
  openZeppelin: delegateOz,
  reference: "ERC20Votes",
});

rows.push({
  operation: "BaseToken transfer, both delegated, no snapshot taken",
  jiaozi: await gasOf(token.connect(alice).transfer(bob.address, tokens("10"))),
  openZeppelin: await gasOf(reference.connect(alice).transfer(bob.address, tokens("10"))),
  reference: "ERC20Votes",
});

rows.push({ operation: "BaseToken snapshot", jiaozi: await gasOf(token.snapshot()) });
const ozTransfer = await gasOf(reference.connect(alice).transfer(bob.address, tokens("10")));
rows.push({
  operation: "BaseToken transfer, first after a snapshot (records both balances)",
  jiaozi: await gasOf(token.connect(alice).transfer(bob.address, tokens("10"))),
  openZeppelin: ozTransfer,
  reference: "ERC20Votes (no snapshots)",
});
rows.push({
  operation: "BaseToken transfer, again after the same snapshot",
  jiaozi: await gasOf(token.connect(alice).transfer(bob.address, tokens("10"))),
  openZeppelin: await gasOf(reference.connect(alice).transfer(bob.address, tokens("10"))),
  reference: "ERC20Votes (no snapshots)",
});

// Two transfers in one block: the second finds the opening balance of the block already kept.
await networkHelpers.mine();
await ethers.provider.send("evm_setAutomine", [false]);
const sameBlock = [
  await token.connect(alice).transfer(bob.address, tokens("10"), { gasLimit: 300_000 }),
  await token.connect(alice).transfer(bob.address, tokens("10"), { gasLimit: 300_000 }),
];
await ethers.provider.send("evm_mine", []);
await ethers.provider.send("evm_setAutomine", [true]);
rows.push({
  operation: "BaseToken transfer, second in the same block",
  jiaozi: (await sameBlock[1].wait())!.gasUsed,
});

async function permitGas(t: typeof token | typeof reference, name: string): Promise<bigint> {
  const deadline = BigInt(await time.latest()) + 3600n;
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name, version: "1", chainId, verifyingContract: await t.getAddress() };
  const types = {
    Permit: ["owner", "spender", "value", "nonce", "deadline"].map((n) => ({
      name: n,
      type: n === "owner" || n === "spender" ? "address" : "uint256",
    })),
  };
  const nonce = await t.nonces(alice.address);
  const message = { owner: alice.address, spender: bob.address, value: 1n, nonce, deadline };
  const { v, r, s } = Signature.from(await alice.signTypedData(domain, types, message));
  return gasOf(t.connect(bob).permit(alice.address, bob.address, 1n, deadline, v, r, s));
}
rows.push({
  operation: "BaseToken permit",
  jiaozi: await permitGas(token, "Jiaozi"),
  openZeppelin: await permitGas(reference, "Reference"),
  reference: "ERC20Permit",
});

// --- Vesting ------------------------------------------------------------------------------
// A token with no snapshot taken, so both vesting contracts pay the same transfer cost.
const vested = await ethers.deployContract("BaseToken", [
  "Jiaozi",
  "JZ",
  [{ holder: alice.address, amount: supply }],
  deployer.address,
]);
await vested.connect(alice).transfer(carol.address, tokens("1"));
const keeperRewards = await ethers.deployContract("KeeperRewards", [await vested.getAddress(), deployer.address]);
const vault = await ethers.deployContract("VestingVault", [
  await vested.getAddress(),
  await keeperRewards.getAddress(),
  deployer.address,
]);
await keeperRewards.registerKind(await vault.RELEASE_KIND(), await vault.getAddress(), tokens("10"));
await vested.connect(alice).transfer(await keeperRewards.getAddress(), tokens("1000"));
await vault.grantRole(await vault.SCHEDULE_MANAGER_ROLE(), deployer.address);
await vested.connect(alice).transfer(await vault.getAddress(), tokens("1000000"));
const start = BigInt(await time.latest()) + DAY;
const terms = {
  total: tokens("1000"),
  start,
  cliff: 0n,
  trancheInterval: 30n * DAY,
  trancheCount: 12,
  unlockedAtStartBps: 0,
};
const createOurs = await gasOf(vault.createSchedule(carol.address, terms, false));

// OpenZeppelin's way to create a schedule: deploy a wallet per beneficiary and fund it.
const walletFactory = await ethers.getContractFactory("OZVestingWallet");
const wallet = await walletFactory.deploy(carol.address, start, 360n * DAY, 0n);
const walletDeploy = (await wallet.deploymentTransaction()!.wait())!.gasUsed;
const walletFund = await gasOf(vested.connect(alice).transfer(await wallet.getAddress(), tokens("1000")));
rows.push({
  operation: "VestingVault createSchedule",
  jiaozi: createOurs,
  openZeppelin: walletDeploy + walletFund,
  reference: "VestingWallet deploy + fund",
});

await time.increaseTo(start + 30n * DAY);
const releaseOz = "release(address)";
rows.push({
  operation: "VestingVault release (first)",
  jiaozi: await gasOf(vault.release(0)),
  openZeppelin: await gasOf(wallet[releaseOz](await vested.getAddress())),
  reference: "VestingWallet release(token)",
});
await time.increaseTo(start + 60n * DAY);
rows.push({
  operation: "VestingVault release (later)",
  jiaozi: await gasOf(vault.release(0)),
  openZeppelin: await gasOf(wallet[releaseOz](await vested.getAddress())),
  reference: "VestingWallet release(token)",
});
await vault.createSchedule(carol.address, terms, true);
rows.push({ operation: "VestingVault revoke", jiaozi: await gasOf(vault.revoke(1)) });

// --- Keeper bounties -----------------------------------------------------------------------
// The deployer plays the registered module; the keeper is paid from the contract's budget.
const bounties = await ethers.deployContract("KeeperRewards", [await vested.getAddress(), deployer.address]);
const kind = ethers.encodeBytes32String("bench.job");
await bounties.registerKind(kind, deployer.address, tokens("10"));
await vested.connect(alice).transfer(await bounties.getAddress(), tokens("70"));
rows.push({
  operation: "KeeperRewards reward, 1 unit (first paid job of a keeper)",
  jiaozi: await gasOf(bounties.reward(bob.address, kind, 1)),
});
rows.push({
  operation: "KeeperRewards reward, 1 unit (later paid job)",
  jiaozi: await gasOf(bounties.reward(bob.address, kind, 1)),
});
rows.push({
  operation: "KeeperRewards reward, 5 units in one call (same total as 5 calls)",
  jiaozi: await gasOf(bounties.reward(bob.address, kind, 5)),
});
rows.push({
  operation: "KeeperRewards reward (budget empty: counted, unpaid)",
  jiaozi: await gasOf(bounties.reward(bob.address, kind, 1)),
});

// --- Randomness beacon ---------------------------------------------------------------------
// The one randomness helper: a request commits to a later block; record() stores its value.
const beacon = await ethers.deployContract("BlockRandomness", [1]);
rows.push({ operation: "BlockRandomness request (commit to a later block)", jiaozi: await gasOf(beacon.request()) });
await networkHelpers.mine(2);
rows.push({ operation: "BlockRandomness record (value of a mined block)", jiaozi: await gasOf(beacon.record(1)) });

// --- Storage proofs ------------------------------------------------------------------------
// A proof for 1 GB of data: 2^22 segments of 256 bytes, depth 22. The gas is that of a whole
// transaction calling the verifier (21,000 base and the calldata included), as prove() will be.
const merkle = await ethers.deployContract("SegmentMerkleHarness");
const segment = ethers.hexlify(ethers.randomBytes(256));
const siblings = Array.from({ length: 22 }, () => ethers.hexlify(ethers.randomBytes(32)));
const provenIndex = 0x2a5a5an;
let proofNode = ethers.keccak256(ethers.concat(["0x00", segment]));
siblings.forEach((sibling, height) => {
  const right = (provenIndex >> BigInt(height)) & 1n;
  proofNode = ethers.keccak256(ethers.concat(["0x01", ...(right ? [sibling, proofNode] : [proofNode, sibling])]));
});
if (!(await merkle.verify(proofNode, 1n << 22n, provenIndex, segment, siblings))) throw new Error("bench proof");
rows.push({
  operation: "SegmentMerkle verify, 1 GB (depth 22), as a transaction",
  jiaozi: await gasOf(
    deployer.sendTransaction({
      to: await merkle.getAddress(),
      data: merkle.interface.encodeFunctionData("verify", [proofNode, 1n << 22n, provenIndex, segment, siblings]),
    }),
  ),
});

// --- Storage pricing ---------------------------------------------------------------------
// The math of quote(sizeMB, days): 1 GB for 30 days out of a year of 1 PB, c = 0.2. Execution
// gas of the computation alone, measured inside the call (Bancor's own formula: about 3,800).
const bancor = await ethers.deployContract("BancorMathHarness");
const [, pricingGas] = await bancor.measurePurchaseCost(tokens("1000000"), 365n * 10n ** 9n, 1024n * 30n, 5);
rows.push({ operation: "BancorMath purchaseCost (storage quote math, c = 0.2), execution", jiaozi: pricingGas });

// --- Storage market ------------------------------------------------------------------------
// Twelve landlords of 1 GB. Lease data is one 256-byte segment repeated, so the tree of any
// lease is a chain of equal nodes and every challenge is provable without building 4M leaves.
const storage = await deployStorage(ethers, { landlords: 12 });
const probe = await ethers.deployContract("QuoteProbe");
const [, quoteCold, quoteWarm] = await probe.measureQuote(await storage.market.getAddress(), 1024, 30);
rows.push({ operation: "StorageMarket quote (1 GB, 30 days), execution, cold storage", jiaozi: quoteCold });
rows.push({ operation: "StorageMarket quote, execution, warm (second call in a transaction)", jiaozi: quoteWarm });

const uniformSegment = Uint8Array.from({ length: 256 }, (_, i) => (i * 7 + 3) & 0xff);
function uniformTree(sizeMB: number) {
  const depth = Math.log2(sizeMB * 4096);
  const nodes = [ethers.keccak256(ethers.concat(["0x00", uniformSegment]))];
  for (let h = 1; h <= depth; h++) nodes.push(ethers.keccak256(ethers.concat(["0x01", nodes[h - 1], nodes[h - 1]])));
  return { root: nodes[depth], proof: nodes.slice(0, depth) };
}
const leaseSizes = new Map<bigint, number>();
/** Rents (step one: priced, booked, escrowed, randomness requested) and returns its gas. */
const rentLease = async (sizeMB: number, days: number) => {
  const gas = await gasOf(
    storage.market
      .connect(storage.tenant)
      .rent(sizeMB, days, uniformTree(sizeMB).root, fullLength(sizeMB), ethers.MaxUint256),
  );
  leaseSizes.set(await storage.market.leaseCount(), sizeMB);
  return gas;
};
/** Assigns a rented lease (step two: the copy group drawn from the sum tree) and returns its gas. */
const assignLease = async (leaseId: bigint) => {
  await networkHelpers.mine(2);
  return gasOf(storage.market.connect(storage.keeper).assign(leaseId));
};
/** Every member of the lease's group accepts its data; returns the gas of the first acceptance. */
const acceptLease = async (leaseId: bigint) => {
  const gas: bigint[] = [];
  for (const member of await storage.registry.groupOf(leaseId)) {
    const root = uniformTree(leaseSizes.get(leaseId)!).root;
    gas.push(await gasOf(storage.proofs.connect(await ethers.getSigner(member)).acceptData(leaseId, root)));
  }
  return gas[0];
};
rows.push({
  operation: "StorageMarket rent (1 GB, 10 days; escrowed, group drawn later)",
  jiaozi: await rentLease(1024, 10),
});
rows.push({
  operation: "StorageMarket assign (1 GB lease; copy group drawn, 12 landlords)",
  jiaozi: await assignLease(1n),
});
rows.push({ operation: "StorageMarket rent (1 MB, 10 days)", jiaozi: await rentLease(1, 10) });
rows.push({ operation: "StorageMarket assign (1 MB lease)", jiaozi: await assignLease(2n) });
rows.push({ operation: "StorageProofs acceptData (a landlord's first lease)", jiaozi: await acceptLease(1n) });
rows.push({ operation: "StorageProofs acceptData (a later lease)", jiaozi: await acceptLease(2n) });
for (let i = 0; i < 8; i++) {
  await rentLease(1, 10);
  const leaseId = await storage.market.leaseCount();
  await assignLease(leaseId);
  await acceptLease(leaseId);
}
rows.push({
  operation: "StorageMarket extend (1 MB lease, 5 days)",
  jiaozi: await gasOf(storage.market.connect(storage.tenant).extend(2, 5, ethers.MaxUint256)),
});
rows.push({
  operation: "StorageMarket updateData (1 MB lease; data fee into the pool)",
  jiaozi: await gasOf(
    storage.market.connect(storage.tenant).updateData(3, uniformTree(1).root, fullLength(1), ethers.MaxUint256),
  ),
});

await time.increaseTo((await storage.market.epochStart(1n)) + 10n);
rows.push({
  operation: "StorageProofs openEpoch",
  jiaozi: await gasOf(storage.proofs.connect(storage.keeper).openEpoch()),
});
await networkHelpers.mine(2);
rows.push({
  operation: "StorageProofs reseed (records the seed)",
  jiaozi: await gasOf(storage.proofs.connect(storage.keeper).reseed(1n)),
});
/** Every landlord with a challenge proves it; returns the gas of the first proof per lease size. */
async function proveEpoch(epoch: bigint) {
  const gasBySize = new Map<number, bigint>();
  for (const landlord of storage.landlords) {
    const challenge = await storage.proofs.challengeOf(landlord.address, epoch);
    if (!challenge.due) continue;
    const sizeMB = leaseSizes.get(challenge.leaseId)!;
    const gas = await gasOf(
      storage.proofs
        .connect(landlord)
        .prove(epoch, challenge.leaseId, challenge.segmentIndex, uniformSegment, uniformTree(sizeMB).proof),
    );
    if (!gasBySize.has(sizeMB)) gasBySize.set(sizeMB, gas);
  }
  return gasBySize;
}
/** Settles `epoch`: one landlord alone, then the others in one batch. */
async function settle(epoch: bigint) {
  await time.increaseTo(await storage.proofs.proofDeadline(epoch));
  const everyone = storage.landlords.map((l) => l.address);
  const one = await gasOf(storage.proofs.connect(storage.keeper).settleEpoch(epoch, everyone.slice(0, 1)));
  const rest = await gasOf(storage.proofs.connect(storage.keeper).settleEpoch(epoch, everyone.slice(1)));
  return { one, perLandlord: (rest - one) / BigInt(everyone.length - 2), batch: everyone.length - 1 };
}
const label = (sizeMB: number) =>
  `${sizeMB === 1024 ? "1 GB" : `${sizeMB} MB`} lease (depth ${Math.log2(sizeMB * 4096)})`;

const firstProofs = await proveEpoch(1n);
const firstSettle = await settle(1n);
// A second epoch: the landlords' proof bitmaps and rent slots are no longer zero.
await time.increaseTo((await storage.market.epochStart(2n)) + 10n);
await storage.proofs.connect(storage.keeper).openEpoch();
await networkHelpers.mine(2);
await storage.proofs.connect(storage.keeper).reseed(2n);
const laterProofs = await proveEpoch(2n);
const laterSettle = await settle(2n);
for (const [sizeMB, gas] of [...firstProofs].sort(([a], [b]) => b - a)) {
  rows.push({ operation: `StorageProofs prove, ${label(sizeMB)}, landlord's first proof`, jiaozi: gas });
}
for (const [sizeMB, gas] of [...laterProofs].sort(([a], [b]) => b - a)) {
  rows.push({ operation: `StorageProofs prove, ${label(sizeMB)}, later epochs`, jiaozi: gas });
}
rows.push({ operation: "StorageProofs settleEpoch, 1 landlord", jiaozi: firstSettle.one });
rows.push({
  operation: `StorageProofs settleEpoch, per landlord in a batch of ${firstSettle.batch}, first epoch`,
  jiaozi: firstSettle.perLandlord,
});
rows.push({
  operation: `StorageProofs settleEpoch, per landlord in a batch of ${laterSettle.batch}, later epochs`,
  jiaozi: laterSettle.perLandlord,
});
rows.push({
  operation: "LandlordRegistry claimRent",
  jiaozi: await gasOf(storage.registry.connect(storage.landlords[0]).claimRent()),
});

rows.push(...(await storageMembershipRows(ethers, networkHelpers)));

// --- Governance: Referendum and Council next to OpenZeppelin's Governor ----------------------
// Both run the same action (the Timelock's own updateDelay), through a 2-day TimelockController.
{
  const g = await deployGovernance(ethers, networkHelpers, ignition);
  const [whale, v1, v2, v3, candidateVoter] = g.voters;
  const voterSupply = tokens("1600000000");
  await g.fund(whale, tokens("100000000"));
  for (const v of [v1, v2]) await g.fund(v, voterSupply / 4n);
  await g.fund(v3, voterSupply / 2n);
  const timelockAddress = await g.timelock.getAddress();
  const action = {
    targets: [timelockAddress],
    values: [0n],
    calldatas: [g.timelock.interface.encodeFunctionData("updateDelay", [2n * DAY])],
  };
  await g.fund(g.proposer, tokens("1000"));
  await g.token.connect(g.proposer).approve(g.referendum, tokens("1000"));
  const ourPropose = await gasOf(
    g.referendum.connect(g.proposer).propose(action.targets, action.values, action.calldatas, "ipfs://p", true, 7),
  );
  const id = await g.referendum.proposalCount();
  const small = g.voters[9];
  await g.fund(small, tokens("1"));
  // The proposal's snapshot predates small's funding; a second proposal gives small power.
  await g.token.connect(g.proposer).approve(g.referendum, 0n);
  const ourSupport = await gasOf(g.referendum.connect(whale).support(id)); // crosses both thresholds
  const ourFirstVote = await gasOf(g.referendum.connect(v1).castVote(id, FOR));
  const ourLaterVote = await gasOf(g.referendum.connect(v2).castVote(id, FOR));
  const { chainId } = await ethers.provider.getNetwork();
  const ballot = await v3.signTypedData(
    { name: "Jiaozi Referendum", version: "1", chainId, verifyingContract: await g.referendum.getAddress() },
    {
      Ballot: [
        { name: "proposalId", type: "uint256" },
        { name: "support", type: "uint8" },
        { name: "voter", type: "address" },
      ],
    },
    { proposalId: id, support: FOR, voter: v3.address },
  );
  const ourBySig = await gasOf(g.referendum.connect(small).castVoteBySig(id, FOR, v3.address, ballot));
  const proposal = await g.referendum.proposalOf(id);
  await time.increaseTo(proposal.voteStart + proposal.voteDuration + 1n);
  await g.referendum.closeReferendum(id);
  const ourQueue = await gasOf(g.referendum.queue(id, action.targets, action.values, action.calldatas));
  await time.increase(2n * DAY);
  const ourExecute = await gasOf(g.referendum.execute(id, action.targets, action.values, action.calldatas));

  // OpenZeppelin Governor (GovernorCountingSimple + GovernorVotesQuorumFraction + GovernorTimelockControl).
  const ozToken = await ethers.deployContract("OZVotesToken", [g.treasury.address, tokens("5000000000")]);
  const ozTimelock = await ethers.deployContract("TimelockController", [2n * DAY, [], [], deployer.address]);
  const governor = await ethers.deployContract("OZGovernor", [ozToken, ozTimelock]);
  await ozTimelock.grantRole(await ozTimelock.PROPOSER_ROLE(), governor);
  await ozTimelock.grantRole(await ozTimelock.EXECUTOR_ROLE(), governor);
  for (const [v, amount] of [
    [v1, voterSupply / 4n],
    [v2, voterSupply / 4n],
    [v3, voterSupply / 2n],
  ] as const) {
    await ozToken.connect(g.treasury).transfer(v.address, amount);
    await ozToken.connect(v).delegate(v.address);
  }
  const ozAction = {
    ...action,
    targets: [await ozTimelock.getAddress()],
  };
  const ozPropose = await gasOf(
    governor.connect(g.proposer).propose(ozAction.targets, ozAction.values, ozAction.calldatas, "p"),
  );
  const ozId = await governor.hashProposal(ozAction.targets, ozAction.values, ozAction.calldatas, ethers.id("p"));
  await time.increase(2n);
  const ozFirstVote = await gasOf(governor.connect(v1).castVote(ozId, 1));
  const ozLaterVote = await gasOf(governor.connect(v2).castVote(ozId, 1));
  const ozBallot = await v3.signTypedData(
    { name: "Reference", version: "1", chainId, verifyingContract: await governor.getAddress() },
    {
      Ballot: [
        { name: "proposalId", type: "uint256" },
        { name: "support", type: "uint8" },
        { name: "voter", type: "address" },
        { name: "nonce", type: "uint256" },
      ],
    },
    { proposalId: ozId, support: 1, voter: v3.address, nonce: await governor.nonces(v3.address) },
  );
  const ozBySig = await gasOf(governor.connect(small).castVoteBySig(ozId, 1, v3.address, ozBallot));
  await time.increase(7n * DAY + 1n);
  const ozQueue = await gasOf(governor.queue(ozAction.targets, ozAction.values, ozAction.calldatas, ethers.id("p")));
  await time.increase(2n * DAY);
  const ozExecute = await gasOf(
    governor.execute(ozAction.targets, ozAction.values, ozAction.calldatas, ethers.id("p")),
  );

  const governorRef = "Governor (CountingSimple, QuorumFraction, TimelockControl)";
  rows.push({
    operation: "Referendum propose (one call; deposit pulled)",
    jiaozi: ourPropose,
    openZeppelin: ozPropose,
    reference: governorRef,
  });
  rows.push({
    operation: "Referendum support (crossing both thresholds: refund, referendum opens)",
    jiaozi: ourSupport,
  });
  rows.push({
    operation: "Referendum castVote, first vote on a proposal",
    jiaozi: ourFirstVote,
    openZeppelin: ozFirstVote,
    reference: governorRef,
  });
  rows.push({
    operation: "Referendum castVote, later vote",
    jiaozi: ourLaterVote,
    openZeppelin: ozLaterVote,
    reference: governorRef,
  });
  rows.push({ operation: "Referendum castVoteBySig", jiaozi: ourBySig, openZeppelin: ozBySig, reference: governorRef });
  rows.push({
    operation: "Referendum queue (Timelock scheduleBatch)",
    jiaozi: ourQueue,
    openZeppelin: ozQueue,
    reference: governorRef,
  });
  rows.push({
    operation: "Referendum execute (Timelock executeBatch)",
    jiaozi: ourExecute,
    openZeppelin: ozExecute,
    reference: governorRef,
  });

  // Support that crosses no threshold, on a second proposal.
  await g.fund(g.proposer, tokens("1000"));
  await g.token.connect(g.proposer).approve(g.referendum, tokens("1000"));
  await g.referendum.connect(g.proposer).propose(action.targets, action.values, action.calldatas, "ipfs://q", true, 7);
  rows.push({
    operation: "Referendum support (below the thresholds)",
    jiaozi: await gasOf(g.referendum.connect(small).support(id + 1n)),
  });

  // Council: an election with five candidates; one voter spreads its power over 1, then 5.
  await time.increase(365n * DAY); // past the transitional deadline: anyone opens the election
  await g.council.openElection();
  const electionId = await g.council.latestElectionId();
  const candidates = await g.newAccounts(5);
  for (const c of candidates) {
    await g.token.connect(g.treasury).transfer(c.address, tokens("10000"));
    await g.token.connect(c).approve(g.council, tokens("10000"));
  }
  rows.push({
    operation: "Council declareCandidacy (first: clones the bond vault)",
    jiaozi: await gasOf(g.council.connect(candidates[0]).declareCandidacy(tokens("10000"), "ipfs://c")),
  });
  for (const c of candidates.slice(1)) await g.council.connect(c).declareCandidacy(tokens("10000"), "ipfs://c");
  await g.fund(candidateVoter, tokens("1000"));
  await time.increaseTo((await g.council.electionOf(electionId)).votingStart + 1n);
  const addresses = candidates.map((c) => c.address);
  rows.push({
    operation: "Council voteCandidates, 1 candidate",
    jiaozi: await gasOf(g.council.connect(candidateVoter).voteCandidates(addresses.slice(0, 1), [tokens("1000")])),
  });
  rows.push({
    operation: "Council voteCandidates, 5 candidates (replacing 1)",
    jiaozi: await gasOf(g.council.connect(candidateVoter).voteCandidates(addresses, Array(5).fill(tokens("200")))),
  });

  // Reserve: an excess distribution, then a holder claims its share itself.
  await g.token.connect(g.treasury).transfer(g.reserve, tokens("1000000"));
  await networkHelpers.mine();
  rows.push({
    operation: "CouncilReserve distributeExcess (snapshot, excess to the claims vault, bounty)",
    jiaozi: await gasOf(g.reserve.connect(g.keeper).distributeExcess()),
  });
  rows.push({
    operation: "CouncilReserve claim (by the holder)",
    jiaozi: await gasOf(g.reserve.connect(g.treasury).claim(await g.reserve.distributionCount(), g.treasury.address)),
  });
}

// --- Tokenization -------------------------------------------------------------------------
{
  const g = await deployGovernance(ethers, networkHelpers, ignition);
  const factory = await ethers.deployContract("TokenizationFactory", [
    g.token,
    g.reserve,
    g.rewards,
    g.timelock,
    { minSeedReserve: tokens("10000"), launchFee: tokens("1000"), minPeriodLength: 7n * DAY },
  ]);
  const evaluateKind = await factory.EVALUATE_KIND();
  await g.rewards.registerKind(evaluateKind, factory, tokens("10"));
  const [issuer, buyer] = g.voters;
  for (const account of [issuer, buyer]) await g.token.connect(g.treasury).transfer(account, tokens("1000000"));
  await g.token.connect(issuer).approve(factory, ethers.MaxUint256);
  const params = {
    name: "Dumpling Coffee",
    symbol: "DUMP",
    metadataURI: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
    initialSupply: tokens("1000000"),
    seedReserve: tokens("10000"),
    connectorWeightPpm: 0,
    commitment: { periodLength: 7n * DAY, relative: false, minimum: tokens("1000") },
  };
  const launchReceipt = await (await factory.connect(issuer).launch(params)).wait();
  const launched = launchReceipt!.logs
    .map((log) => factory.interface.parseLog(log))
    .find((parsed) => parsed?.name === "TokenLaunched")!;
  const issued = await ethers.getContractAt("IssuedToken", launched.args.token);
  const market = await ethers.getContractAt("BancorMarket", launched.args.market);
  const ozToken = await ethers.deployContract("OZBurnableToken", [
    "Dumpling Coffee",
    "DUMP",
    issuer,
    tokens("1000000"),
  ]);
  rows.push({
    operation: "TokenizationFactory launch (token and market clones, seed reserve, fee)",
    jiaozi: launchReceipt!.gasUsed,
    openZeppelin: (await ozToken.deploymentTransaction()!.wait())!.gasUsed,
    reference: "ERC20Burnable deployment (no market)",
  });
  const consumeFirst = await gasOf(issued.connect(issuer).consume(issuer, tokens("1"), ethers.ZeroHash));
  await ozToken.connect(issuer).burn(tokens("1"));
  rows.push({
    operation: "IssuedToken consume (later in a period)",
    jiaozi: await gasOf(issued.connect(issuer).consume(issuer, tokens("1"), ethers.id("order-2"))),
    openZeppelin: await gasOf(ozToken.connect(issuer).burn(tokens("1"))),
    reference: "ERC20Burnable burn",
  });
  rows.push({
    operation: "IssuedToken consume (first in period 0, its record opened at launch)",
    jiaozi: consumeFirst,
  });
  await g.token.connect(buyer).approve(market, ethers.MaxUint256);
  await market.connect(buyer).buy(tokens("100"), 0n);
  rows.push({
    operation: "BancorMarket buy (50% weight, holder already holds)",
    jiaozi: await gasOf(market.connect(buyer).buy(tokens("100"), 0n)),
  });
  rows.push({ operation: "BancorMarket sell", jiaozi: await gasOf(market.connect(buyer).sell(tokens("1"), 0n)) });
  await issued.connect(issuer).consume(issuer, tokens("1000"), ethers.ZeroHash);
  await time.increase(7n * DAY);
  rows.push({ operation: "TokenizationFactory evaluate (compliant)", jiaozi: await gasOf(factory.evaluate(issued)) });
  rows.push({
    operation: "IssuedToken consume (first in a later period, opened by the evaluation; closes period 0's end supply)",
    jiaozi: await gasOf(issued.connect(issuer).consume(issuer, tokens("1"), ethers.ZeroHash)),
  });
  await time.increase(7n * DAY);
  rows.push({
    operation: "TokenizationFactory evaluate (default recorded)",
    jiaozi: await gasOf(factory.evaluate(issued)),
  });
  await g.token.connect(issuer).approve(market, ethers.MaxUint256);
  rows.push({
    operation: "TokenizationFactory buybackAndBurn (cures a default)",
    jiaozi: await gasOf(factory.connect(issuer).buybackAndBurn(issued, 1n, ethers.MaxUint256)),
  });
  // Evaluations fell behind: period 5's record was never opened ahead.
  await time.increase(3n * 7n * DAY);
  rows.push({
    operation: "IssuedToken consume (first in a period not opened ahead: evaluations behind)",
    jiaozi: await gasOf(issued.connect(issuer).consume(issuer, tokens("1"), ethers.ZeroHash)),
  });
}

// --- Collections and Dutch auctions -------------------------------------------------------
{
  const base = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: bob.address, amount: tokens("10000") }],
    deployer.address,
  ]);
  const collections = await ethers.deployContract("CollectionFactory");
  const auctions = await ethers.deployContract("DutchAuction", [base, collections, ethers.ZeroAddress]);
  const created = await (
    await collections
      .connect(alice)
      .createCollection({ name: "Dumplings", symbol: "DMP", baseURI: "ipfs://dumplings/", maxSupply: 100 })
  ).wait();
  rows.push({
    operation: "CollectionFactory createCollection (clone with its configuration)",
    jiaozi: created!.gasUsed,
  });
  const event = created!.logs
    .map((log) => collections.interface.parseLog(log))
    .find((parsed) => parsed?.name === "CollectionCreated")!;
  const collection = await ethers.getContractAt("Collection", event.args.collection);
  rows.push({ operation: "Collection mint, 1 item", jiaozi: await gasOf(collection.connect(alice).mint(alice, 1)) });
  await collection.connect(alice).mint(alice, 1);
  await collection.connect(alice).setApprovalForAll(auctions, true);
  rows.push({
    operation: "DutchAuction createAuction (item into escrow)",
    jiaozi: await gasOf(auctions.connect(alice).createAuction(collection, 1n, tokens("100"), tokens("10"), 1_000n)),
  });
  await base.connect(bob).approve(auctions, ethers.MaxUint256);
  await time.increase(500);
  rows.push({
    operation: "DutchAuction buy (pays the seller, item to the buyer)",
    jiaozi: await gasOf(auctions.connect(bob).buy(1n, tokens("100"))),
  });
}

// --- Charity campaigns (bench/charity.ts; alone: npx hardhat run bench/charity-only.ts) --------
rows.push(...(await charityRows(ethers)));

// --- Recoverable wallets (bench/wallet.ts; alone: npx hardhat run bench/wallet-only.ts) --------
rows.push(...(await walletRows(ethers, networkHelpers)));

// --- Staking pools (bench/staking.ts; alone: npx hardhat run bench/staking-only.ts) --------------
rows.push(...(await stakingRows(ethers, networkHelpers, ignition)));
rows.push(...(await committeeRows(ethers, networkHelpers)));
rows.push(...(await insuranceRows(ethers, networkHelpers)));

// --- Insurance: IndexOracle (bench/oracle.ts; alone: npx hardhat run bench/oracle-only.ts) -------
rows.push(...(await oracleRows(ethers, networkHelpers)));

// --- Accounts: AliasRegistry (bench/accounts.ts; alone: npx hardhat run bench/accounts-only.ts) --
rows.push(...(await accountsRows(ethers, networkHelpers)));
// --- Council chair (bench/council.ts) ------------------------------------------------------------
rows.push(...(await councilChairRows(ethers, networkHelpers, ignition)));
// --- Procurement: ProcurementVote (bench/procurement.ts; alone: npx hardhat run bench/procurement-only.ts)
rows.push(...(await procurementRows(ethers, networkHelpers, ignition)));

// --- Community: DataMarket (bench/dataMarket.ts) ---------------------------------------------------
rows.push(...(await dataMarketRows(ethers, networkHelpers)));

// --- Report -------------------------------------------------------------------------------
const header =
  "| operation | Jiaozi gas | OpenZeppelin gas | OpenZeppelin reference | difference |\n|---|---:|---:|---|---:|";
const lines = rows.map(({ operation, jiaozi, openZeppelin, reference }) => {
  const diff = openZeppelin === undefined ? "" : `${jiaozi >= openZeppelin ? "+" : ""}${jiaozi - openZeppelin}`;
  return `| ${operation} | ${jiaozi} | ${openZeppelin ?? "n/a"} | ${reference ?? "no equivalent"} | ${diff} |`;
});
const machine = `${os.cpus()[0]?.model ?? "unknown cpu"} x${os.cpus().length}, ${os.platform()} ${os.release()}, Node ${process.version}`;
const notes = [
  "- BaseToken pays about 2,100 gas per transfer to read the snapshot counter, and on the first change of an account",
  "  after a snapshot it records that account's balance (a new checkpoint; the very first one per account also",
  "  opens its checkpoint array). Later transfers under the same snapshot pay only the reads.",
  "- Snapshots read balances before the snapshot's block (issue 13, attack 8): each account's balance shares its",
  "  slot with the second of its last change and its balance when that second began, so a transfer writes no extra",
  "  slot. Measured against the previous token in the same run: +405 (both delegated, no snapshot), +266 (again",
  "  after a snapshot), +264 (second in the same block): the packing and unpacking of the word. The first transfer",
  "  after a snapshot also reads which snapshot was last taken in the account's last second (+2,100 cold, then",
  "  warm for the other side); a snapshot writes that second's entry.",
  "- VestingVault keeps every schedule in one contract: creating one costs a fraction of deploying and funding an",
  "  OpenZeppelin VestingWallet per beneficiary. A release costs more than VestingWallet's because it also",
  "  updates the vault-wide obligations total that proves the balance covers every schedule, and pays its caller",
  "  the keeper bounty through KeeperRewards (the reward rows below; OpenZeppelin has no equivalent).",
  "- SegmentMerkle verify of a 1 GB lease (depth 22) sends about 1.2 KB of calldata (a 256-byte segment and 22",
  "  sibling hashes). At that size the EIP-7623 calldata floor (21,000 + 10 gas per calldata token) sets the cost;",
  "  the hashing itself stays well below it, which leaves prove() room for its own bookkeeping.",
  "- The storage rows run on twelve landlords of 1 GB and ten leases. `settleEpoch, per landlord` is the",
  "  marginal cost: (gas of settling 11 landlords − gas of settling 1) / 10. Every landlord in it proved, so its",
  "  rent is credited: two landlord slots (settlement state, rent owed), one bit of the proof bitmap, and a",
  "  lookup in the landlord's checkpoints of held MB (rent follows what it held when the epoch opened, issue 13).",
  "- Issue 13 split a rent in two: rent prices, books and escrows and requests randomness (no draw: cheaper than",
  "  the old one-step rent); assign draws the group from the sum tree of free capacity (each member is taken out",
  "  of the tree for the next draw and put back with its new free capacity: six leaf updates of O(log n) nodes)",
  "  and writes the group lists and the packed assignment. acceptData is the price of fixing challenges and rent",
  "  to what a landlord held: the holder's data record (root, previous root, sizes), the held list slot kept",
  "  copy-on-write, and two checkpoints of held MB (the landlord's and the total). updateData prices the lease",
  "  size for one day and pays it into the pool.",
  "- prove: a landlord's first proof opens a word of its proof bitmap (a new storage slot, one per 256 epochs);",
  "  later proofs set a bit in it. The seed is read from one slot once the keepers have recorded it.",
  "- BancorMath multiplies without overflow checks when R < 2^(256/n) (for n = 5, 2^51 MD: 18 EB of world disk);",
  "  a larger R takes the checked path.",
  "- quote is a view: the rows give its execution gas when called from a contract, cold and warm. Cold, most of it",
  "  is the first reads of the market's two accounting slots and of the registry (its address and capacity).",
  "- Referendum castVote reads and writes one slot that holds the voting schedule and the for/against tallies",
  "  (voteStart, voteDuration, forVotes, againstVotes: exactly 32 bytes; written when the referendum opened, so",
  "  even the first vote updates a non-zero slot), and reads the voter's power through VotingPower (one extra call",
  "  to the base token). A ballot carries no nonce: the voter votes once per proposal and the EIP-712 domain binds",
  "  chain and contract, so it cannot be replayed; OpenZeppelin's castVoteBySig also writes the voter's nonce.",
  "  Referendum propose stores the actions' hash and pulls the 1,000-token deposit; queue and execute are the",
  "  Timelock's batch calls plus the bounty.",
  "- Goal check: castVote (first vote) and castVoteBySig are below OpenZeppelin's. A later castVote is about",
  "  1,000 gas above. A trace of it shows what Governor does not pay: the cold call to VotingPower (2,600) and",
  "  the cold read of its source list (2,100); the rest of the vote costs about 3,700 less than Governor's.",
  "  Skipping VotingPower while only the base token counts would need each proposal to record the sources it",
  "  counts (a constitutional referendum may change them, DESIGN §4): left for the staking pools, the first",
  "  sources besides the base token.",
  "- Since issue 13 votes read the power at the proposal's snapshot (in the proposal's first slot, one more cold",
  "  read: +2,100) so that whoever crosses the referendum threshold cannot choose it, and Referendum is built at",
  "  200 optimizer runs to stay under 24,576 bytes with the ordinary list and the spam rules.",
  "- Issue 13's spam rules cost the rarer calls: propose reads the ordinary list (one cold read per call) and",
  "  counts the proposer's open proposals (a proposer's first proposal opens that slot: +22,100); support that",
  "  refunds records the proposal's cost (a new slot) and sends the kept upkeep fee to KeeperRewards (a token",
  "  transfer); each paid upkeep (queue, execute, close, lapse...) reads its kind's bounty from KeeperRewards (a",
  "  cold call and read, about 4,700) and adds it to the proposal's bounties paid, so that they never exceed what",
  "  the proposal cost its proposer.",
  "- distributeExcess takes the snapshot, writes the distribution record and moves the excess to the claims vault",
  "  (the reserve's and the vault's first changes after the snapshot open their checkpoint arrays). claim is paid",
  "  from the vault to the holder, who alone (or a claimer it named) may ask.",
  "- propose costs more than Governor's: it stores the proposal's support schedule and deposit (four slots) and",
  "  pulls the deposit, a base-token transfer that moves the proposer's vote checkpoints.",
  "- Tokenization goals: launch at most 450,000, consume at most 60,000, buy and sell at most 90,000 including the",
  "  token transfers. A launch clones the token and its market with their fixed data (issuer, schedule, name,",
  "  symbol, URI; token and weight) as immutable clone arguments, read from code instead of storage, and writes",
  "  three slots of the factory's record (the prepaid bounty amount packed into slot 1: periodsEvaluated and",
  "  compliant are derived, not stored), and sends half the fee to KeeperRewards as the token's prepaid",
  "  evaluation bounty (audits A2/A3: one more token transfer, no bounty read at launch any more). Consume emits",
  "  the cure flag (+256, one more event word). Every mint and burn (consume, buy, sell) moves the period's",
  "  supply-seconds, the base of a relative commitment (attack 13: the time-weighted average supply, not the supply",
  "  at the period's start): one multiplication in the word that already holds the period's consumption (consume",
  "  later in a period +196, buy +109). The first change of a period after another period changed the supply also",
  "  writes that period's number and its end supply, two slots opened ahead: +10,400 once per period (57,359 for",
  "  the first consumption of period 1; in period 0, with nothing to close, +235). Buy and sell read the curve's",
  "  token and weight from the clone's code; the 50% weight takes one square root. OpenZeppelin has no bonding",
  "  curve.",
  "- Goal check: launch, buy, sell and consume are within their goals. A period's record and end-supply slots are",
  "  opened ahead of the period (period 0's record at launch; records p+1 and p+2 and end supplies p and p+1 when",
  "  the keeper evaluates period p), so even the first consumption of a period updates slots; only when",
  "  evaluations fall behind does it create them (74,459).",
  "- evaluate reads the evaluation bounty in force from KeeperRewards and spends it from the token's prepaid",
  "  amount (audit A2), and reads period p-1's record from the token for a relative commitment's min(p, p-1)",
  "  (audit A1: one more view call). It includes the keeper's bounty through KeeperRewards while the amount lasts,",
  "  and",
  "  opens the next record and end supply ahead: one new slot more than before, 22,100, paid by the keeper (the",
  "  first evaluation opens periods 0's and 1's end supplies: +53,000; later ones about +34,000, the reads of the",
  "  slots it checks included). A default also writes the default's record.",
  "- Staking pools: the OpenZeppelin column of the EconomicPool rows is a Synthetix-style StakingRewards built",
  "  from OpenZeppelin parts on the same token; of the vote-design rows, the pool as a VotingPower source",
  "  (CheckpointVotesPool). The choice (per-staker vaults) and the gaps to issue 15's goals: DEVELOPERS.md,",
  "  Staking pools.",
  "- Committee draw: issue 15's goal (25,000 per seat at 256 candidates) is missed since the audit fixes S3b/S3c",
  "  (2026-12-02): the draw reads each drawn member's record for a sit-out set after its weight froze (seven cold",
  "  reads, about 2,100 gas a seat) and Committee compiles at 200 optimizer runs to stay under the size limit. The",
  "  draw is random, so the row moves by about 1,200 between runs (26,058 to 27,268 seen). Tried: a horizon slot",
  "  that skips the reads while no sit-out reaches the term; it measured 24,729 to 25,406, still at the line, and",
  "  was not kept. The per-seat cost is dominated by the sample's weight reads and the bounty call.",
  "- Insurance (issue 16 goals: buyPolicy 170,000, settle 45,000 per paid and 15,000 per expired policy, deposit",
  "  95,000, withdraw 70,000): against a mock IndexOracle. OpenZeppelin's column is its ERC4626 with the same",
  "  virtual offset (6); the market adds the pool's locked, unearned and matured totals (two more slots read, none",
  "  more written: deposits and withdrawals walk the premium stream without storing it). The buyPolicy goal holds for",
  "  every policy after a subject's first (the later-policy row). A subject's first policy also opens its book (two",
  "  slots) and its reverse entry for policyOf (one) and asks the oracle for a round (this mock writes three slots, the",
  "  real IndexOracle one: its requestRound row): about 137,000 more, once per subject (the same-hour row). The first",
  "  policy of an hour also opens the hour's premium bucket and bitmap words, once per product and hour. These are",
  "  new storage slots at 22,100 each, paid by whoever opens them. settle's per-policy rows are the marginal cost of 50",
  "  more policies in a batch and the all-in average of a 100-policy batch. DEVELOPERS.md, Insurance: InsuranceMarket.",
  "- RecoverableWallet: a clone of 45 bytes delegating to one implementation; creation writes the owner, the",
  "  guardian array and each guardian's term (one slot per guardian). Every approval count reads the guardians in",
  "  force and their terms (2 slots per guardian, N <= 16): the price of removed guardians' approvals never",
  "  counting. No OpenZeppelin equivalent (Safe's recovery modules are not part of it).",
  "- DutchAuction createAuction checks that the collection carries the clone code of the CollectionFactory's",
  "  implementation (one code copy of the collection's account, which the transfer then finds warm).",
].join("\n");
const report = `# Gas per operation\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}, Hardhat in-process chain (EDR),\nsolc 0.8.30 with the optimizer at 10,000 runs. Regenerate with \`npm run bench\`.\n\n${header}\n${lines.join("\n")}\n\n${notes}\n`;
console.log(report);
mkdirSync("benchmarks", { recursive: true });
writeFileSync("benchmarks/gas.md", report);
