// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AliasRegistry} from "../contracts/accounts/AliasRegistry.sol";
import {IAliasRegistry} from "../contracts/interfaces/IAliasRegistry.sol";
import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {TestBase} from "./utils/Vm.sol";

uint256 constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;
address constant RESERVE = address(0xEE5E);
address constant TIMELOCK = address(0x71);
bytes constant KEY = hex"020000000000000000000000000000000000000000000000000000000000000001";

function parameters() pure returns (IAliasRegistry.Parameters memory) {
    return
        IAliasRegistry.Parameters({baseFee: 10e18, fullPriceLength: 8, minCommitmentAge: 60, maxCommitmentAge: 1 days});
}

/// @dev A valid name of `length` bytes drawn from `seed` (a-z, 0-9, `-` with the hyphen rules kept).
function validName(uint256 seed, uint256 length) pure returns (string memory) {
    bytes memory alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
    bytes memory b = new bytes(length);
    for (uint256 i = 0; i < length; ++i) {
        b[i] = alphabet[uint256(keccak256(abi.encode(seed, i))) % alphabet.length];
    }
    if (b[0] == "-") b[0] = "a";
    if (b[length - 1] == "-") b[length - 1] = "z";
    if (b[2] == "-" && b[3] == "-") b[3] = "x";
    return string(b);
}

/// @notice Units and fuzz of the name rules, the fee rule and the curve check.
contract AliasRegistryTest is TestBase {
    BaseToken private token;
    AliasRegistry private registry;

    function setUp() public {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 1e30);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        registry = new AliasRegistry(IERC20(address(token)), RESERVE, TIMELOCK, parameters());
    }

    function _fund(address account) private {
        require(token.transfer(account, 1e27), "fund");
        vm.prank(account);
        token.approve(address(registry), type(uint256).max);
    }

    /// Any valid name round-trips: resolve(name) is the registrant, aliasOf(registrant) the name.
    function testFuzzValidNameRoundTrips(uint256 seed, uint256 length, address account) public {
        // The reserve itself registering would receive its own fee.
        vm.assume(account != address(0) && account != address(this) && account != RESERVE);
        vm.assume(account.code.length == 0);
        length = bound(length, 3, 32);
        string memory name = validName(seed, length);
        _fund(account);
        vm.prank(account);
        uint256 paid = registry.register(name, KEY);
        vm.assertEq(registry.resolve(name), account, "resolve");
        vm.assertTrue(keccak256(bytes(registry.aliasOf(account))) == keccak256(bytes(name)), "aliasOf");
        vm.assertEq(paid, registry.feeForLength(length), "fee");
        vm.assertEq(token.balanceOf(RESERVE), paid, "reserve received the fee");
    }

    /// Any byte outside a-z, 0-9 and `-`, anywhere in a valid name, is refused with its position.
    function testFuzzInvalidByteRefused(uint256 seed, uint256 length, uint256 position, uint8 character) public {
        bytes1 c = bytes1(character);
        vm.assume(!((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-"));
        length = bound(length, 3, 32);
        position = bound(position, 0, length - 1);
        bytes memory b = bytes(validName(seed, length));
        b[position] = c;
        bytes4 selector =
            character >= 0x80
                ? IAliasRegistry.NonAsciiCharacter.selector
                : (c >= "A" && c <= "Z")
                    ? IAliasRegistry.UpperCaseCharacter.selector
                    : IAliasRegistry.InvalidCharacter.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, position, c));
        registry.validateAlias(string(b));
    }

    /// A name of any length outside 3..32 is refused by its length first.
    function testFuzzLengthRefused(uint256 seed, uint256 length) public {
        length = bound(length, 0, 80);
        vm.assume(length < 3 || length > 32);
        bytes memory b = new bytes(length);
        for (uint256 i = 0; i < length; ++i) b[i] = bytes1(uint8(uint256(keccak256(abi.encode(seed, i)))));
        if (length < 3) vm.expectRevert(abi.encodeWithSelector(IAliasRegistry.TooShort.selector, length, 3));
        else vm.expectRevert(abi.encodeWithSelector(IAliasRegistry.TooLong.selector, length, 32));
        registry.validateAlias(string(b));
    }

    /// fee(len) = baseFee * 2^(L0 - len) below L0, baseFee from L0 on: exact, monotone.
    function testFuzzFeeRule(uint128 baseFee, uint256 fullPriceLength, uint256 length) public {
        fullPriceLength = bound(fullPriceLength, 3, 32);
        baseFee = uint128(bound(baseFee, 1, type(uint96).max >> (fullPriceLength - 3)));
        length = bound(length, 3, 32);
        IAliasRegistry.Parameters memory p = parameters();
        p.baseFee = baseFee;
        p.fullPriceLength = uint8(fullPriceLength);
        vm.prank(TIMELOCK);
        registry.setParameters(p);
        uint256 expected = length >= fullPriceLength ? baseFee : uint256(baseFee) * 2 ** (fullPriceLength - length);
        vm.assertEq(registry.feeForLength(length), expected, "fee rule");
        if (length > 3) vm.assertGe(registry.feeForLength(length - 1), registry.feeForLength(length), "monotone");
    }

    /// The curve check agrees with an independent one: y = rhs^((p+1)/4) squares back to rhs.
    function testFuzzCurveCheck(uint256 x, bool odd) public {
        bytes memory key = abi.encodePacked(odd ? bytes1(0x03) : bytes1(0x02), bytes32(x));
        if (x >= P) {
            vm.expectRevert(abi.encodeWithSelector(IAliasRegistry.PublicKeyOutOfField.selector, x));
            registry.validatePublicKey(key);
            return;
        }
        uint256 rhs = addmod(mulmod(mulmod(x, x, P), x, P), 7, P);
        uint256 y = _pow(rhs, (P + 1) / 4);
        if (mulmod(y, y, P) == rhs) {
            registry.validatePublicKey(key);
        } else {
            vm.expectRevert(abi.encodeWithSelector(IAliasRegistry.PublicKeyNotOnCurve.selector, x));
            registry.validatePublicKey(key);
        }
    }

    function testGeneratorIsOnTheCurve() public view {
        registry.validatePublicKey(hex"0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798");
    }

    function testEmptyKeyRefusedBeforeThePrecompile() public {
        vm.expectRevert(abi.encodeWithSelector(IAliasRegistry.InvalidPublicKeyLength.selector, 0));
        registry.validatePublicKey("");
    }

    function _pow(uint256 base, uint256 exponent) private pure returns (uint256 result) {
        result = 1;
        while (exponent > 0) {
            if (exponent & 1 == 1) result = mulmod(result, base, P);
            base = mulmod(base, base, P);
            exponent >>= 1;
        }
    }
}

