// Tables of the indexer. Amounts are in wei of the base token; times are block timestamps.
import { index, onchainEnum, onchainTable, primaryKey, relations, type PgColumnsBuilders } from "ponder";
import { PROPOSAL_STATE_NAMES } from "../lib/governance.ts";

/** The event a row records (subgraph/src/event.ts fills them): its block, its transaction and
 * its position in the block. */
const eventColumns = (t: PgColumnsBuilders) => ({
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
  logIndex: t.integer().notNull(),
});

/** One row per address that ever held, delegated or received votes. */
export const account = onchainTable(
  "account",
  (t) => ({
    address: t.hex().primaryKey(),
    balance: t.bigint().notNull().default(0n),
    /** Whom this account delegates its votes to (null: never delegated). */
    delegate: t.hex(),
    /** Votes delegated to this account (ERC20Votes), as of its last DelegateVotesChanged. */
    votes: t.bigint().notNull().default(0n),
    transferCount: t.integer().notNull().default(0),
    updatedAt: t.bigint().notNull(),
  }),
  // `accounts(orderBy: "balance")`: the largest holders (npm start prints them, dashboards list them).
  (table) => ({ balanceIndex: index().on(table.balance) }),
);

export const transfer = onchainTable(
  "transfer",
  (t) => ({
    id: t.text().primaryKey(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ fromIndex: index().on(table.from), toIndex: index().on(table.to) }),
);

export const delegation = onchainTable(
  "delegation",
  (t) => ({
    id: t.text().primaryKey(),
    delegator: t.hex().notNull(),
    fromDelegate: t.hex().notNull(),
    toDelegate: t.hex().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({
    delegatorIndex: index().on(table.delegator),
    delegatorBlockIndex: index().on(table.delegator, table.blockNumber),
  }),
);

/** Every change of a delegate's votes: the history a voting dashboard charts. */
export const votesChange = onchainTable(
  "votes_change",
  (t) => ({
    id: t.text().primaryKey(),
    delegate: t.hex().notNull(),
    previousVotes: t.bigint().notNull(),
    newVotes: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ delegateIndex: index().on(table.delegate) }),
);

/** The base token's supply, minted once at genesis (id: the token address). */
export const tokenSupply = onchainTable("token_supply", (t) => ({
  token: t.hex().primaryKey(),
  totalSupply: t.bigint().notNull(),
  totalVotesDelegated: t.bigint().notNull(),
  /** Everything burned so far (transfers to the zero address). */
  totalBurned: t.bigint().notNull().default(0n),
  updatedAt: t.bigint().notNull(),
}));

/** Hourly and daily buckets of the base token's supply (id: token:period:bucketStart): minted and
 * burned within the bucket, and the supply and the total burned at its last change. */
export const supplyBucket = onchainTable(
  "supply_bucket",
  (t) => ({
    id: t.text().primaryKey(),
    token: t.hex().notNull(),
    period: t.text().notNull(),
    bucketStart: t.bigint().notNull(),
    /** Mints and burns in the bucket. */
    changes: t.integer().notNull(),
    minted: t.bigint().notNull(),
    burned: t.bigint().notNull(),
    closeSupply: t.bigint().notNull(),
    closeTotalBurned: t.bigint().notNull(),
    lastBlockNumber: t.bigint().notNull(),
    lastTimestamp: t.bigint().notNull(),
  }),
  (table) => ({ tokenPeriodStartIndex: index().on(table.token, table.period, table.bucketStart) }),
);

/** Balance snapshots taken for the CouncilReserve's distributions. */
export const snapshot = onchainTable("snapshot", (t) => ({
  snapshotId: t.bigint().primaryKey(),
  timestamp: t.bigint().notNull(),
  totalSupply: t.bigint().notNull(),
}));

/** Where the genesis mint put the supply: accounts and the GenesisEscrow. */
export const genesisAllocation = onchainTable("genesis_allocation", (t) => ({
  holder: t.hex().primaryKey(),
  amount: t.bigint().notNull(),
}));

/** A module's share waiting in the GenesisEscrow, and where it went once released. */
export const genesisShare = onchainTable("genesis_share", (t) => ({
  /** The share's name as bytes32 (DESIGN names such as "KeeperBounties", encoded). */
  share: t.hex().primaryKey(),
  amount: t.bigint().notNull(),
  paidTo: t.hex(),
  releasedAt: t.bigint(),
}));

export const vestingSchedule = onchainTable(
  "vesting_schedule",
  (t) => ({
    scheduleId: t.bigint().primaryKey(),
    beneficiary: t.hex().notNull(),
    total: t.bigint().notNull(),
    start: t.bigint().notNull(),
    cliff: t.bigint().notNull(),
    trancheInterval: t.bigint().notNull(),
    trancheCount: t.integer().notNull(),
    unlockedAtStartBps: t.integer().notNull(),
    revocable: t.boolean().notNull(),
    revoked: t.boolean().notNull().default(false),
    released: t.bigint().notNull().default(0n),
    /** What the beneficiary gave back on revocation. */
    returned: t.bigint().notNull().default(0n),
    createdAt: t.bigint().notNull(),
  }),
  (table) => ({ beneficiaryIndex: index().on(table.beneficiary) }),
);

export const vestingRelease = onchainTable(
  "vesting_release",
  (t) => ({
    id: t.text().primaryKey(),
    scheduleId: t.bigint().notNull(),
    beneficiary: t.hex().notNull(),
    caller: t.hex().notNull(),
    amount: t.bigint().notNull(),
    totalReleased: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ scheduleIndex: index().on(table.scheduleId) }),
);

/** A keeper's record at KeeperRewards: units of work done (paid or not) and bounties earned. */
export const keeper = onchainTable(
  "keeper",
  (t) => ({
    address: t.hex().primaryKey(),
    jobs: t.bigint().notNull(),
    earned: t.bigint().notNull(),
    unpaidJobs: t.bigint().notNull(),
  }),
  // `keepers(orderBy: "earned")`.
  (table) => ({ earnedIndex: index().on(table.earned) }),
);

export const keeperBounty = onchainTable(
  "keeper_bounty",
  (t) => ({
    id: t.text().primaryKey(),
    kind: t.hex().notNull(),
    keeper: t.hex().notNull(),
    module: t.hex().notNull(),
    /** Units of due work the upkeep did (DESIGN §2: a bounty per unit of work, not per call). */
    units: t.bigint().notNull(),
    /** The bounty paid (units × the kind's bounty), or the amount owed when `paid` is false. */
    amount: t.bigint().notNull(),
    paid: t.boolean().notNull(),
    budgetLeft: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ keeperIndex: index().on(table.keeper) }),
);

export const upkeepKind = onchainTable("upkeep_kind", (t) => ({
  kind: t.hex().primaryKey(),
  module: t.hex().notNull(),
  bounty: t.bigint().notNull(),
}));

export const vestingScheduleRelations = relations(vestingSchedule, ({ many }) => ({
  releases: many(vestingRelease),
}));

export const vestingReleaseRelations = relations(vestingRelease, ({ one }) => ({
  schedule: one(vestingSchedule, { fields: [vestingRelease.scheduleId], references: [vestingSchedule.scheduleId] }),
}));

// ----- storage market (DESIGN §6) -----

/** A landlord: its capacity, collateral and standing, from LandlordRegistry events. */
export const landlord = onchainTable(
  "landlord",
  (t) => ({
    address: t.hex().primaryKey(),
    landlordId: t.bigint().notNull(),
    capacityMB: t.bigint().notNull(),
    collateral: t.bigint().notNull(),
    endpoint: t.text().notNull(),
    /** active, retiring, blacklisted, retired (collateral returned: `collateral` is 0) */
    status: t.text().notNull(),
    /** Copy groups it is a member of. */
    leaseCount: t.integer().notNull(),
    /** MB of those groups' leases (what its capacity is booked for). */
    assignedMB: t.bigint().notNull(),
    /** MB of accepted lease data it holds, and over how many leases (HoldingChanged), from `heldFromEpoch`. */
    heldMB: t.bigint().notNull(),
    heldCount: t.integer().notNull(),
    heldFromEpoch: t.bigint(),
    proofsPassed: t.integer().notNull(),
    proofsFailed: t.integer().notNull(),
    /** Epochs settled void (no seed): nothing passed, failed or slashed. */
    voidEpochs: t.integer().notNull(),
    consecutiveFailures: t.integer().notNull(),
    slashed: t.bigint().notNull(),
    rentEarned: t.bigint().notNull(),
    rentClaimed: t.bigint().notNull(),
    serviceReports: t.integer().notNull(),
    /** Reassign bounties taken from its collateral for its memberships moved (MoveFeesTaken). */
    moveFees: t.bigint().notNull(),
    /** Memberships it lost for not accepting a lease's data in time or rejecting it (AcceptanceLapsed). */
    acceptanceLapses: t.integer().notNull(),
    blacklistedAtEpoch: t.bigint(),
    /** Retired: the epoch its capacity left, and when its collateral unbonds (timestamp). */
    closedEpoch: t.bigint(),
    unbondsAt: t.bigint(),
    registeredAt: t.bigint().notNull(),
  }),
  // `landlords(orderBy: "rentEarned")`: the landlord list with its proof counts.
  (table) => ({ rentEarnedIndex: index().on(table.rentEarned), statusIndex: index().on(table.status) }),
);

/** A lease; `landlords` is its copy group. `state`: pending (rented, escrowed, waiting for
 * `assign`), active (from LeaseStarted), refunded (no group could form) or reclaimed. */
export const lease = onchainTable(
  "lease",
  (t) => ({
    leaseId: t.bigint().primaryKey(),
    tenant: t.hex(),
    sizeMB: t.bigint().notNull(),
    /** The term bought at rent, in epochs. */
    termEpochs: t.bigint(),
    /** Set at LeaseStarted (and moved by extend, resize and renew). */
    startEpoch: t.bigint(),
    endEpoch: t.bigint(),
    /** The proposed data: the last root, size and byte count the tenant gave (StorageProofs.DataProposed). */
    dataRoot: t.hex(),
    dataSizeMB: t.bigint(),
    dataLength: t.bigint(),
    state: t.text().notNull(),
    /** The randomness request its group is drawn from and the block `assign` is due from. */
    requestId: t.bigint(),
    assignableAt: t.bigint(),
    /** Who called the `assign` that started or refunded it. */
    assignedBy: t.hex(),
    landlords: t.hex().array().notNull(),
    /** Holders that accepted the proposed data (reset when new data is proposed). */
    acceptedBy: t.hex().array().notNull(),
    paid: t.bigint().notNull(),
    /** Data fees paid for data changes (included in `paid`). */
    dataFees: t.bigint().notNull(),
    refunded: t.bigint().notNull(),
    /** The non-refundable upkeep fee paid at rent into KeeperRewards (UpkeepFeePaid). */
    upkeepFee: t.bigint(),
    /** Its holders' MB stopped counting in rent shares from this epoch (LeaseExpired); cleared by
     * a renewal, extension or resize. */
    expiredFromEpoch: t.bigint(),
    createdAt: t.bigint().notNull(),
  }),
  (table) => ({ tenantIndex: index().on(table.tenant) }),
);

/** One member of a lease's copy group: the data it accepted (and proves from `fromEpoch`), the
 * last data it rejected, and whether it is still a member. */
export const leaseHolder = onchainTable(
  "lease_holder",
  (t) => ({
    id: t.text().primaryKey(),
    leaseId: t.bigint().notNull(),
    landlord: t.hex().notNull(),
    member: t.boolean().notNull(),
    /** The epoch it joined the group in (assigned or reassigned to it), and left it in. */
    joinedEpoch: t.bigint().notNull(),
    leftEpoch: t.bigint(),
    acceptedRoot: t.hex(),
    acceptedSizeMB: t.bigint(),
    acceptedDataLength: t.bigint(),
    fromEpoch: t.bigint(),
    rejectedRoot: t.hex(),
    rejectedEpoch: t.bigint(),
    /** When its membership became movable for not accepting (AcceptanceLapsed), and whether
     * because it rejected the data (moved unpaid, not slashed). */
    lapsedAt: t.bigint(),
    lapseRejected: t.boolean(),
  }),
  (table) => ({ leaseIndex: index().on(table.leaseId), landlordIndex: index().on(table.landlord) }),
);

/** Every data proposal (DataProposed) and every holder's answer (DataAccepted, DataRejected). */
export const leaseDataEvent = onchainTable(
  "lease_data_event",
  (t) => ({
    id: t.text().primaryKey(),
    leaseId: t.bigint().notNull(),
    /** proposed, accepted or rejected */
    kind: t.text().notNull(),
    /** The holder, for accepted and rejected. */
    landlord: t.hex(),
    dataRoot: t.hex().notNull(),
    sizeMB: t.bigint(),
    /** The tenant's byte count committed with the root (proposed and accepted). */
    dataLength: t.bigint(),
    /** The fee of a proposal (zero for a lease's first data). */
    fee: t.bigint(),
    /** The epoch an accepted version is proved from, or the epoch of a rejection. */
    epoch: t.bigint(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ leaseIndex: index().on(table.leaseId) }),
);

/** A storage-proof epoch: its randomness request, its seed, its charged rent and its settlement.
 * `voided`: settled without a seed (every share withheld, nobody slashed). */
export const storageEpoch = onchainTable("storage_epoch", (t) => ({
  epoch: t.bigint().primaryKey(),
  requestId: t.bigint(),
  seed: t.hex(),
  openedBy: t.hex(),
  proofDeadline: t.bigint(),
  reseeds: t.integer().notNull(),
  usedMD: t.bigint().notNull(),
  rent: t.bigint().notNull(),
  proofs: t.integer().notNull(),
  settledLandlords: t.integer().notNull(),
  failedLandlords: t.integer().notNull(),
  voidLandlords: t.integer().notNull(),
  /** Landlords settled whose rent share covered the settle bounty (the settle bounties' units). */
  units: t.integer().notNull(),
  /** The settle bounties taken from those shares into KeeperRewards (SettleBountiesFunded). */
  settleFees: t.bigint().notNull(),
  voided: t.boolean().notNull(),
  credited: t.bigint().notNull(),
  withheld: t.bigint().notNull(),
}));

export const storageProof = onchainTable(
  "storage_proof",
  (t) => ({
    id: t.text().primaryKey(),
    epoch: t.bigint().notNull(),
    landlord: t.hex().notNull(),
    leaseId: t.bigint().notNull(),
    segmentIndex: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ landlordIndex: index().on(table.landlord), epochIndex: index().on(table.epoch) }),
);

/** One landlord's result in one epoch: `outcome` passed, failed or void. */
export const landlordSettlement = onchainTable(
  "landlord_settlement",
  (t) => ({
    id: t.text().primaryKey(),
    epoch: t.bigint().notNull(),
    landlord: t.hex().notNull(),
    outcome: t.text().notNull(),
    passed: t.boolean().notNull(),
    rent: t.bigint().notNull(),
    /** Its share withheld (failed or void). */
    withheld: t.bigint().notNull(),
    slashed: t.bigint().notNull(),
    failures: t.integer().notNull(),
    collateral: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ landlordIndex: index().on(table.landlord) }),
);

/** The price and pool series (p, W, T, B, M) a dashboard charts: one point per change. */
export const marketState = onchainTable(
  "market_state",
  (t) => ({
    id: t.text().primaryKey(),
    epoch: t.bigint().notNull(),
    worldDiskMB: t.bigint().notNull(),
    sellable: t.bigint().notNull(),
    booked: t.bigint().notNull(),
    remaining: t.bigint().notNull(),
    pool: t.bigint().notNull(),
    price: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ timestampIndex: index().on(table.timestamp) }),
);

/**
 * Time buckets of the series a dashboard charts (issue 19): one row per `period` ("hour" or
 * "day", UTC, by block timestamp) and `bucketStart` (the bucket's first second), written by the
 * handlers beside the raw points, so a 30-day chart reads 30 or 720 rows instead of every point.
 * A bucket holds the first (`open*`), last (`close*`), highest and lowest price of its points, their
 * sum (`priceSum`: average = priceSum / points) and count, and the last values of the other series.
 */
const bucketColumns = (t: PgColumnsBuilders) => ({
  period: t.text().notNull(),
  bucketStart: t.bigint().notNull(),
  points: t.integer().notNull(),
  openPrice: t.bigint().notNull(),
  highPrice: t.bigint().notNull(),
  lowPrice: t.bigint().notNull(),
  closePrice: t.bigint().notNull(),
  priceSum: t.bigint().notNull(),
  /** The block and time of the bucket's last point. */
  lastBlockNumber: t.bigint().notNull(),
  lastTimestamp: t.bigint().notNull(),
});

/** Hourly and daily buckets of `marketState` (id: period:bucketStart); closing W, T, B, R, M. */
export const marketStateBucket = onchainTable(
  "market_state_bucket",
  (t) => ({
    id: t.text().primaryKey(),
    ...bucketColumns(t),
    closeEpoch: t.bigint().notNull(),
    closeWorldDiskMB: t.bigint().notNull(),
    closeSellable: t.bigint().notNull(),
    closeBooked: t.bigint().notNull(),
    closeRemaining: t.bigint().notNull(),
    closePool: t.bigint().notNull(),
  }),
  (table) => ({ periodStartIndex: index().on(table.period, table.bucketStart) }),
);

/** Money put into the pool M other than rent purchases: subsidy drips and donations. */
export const poolFunding = onchainTable("pool_funding", (t) => ({
  id: t.text().primaryKey(),
  /** drip or donation */
  kind: t.text().notNull(),
  /** The donor; the keeper's transaction sender for a drip. */
  from: t.hex().notNull(),
  amount: t.bigint().notNull(),
  /** Subsidy left to drip after a drip. */
  subsidyLeft: t.bigint(),
  epoch: t.bigint(),
  timestamp: t.bigint().notNull(),
}));

export const landlordRelations = relations(landlord, ({ many }) => ({
  proofs: many(storageProof),
  settlements: many(landlordSettlement),
  holdings: many(leaseHolder),
}));
export const leaseRelations = relations(lease, ({ many }) => ({
  holders: many(leaseHolder),
  dataEvents: many(leaseDataEvent),
}));
export const leaseHolderRelations = relations(leaseHolder, ({ one }) => ({
  leaseRecord: one(lease, { fields: [leaseHolder.leaseId], references: [lease.leaseId] }),
  landlordRecord: one(landlord, { fields: [leaseHolder.landlord], references: [landlord.address] }),
}));
export const leaseDataEventRelations = relations(leaseDataEvent, ({ one }) => ({
  leaseRecord: one(lease, { fields: [leaseDataEvent.leaseId], references: [lease.leaseId] }),
}));
export const storageProofRelations = relations(storageProof, ({ one }) => ({
  landlordRecord: one(landlord, { fields: [storageProof.landlord], references: [landlord.address] }),
}));
export const landlordSettlementRelations = relations(landlordSettlement, ({ one }) => ({
  landlordRecord: one(landlord, { fields: [landlordSettlement.landlord], references: [landlord.address] }),
}));

// ---------------------------------------------------------------- governance (DESIGN §4)

/** IReferendum.ProposalState by name (GraphQL enum `proposalStateEnum`). */
export const proposalStateEnum = onchainEnum("proposal_state", PROPOSAL_STATE_NAMES);
/** A proposal's deposit: none asked, held, refunded (less the upkeep fee) or forfeited. */
export const depositStatusEnum = onchainEnum("deposit_status", ["none", "held", "refunded", "forfeited"]);
/** A council election: open, seated (a term began) or failed (nobody elected). */
export const electionStatusEnum = onchainEnum("election_status", ["open", "seated", "failed"]);
/** A judged tokenization period: compliant, default or cured. */
export const periodStatusEnum = onchainEnum("period_status", ["compliant", "default", "cured"]);
/** A Dutch auction: open, sold or returned. */
export const auctionStatusEnum = onchainEnum("auction_status", ["open", "sold", "returned"]);

/** A proposal with its live record: state, support, council response, tallies and execution.
 * `forVotes`/`againstVotes`/`abstainVotes` move with every vote: the live tally of an open
 * referendum. Vote sides: "against", "for", "abstain". */
export const proposal = onchainTable(
  "proposal",
  (t) => ({
    proposalId: t.bigint().primaryKey(),
    proposer: t.hex().notNull(),
    targets: t.hex().array().notNull(),
    values: t.bigint().array().notNull(),
    calldatas: t.hex().array().notNull(),
    descriptionURI: t.text().notNull(),
    constitutional: t.boolean().notNull(),
    publicityDays: t.integer().notNull(),
    /** IReferendum.ProposalState by name: Proposed, CouncilResponse, Referendum, Defeated,
     * Succeeded, Queued, Executed, Expired, Canceled. */
    state: proposalStateEnum().notNull().default("Proposed"),
    deposit: t.bigint().notNull().default(0n),
    /** "held" until support from accounts other than the proposer refunds it (less the upkeep
     * fee) or a lapse or cancel forfeits it. */
    depositStatus: depositStatusEnum().notNull().default("held"),
    /** The part of a refunded deposit kept for the proposal's upkeep (sent to KeeperRewards). */
    upkeepFee: t.bigint(),
    supportSnapshot: t.bigint().notNull().default(0n),
    supportDeadline: t.bigint().notNull().default(0n),
    support: t.bigint().notNull().default(0n),
    supporters: t.integer().notNull().default(0),
    responseDeadline: t.bigint(),
    responseMissed: t.boolean().notNull().default(false),
    statements: t.integer().notNull().default(0),
    voteSnapshot: t.bigint(),
    voteStart: t.bigint(),
    voteEnd: t.bigint(),
    forVotes: t.bigint().notNull().default(0n),
    againstVotes: t.bigint().notNull().default(0n),
    abstainVotes: t.bigint().notNull().default(0n),
    voters: t.integer().notNull().default(0),
    /** The side the reserve's bloc vote counts for now (null when not cast or withdrawn). */
    blocSide: t.text(),
    blocWeight: t.bigint(),
    succeeded: t.boolean(),
    closedAt: t.bigint(),
    timelockOperation: t.hex(),
    eta: t.bigint(),
    executor: t.hex(),
    executedAt: t.bigint(),
    createdAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    stateIndex: index().on(table.state),
    proposerIndex: index().on(table.proposer),
    // `proposals(where: { state: Referendum }, orderBy: "voteEnd")`: the open referenda.
    stateVoteEndIndex: index().on(table.state, table.voteEnd),
  }),
);

/** Every state a proposal entered, in order: the steps of its lifecycle. */
export const proposalStep = onchainTable(
  "proposal_step",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    state: proposalStateEnum().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ proposalIndex: index().on(table.proposalId) }),
);

export const proposalSupport = onchainTable(
  "proposal_support",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    supporter: t.hex().notNull(),
    weight: t.bigint().notNull(),
    totalSupport: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ proposalIndex: index().on(table.proposalId), supporterIndex: index().on(table.supporter) }),
);

