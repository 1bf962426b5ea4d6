// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {CantonKeyRegistry} from "../sol/CantonKeyRegistry.sol";
import {TestERC1271Signer} from "./mocks/TestERC1271Signer.sol";
import {TestBase} from "./utils/TestBase.sol";
import {vm} from "./utils/Vm.sol";

contract CantonKeyRegistryTest is TestBase {
    string internal constant PARTY = "institution::1220aa11";
    uint256 internal constant PK = 0xA11CE;

    event KeyRegistered(bytes32 indexed partyKey, string partyId, address indexed signer);
    event KeyRevoked(bytes32 indexed partyKey, string partyId, address indexed signer);

    CantonKeyRegistry internal registry;
    bytes32 internal key;

    function setUp() public {
        registry = new CantonKeyRegistry();
        key = registry.partyKey(PARTY);
    }

    function test_partyKey_isKeccakOfTheUtf8Id() public view {
        assertEq(key, keccak256(bytes(PARTY)), "partyKey");
    }

    function test_register_rotate_revoke() public {
        assertEq(registry.signerOf(key), address(0), "no signer yet");
        vm.expectEmit(true, true, false, true, address(registry));
        emit KeyRegistered(key, PARTY, vm.addr(PK));
        registry.registerKey(PARTY, vm.addr(PK));
        assertEq(registry.signerOf(key), vm.addr(PK), "registered");

        registry.registerKey(PARTY, address(0xCAFE));
        assertEq(registry.signerOf(key), address(0xCAFE), "rotated");

        vm.expectEmit(true, true, false, true, address(registry));
        emit KeyRevoked(key, PARTY, address(0xCAFE));
        registry.revokeKey(PARTY);
        assertEq(registry.signerOf(key), address(0), "revoked");
    }

    function test_register_refusesZeroSigner() public {
        vm.expectRevert(CantonKeyRegistry.ZeroSigner.selector);
        registry.registerKey(PARTY, address(0));
    }

    function test_revoke_refusesUnknownParty() public {
        vm.expectRevert(abi.encodeWithSelector(CantonKeyRegistry.KeyNotRegistered.selector, key));
        registry.revokeKey(PARTY);
    }

    function test_isValidSignature_eoa() public {
        bytes32 digest = keccak256("digest");
        bytes memory sig = signDigest(PK, digest);
        assertTrue(!registry.isValidSignature(key, digest, sig), "false without a signer");
        registry.registerKey(PARTY, vm.addr(PK));
        assertTrue(registry.isValidSignature(key, digest, sig), "valid");
        assertTrue(!registry.isValidSignature(key, keccak256("other"), sig), "other digest");
        assertTrue(!registry.isValidSignature(key, digest, signDigest(PK + 1, digest)), "other key");
        assertTrue(!registry.isValidSignature(key, digest, hex"00"), "malformed");
    }

    function test_isValidSignature_erc1271() public {
        TestERC1271Signer wallet = new TestERC1271Signer(vm.addr(PK));
        registry.registerKey(PARTY, address(wallet));
        bytes32 digest = keccak256("digest");
        assertTrue(registry.isValidSignature(key, digest, signDigest(PK, digest)), "wallet accepts");
        assertTrue(!registry.isValidSignature(key, digest, signDigest(PK + 1, digest)), "wallet refuses");
    }

    function test_nonOwner_cannotRegisterOrRevoke() public {
        registry.registerKey(PARTY, vm.addr(PK));
        address stranger = address(0xBAD);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        registry.registerKey(PARTY, stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        registry.revokeKey(PARTY);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        registry.transferOwnership(stranger);
        assertEq(registry.signerOf(key), vm.addr(PK), "unchanged");
    }

    function testFuzz_partyKey(string calldata partyId) public view {
        assertEq(registry.partyKey(partyId), keccak256(bytes(partyId)), "partyKey");
    }

    function testFuzz_onlyTheRegisteredKeyVerifies(uint256 pk, uint256 otherPk, bytes32 digest) public {
        pk = bound(pk, 1, SECP256K1_N - 1);
        otherPk = bound(otherPk, 1, SECP256K1_N - 1);
        vm.assume(vm.addr(pk) != vm.addr(otherPk));
        registry.registerKey(PARTY, vm.addr(pk));
        assertTrue(registry.isValidSignature(key, digest, signDigest(pk, digest)), "registered key");
        assertTrue(!registry.isValidSignature(key, digest, signDigest(otherPk, digest)), "other key");
    }
}
