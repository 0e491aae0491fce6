// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {ILandlordRegistry} from "../contracts/interfaces/ILandlordRegistry.sol";
import {IStorageMarket} from "../contracts/interfaces/IStorageMarket.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {LandlordRegistry} from "../contracts/storage-market/LandlordRegistry.sol";
import {StorageMarket} from "../contracts/storage-market/StorageMarket.sol";
import {StorageProofs} from "../contracts/storage-market/StorageProofs.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives the storage market with rents, extensions, resizes, renewals, reclaims, time,
/// epochs settled without proofs (so landlords with leases fail, are slashed and blacklisted),
/// reassignments, retirements, rent claims, drips, donations and direct transfers.
contract StorageMarketHandler is TestBase {
    BaseToken public immutable token;
    LandlordRegistry public immutable registry;
    StorageMarket public immutable market;
    StorageProofs public immutable proofs;
    address[5] public landlords = [address(0x1001), address(0x1002), address(0x1003), address(0x1004), address(0x1005)];
    address public constant TENANT = address(0x7E);

    uint256 public constant INITIAL_SUBSIDY = 1_000_000e18;
    uint256 public ghostSubsidyIn = INITIAL_SUBSIDY;
    uint256 public ghostDripped;
    uint256 public ghostCollateralIn;
    uint256 public ghostCollateralOut;
    uint256 public ghostRentPaid;
    mapping(uint256 leaseId => uint256 sizeMB) public liveSize;
    uint256 public ghostLiveSizeMB;
    /// Calls the market accepted and refused; refusals are expected, the handler explores bad input too.
    uint256 public accepted;
    uint256 public rejected;

    constructor() {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 5_000_000_000e18);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        KeeperRewards rewards = new KeeperRewards(token, address(this));
        registry = new LandlordRegistry(
            token,
            IKeeperRewards(address(rewards)),
            LandlordRegistry.Params({collateralPerGB: 1e18, slashBps: 500, failureLimit: 3})
        );
        market = new StorageMarket(
            token,
            registry,
            IKeeperRewards(address(rewards)),
            StorageMarket.Params({
                epochLength: 1 days,
                maxTermEpochs: 365,
                graceEpochs: 30,
                weightReciprocal: 5,
                replication: 3,
                dripPerEpoch: 136_986e18
            })
        );
        proofs = new StorageProofs(market, registry, IKeeperRewards(address(rewards)), 6 hours);
        registry.bind(market, address(proofs));
        rewards.registerKind(market.DRIP_KIND(), address(market), 1e18);
        rewards.registerKind(market.RECLAIM_KIND(), address(market), 1e18);
        rewards.registerKind(proofs.OPEN_KIND(), address(proofs), 1e18);
        rewards.registerKind(proofs.SETTLE_KIND(), address(proofs), 1e18);
        rewards.registerKind(registry.REASSIGN_KIND(), address(registry), 1e18);
        require(token.transfer(address(rewards), 1_000e18), "fund rewards");
        require(token.transfer(TENANT, 1_000_000_000e18), "fund tenant");
        vm.prank(TENANT);
        token.approve(address(market), type(uint256).max);
        for (uint256 i = 0; i < landlords.length; ++i) {
            require(token.transfer(landlords[i], 1_000_000e18), "fund landlord");
            vm.prank(landlords[i]);
            token.approve(address(registry), type(uint256).max);
            _register(i, 1024 * (i + 1));
        }
        require(token.transfer(address(market), INITIAL_SUBSIDY), "subsidy");
        token.approve(address(market), type(uint256).max);
        market.donate(1_000_000e18);
    }

    function landlordCount() external view returns (uint256) {
        return landlords.length;
    }

    function rent(uint256 size, uint256 days_) external {
        size = bound(size, 1, 600);
        days_ = bound(days_, 1, 365);
        vm.prank(TENANT);
        try market.rent(size, days_, keccak256(abi.encode(size, days_)), type(uint256).max) returns (uint256 id) {
            liveSize[id] = size;
            ghostLiveSizeMB += size;
        } catch {
            ++rejected;
        }
    }

    function extend(uint256 leaseSeed, uint256 days_) external {
        uint256 id = _lease(leaseSeed);
        vm.prank(TENANT);
        try market.extend(id, bound(days_, 1, 60), type(uint256).max) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function resize(uint256 leaseSeed, uint256 size) external {
        uint256 id = _lease(leaseSeed);
        size = bound(size, 1, 600);
        vm.prank(TENANT);
        try market.resize(id, size, keccak256(abi.encode(id, size)), type(uint256).max) {
            ghostLiveSizeMB = ghostLiveSizeMB - liveSize[id] + size;
            liveSize[id] = size;
        } catch {
            ++rejected;
        }
    }

    function renew(uint256 leaseSeed, uint256 days_) external {
        uint256 id = _lease(leaseSeed);
        vm.prank(TENANT);
        try market.renew(id, bound(days_, 1, 60), type(uint256).max) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function reclaim(uint256 leaseSeed) external {
        uint256 id = _lease(leaseSeed);
        try market.reclaim(id) {
            ghostLiveSizeMB -= liveSize[id];
            liveSize[id] = 0;
        } catch {
            ++rejected;
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1 hours, 40 days));
    }

    /// Settles the oldest unsettled epoch of every landlord whose window is over; nobody proves.
    function settle() external {
        address[] memory all = new address[](landlords.length);
        for (uint256 i = 0; i < landlords.length; ++i) all[i] = landlords[i];
        for (uint256 i = 0; i < landlords.length; ++i) {
            uint256 epoch = registry.landlordOf(landlords[i]).nextSettleEpoch;
            try proofs.settleEpoch(epoch, all) {
                ++accepted;
            } catch {
                ++rejected;
            }
        }
    }

    function openEpoch() external {
        try proofs.openEpoch() {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function reassign(uint256 landlordSeed, uint256 count) external {
        try registry.reassign(landlords[landlordSeed % landlords.length], bound(count, 1, 5)) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function retire(uint256 landlordSeed) external {
        address landlord = landlords[landlordSeed % landlords.length];
        uint256 before = token.balanceOf(landlord);
        vm.prank(landlord);
        try registry.retire() {
            ghostCollateralOut += token.balanceOf(landlord) - before;
        } catch {
            ++rejected;
        }
    }

    function addCapacity(uint256 landlordSeed, uint256 added) external {
        address landlord = landlords[landlordSeed % landlords.length];
        uint256 before = token.balanceOf(landlord);
        vm.prank(landlord);
        try registry.addCapacity(bound(added, 1, 4096)) {
            ghostCollateralIn += before - token.balanceOf(landlord);
        } catch {
            ++rejected;
        }
    }

    function claimRent(uint256 landlordSeed) external {
        address landlord = landlords[landlordSeed % landlords.length];
        vm.prank(landlord);
        try registry.claimRent() returns (uint256 amount) {
            ghostRentPaid += amount;
        } catch {
            ++rejected;
        }
    }

    function drip() external {
        try market.drip() returns (uint256 amount) {
            ghostDripped += amount;
        } catch {
            ++rejected;
        }
    }

    function donate(uint256 amount) external {
        market.donate(bound(amount, 1, 1_000e18));
    }

    function sendSubsidy(uint256 amount) external {
        amount = bound(amount, 1, 1_000e18);
        ghostSubsidyIn += amount;
        require(token.transfer(address(market), amount), "subsidy");
    }

    function _register(uint256 index, uint256 capacityMB) private {
        uint256 before = token.balanceOf(landlords[index]);
        vm.prank(landlords[index]);
        registry.registerLandlord(capacityMB, "http://provider");
        ghostCollateralIn += before - token.balanceOf(landlords[index]);
    }

    function _lease(uint256 seed) private view returns (uint256) {
        uint256 count = market.leaseCount();
        return count == 0 ? 0 : 1 + (seed % count);
    }
}

/// @notice Invariants of the storage market's accounting (DESIGN §6).
contract StorageMarketInvariantTest is TestBase {
    StorageMarketHandler private handler;

    function setUp() public {
        handler = new StorageMarketHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// The pool's balance is M plus rent charged and not yet settled plus rent owed plus the
    /// subsidy not yet dripped (everything sent for subsidy or slashed, less the drips).
    function invariantBalanceIsPoolPlusRentPlusSubsidy() public view {
        StorageMarket market = handler.market();
        LandlordRegistry registry = handler.registry();
        uint256 collateralHeld = 0;
        for (uint256 i = 0; i < handler.landlordCount(); ++i) {
            collateralHeld += registry.landlordOf(handler.landlords(i)).collateral;
        }
        uint256 slashed = handler.ghostCollateralIn() - handler.ghostCollateralOut() - collateralHeld;
        uint256 subsidy = handler.ghostSubsidyIn() + slashed - handler.ghostDripped();
        IStorageMarket.MarketState memory state = market.state();
        vm.assertEq(
            handler.token().balanceOf(address(market)),
            state.pool + market.rentEscrow() + market.rentOwed() + subsidy,
            "balance != M + rent + subsidy"
        );
        vm.assertEq(
            handler.token().balanceOf(address(registry)),
            collateralHeld,
            "registry holds more than collateral"
        );
    }

    /// Rent owed to landlords adds up to the market's rent owed.
    function invariantRentOwedAddsUp() public view {
        LandlordRegistry registry = handler.registry();
        uint256 owed = 0;
        for (uint256 i = 0; i < handler.landlordCount(); ++i)
            owed += registry.landlordOf(handler.landlords(i)).rentOwed;
        vm.assertEq(owed, handler.market().rentOwed(), "per-landlord rent != rent owed");
    }

    /// B never exceeds T.
    function invariantBookedWithinSellable() public view {
        IStorageMarket.MarketState memory state = handler.market().state();
        vm.assertLe(state.booked, state.sellable, "B > T");
    }

    /// No landlord holds more than its capacity, and every live lease is held 3 times.
    function invariantAssignmentsWithinCapacity() public view {
        LandlordRegistry registry = handler.registry();
        uint256 assigned = 0;
        for (uint256 i = 0; i < handler.landlordCount(); ++i) {
            ILandlordRegistry.Landlord memory landlord = registry.landlordOf(handler.landlords(i));
            vm.assertLe(landlord.assignedMB, landlord.capacityMB, "assigned above capacity");
            assigned += landlord.assignedMB;
        }
        vm.assertEq(assigned, 3 * handler.ghostLiveSizeMB(), "assignments != 3 x live leases");
    }
}