/** One voter's vote on one referendum (id: proposalId-voter): a voter's history by `voter`. */
export const vote = onchainTable(
  "vote",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    side: t.text().notNull(),
    weight: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({
    proposalIndex: index().on(table.proposalId),
    voterIndex: index().on(table.voter),
    // A voter's history, and a referendum's latest votes (orderBy timestamp, desc, limit 100).
    voterTimeIndex: index().on(table.voter, table.timestamp),
    proposalTimeIndex: index().on(table.proposalId, table.timestamp),
  }),
);

/**
 * The Referendum's ordinary list (DESIGN §2): a proposal whose every call is on it needs the
 * ordinary quorum; any other call makes it constitutional. A row per (target, selector) ever set,
 * with `ordinary` false once a referendum took it off the list.
 */
export const ordinaryCall = onchainTable(
  "ordinary_call",
  (t) => ({
    target: t.hex().notNull(),
    selector: t.hex().notNull(),
    ordinary: t.boolean().notNull(),
    updatedAt: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.target, table.selector] }) }),
);

/** The reserve's votes, cast once per referendum on the council's decision. */
export const blocVote = onchainTable("bloc_vote", (t) => ({
  proposalId: t.bigint().primaryKey(),
  reserve: t.hex().notNull(),
  side: t.text().notNull(),
  weight: t.bigint().notNull(),
  ...eventColumns(t),
}));

