// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {ICouncil} from "../contracts/interfaces/ICouncil.sol";
import {ICouncilReserve} from "../contracts/interfaces/ICouncilReserve.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {IReferendum} from "../contracts/interfaces/IReferendum.sol";
import {IRewardsReserve} from "../contracts/interfaces/IRewardsReserve.sol";
import {IVotingPower} from "../contracts/interfaces/IVotingPower.sol";
import {Council} from "../contracts/governance/Council.sol";
import {CouncilReserve} from "../contracts/governance/CouncilReserve.sol";
import {Referendum} from "../contracts/governance/Referendum.sol";
import {VotingPower} from "../contracts/governance/VotingPower.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {RewardsReserve} from "../contracts/staking-pools/RewardsReserve.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives governance with proposals, support, votes, bloc votes, closing, queueing,
/// execution, expiry, lapses, elections (candidacies, split votes, batched finalization),
/// transfers that move voting power, donations to the reserve, distributions, claims and sweeps.
contract GovernanceHandler is TestBase {
    BaseToken public immutable token;
    VotingPower public immutable votingPower;
    Council public immutable council;
    CouncilReserve public immutable reserve;
    Referendum public immutable referendum;
    TimelockController public immutable timelock;
    KeeperRewards public immutable rewards;
    /// Where sweeps deposit what holders left unclaimed.
    RewardsReserve public immutable rewardsReserve;

    address[4] public actors = [address(0xA1), address(0xA2), address(0xA3), address(0xA4)];
    address[3] public members = [address(0xC1), address(0xC2), address(0xC3)];
    address public constant DONOR = address(0xD0);
    /// Every upkeep is done by this keeper, so its units of work can be checked against the work.
    address public constant KEEPER = address(0xBEEF);
    uint256 public constant BOUNTY = 10e18;
    /// Set when an upkeep was paid more units than the due work it did.
    bool public bountyWithoutWork;
    /// Units of due work the keeper did, as the handler counts them.
    uint256 public workDone;

    /// Calls governance accepted and refused; refusals are expected, the handler explores bad input too.
    uint256 public accepted;
    uint256 public rejected;
    mapping(uint256 proposalId => uint8 state) public lastState;
    bool public stateRegressed;
    bool public aboveCapAfterDistribution;
    uint256 public distributions;

    constructor() {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 5_000_000_000e18);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        address[] memory none = new address[](0);
        timelock = new TimelockController(2 days, none, none, address(this));
        rewards = new KeeperRewards(token, address(this));
        votingPower = new VotingPower(IVotes(address(token)), address(timelock));
        rewardsReserve = new RewardsReserve(
            token,
            address(timelock),
            0,
            365 days,
            IRewardsReserve.Parameters({
                economicYearly: 5_000_000e18,
                committeeYearOne: 40_000_000e18,
                committeeDecayBps: 7_500,
                committeeTermsPerYear: 52
            })
        );
        council = _deployCouncil(rewards);
        reserve = _deployReserve(rewards);
        referendum = _deployReferendum(rewards);
        _registerKinds();
        require(token.transfer(address(rewards), 1_000_000e18), "rewards");
        token.grantRole(token.SNAPSHOT_ROLE(), address(reserve));
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(referendum));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(referendum));
        require(token.transfer(address(reserve), 1_000_000_000e18), "reserve");
        require(token.transfer(DONOR, 100_000_000e18), "donor");
        uint256[4] memory balances = [uint256(900_000_000e18), 700_000_000e18, 500_000_000e18, 50_000_000e18];
        for (uint256 i = 0; i < actors.length; ++i) {
            require(token.transfer(actors[i], balances[i]), "actor");
            vm.startPrank(actors[i]);
            token.delegate(actors[i]);
            token.approve(address(referendum), type(uint256).max);
            token.approve(address(council), type(uint256).max);
            vm.stopPrank();
        }
    }

    function _registerKinds() private {
        rewards.registerKind(council.OPEN_KIND(), address(council), BOUNTY);
        rewards.registerKind(council.FINALIZE_KIND(), address(council), BOUNTY);
        bytes32[7] memory kinds = [
            referendum.LAPSE_KIND(),
            referendum.MISSED_RESPONSE_KIND(),
            referendum.BLOC_KIND(),
            referendum.CLOSE_KIND(),
            referendum.QUEUE_KIND(),
            referendum.EXECUTE_KIND(),
            referendum.EXPIRE_KIND()
        ];
        for (uint256 i = 0; i < kinds.length; ++i) rewards.registerKind(kinds[i], address(referendum), BOUNTY);
        rewards.registerKind(reserve.PAY_KIND(), address(reserve), BOUNTY);
        rewards.registerKind(reserve.DISTRIBUTE_KIND(), address(reserve), BOUNTY);
        rewards.registerKind(reserve.SWEEP_KIND(), address(reserve), BOUNTY);
    }

    /// Before an upkeep by KEEPER: its units so far.
    function _jobs() private view returns (uint256) {
        return rewards.jobsOf(KEEPER);
    }

    /// After an upkeep that did `units` of due work: it may have been paid for at most those.
    function _paidFor(uint256 jobsBefore, uint256 units) private {
        uint256 paid = rewards.jobsOf(KEEPER) - jobsBefore;
        if (paid > units) bountyWithoutWork = true;
        workDone += units;
    }

    function _deployCouncil(KeeperRewards rewards_) private returns (Council) {
        address[] memory transitional = new address[](3);
        for (uint256 i = 0; i < 3; ++i) transitional[i] = members[i];
        return
            new Council(
                IVotes(address(token)),
                IVotingPower(address(votingPower)),
                IKeeperRewards(address(rewards_)),
                address(timelock),
                ICouncil.Parameters({
                    candidateBond: 10_000e18,
                    electionThreshold: 200_000_000e18,
                    minSeats: 5,
                    term: 365 days,
                    nominationPeriod: 14 days,
                    votingPeriod: 14 days,
                    appealPeriod: 14 days
                }),
                transitional,
                365 days
            );
    }

    function _deployReserve(KeeperRewards rewards_) private returns (CouncilReserve) {
        return
            new CouncilReserve(
                IBaseToken(address(token)),
                ICouncil(address(council)),
                IKeeperRewards(address(rewards_)),
                address(timelock),
                ICouncilReserve.Parameters({
                    capBps: 2000,
                    liquidityBps: 100,
                    liquidityWindow: 365 days,
                    claimPeriod: 365 days,
                    councilPay: 400_000e18,
                    rewardsReserve: address(rewardsReserve)
                })
            );
    }

    function _deployReferendum(KeeperRewards rewards_) private returns (Referendum) {
        return
            new Referendum(
                token,
                IVotingPower(address(votingPower)),
                ICouncil(address(council)),
                ICouncilReserve(address(reserve)),
                IKeeperRewards(address(rewards_)),
                address(timelock),
                IReferendum.Parameters({
                    proposalDeposit: 1_000e18,
                    responseThreshold: 100_000e18,
                    referendumThreshold: 100_000_000e18,
                    quorum: 1_000_000_000e18,
                    constitutionalQuorum: 1_500_000_000e18,
                    majority: IReferendum.Fraction(3, 5),
                    constitutionalMajority: IReferendum.Fraction(2, 3),
                    supportPeriod: 60 days,
                    responsePeriod: 14 days,
                    day: 1 days,
                    minPublicityDays: 7,
                    maxPublicityDays: 30,
                    executionPeriod: 30 days,
                    upkeepFee: 100e18,
                    maxOpenProposals: 3
                }),
                _ordinaryCalls()
            );
    }

    // ------------------------------------------------------------ referendum

    function propose(uint256 actorSeed, uint256 publicity) external {
        address actor = _actor(actorSeed);
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _actions();
        vm.prank(actor);
        try referendum.propose(targets, values, calldatas, "ipfs://p", false, uint8(bound(publicity, 7, 30))) {
            _observe();
        } catch {
            ++rejected;
        }
    }

    function support(uint256 actorSeed, uint256 proposalSeed) external {
        uint256 id = _proposal(proposalSeed);
        vm.prank(_actor(actorSeed));
        try referendum.support(id) {
            ++accepted;
        } catch {
            ++rejected;
        }
        _observe();
    }

    function castVote(uint256 actorSeed, uint256 proposalSeed, uint8 side) external {
        uint256 id = _proposal(proposalSeed);
        vm.prank(_actor(actorSeed));
        try referendum.castVote(id, uint8(1 + (side % 3))) {
            ++accepted;
        } catch {
            ++rejected;
        }
        _observe();
    }

    function blocVote(uint256 proposalSeed, uint8 choice) external {
        uint256 id = _proposal(proposalSeed);
        bytes32 subject = referendum.blocSubject(id);
        for (uint256 i = 0; i < 2; ++i) {
            vm.prank(members[i]);
            try council.memberVote(subject, uint8(1 + (choice % 3))) {
                ++accepted;
            } catch {
                ++rejected;
            }
        }
        uint256 jobs = _jobs();
        vm.prank(KEEPER);
        try referendum.castBlocVote(id) {
            ++accepted;
            _paidFor(jobs, 1);
        } catch {
            ++rejected;
            _paidFor(jobs, 0);
        }
        _observe();
    }

    function advance(uint256 proposalSeed) external {
        uint256 id = _proposal(proposalSeed);
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _actions();
        _keep(abi.encodeCall(referendum.lapse, (id)));
        _keep(abi.encodeCall(referendum.closeReferendum, (id)));
        _keep(abi.encodeCall(referendum.queue, (id, targets, values, calldatas)));
        _keep(abi.encodeCall(referendum.execute, (id, targets, values, calldatas)));
        _keep(abi.encodeCall(referendum.expire, (id)));
        _keep(abi.encodeCall(referendum.recordMissedResponse, (id)));
        _observe();
    }

    /// One referendum upkeep by KEEPER: one unit of due work when it succeeds, none when refused.
    function _keep(bytes memory call) private {
        uint256 jobs = _jobs();
        vm.prank(KEEPER);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = address(referendum).call(call);
        if (ok) ++accepted;
        else ++rejected;
        _paidFor(jobs, ok ? 1 : 0);
    }

    // ------------------------------------------------------------ council

    function openElection() external {
        // A transitional member may open the first election early; later ones anyone once due.
        uint256 jobs = _jobs();
        vm.prank(members[0]);
        try council.openElection() {
            ++accepted;
            _paidFor(jobs, 1);
        } catch {
            ++rejected;
            _paidFor(jobs, 0);
        }
    }

    function declare(uint256 actorSeed) external {
        vm.prank(_actor(actorSeed));
        try council.declareCandidacy(10_000e18, "ipfs://c") {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function voteCandidates(uint256 actorSeed, uint256 split, uint256 share) external {
        address voter = _actor(actorSeed);
        uint256 electionId = council.latestElectionId();
        if (electionId == 0) return;
        ICouncil.Election memory election = council.electionOf(electionId);
        if (block.timestamp <= election.votingStart) return;
        uint256 power = votingPower.getPastVotes(voter, election.votingStart);
        uint256 total = bound(share, 0, power + 1);
        uint256 first = bound(split, 0, total);
        address[] memory candidates = new address[](2);
        uint256[] memory weights = new uint256[](2);
        candidates[0] = actors[split % 4];
        candidates[1] = actors[(split / 4) % 4];
        weights[0] = first;
        weights[1] = total - first;
        vm.prank(voter);
        try council.voteCandidates(candidates, weights) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function finalize(uint256 batch) external {
        uint256 jobs = _jobs();
        vm.prank(KEEPER);
        try council.finalizeElection(bound(batch, 1, 3)) returns (bool done) {
            ++accepted;
            // A batch that does not complete the count is not paid: candidacies are free.
            _paidFor(jobs, done ? 1 : 0);
        } catch {
            ++rejected;
            _paidFor(jobs, 0);
        }
    }

    // ------------------------------------------------------------ tokens and reserve

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, token.balanceOf(from));
        vm.prank(from);
        require(token.transfer(_actor(toSeed), amount), "transfer");
    }

    function donate(uint256 amount) external {
        amount = bound(amount, 1, token.balanceOf(DONOR) / 10 + 1);
        vm.prank(DONOR);
        require(token.transfer(address(reserve), amount), "donate");
    }

    function distribute() external {
        uint256 jobs = _jobs();
        vm.prank(KEEPER);
        try reserve.distributeExcess() {
            ++distributions;
            if (reserve.available() > reserve.cap()) aboveCapAfterDistribution = true;
            _paidFor(jobs, 1);
        } catch {
            ++rejected;
            _paidFor(jobs, 0);
        }
    }

    function claim(uint256 distributionSeed, uint256 actorSeed) external {
        uint256 count = reserve.distributionCount();
        if (count == 0) return;
        address holder = _actor(actorSeed);
        vm.prank(holder);
        try reserve.claim(1 + (distributionSeed % count), holder) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function sweep(uint256 distributionSeed) external {
        uint256 count = reserve.distributionCount();
        if (count == 0) return;
        uint256 jobs = _jobs();
        vm.prank(KEEPER);
        try reserve.sweep(1 + (distributionSeed % count)) {
            ++accepted;
            _paidFor(jobs, 1);
        } catch {
            ++rejected;
            _paidFor(jobs, 0);
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 20 days));
        _observe();
    }

    // ------------------------------------------------------------ helpers

    function _observe() private {
        uint256 count = referendum.proposalCount();
        for (uint256 id = 1; id <= count; ++id) {
            uint8 current = uint8(referendum.state(id));
            if (current < lastState[id]) stateRegressed = true;
            lastState[id] = current;
        }
    }

    function _actions() private view returns (address[] memory targets, uint256[] memory values, bytes[] memory data) {
        targets = new address[](1);
        values = new uint256[](1);
        data = new bytes[](1);
        targets[0] = address(reserve);
        data[0] = abi.encodeCall(ICouncilReserve.approveBudget, (1e18));
    }

    /// The ordinary list genesis seeds: removing a member, approving a budget, granting liquidity.
    function _ordinaryCalls() private view returns (IReferendum.OrdinaryCall[] memory calls) {
        calls = new IReferendum.OrdinaryCall[](3);
        calls[0] = IReferendum.OrdinaryCall(address(council), ICouncil.removeMember.selector);
        calls[1] = IReferendum.OrdinaryCall(address(reserve), ICouncilReserve.approveBudget.selector);
        calls[2] = IReferendum.OrdinaryCall(address(reserve), ICouncilReserve.grantLiquidity.selector);
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }

    function _proposal(uint256 seed) private view returns (uint256) {
        uint256 count = referendum.proposalCount();
        return count == 0 ? 0 : 1 + (seed % count);
    }
}