/// @notice Drives the registry with a few actors and names: registers, commits and reveals,
/// offers, accepts, cancels, releases, key changes and time jumps.
contract AliasRegistryHandler is TestBase {
    BaseToken public immutable token;
    AliasRegistry public immutable registry;
    address[4] public actors = [address(0xA1), address(0xA2), address(0xA3), address(0xA4)];
    string[6] public names = ["abc", "alice", "bob-1", "carol", "a--b", "a-very-long-name-of-32-bytes-xyz"];
    /// What the model says reached the reserve: fees not refunded, and forfeited bonds.
    uint256 public ghostFees;
    /// Bonds of the commitments the model holds pending.
    uint256 public ghostBonds;
    /// Calls the registry took and refused (the handler explores both).
    uint256 public accepted;
    uint256 public refused;

    constructor() {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 1e30);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        registry = new AliasRegistry(IERC20(address(token)), RESERVE, TIMELOCK, parameters());
        for (uint256 i = 0; i < actors.length; ++i) {
            require(token.transfer(actors[i], 1e27), "fund");
            vm.prank(actors[i]);
            token.approve(address(registry), type(uint256).max);
        }
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function nameCount() external view returns (uint256) {
        return names.length;
    }

    function register(uint256 actorSeed, uint256 nameSeed) external {
        vm.prank(actors[actorSeed % 4]);
        try registry.register(names[nameSeed % 6], KEY) returns (uint256 paid) {
            ghostFees += paid;
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function commit(uint256 actorSeed, uint256 nameSeed) external {
        address actor = actors[actorSeed % 4];
        bytes32 commitment = registry.makeCommitment(names[nameSeed % 6], actor, KEY, bytes32(0));
        uint256 expiredBond = registry.commitmentOf(commitment).bond;
        vm.prank(actor);
        try registry.commit(commitment) {
            // An expired commitment of the same hash was forfeited first.
            ghostFees += expiredBond;
            ghostBonds = ghostBonds - expiredBond + registry.parameters().baseFee;
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function reveal(uint256 actorSeed, uint256 nameSeed) external {
        address actor = actors[actorSeed % 4];
        string memory name = names[nameSeed % 6];
        bool displacing = registry.resolve(name) != address(0);
        uint256 bond = registry.commitmentOf(registry.makeCommitment(name, actor, KEY, bytes32(0))).bond;
        vm.prank(actor);
        try registry.reveal(name, KEY, bytes32(0)) returns (uint256 paid) {
            if (!displacing) ghostFees += paid; // displacing, the fee goes back to the displaced
            ghostBonds -= bond;
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function withdraw(uint256 actorSeed, uint256 nameSeed) external {
        address actor = actors[actorSeed % 4];
        string memory name = names[nameSeed % 6];
        uint256 bond = registry.commitmentOf(registry.makeCommitment(name, actor, KEY, bytes32(0))).bond;
        vm.prank(actor);
        try registry.withdrawCommitment(name, KEY, bytes32(0)) returns (uint256 returned) {
            vm.assertEq(returned, bond, "the whole bond, to its owner");
            ghostBonds -= bond;
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function forfeit(uint256 actorSeed, uint256 nameSeed) external {
        bytes32 commitment = registry.makeCommitment(names[nameSeed % 6], actors[actorSeed % 4], KEY, bytes32(0));
        uint256 bond = registry.commitmentOf(commitment).bond;
        try registry.forfeitCommitment(commitment) {
            ghostFees += bond;
            ghostBonds -= bond;
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function offer(uint256 actorSeed, uint256 toSeed) external {
        address actor = actors[actorSeed % 4];
        string memory held = registry.aliasOf(actor);
        vm.prank(actor);
        try registry.transfer(held, actors[toSeed % 4]) {
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function accept(uint256 actorSeed, uint256 nameSeed) external {
        vm.prank(actors[actorSeed % 4]);
        try registry.acceptTransfer(names[nameSeed % 6]) {
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function cancel(uint256 actorSeed) external {
        address actor = actors[actorSeed % 4];
        string memory held = registry.aliasOf(actor);
        vm.prank(actor);
        try registry.cancelTransfer(held) {
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function release(uint256 actorSeed) external {
        address actor = actors[actorSeed % 4];
        string memory held = registry.aliasOf(actor);
        vm.prank(actor);
        try registry.release(held) {
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function setKey(uint256 actorSeed) external {
        vm.prank(actors[actorSeed % 4]);
        try registry.setPublicKey(KEY) {
            ++accepted;
        } catch {
            ++refused;
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 days));
    }
}

/// @notice Invariants: forward and reverse records are each other's inverse; fees in == reserve's.
contract AliasRegistryInvariantTest is TestBase {
    AliasRegistryHandler private handler;

    function setUp() public {
        handler = new AliasRegistryHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// resolve(name) = owner ⇒ aliasOf(owner) = name, and aliasOf(a) = name ⇒ resolve(name) = a.
    function _checkForwardAndReverseAreInverse() internal view {
        AliasRegistry registry = handler.registry();
        for (uint256 i = 0; i < handler.nameCount(); ++i) {
            string memory name = handler.names(i);
            address owner = registry.resolve(name);
            if (owner != address(0)) {
                vm.assertTrue(keccak256(bytes(registry.aliasOf(owner))) == keccak256(bytes(name)), "reverse record");
            } else {
                vm.assertEq(registry.pendingOwnerOf(name), address(0), "offer of a free name");
                vm.assertEq(registry.publicKeyOf(name).length, 0, "key of a free name");
            }
        }
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            address actor = handler.actors(i);
            string memory held = registry.aliasOf(actor);
            if (bytes(held).length != 0) vm.assertEq(registry.resolve(held), actor, "forward record");
        }
    }

    /// Every fee kept and every forfeited bond reached the reserve; the registry holds exactly the
    /// pending bonds; no token is created or lost between the actors, the reserve and the registry.
    function _checkFeesReachTheReserve() internal view {
        BaseToken token = handler.token();
        AliasRegistry registry = handler.registry();
        vm.assertEq(token.balanceOf(RESERVE), handler.ghostFees(), "fees kept + bonds forfeited != reserve");
        vm.assertEq(registry.bondsHeld(), handler.ghostBonds(), "pending bonds != model");
        vm.assertEq(token.balanceOf(address(registry)), registry.bondsHeld(), "registry balance != pending bonds");
        uint256 total = token.balanceOf(RESERVE) + token.balanceOf(address(registry));
        for (uint256 i = 0; i < handler.actorCount(); ++i) total += token.balanceOf(handler.actors(i));
        vm.assertEq(total, 4e27, "tokens created or lost");
    }

    /// One campaign checks every property after each call.
    function invariantAliasAccounting() public view {
        _checkForwardAndReverseAreInverse();
        _checkFeesReachTheReserve();
    }
}