export const election = onchainTable("election", (t) => ({
  electionId: t.bigint().primaryKey(),
  opener: t.hex().notNull(),
  openedAt: t.bigint().notNull(),
  votingStart: t.bigint().notNull(),
  votingEnd: t.bigint().notNull(),
  candidateCount: t.integer().notNull().default(0),
  voters: t.integer().notNull().default(0),
  processed: t.integer().notNull().default(0),
  /** "open", "seated" (a term began) or "failed" (nobody elected). */
  status: electionStatusEnum().notNull().default("open"),
  termId: t.bigint(),
}));

/** A candidate of one election (id: electionId-candidate) with the votes allocated to it now. */
export const candidate = onchainTable(
  "candidate",
  (t) => ({
    id: t.text().primaryKey(),
    electionId: t.bigint().notNull(),
    candidate: t.hex().notNull(),
    index: t.integer().notNull(),
    bond: t.bigint().notNull(),
    bondVault: t.hex().notNull(),
    profileURI: t.text().notNull(),
    votes: t.bigint().notNull().default(0n),
    elected: t.boolean().notNull().default(false),
    bondReleased: t.boolean().notNull().default(false),
    declaredAt: t.bigint().notNull(),
  }),
  (table) => ({ electionIndex: index().on(table.electionId), candidateIndex: index().on(table.candidate) }),
);

/** A voter's current allocation in one election (id: electionId-voter); a new one replaces it. */
export const candidateVote = onchainTable(
  "candidate_vote",
  (t) => ({
    id: t.text().primaryKey(),
    electionId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    candidates: t.hex().array().notNull(),
    weights: t.bigint().array().notNull(),
    power: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ electionIndex: index().on(table.electionId), voterIndex: index().on(table.voter) }),
);

/** A council term. Term 0 is the transitional council; `current` marks the latest term seated. */
export const councilTerm = onchainTable("council_term", (t) => ({
  termId: t.bigint().primaryKey(),
  electionId: t.bigint().notNull(),
  start: t.bigint().notNull(),
  end: t.bigint().notNull(),
  seats: t.integer().notNull(),
  current: t.boolean().notNull(),
  installmentsPaid: t.integer().notNull().default(0),
}));

/** A seat in one term (id: termId-member). `sitting`: a member of the current term not removed;
 * a dashboard compares the term's `end` with the time to see a term that ran out unreplaced. */
export const councilMember = onchainTable(
  "council_member",
  (t) => ({
    id: t.text().primaryKey(),
    termId: t.bigint().notNull(),
    member: t.hex().notNull(),
    votes: t.bigint().notNull().default(0n),
    sitting: t.boolean().notNull(),
    removed: t.boolean().notNull().default(false),
    termEnd: t.bigint().notNull().default(0n),
  }),
  (table) => ({
    termIndex: index().on(table.termId),
    memberIndex: index().on(table.member),
    sittingIndex: index().on(table.sitting),
  }),
);

/** A member's choice on a subject (id: termId-subject-member); choices "against", "for", "abstain". */
export const memberVote = onchainTable(
  "member_vote",
  (t) => ({
    id: t.text().primaryKey(),
    termId: t.bigint().notNull(),
    subject: t.hex().notNull(),
    member: t.hex().notNull(),
    choice: t.text().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ subjectIndex: index().on(table.subject) }),
);

/** A council statement (Support, Advocate, Reserve, Oppose, Condemn) about a proposal (proposalId
 * non-zero) or an address. */
export const statement = onchainTable(
  "statement",
  (t) => ({
    subject: t.hex().primaryKey(),
    kind: t.text().notNull(),
    proposalId: t.bigint().notNull(),
    account: t.hex().notNull(),
    uri: t.text().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ proposalIndex: index().on(table.proposalId) }),
);

/** A payment out of the council reserve: purpose "infrastructure" or "issuerLiquidity". */
export const reservePayment = onchainTable(
  "reserve_payment",
  (t) => ({
    id: t.text().primaryKey(),
    purpose: t.text().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
    ref: t.hex().notNull(),
    byReferendum: t.boolean().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ toIndex: index().on(table.to) }),
);

export const budgetApproval = onchainTable("budget_approval", (t) => ({
  id: t.text().primaryKey(),
  amount: t.bigint().notNull(),
  budget: t.bigint().notNull(),
  ...eventColumns(t),
}));

export const distribution = onchainTable("distribution", (t) => ({
  distributionId: t.bigint().primaryKey(),
  snapshotId: t.bigint().notNull(),
  amount: t.bigint().notNull(),
  eligibleSupply: t.bigint().notNull(),
  claimDeadline: t.bigint().notNull(),
  claimed: t.bigint().notNull().default(0n),
  claims: t.integer().notNull().default(0),
  swept: t.boolean().notNull().default(false),
  sweptAmount: t.bigint(),
  createdAt: t.bigint().notNull(),
}));

/** Who may claim a holder's distribution shares for it (paid to the holder). */
export const reserveClaimer = onchainTable("reserve_claimer", (t) => ({
  id: t.text().primaryKey(),
  holder: t.hex().notNull(),
  claimer: t.hex().notNull(),
  allowed: t.boolean().notNull(),
  updatedAt: t.bigint().notNull(),
}));

export const distributionClaim = onchainTable(
  "distribution_claim",
  (t) => ({
    id: t.text().primaryKey(),
    distributionId: t.bigint().notNull(),
    holder: t.hex().notNull(),
    amount: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ holderIndex: index().on(table.holder) }),
);

export const proposalRelations = relations(proposal, ({ many, one }) => ({
  steps: many(proposalStep),
  supports: many(proposalSupport),
  votes: many(vote),
  statements: many(statement),
  bloc: one(blocVote, { fields: [proposal.proposalId], references: [blocVote.proposalId] }),
}));
export const proposalStepRelations = relations(proposalStep, ({ one }) => ({
  proposal: one(proposal, { fields: [proposalStep.proposalId], references: [proposal.proposalId] }),
}));
export const proposalSupportRelations = relations(proposalSupport, ({ one }) => ({
  proposal: one(proposal, { fields: [proposalSupport.proposalId], references: [proposal.proposalId] }),
}));
export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.proposalId] }),
}));
export const statementRelations = relations(statement, ({ one }) => ({
  proposal: one(proposal, { fields: [statement.proposalId], references: [proposal.proposalId] }),
}));
export const electionRelations = relations(election, ({ many }) => ({
  candidates: many(candidate),
  ballots: many(candidateVote),
}));
export const candidateRelations = relations(candidate, ({ one }) => ({
  election: one(election, { fields: [candidate.electionId], references: [election.electionId] }),
}));
export const candidateVoteRelations = relations(candidateVote, ({ one }) => ({
  election: one(election, { fields: [candidateVote.electionId], references: [election.electionId] }),
}));
export const councilTermRelations = relations(councilTerm, ({ many }) => ({ members: many(councilMember) }));
export const councilMemberRelations = relations(councilMember, ({ one }) => ({
  term: one(councilTerm, { fields: [councilMember.termId], references: [councilTerm.termId] }),
}));
export const distributionRelations = relations(distribution, ({ many }) => ({ claimsMade: many(distributionClaim) }));
export const distributionClaimRelations = relations(distributionClaim, ({ one }) => ({
  distribution: one(distribution, {
    fields: [distributionClaim.distributionId],
    references: [distribution.distributionId],
  }),
}));