/// @notice The governance invariants of DESIGN §4.
contract GovernanceInvariantTest is TestBase {
    GovernanceHandler private handler;

    function setUp() public {
        handler = new GovernanceHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantGovernanceAccounting() public view {
        _checkCandidateWeightsWithinPower();
        _checkStatesOnlyMoveForward();
        _checkReserveCapAndClaims();
        _checkSharesWithinExcess();
        _checkNoBountyWithoutWork();
        _checkCandidateTalliesAddUp();
    }

    /// A voter's candidate weights never exceed its voting power at the start of voting.
    function _checkCandidateWeightsWithinPower() internal view {
        Council council = handler.council();
        uint256 electionId = council.latestElectionId();
        if (electionId == 0) return;
        ICouncil.Election memory election = council.electionOf(electionId);
        if (block.timestamp <= election.votingStart) return;
        for (uint256 i = 0; i < 4; ++i) {
            address voter = handler.actors(i);
            ICouncil.Allocation[] memory allocation = council.allocationOf(electionId, voter);
            uint256 total = 0;
            for (uint256 j = 0; j < allocation.length; ++j) total += allocation[j].weight;
            vm.assertLe(total, handler.votingPower().getPastVotes(voter, election.votingStart), "weights > power");
        }
    }

    /// A proposal's state never moves backwards.
    function _checkStatesOnlyMoveForward() internal view {
        vm.assertTrue(!handler.stateRegressed(), "a proposal state moved backwards");
        Referendum referendum = handler.referendum();
        for (uint256 id = 1; id <= referendum.proposalCount(); ++id) {
            vm.assertGe(uint8(referendum.state(id)), handler.lastState(id), "state behind its last observation");
        }
    }

    /// The reserve never ends a distribution above its cap, and holds what it owes.
    function _checkReserveCapAndClaims() internal view {
        vm.assertTrue(!handler.aboveCapAfterDistribution(), "distribution ended above the cap");
        CouncilReserve reserve = handler.reserve();
        uint256 owed = 0;
        for (uint256 id = 1; id <= reserve.distributionCount(); ++id) {
            ICouncilReserve.Distribution memory d = reserve.distributionOf(id);
            if (!d.swept) owed += d.amount - d.claimed;
            vm.assertLe(d.claimed, d.amount, "claimed more than distributed");
        }
        vm.assertEq(owed, reserve.lockedForClaims(), "locked != unclaimed distributions");
        vm.assertGe(handler.token().balanceOf(address(reserve.claimsVault())), owed, "vault cannot pay the claims");
        // Every swept rest reached the RewardsReserve's accounting (nothing waits to be absorbed).
        RewardsReserve rewardsReserve = handler.rewardsReserve();
        vm.assertEq(rewardsReserve.held(), handler.token().balanceOf(address(rewardsReserve)), "swept but not held");
    }

    /// What a distribution pays out (claimed plus still claimable by every holder) never exceeds it.
    function _checkSharesWithinExcess() internal view {
        CouncilReserve reserve = handler.reserve();
        address[] memory holders = _holders();
        for (uint256 id = 1; id <= reserve.distributionCount(); ++id) {
            ICouncilReserve.Distribution memory d = reserve.distributionOf(id);
            uint256 total = d.claimed;
            for (uint256 i = 0; i < holders.length; ++i) total += reserve.claimable(id, holders[i]);
            vm.assertLe(total, d.amount, "shares above the excess");
        }
    }

    /// No upkeep was paid more units than the due work it did, and the keeper's paid units never
    /// exceed the work; no proposal's upkeep paid more than the proposal cost its proposer.
    function _checkNoBountyWithoutWork() internal view {
        vm.assertTrue(!handler.bountyWithoutWork(), "an upkeep was paid without work");
        vm.assertLe(handler.rewards().jobsOf(handler.KEEPER()), handler.workDone(), "units above work");
        Referendum referendum = handler.referendum();
        for (uint256 id = 1; id <= referendum.proposalCount(); ++id) {
            (uint256 cost, uint256 paid) = referendum.proposalCost(id);
            vm.assertLe(paid, cost, "a proposal's upkeep paid more than it cost");
        }
    }

    function _holders() private view returns (address[] memory holders) {
        holders = new address[](12);
        for (uint256 i = 0; i < 4; ++i) holders[i] = handler.actors(i);
        for (uint256 i = 0; i < 4; ++i) holders[4 + i] = handler.council().bondVaultOf(handler.actors(i));
        holders[8] = handler.DONOR();
        holders[9] = address(handler);
        holders[10] = address(handler.referendum());
        holders[11] = address(handler.rewards());
    }

    /// Candidate tallies equal the sum of the allocations pointing at them.
    function _checkCandidateTalliesAddUp() internal view {
        Council council = handler.council();
        uint256 electionId = council.latestElectionId();
        if (electionId == 0) return;
        for (uint256 c = 0; c < 4; ++c) {
            address candidate = handler.actors(c);
            uint256 sum = 0;
            for (uint256 v = 0; v < 4; ++v) {
                ICouncil.Allocation[] memory allocation = council.allocationOf(electionId, handler.actors(v));
                for (uint256 j = 0; j < allocation.length; ++j) {
                    if (allocation[j].candidate == candidate) sum += allocation[j].weight;
                }
            }
            vm.assertEq(council.candidateOf(electionId, candidate).votes, sum, "tally != allocations");
        }
    }
}
