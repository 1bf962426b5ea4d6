// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CantonDeFiVault} from "../sol/CantonDeFiVault.sol";
import {CantonKeyRegistry} from "../sol/CantonKeyRegistry.sol";
import {CountingAdapter, HitCounter} from "./mocks/HitCounter.sol";
import {TestBase} from "./utils/TestBase.sol";
import {vm} from "./utils/Vm.sol";

/// @notice The invariant fuzzer's only target. It owns the registry and the vault and, in random order,
/// submits fresh intents signed by one of three keys, replays earlier ones (as they were, or re-signed),
/// registers, rotates and revokes the party's key, pauses and moves time. Every run of the counting
/// adapter is recorded on-chain by the HitCounter, with the signer the registry held at that moment.
contract VaultHandler is TestBase {
    string internal constant PARTY = "institution::invariant";

    CantonKeyRegistry public immutable registry;
    CantonDeFiVault public immutable vault;
    HitCounter public immutable counter;
    CountingAdapter public immutable adapter;

    struct Attempt {
        CantonDeFiVault.Intent intent;
        bytes signature;
        address signedBy;
    }

    Attempt[] internal _attempts;
    uint256 public executions;

    constructor() {
        registry = new CantonKeyRegistry();
        vault = new CantonDeFiVault(registry, PARTY);
        counter = new HitCounter(registry, registry.partyKey(PARTY));
        adapter = new CountingAdapter(counter);
        bytes4[] memory selectors = new bytes4[](1);
        selectors[0] = CountingAdapter.ping.selector;
        vault.setAdapter(address(adapter), selectors, true);
        registry.registerKey(PARTY, vm.addr(_pk(0)));
    }

    function attemptCount() external view returns (uint256) {
        return _attempts.length;
    }

    function attempt(uint256 i) external view returns (bytes32 intentId, address signedBy) {
        return (_attempts[i].intent.intentId, _attempts[i].signedBy);
    }

    // ------------------------------------------------------------------ actions

    function submitFresh(uint256 keySeed, uint32 ttl) external {
        uint256 pk = _pk(keySeed);
        bytes32 intentId = keccak256(abi.encode("invariant", _attempts.length));
        CantonDeFiVault.Intent memory intent = CantonDeFiVault.Intent({
            vaultId: vault.vaultId(),
            intentId: intentId,
            nonce: _attempts.length,
            adapter: address(adapter),
            data: abi.encodeCall(CountingAdapter.ping, (intentId)),
            value: 0,
            deadline: block.timestamp + bound(ttl, 0, 2 days)
        });
        bytes memory signature = signDigest(pk, vault.hashIntent(intent));
        _attempts.push(Attempt(intent, signature, vm.addr(pk)));
        _execute(intent, signature);
    }

    function replay(uint256 index) external {
        if (_attempts.length == 0) return;
        Attempt storage a = _attempts[index % _attempts.length];
        _execute(a.intent, a.signature);
    }

    /// Re-signs an earlier intent with a new nonce (and maybe another key): the same intent id.
    function replayResigned(uint256 index, uint256 keySeed) external {
        if (_attempts.length == 0) return;
        Attempt storage a = _attempts[index % _attempts.length];
        CantonDeFiVault.Intent memory intent = a.intent;
        intent.nonce += 1_000_000;
        intent.deadline = block.timestamp + 1 hours;
        uint256 pk = _pk(keySeed);
        bytes memory signature = signDigest(pk, vault.hashIntent(intent));
        // The counting adapter records the id, so a second run of this id would show as a second hit.
        if (_execute(intent, signature)) a.signedBy = vm.addr(pk);
    }

    function registerKey(uint256 keySeed) external {
        registry.registerKey(PARTY, vm.addr(_pk(keySeed)));
    }

    function revokeKey() external {
        if (registry.signerOf(registry.partyKey(PARTY)) != address(0)) registry.revokeKey(PARTY);
    }

    function togglePause() external {
        if (vault.paused()) vault.unpause();
        else vault.pause();
    }

    function warp(uint32 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 1 days));
    }

    // ------------------------------------------------------------------ internals

    function _execute(CantonDeFiVault.Intent memory intent, bytes memory signature) internal returns (bool ok) {
        try vault.execute(intent, signature) {
            ++executions;
            return true;
        } catch {
            return false;
        }
    }

    /// @dev Three keys: 0 starts registered, 1 and 2 are registered later or never.
    function _pk(uint256 seed) internal pure returns (uint256) {
        return 0x1000 + (seed % 3);
    }
}

/// @notice Invariants run with forge's invariant fuzzer; targets are chosen through `targetContracts()` /
/// `targetSelectors()`, the functions forge looks up by name on the test contract (forge-std's
/// StdInvariant only declares them).
contract CantonDeFiVaultInvariantTest is TestBase {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    VaultHandler internal handler;

    function setUp() public {
        vm.warp(1_800_000_000);
        handler = new VaultHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = VaultHandler.submitFresh.selector;
        selectors[1] = VaultHandler.replay.selector;
        selectors[2] = VaultHandler.replayResigned.selector;
        selectors[3] = VaultHandler.registerKey.selector;
        selectors[4] = VaultHandler.revokeKey.selector;
        selectors[5] = VaultHandler.togglePause.selector;
        selectors[6] = VaultHandler.warp.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), selectors);
    }

    /// No intent id runs twice, and an id is marked used exactly when it ran.
    function invariant_noIntentExecutesTwice() public view {
        HitCounter counter = handler.counter();
        CantonDeFiVault vault = handler.vault();
        uint256 ran;
        for (uint256 i = 0; i < handler.attemptCount(); ++i) {
            (bytes32 intentId,) = handler.attempt(i);
            uint256 hits = counter.hits(intentId);
            assertTrue(hits <= 1, "an intent ran twice");
            assertTrue((hits == 1) == vault.isIntentUsed(intentId), "used flag differs from runs");
            ran += hits;
        }
        assertEq(ran, handler.executions(), "every successful execute ran exactly one intent");
    }

    /// Every run happened while a key was registered for the party, and that key signed it.
    function invariant_noExecutionWithoutRegisteredSigner() public view {
        HitCounter counter = handler.counter();
        for (uint256 i = 0; i < handler.attemptCount(); ++i) {
            (bytes32 intentId, address signedBy) = handler.attempt(i);
            if (counter.hits(intentId) == 0) continue;
            address registered = counter.signerAtHit(intentId);
            assertTrue(registered != address(0), "ran with no signer registered");
            assertEq(registered, signedBy, "ran with a signature by a key that was not registered");
        }
    }
}