// ---------------------------------------------------------------- tokenization (DESIGN §5)

/** An issued token with its market, commitment and credit record (`inDefault`: uncured defaults).
 * `price` is in base-token wei per whole token. `prepaidBounty`: what is left of the evaluation
 * bounty its launch prepaid (half the fee, in base tokens). */
export const issuedToken = onchainTable(
  "issued_token",
  (t) => ({
    token: t.hex().primaryKey(),
    market: t.hex().notNull(),
    issuer: t.hex().notNull(),
    name: t.text().notNull(),
    symbol: t.text().notNull(),
    metadataURI: t.text().notNull(),
    initialSupply: t.bigint().notNull(),
    seedReserve: t.bigint().notNull(),
    weightReciprocal: t.integer().notNull(),
    launchedAt: t.bigint().notNull(),
    periodLength: t.bigint().notNull().default(0n),
    relative: t.boolean().notNull().default(false),
    minimum: t.bigint().notNull().default(0n),
    supply: t.bigint().notNull(),
    reserve: t.bigint().notNull(),
    price: t.bigint().notNull(),
    totalConsumed: t.bigint().notNull().default(0n),
    periodsEvaluated: t.integer().notNull().default(0),
    compliant: t.integer().notNull().default(0),
    defaulted: t.integer().notNull().default(0),
    cured: t.integer().notNull().default(0),
    deficit: t.bigint().notNull().default(0n),
    inDefault: t.boolean().notNull().default(false),
    prepaidBounty: t.bigint().notNull(),
  }),
  (table) => ({
    issuerIndex: index().on(table.issuer),
    marketIndex: index().on(table.market),
    defaultIndex: index().on(table.inDefault),
  }),
);

/** A commitment set at launch or raised later, from `fromPeriod` on. */
export const commitmentChange = onchainTable("commitment_change", (t) => ({
  id: t.text().primaryKey(),
  token: t.hex().notNull(),
  periodLength: t.bigint().notNull(),
  relative: t.boolean().notNull(),
  minimum: t.bigint().notNull(),
  fromPeriod: t.bigint().notNull(),
  ...eventColumns(t),
}));

/** A judged period (id: token-period): the credit history. `status`: compliant, default, cured.
 * `prepaidBounty`: the token's prepaid evaluation bounty left after this evaluation. */
export const tokenPeriod = onchainTable(
  "token_period",
  (t) => ({
    id: t.text().primaryKey(),
    token: t.hex().notNull(),
    period: t.bigint().notNull(),
    required: t.bigint().notNull(),
    consumed: t.bigint().notNull(),
    averageSupply: t.bigint().notNull(),
    status: periodStatusEnum().notNull(),
    deficit: t.bigint().notNull(),
    cureCost: t.bigint(),
    prepaidBounty: t.bigint().notNull(),
    evaluatedAt: t.bigint().notNull(),
    curedAt: t.bigint(),
  }),
  (table) => ({ tokenIndex: index().on(table.token), tokenPeriodIndex: index().on(table.token, table.period) }),
);

/** Tokens burned for the issuer's business; `cure` marks the burn of a buyback. */
export const consumption = onchainTable(
  "consumption",
  (t) => ({
    id: t.text().primaryKey(),
    token: t.hex().notNull(),
    from: t.hex().notNull(),
    operator: t.hex().notNull(),
    amount: t.bigint().notNull(),
    ref: t.hex().notNull(),
    period: t.bigint().notNull(),
    cure: t.boolean().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ tokenIndex: index().on(table.token) }),
);

/** A purchase or sale on a token's market. */
export const trade = onchainTable(
  "trade",
  (t) => ({
    id: t.text().primaryKey(),
    token: t.hex().notNull(),
    side: t.text().notNull(),
    trader: t.hex().notNull(),
    recipient: t.hex().notNull(),
    baseAmount: t.bigint().notNull(),
    tokenAmount: t.bigint().notNull(),
    reserve: t.bigint().notNull(),
    supply: t.bigint().notNull(),
    price: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ tokenIndex: index().on(table.token), traderIndex: index().on(table.trader) }),
);

/** Price and supply of a token after every trade and consumption: the series a chart draws. */
export const pricePoint = onchainTable(
  "price_point",
  (t) => ({
    id: t.text().primaryKey(),
    token: t.hex().notNull(),
    reserve: t.bigint().notNull(),
    supply: t.bigint().notNull(),
    price: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ tokenIndex: index().on(table.token), tokenTimeIndex: index().on(table.token, table.timestamp) }),
);

/** Hourly and daily buckets of an issued token's `pricePoint`s (id: token:period:bucketStart). */
export const pricePointBucket = onchainTable(
  "price_point_bucket",
  (t) => ({
    id: t.text().primaryKey(),
    token: t.hex().notNull(),
    ...bucketColumns(t),
    closeSupply: t.bigint().notNull(),
    closeReserve: t.bigint().notNull(),
  }),
  (table) => ({ tokenPeriodStartIndex: index().on(table.token, table.period, table.bucketStart) }),
);

export const issuedTokenRelations = relations(issuedToken, ({ many }) => ({
  periods: many(tokenPeriod),
  consumptions: many(consumption),
  trades: many(trade),
  prices: many(pricePoint),
  commitments: many(commitmentChange),
}));
export const tokenPeriodRelations = relations(tokenPeriod, ({ one }) => ({
  issued: one(issuedToken, { fields: [tokenPeriod.token], references: [issuedToken.token] }),
}));
export const consumptionRelations = relations(consumption, ({ one }) => ({
  issued: one(issuedToken, { fields: [consumption.token], references: [issuedToken.token] }),
}));
export const tradeRelations = relations(trade, ({ one }) => ({
  issued: one(issuedToken, { fields: [trade.token], references: [issuedToken.token] }),
}));
export const pricePointRelations = relations(pricePoint, ({ one }) => ({
  issued: one(issuedToken, { fields: [pricePoint.token], references: [issuedToken.token] }),
}));
export const commitmentChangeRelations = relations(commitmentChange, ({ one }) => ({
  issued: one(issuedToken, { fields: [commitmentChange.token], references: [issuedToken.token] }),
}));

/** A configured ERC721 collection. */
export const collection = onchainTable("collection", (t) => ({
  collection: t.hex().primaryKey(),
  owner: t.hex().notNull(),
  name: t.text().notNull(),
  symbol: t.text().notNull(),
  baseURI: t.text().notNull(),
  maxSupply: t.bigint().notNull(),
  /** Items minted so far; ids run from 1 to `minted`. */
  minted: t.bigint().notNull().default(0n),
  createdAt: t.bigint().notNull(),
}));

/** An item of a collection and its current holder (an auction holds the items it sells). */
export const collectionItem = onchainTable(
  "collection_item",
  (t) => ({
    id: t.text().primaryKey(),
    collection: t.hex().notNull(),
    tokenId: t.bigint().notNull(),
    owner: t.hex().notNull(),
    mintedAt: t.bigint().notNull(),
    transfers: t.integer().notNull().default(0),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ collectionIndex: index().on(table.collection), ownerIndex: index().on(table.owner) }),
);
export const collectionRelations = relations(collection, ({ many }) => ({ items: many(collectionItem) }));
export const collectionItemRelations = relations(collectionItem, ({ one }) => ({
  inCollection: one(collection, { fields: [collectionItem.collection], references: [collection.collection] }),
}));

/** A Dutch auction of one item; `status`: open, sold, returned. */
export const auction = onchainTable(
  "auction",
  (t) => ({
    auctionId: t.bigint().primaryKey(),
    seller: t.hex().notNull(),
    collection: t.hex().notNull(),
    tokenId: t.bigint().notNull(),
    startPrice: t.bigint().notNull(),
    floorPrice: t.bigint().notNull(),
    startTime: t.bigint().notNull(),
    endTime: t.bigint().notNull(),
    status: auctionStatusEnum().notNull(),
    buyer: t.hex(),
    price: t.bigint(),
    closedAt: t.bigint(),
    /** A charity sale's campaign (DutchAuction.createCharityAuction), null for an ordinary auction. */
    campaignId: t.bigint(),
    /** A charity sale whose campaign no longer took the donation: the price went to the seller. */
    proceedsToSeller: t.boolean(),
  }),
  (table) => ({ sellerIndex: index().on(table.seller), statusIndex: index().on(table.status) }),
);

/** Every rule set of a governed module, at genesis and after each executed change: the module's
 * name and its parameters as JSON (amounts and durations as decimal strings). */
export const parameterChange = onchainTable(
  "parameter_change",
  (t) => ({
    id: t.text().primaryKey(),
    module: t.text().notNull(),
    address: t.hex().notNull(),
    parameters: t.text().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ moduleIndex: index().on(table.module) }),
);

// ---------------------------------------------------------------- staking pools (DESIGN §7)

/** A stake change: "deposit" or "withdraw" (only during a raise). */
export const stakeChangeKindEnum = onchainEnum("stake_change_kind", ["deposit", "withdraw"]);
/** A RewardsReserve movement: "deposit" (with its reason), "absorb" (genesis share or Timelock),
 * or "release" to a pool. */
export const reserveFlowKindEnum = onchainEnum("reserve_flow_kind", ["deposit", "absorb", "release"]);

/** The EconomicPool (one row, id: its address): totals, the reward index and its minimums. */
export const economicPool = onchainTable("economic_pool", (t) => ({
  address: t.hex().primaryKey(),
  totalStaked: t.bigint().notNull().default(0n),
  /** Accounts with a stake above zero. */
  stakers: t.integer().notNull().default(0),
  /** Accounts with at least minStake staked (economic nodes). */
  economicNodes: t.integer().notNull().default(0),
  settledRounds: t.bigint().notNull().default(0n),
  /** The cumulative reward per staked token, scaled by 1e27. */
  index: t.bigint().notNull().default(0n),
  carried: t.bigint().notNull().default(0n),
  budgetReceived: t.bigint().notNull().default(0n),
  rewardsPaid: t.bigint().notNull().default(0n),
  minStake: t.bigint().notNull().default(0n),
  minDistribution: t.bigint().notNull().default(0n),
  updatedAt: t.bigint().notNull(),
}));

/** One row per account that ever staked: its principal, vault, delegate and what it was paid. */
export const staker = onchainTable(
  "staker",
  (t) => ({
    address: t.hex().primaryKey(),
    principal: t.bigint().notNull().default(0n),
    /** At least the pool's minStake when its stake last changed. */
    economicNode: t.boolean().notNull().default(false),
    vault: t.hex(),
    /** Whom the staked votes are delegated to (the staker itself from the first deposit). */
    delegate: t.hex(),
    deposited: t.bigint().notNull().default(0n),
    withdrawn: t.bigint().notNull().default(0n),
    rewardsPaid: t.bigint().notNull().default(0n),
    /** Rewards owed but unpaid as of the last stake change (RewardsAccrued). */
    owedAtLastChange: t.bigint().notNull().default(0n),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ principalIndex: index().on(table.principal) }),
);

export const stakeChange = onchainTable(
  "stake_change",
  (t) => ({
    id: t.text().primaryKey(),
    staker: t.hex().notNull(),
    kind: stakeChangeKindEnum().notNull(),
    round: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    principal: t.bigint().notNull(),
    totalStaked: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ stakerIndex: index().on(table.staker), roundIndex: index().on(table.round) }),
);

/** A settlement of rounds [fromRound, toRound): the budget received and how it was shared. */
export const stakingSettlement = onchainTable("staking_settlement", (t) => ({
  id: t.text().primaryKey(),
  fromRound: t.bigint().notNull(),
  toRound: t.bigint().notNull(),
  locked: t.bigint().notNull(),
  received: t.bigint().notNull(),
  allocated: t.bigint().notNull(),
  carried: t.bigint().notNull(),
  index: t.bigint().notNull(),
  /** The yearly rate the settled rounds paid on the stake locked, in bps (null: nothing locked). */
  aprBps: t.bigint(),
  ...eventColumns(t),
}));

/** A reward paid to a staker: by its own claim, or pushed by a keeper's distribute (`pushed`). */
export const stakingReward = onchainTable(
  "staking_reward",
  (t) => ({
    id: t.text().primaryKey(),
    staker: t.hex().notNull(),
    amount: t.bigint().notNull(),
    caller: t.hex().notNull(),
    pushed: t.boolean().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ stakerIndex: index().on(table.staker) }),
);

/** A keeper's distribute batch: accounts given, accounts paid, units of bounty, amount paid. */
export const stakingDistribution = onchainTable("staking_distribution", (t) => ({
  id: t.text().primaryKey(),
  keeper: t.hex().notNull(),
  accounts: t.bigint().notNull(),
  paid: t.bigint().notNull(),
  units: t.bigint().notNull(),
  amount: t.bigint().notNull(),
  ...eventColumns(t),
}));

/** The RewardsReserve (one row, id: its address): what it holds and has paid each pool. */
export const rewardsReserve = onchainTable("rewards_reserve", (t) => ({
  address: t.hex().primaryKey(),
  held: t.bigint().notNull().default(0n),
  deposited: t.bigint().notNull().default(0n),
  absorbed: t.bigint().notNull().default(0n),
  paidEconomic: t.bigint().notNull().default(0n),
  paidCommittee: t.bigint().notNull().default(0n),
  economicPool: t.hex(),
  committee: t.hex(),
  updatedAt: t.bigint().notNull(),
}));

/** Every movement of the RewardsReserve, with the holdings after it. `reason` is the deposit's or
 * absorption's (bytes32 text: "CouncilReserve.sweep", "genesis"); `beneficiary` a release's pool
 * ("EconomicPool" or "Committee"). */
export const rewardsReserveFlow = onchainTable(
  "rewards_reserve_flow",
  (t) => ({
    id: t.text().primaryKey(),
    kind: reserveFlowKindEnum().notNull(),
    amount: t.bigint().notNull(),
    from: t.hex(),
    reason: t.text(),
    beneficiary: t.text(),
    /** For a release: the rounds or terms paid up to, and the total entitled by then. */
    periods: t.bigint(),
    entitled: t.bigint(),
    held: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ kindIndex: index().on(table.kind) }),
);

export const stakerRelations = relations(staker, ({ many }) => ({
  changes: many(stakeChange),
  rewards: many(stakingReward),
}));
export const stakeChangeRelations = relations(stakeChange, ({ one }) => ({
  stakerRecord: one(staker, { fields: [stakeChange.staker], references: [staker.address] }),
}));
export const stakingRewardRelations = relations(stakingReward, ({ one }) => ({
  stakerRecord: one(staker, { fields: [stakingReward.staker], references: [staker.address] }),
}));

/** A committee term's progress: candidacy open, closed (reputations frozen), drawn, settled. */
export const committeeTermStatusEnum = onchainEnum("committee_term_status", ["open", "closed", "drawn", "settled"]);
/** Why a member was slashed: "missed" (more than a third of its duties) or "impeached". */
export const committeeSlashKindEnum = onchainEnum("committee_slash_kind", ["missed", "impeached"]);

/** A committee term (DESIGN §7): its candidates, members by seat (a zero address for an emptied
 * seat), and its rewards once settled. */
export const committeeTerm = onchainTable("committee_term", (t) => ({
  term: t.bigint().primaryKey(),
  status: committeeTermStatusEnum().notNull().default("open"),
  candidates: t.integer().notNull().default(0),
  requestId: t.bigint(),
  members: t.hex().array(),
  reputations: t.bigint().array(),
  received: t.bigint(),
  paid: t.bigint(),
  returned: t.bigint(),
  updatedAt: t.bigint().notNull(),
}));

/** A node's candidacy for a term: its frozen reputation, its seat if drawn, its duties and pay. */
export const committeeCandidate = onchainTable(
  "committee_candidate",
  (t) => ({
    id: t.text().primaryKey(),
    term: t.bigint().notNull(),
    node: t.hex().notNull(),
    index: t.integer().notNull(),
    /** Frozen at the close (0: not drawable); null while candidacy is open. */
    reputation: t.bigint(),
    seat: t.integer(),
    impeached: t.boolean().notNull().default(false),
    dutiesAssigned: t.integer().notNull().default(0),
    dutiesDone: t.integer().notNull().default(0),
    reward: t.bigint().notNull().default(0n),
    slashed: t.bigint().notNull().default(0n),
  }),
  (table) => ({ nodeIndex: index().on(table.node), termIndex: index().on(table.term) }),
);

/** Why a candidate had its reputation (issue 15: a dashboard shows why): every raw value, scaled
 * factor (bps) and the RPT (bps) from `Reputation.factorsOf(node, timepoint)` at the candidacy
 * close of `term` (`timepoint` = close - 1, the frozen read). One row per candidacy, so a node's
 * rows over the terms are its reputation history. */
export const reputationFactors = onchainTable(
  "reputation_factors",
  (t) => ({
    /** The candidacy's id (`term-node`, as committee_candidate). */
    id: t.text().primaryKey(),
    term: t.bigint().notNull(),
    node: t.hex().notNull(),
    timepoint: t.bigint().notNull(),
    stake: t.bigint().notNull(),
    jobs: t.bigint().notNull(),
    proofsPassed: t.bigint().notNull(),
    poorReports: t.bigint().notNull(),
    goodService: t.bigint().notNull(),
    heldMB: t.bigint().notNull(),
    duties: t.bigint().notNull(),
    abBps: t.integer().notNull(),
    txBps: t.integer().notNull(),
    prBps: t.integer().notNull(),
    dcBps: t.integer().notNull(),
    bmBps: t.integer().notNull(),
    rpt: t.integer().notNull(),
  }),
  (table) => ({ nodeIndex: index().on(table.node) }),
);

export const committeeCandidateRelations = relations(committeeCandidate, ({ one }) => ({
  factors: one(reputationFactors, { fields: [committeeCandidate.id], references: [reputationFactors.id] }),
}));

/** A committee duty recorded by a duty source (StorageProofs, the IndexOracle): done or missed. */
export const committeeDuty = onchainTable(
  "committee_duty",
  (t) => ({
    id: t.text().primaryKey(),
    term: t.bigint().notNull(),
    seat: t.integer().notNull(),
    member: t.hex().notNull(),
    source: t.hex().notNull(),
    done: t.boolean().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ memberIndex: index().on(table.member) }),
);

/** A member slashed by the Committee, with the duties that decided it (missed ones). */
export const committeeSlash = onchainTable(
  "committee_slash",
  (t) => ({
    id: t.text().primaryKey(),
    term: t.bigint().notNull(),
    member: t.hex().notNull(),
    kind: committeeSlashKindEnum().notNull(),
    amount: t.bigint().notNull(),
    dutiesAssigned: t.integer(),
    dutiesMissed: t.integer(),
    /** The first term it may stand for again (missed duties). */
    sitOutUntil: t.bigint(),
    ...eventColumns(t),
  }),
  (table) => ({ memberIndex: index().on(table.member) }),
);

/** An impeachment vote: seats and members, and the votes cast of those needed. */
export const committeeImpeachmentVote = onchainTable("committee_impeachment_vote", (t) => ({
  id: t.text().primaryKey(),
  term: t.bigint().notNull(),
  voter: t.hex().notNull(),
  target: t.hex().notNull(),
  votes: t.integer().notNull(),
  needed: t.integer().notNull(),
  ...eventColumns(t),
}));

/** A withdrawal request's life: pending, then paid (a slash may take from it first). */
export const honorWithdrawalStatusEnum = onchainEnum("honor_withdrawal_status", ["pending", "paid"]);

/** The HonorPool (one row, id: its address): its threshold and totals. */
export const honorPool = onchainTable("honor_pool", (t) => ({
  address: t.hex().primaryKey(),
  minStake: t.bigint().notNull().default(0n),
  withdrawDelay: t.bigint().notNull().default(0n),
  totalStaked: t.bigint().notNull().default(0n),
  slashed: t.bigint().notNull().default(0n),
  updatedAt: t.bigint().notNull(),
}));

/** An honor node (HonorPool): active stake, pending request, slashes, vault and delegate. */
export const honorNode = onchainTable(
  "honor_node",
  (t) => ({
    address: t.hex().primaryKey(),
    stake: t.bigint().notNull().default(0n),
    pending: t.bigint().notNull().default(0n),
    payableAt: t.bigint(),
    /** At least the pool's minStake as of its last change. */
    honorNode: t.boolean().notNull().default(false),
    slashed: t.bigint().notNull().default(0n),
    vault: t.hex(),
    delegate: t.hex(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ stakeIndex: index().on(table.stake) }),
);

/** Every HonorPool stake change: a deposit, a request, a completed withdrawal or a slash, with
 * the node's active stake and pending request after it. */
export const honorChangeKindEnum = onchainEnum("honor_change_kind", ["deposit", "request", "complete", "slash"]);
export const honorChange = onchainTable(
  "honor_change",
  (t) => ({
    id: t.text().primaryKey(),
    node: t.hex().notNull(),
    kind: honorChangeKindEnum().notNull(),
    amount: t.bigint().notNull(),
    stake: t.bigint().notNull(),
    pending: t.bigint().notNull(),
    /** A slash's reason ("Committee.missed", "Committee.impeached") and bps. */
    reason: t.text(),
    bps: t.integer(),
    totalStaked: t.bigint(),
    ...eventColumns(t),
  }),
  (table) => ({ nodeIndex: index().on(table.node) }),
);

// ---------------------------------------------------------------- insurance (DESIGN §8)

/** An IndexOracle feed: its range and timing (FeedSet). */
export const oracleFeed = onchainTable("oracle_feed", (t) => ({
  feedId: t.hex().primaryKey(),
  name: t.text().notNull(),
  min: t.bigint().notNull(),
  max: t.bigint().notNull(),
  reportDeadline: t.bigint().notNull(),
  grace: t.bigint().notNull(),
  deadlineQuorum: t.integer().notNull(),
  updatedAt: t.bigint().notNull(),
}));

export const oracleRoundStateEnum = onchainEnum("oracle_round_state", ["requested", "open", "final", "void"]);

/** A round per (feed, subject): requested by a consumer, opened by the first report (committee
 * snapshotted), final by two thirds or by the deadline path, or void. */
export const oracleRound = onchainTable(
  "oracle_round",
  (t) => ({
    /** `${feedId}-${subject}` */
    id: t.text().primaryKey(),
    feedId: t.hex().notNull(),
    subject: t.hex().notNull(),
    /** The subject's key (`UA1545:20130101`) and observation time, decoded from `subject`. */
    key: t.text().notNull(),
    observesAt: t.bigint().notNull(),
    state: oracleRoundStateEnum().notNull().default("requested"),
    consumer: t.hex(),
    term: t.bigint(),
    committeeSize: t.integer(),
    reports: t.integer().notNull().default(0),
    value: t.bigint(),
    byDeadline: t.boolean(),
    requestedAt: t.bigint(),
    openedAt: t.bigint(),
    closedAt: t.bigint(),
    /** Who called the finalize or void that closed it (the reporter whose report finalized it). */
    closedBy: t.hex(),
  }),
  (table) => ({ stateIndex: index().on(table.state), feedIndex: index().on(table.feedId) }),
);

/** One committee member's report in a round. */
export const oracleReport = onchainTable(
  "oracle_report",
  (t) => ({
    id: t.text().primaryKey(),
    roundId: t.text().notNull(),
    feedId: t.hex().notNull(),
    subject: t.hex().notNull(),
    member: t.hex().notNull(),
    seat: t.integer().notNull(),
    value: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ roundIndex: index().on(table.roundId), memberIndex: index().on(table.member) }),
);

export const comparatorEnum = onchainEnum("insurance_comparator", ["at_least", "at_most"]);

/** An insurance product and its pool: terms, and the pool's numbers after its last change
 * (PoolUpdated). Solvency: `assets` against `locked`; `free` = assets − locked − unearned. */
export const insuranceProduct = onchainTable("insurance_product", (t) => ({
  productId: t.bigint().primaryKey(),
  creator: t.hex().notNull(),
  name: t.text().notNull(),
  feedId: t.hex().notNull(),
  comparator: comparatorEnum().notNull(),
  /** Tier thresholds and payouts (bps of the sum insured), in order. */
  thresholds: t.bigint().array().notNull(),
  payoutsBps: t.integer().array().notNull(),
  premiumBps: t.integer().notNull(),
  maxSumInsured: t.bigint().notNull(),
  maxExposurePerSubject: t.bigint().notNull(),
  saleStart: t.bigint().notNull(),
  saleEnd: t.bigint().notNull(),
  minLeadTime: t.bigint().notNull(),
  assets: t.bigint().notNull().default(0n),
  locked: t.bigint().notNull().default(0n),
  unearned: t.bigint().notNull().default(0n),
  lockedMatured: t.bigint().notNull().default(0n),
  free: t.bigint().notNull().default(0n),
  totalShares: t.bigint().notNull().default(0n),
  /** What a withdrawal pays per share, × 1e18 (null without shares). */
  sharePrice: t.bigint(),
  policies: t.integer().notNull().default(0),
  premiums: t.bigint().notNull().default(0n),
  paidOut: t.bigint().notNull().default(0n),
  createdAt: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** The pool of a product after each change: the share price and solvency over time. */
export const insurancePoolPoint = onchainTable(
  "insurance_pool_point",
  (t) => ({
    id: t.text().primaryKey(),
    productId: t.bigint().notNull(),
    assets: t.bigint().notNull(),
    locked: t.bigint().notNull(),
    unearned: t.bigint().notNull(),
    lockedMatured: t.bigint().notNull(),
    totalShares: t.bigint().notNull(),
    sharePrice: t.bigint(),
    ...eventColumns(t),
  }),
  (table) => ({ productTimeIndex: index().on(table.productId, table.timestamp) }),
);

/** An underwriter's shares in a product's pool, and what it put in and took out. */
export const underwriterPosition = onchainTable(
  "underwriter_position",
  (t) => ({
    /** `${productId}-${underwriter}` */
    id: t.text().primaryKey(),
    productId: t.bigint().notNull(),
    underwriter: t.hex().notNull(),
    shares: t.bigint().notNull().default(0n),
    deposited: t.bigint().notNull().default(0n),
    withdrawn: t.bigint().notNull().default(0n),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ underwriterIndex: index().on(table.underwriter), productIndex: index().on(table.productId) }),
);

/** A subject under a product: its policies, exposure and settlement progress. */
export const insuranceSubject = onchainTable(
  "insurance_subject",
  (t) => ({
    /** `${productId}-${subject}` */
    id: t.text().primaryKey(),
    productId: t.bigint().notNull(),
    subject: t.hex().notNull(),
    key: t.text().notNull(),
    observesAt: t.bigint().notNull(),
    policies: t.integer().notNull().default(0),
    exposure: t.bigint().notNull().default(0n),
    settled: t.integer().notNull().default(0),
    outcome: oracleRoundStateEnum(),
    value: t.bigint(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ productIndex: index().on(table.productId) }),
);

export const policyStateEnum = onchainEnum("policy_state", ["active", "paid", "expired", "refunded"]);

/** A policy: its cover, premium, the payout it locked, and what happened to it. */
export const insurancePolicy = onchainTable(
  "insurance_policy",
  (t) => ({
    policyId: t.bigint().primaryKey(),
    productId: t.bigint().notNull(),
    subject: t.hex().notNull(),
    key: t.text().notNull(),
    observesAt: t.bigint().notNull(),
    holder: t.hex().notNull(),
    /** Where its payout goes (the holder unless it named another address). */
    payee: t.hex().notNull(),
    sumInsured: t.bigint().notNull(),
    premium: t.bigint().notNull(),
    maxPayout: t.bigint().notNull(),
    /** The non-refundable upkeep fee paid at purchase (UpkeepFeePaid). */
    upkeepFee: t.bigint(),
    state: policyStateEnum().notNull().default("active"),
    /** Paid out (a tier's payout, or the refunded premium), and whether it was delivered or owed. */
    paid: t.bigint(),
    tier: t.integer(),
    delivered: t.boolean(),
    boughtAt: t.bigint().notNull(),
    settledAt: t.bigint(),
  }),
  (table) => ({
    holderIndex: index().on(table.holder),
    payeeIndex: index().on(table.payee),
    subjectIndex: index().on(table.productId, table.subject),
  }),
);

export const payoutKindEnum = onchainEnum("insurance_payout_kind", ["payout", "refund", "claim"]);

/** Every payment to a policyholder: a tier's payout, a void subject's refund (delivered or kept as
 * owed), or a claim of what was owed. */
export const insurancePayout = onchainTable(
  "insurance_payout",
  (t) => ({
    id: t.text().primaryKey(),
    kind: payoutKindEnum().notNull(),
    policyId: t.bigint(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
    delivered: t.boolean().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ accountIndex: index().on(table.account) }),
);

/** What settlements could not deliver to an account, and what it claimed. */
export const insuranceOwed = onchainTable("insurance_owed", (t) => ({
  account: t.hex().primaryKey(),
  owed: t.bigint().notNull().default(0n),
  claimed: t.bigint().notNull().default(0n),
  /** Where its last claim went, when it named another address (claimOwedTo). */
  lastClaimedTo: t.hex(),
  updatedAt: t.bigint().notNull(),
}));

/**
 * Upkeep fees the market held and forwarded to KeeperRewards (they fund the bounties of the
 * oracle's and the market's upkeep), one row per forwarding settlement.
 */
export const insuranceUpkeepForward = onchainTable("insurance_upkeep_forward", (t) => ({
  id: t.text().primaryKey(),
  amount: t.bigint().notNull(),
  ...eventColumns(t),
}));

// ---------------------------------------------------------------- wiring

export const bindingKindEnum = onchainEnum("binding_kind", [
  "committee",
  "duty_source",
  "consumer",
  "binder_renounced",
  "stream_anchored",
]);

/** How the suite's contracts were wired to each other, in order: a committee bound to a module, a
 * duty source or an oracle consumer allowed or removed, a binder renounced, a reward stream
 * re-anchored (new parameters: `amount` owed for `periods` before them). */
export const binding = onchainTable(
  "binding",
  (t) => ({
    id: t.text().primaryKey(),
    /** The contract that emitted it. */
    contract: t.hex().notNull(),
    kind: bindingKindEnum().notNull(),
    /** The committee, source, consumer or binder concerned (null for a stream). */
    target: t.hex(),
    allowed: t.boolean(),
    /** StorageProofs' settle window (seconds) for a committee binding; a stream's beneficiary. */
    detail: t.text(),
    periods: t.bigint(),
    amount: t.bigint(),
    ...eventColumns(t),
  }),
  (table) => ({ contractIndex: index().on(table.contract) }),
);

// ---------------------------------------------------------------- accounts: aliases (AliasRegistry)

export const aliasChangeKindEnum = onchainEnum("alias_change_kind", [
  "registered",
  "transferred",
  "released",
  "displaced",
]);

/** One row per name ever registered: its current owner (null once released), key and pending offer. */
export const alias = onchainTable(
  "alias",
  (t) => ({
    name: t.text().primaryKey(),
    owner: t.hex(),
    /** 33-byte compressed secp256k1 key; null after a transfer until the new owner sets one. */
    publicKey: t.hex(),
    pendingOwner: t.hex(),
    /** The fee of the current registration, and whether it came by commit-reveal. */
    fee: t.bigint(),
    committed: t.boolean(),
    registeredAt: t.bigint(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ ownerIndex: index().on(table.owner) }),
);

/** The history of a name's owners: registration, accepted transfer, release, displacement of a snipe. */
export const aliasOwnerChange = onchainTable(
  "alias_owner_change",
  (t) => ({
    id: t.text().primaryKey(),
    alias: t.text().notNull(),
    kind: aliasChangeKindEnum().notNull(),
    from: t.hex(),
    to: t.hex(),
    fee: t.bigint(),
    ...eventColumns(t),
  }),
  (table) => ({ aliasIndex: index().on(table.alias) }),
);

// ---------------------------------------------------------------- recoverable wallets (DESIGN §13)

/** A RecoverableWallet (a clone of the WalletFactory): its owner and guardians in force. */
export const wallet = onchainTable(
  "wallet",
  (t) => ({
    wallet: t.hex().primaryKey(),
    owner: t.hex().notNull(),
    guardians: t.hex().array().notNull(),
    threshold: t.integer().notNull(),
    /** Seconds a recovery and a guardian change wait. */
    delay: t.bigint().notNull(),
    /** Calls the owner made through the wallet (each Executed). */
    calls: t.integer().notNull().default(0),
    /** Recoveries executed (the owner changed by its guardians). */
    recoveries: t.integer().notNull().default(0),
    createdAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ ownerIndex: index().on(table.owner) }),
);

/** A guardian change the owner proposed; `status`: pending, applied, cancelled. */
export const walletGuardianChange = onchainTable(
  "wallet_guardian_change",
  (t) => ({
    /** `${wallet}:${changeId}`. */
    id: t.text().primaryKey(),
    wallet: t.hex().notNull(),
    changeId: t.bigint().notNull(),
    guardians: t.hex().array().notNull(),
    threshold: t.integer().notNull(),
    delay: t.bigint().notNull(),
    readyAt: t.bigint().notNull(),
    status: t.text().notNull(),
    proposedAt: t.bigint().notNull(),
    closedAt: t.bigint(),
  }),
  (table) => ({ walletIndex: index().on(table.wallet) }),
);

/**
 * A recovery the guardians proposed; `status`: pending, executed, cancelled (by the owner) or
 * superseded (another recovery of the wallet executed first). `approvals` counts the guardians in
 * force (the contract's count); `approvers` lists the approving guardians as events named them.
 */
export const walletRecovery = onchainTable(
  "wallet_recovery",
  (t) => ({
    /** `${wallet}:${recoveryId}`. */
    id: t.text().primaryKey(),
    wallet: t.hex().notNull(),
    recoveryId: t.bigint().notNull(),
    newOwner: t.hex().notNull(),
    proposer: t.hex().notNull(),
    approvals: t.integer().notNull(),
    approvers: t.hex().array().notNull(),
    /** Zero until M approvals; then the M-th approval's time + the delay. */
    readyAt: t.bigint().notNull(),
    status: t.text().notNull(),
    /** The owner the recovery replaced (set when executed). */
    oldOwner: t.hex(),
    proposedAt: t.bigint().notNull(),
    closedAt: t.bigint(),
  }),
  (table) => ({ walletIndex: index().on(table.wallet), statusIndex: index().on(table.status) }),
);

/** Every owner change of a wallet: `how` is created, transfer (the owner's own call) or recovery. */
export const walletOwnerChange = onchainTable(
  "wallet_owner_change",
  (t) => ({
    id: t.text().primaryKey(),
    wallet: t.hex().notNull(),
    oldOwner: t.hex().notNull(),
    newOwner: t.hex().notNull(),
    how: t.text().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ walletIndex: index().on(table.wallet) }),
);

export const walletRelations = relations(wallet, ({ many }) => ({
  changes: many(walletGuardianChange),
  recoveryList: many(walletRecovery),
  owners: many(walletOwnerChange),
}));
export const walletGuardianChangeRelations = relations(walletGuardianChange, ({ one }) => ({
  ofWallet: one(wallet, { fields: [walletGuardianChange.wallet], references: [wallet.wallet] }),
}));
export const walletRecoveryRelations = relations(walletRecovery, ({ one }) => ({
  ofWallet: one(wallet, { fields: [walletRecovery.wallet], references: [wallet.wallet] }),
}));
export const walletOwnerChangeRelations = relations(walletOwnerChange, ({ one }) => ({
  ofWallet: one(wallet, { fields: [walletOwnerChange.wallet], references: [wallet.wallet] }),
}));

// ---------------------------------------------------------------- council chair, removal, appeal (DESIGN §13)

/** A chair ballot of a term (a new one after a vacancy): its current round, its chair once elected. */
export const councilChair = onchainTable("council_chair", (t) => ({
  ballotId: t.bigint().primaryKey(),
  termId: t.bigint().notNull(),
  round: t.integer().notNull(),
  roundEnd: t.bigint().notNull().default(0n),
  /** The candidates in declaration order. */
  candidates: t.hex().array().notNull(),
  chair: t.hex(),
  electedAt: t.bigint(),
  electedVotes: t.integer(),
  failed: t.boolean().notNull().default(false),
  previousChair: t.hex(),
  openedAt: t.bigint().notNull(),
}));

/** One round of a chair ballot (id: ballotId-round): every candidate's votes from sitting members
 * at its close, who was eliminated and who won. */
export const councilChairBallot = onchainTable(
  "council_chair_ballot",
  (t) => ({
    id: t.text().primaryKey(),
    ballotId: t.bigint().notNull(),
    round: t.integer().notNull(),
    roundEnd: t.bigint().notNull(),
    closed: t.boolean().notNull().default(false),
    candidates: t.hex().array(),
    votes: t.integer().array(),
    eliminated: t.hex(),
    chair: t.hex(),
  }),
  (table) => ({ ballotIndex: index().on(table.ballotId) }),
);

/** A member's vote in a chair round (id: ballotId-round-member); candidate null: withdrawn. */
export const councilChairVote = onchainTable("council_chair_vote", (t) => ({
  id: t.text().primaryKey(),
  ballotId: t.bigint().notNull(),
  round: t.integer().notNull(),
  member: t.hex().notNull(),
  candidate: t.hex(),
  ...eventColumns(t),
}));

/** The chair's yearly report. */
export const councilReport = onchainTable("council_report", (t) => ({
  reportId: t.bigint().primaryKey(),
  termId: t.bigint().notNull(),
  chair: t.hex().notNull(),
  uri: t.text().notNull(),
  nextDeadline: t.bigint().notNull(),
  ...eventColumns(t),
}));

/** A report interval that ended without a report. */
export const councilMissedReport = onchainTable("council_missed_report", (t) => ({
  missedId: t.bigint().primaryKey(),
  termId: t.bigint().notNull(),
  chair: t.hex().notNull(),
  deadline: t.bigint().notNull(),
  ...eventColumns(t),
}));

/** A removal by peers with its grounds, votes, appeal and outcome ("open", "restored", "lost";
 * "lost" is recorded when the reserve settles the withheld pay or the window is seen to pass). */
export const councilRemoval = onchainTable(
  "council_removal",
  (t) => ({
    removalId: t.bigint().primaryKey(),
    termId: t.bigint().notNull(),
    member: t.hex().notNull(),
    groundsURI: t.text().notNull(),
    votes: t.integer().notNull(),
    others: t.integer().notNull(),
    appealDeadline: t.bigint().notNull(),
    appealProposalId: t.bigint(),
    appealedAt: t.bigint(),
    outcome: t.text().notNull(),
    restoredAt: t.bigint(),
    withheld: t.bigint().notNull().default(0n),
    ...eventColumns(t),
  }),
  (table) => ({ memberIndex: index().on(table.member) }),
);

// ---------------------------------------------------------------- community: data market (DataMarket)

/** A listing: where its encrypted data is (a lease, or a URL), its price and content hash. */
export const dataListing = onchainTable(
  "data_listing",
  (t) => ({
    listingId: t.bigint().primaryKey(),
    seller: t.hex().notNull(),
    title: t.text().notNull(),
    tags: t.text().notNull(),
    descriptionURI: t.text().notNull(),
    price: t.bigint().notNull(),
    contentHash: t.hex().notNull(),
    leaseId: t.bigint(),
    url: t.text(),
    active: t.boolean().notNull(),
    /** Proxies the seller shared its key with (in order). */
    proxies: t.hex().array().notNull(),
    orders: t.integer().notNull().default(0),
    ...eventColumns(t),
  }),
  (table) => ({ sellerIndex: index().on(table.seller) }),
);

/** A proxy: its collateral (active and pending), fee and slashes. */
export const dataProxy = onchainTable("data_proxy", (t) => ({
  address: t.hex().primaryKey(),
  collateral: t.bigint().notNull(),
  pending: t.bigint().notNull(),
  payableAt: t.bigint(),
  feeBps: t.integer().notNull(),
  slashed: t.bigint().notNull().default(0n),
  deliveries: t.integer().notNull().default(0),
  updatedAt: t.bigint().notNull(),
}));

/** An order: "paid", "delivered", "disputed", "completed" or "refunded", with its delivery,
 * payout or refund. */
export const dataOrder = onchainTable(
  "data_order",
  (t) => ({
    orderId: t.bigint().primaryKey(),
    listingId: t.bigint().notNull(),
    buyer: t.hex().notNull(),
    seller: t.hex().notNull(),
    proxy: t.hex().notNull(),
    price: t.bigint().notNull(),
    feeBps: t.integer().notNull(),
    upkeepFee: t.bigint().notNull(),
    buyerPublicKey: t.hex().notNull(),
    state: t.text().notNull(),
    deliverBy: t.bigint().notNull(),
    deliveredAt: t.bigint(),
    encryptedKey: t.hex(),
    witness: t.hex(),
    confirmBy: t.bigint(),
    sellerAmount: t.bigint(),
    proxyFee: t.bigint(),
    refunded: t.bigint(),
    /** Who ended the order (the buyer, a keeper, a voting member). */
    endedBy: t.hex(),
    endedAt: t.bigint(),
    ...eventColumns(t),
  }),
  (table) => ({ buyerIndex: index().on(table.buyer), proxyIndex: index().on(table.proxy) }),
);

/** A dispute and its verdict: "open", "buyer", "seller" or "default" (undecided, refunded). */
export const dataDispute = onchainTable("data_dispute", (t) => ({
  orderId: t.bigint().primaryKey(),
  buyer: t.hex().notNull(),
  term: t.bigint().notNull(),
  eligibleSeats: t.integer().notNull(),
  needed: t.integer().notNull(),
  bond: t.bigint().notNull(),
  decideBy: t.bigint().notNull(),
  evidenceURI: t.text().notNull(),
  testimonyURI: t.text(),
  votesForBuyer: t.integer().notNull().default(0),
  votesForSeller: t.integer().notNull().default(0),
  verdict: t.text().notNull(),
  slashed: t.bigint(),
  bondTo: t.hex(),
  resolvedAt: t.bigint(),
  ...eventColumns(t),
}));

/** A Committee member's vote on a dispute (id: orderId-seat). */
export const dataDisputeVote = onchainTable("data_dispute_vote", (t) => ({
  id: t.text().primaryKey(),
  orderId: t.bigint().notNull(),
  seat: t.integer().notNull(),
  member: t.hex().notNull(),
  forBuyer: t.boolean().notNull(),
  ...eventColumns(t),
}));
// ---------------------------------------------------------------- procurement (ProcurementVote, issue 18)

/** A procurement round (DESIGN §13): its terms, windows, escrow, tally and outcome. Status: "open",
 * "failed", "awarded", "delivered", "delivery-failed". */
export const procurementRound = onchainTable(
  "procurement_round",
  (t) => ({
    roundId: t.bigint().primaryKey(),
    sponsor: t.hex().notNull(),
    fromReserve: t.boolean().notNull(),
    uri: t.text().notNull(),
    status: t.text().notNull(),
    failReason: t.text(),
    openedAt: t.bigint().notNull(),
    snapshot: t.bigint().notNull(),
    applicationEnd: t.bigint().notNull(),
    votingEnd: t.bigint().notNull(),
    deliveryDeadline: t.bigint().notNull(),
    budget: t.bigint().notNull(),
    /** The sponsor's pool plus `carriedIn`. */
    rewardPool: t.bigint().notNull(),
    carriedIn: t.bigint().notNull(),
    bond: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    applicationCount: t.integer().notNull().default(0),
    voterCount: t.integer().notNull().default(0),
    totalWeight: t.bigint().notNull().default(0n),
    leader: t.integer(),
    winner: t.hex(),
    winningBid: t.bigint(),
    paid: t.bigint(),
    budgetReturned: t.bigint(),
    rewardsPaid: t.bigint().notNull().default(0n),
    dust: t.bigint(),
    closedBy: t.hex(),
    updatedAt: t.bigint().notNull(),
    ...eventColumns(t),
  }),
  (table) => ({ sponsorIndex: index().on(table.sponsor) }),
);

/** A supplier's application (id: roundId-applicationId). Status: "applied", "withdrawn", "won",
 * "lost", "paid", "forfeited"; `bondReturned` once its bond went back. */
export const procurementApplication = onchainTable(
  "procurement_application",
  (t) => ({
    id: t.text().primaryKey(),
    roundId: t.bigint().notNull(),
    applicationId: t.integer().notNull(),
    supplier: t.hex().notNull(),
    bid: t.bigint().notNull(),
    bond: t.bigint().notNull(),
    documentsUri: t.text().notNull(),
    weight: t.bigint().notNull().default(0n),
    votes: t.integer().notNull().default(0),
    status: t.text().notNull(),
    bondReturned: t.boolean().notNull().default(false),
    ...eventColumns(t),
  }),
  (table) => ({ roundIndex: index().on(table.roundId), supplierIndex: index().on(table.supplier) }),
);

/** An economic node's vote (id: roundId-voter) and its reward once claimed. */
export const procurementVote = onchainTable(
  "procurement_vote",
  (t) => ({
    id: t.text().primaryKey(),
    roundId: t.bigint().notNull(),
    applicationId: t.integer().notNull(),
    voter: t.hex().notNull(),
    weight: t.bigint().notNull(),
    reward: t.bigint(),
    claimedAt: t.bigint(),
    ...eventColumns(t),
  }),
  (table) => ({ roundIndex: index().on(table.roundId), voterIndex: index().on(table.voter) }),
);

/** The carried pool (forfeited bonds, dust, failed rounds' pools) after each change (id: event id);
 * `reason`: "withdrawn", "failed-round", "delivery-failed" (a reserve round's; a sponsor's own
 * round's bond goes to the CouncilReserve), "dust", "opened" (taken into a round). */
export const procurementCarry = onchainTable("procurement_carry", (t) => ({
  id: t.text().primaryKey(),
  roundId: t.bigint().notNull(),
  reason: t.text().notNull(),
  amount: t.bigint().notNull(),
  carried: t.bigint().notNull(),
  ...eventColumns(t),
}));
// ---------------------------------------------------------------------------------------------
// Charity (CharityCampaigns, DESIGN §13, issue 18): campaigns with raised, released and refunded
// amounts; milestones, evidence, approvals and payments; donations and the donation-to-payment
// trace (pro rata: a payment spends the same share of the unspent part of every earlier donation;
// rounded as the contract's traceOf does), and refunds.

/** A campaign (status: active, completed, cancelled, failed; failReason: goalMissed, milestonesMissed). */
export const charityCampaign = onchainTable("charity_campaign", (t) => ({
  campaignId: t.bigint().primaryKey(),
  creator: t.hex().notNull(),
  beneficiary: t.hex().notNull(),
  token: t.hex().notNull(),
  goal: t.bigint().notNull(),
  deadline: t.bigint().notNull(),
  releaseDeadline: t.bigint().notNull(),
  committee: t.boolean().notNull(),
  verifiers: t.hex().array().notNull(),
  metadataURI: t.text().notNull(),
  milestoneCount: t.integer().notNull(),
  releasedCount: t.integer().notNull().default(0),
  status: t.text().notNull(),
  failReason: t.text(),
  raised: t.bigint().notNull().default(0n),
  released: t.bigint().notNull().default(0n),
  refunded: t.bigint().notNull().default(0n),
  donationCount: t.integer().notNull().default(0),
  createdAt: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** A milestone (id: campaignId-index) with its current evidence round and approvals. */
export const charityMilestone = onchainTable(
  "charity_milestone",
  (t) => ({
    id: t.text().primaryKey(),
    campaignId: t.bigint().notNull(),
    index: t.integer().notNull(),
    amount: t.bigint().notNull(),
    evidence: t.text().notNull(),
    round: t.integer().notNull().default(0),
    threshold: t.integer(),
    approvals: t.integer().notNull().default(0),
    approved: t.boolean().notNull().default(false),
    releasedAt: t.bigint(),
  }),
  (table) => ({ campaignIndex: index().on(table.campaignId) }),
);

/** Evidence submitted for a milestone (one row per round). */
export const charityEvidence = onchainTable("charity_evidence", (t) => ({
  id: t.text().primaryKey(),
  campaignId: t.bigint().notNull(),
  milestone: t.integer().notNull(),
  round: t.integer().notNull(),
  uris: t.text().array().notNull(),
  hashes: t.hex().array().notNull(),
  committeeTerm: t.bigint().notNull(),
  verifierCount: t.integer().notNull(),
  threshold: t.integer().notNull(),
  ...eventColumns(t),
}));

/** A verifier's approval of a round's evidence. */
export const charityApproval = onchainTable("charity_approval", (t) => ({
  id: t.text().primaryKey(),
  campaignId: t.bigint().notNull(),
  milestone: t.integer().notNull(),
  round: t.integer().notNull(),
  verifier: t.hex().notNull(),
  approvals: t.integer().notNull(),
  threshold: t.integer().notNull(),
  ...eventColumns(t),
}));

/** A milestone payment to the beneficiary (id: campaignId-milestone). */
export const charityPayment = onchainTable("charity_payment", (t) => ({
  id: t.text().primaryKey(),
  campaignId: t.bigint().notNull(),
  milestone: t.integer().notNull(),
  beneficiary: t.hex().notNull(),
  amount: t.bigint().notNull(),
  raisedAtRelease: t.bigint().notNull(),
  unspentBefore: t.bigint().notNull(),
  ...eventColumns(t),
}));

/** A donation (soulbound receipt tokenId = donationId); auctionId: a charity sale's. */
export const charityDonation = onchainTable(
  "charity_donation",
  (t) => ({
    donationId: t.bigint().primaryKey(),
    campaignId: t.bigint().notNull(),
    donor: t.hex().notNull(),
    payer: t.hex().notNull(),
    amount: t.bigint().notNull(),
    cohort: t.integer().notNull(),
    spent: t.bigint().notNull().default(0n),
    refunded: t.bigint().notNull().default(0n),
    auctionId: t.bigint(),
    ...eventColumns(t),
  }),
  (table) => ({ campaignIndex: index().on(table.campaignId), donorIndex: index().on(table.donor) }),
);

/** Donations made between two payments (id: campaignId-cohort): their total and what is left unspent. */
export const charityCohort = onchainTable("charity_cohort", (t) => ({
  id: t.text().primaryKey(),
  campaignId: t.bigint().notNull(),
  cohort: t.integer().notNull(),
  amount: t.bigint().notNull(),
  remaining: t.bigint().notNull(),
}));

/** The trace: donation `donationId` paid `amount` of milestone payment `milestone` (id: donationId-milestone). */
export const charityTrace = onchainTable(
  "charity_trace",
  (t) => ({
    id: t.text().primaryKey(),
    donationId: t.bigint().notNull(),
    campaignId: t.bigint().notNull(),
    milestone: t.integer().notNull(),
    amount: t.bigint().notNull(),
  }),
  (table) => ({ donationIndex: index().on(table.donationId) }),
);

/**
 * A refund paid (or refused by the token: failed) to a donor: `amount` left the campaign, `fee` of it
 * went to KeeperRewards for the bounty of the keeper `by` (zero for a donor's own claim).
 */
export const charityRefund = onchainTable("charity_refund", (t) => ({
  id: t.text().primaryKey(),
  donationId: t.bigint().notNull(),
  campaignId: t.bigint().notNull(),
  donor: t.hex().notNull(),
  /** Who was paid: the donor, or the address its claim named (null for a refund the token refused). */
  to: t.hex(),
  amount: t.bigint().notNull(),
  fee: t.bigint().notNull().default(0n),
  by: t.hex(),
  failed: t.boolean().notNull(),
  ...eventColumns(t),
}));
