// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {CantonDeFiVault} from "../sol/CantonDeFiVault.sol";
import {AaveV3Adapter} from "../sol/adapters/AaveV3Adapter.sol";
import {CompoundV2Adapter} from "../sol/adapters/CompoundV2Adapter.sol";
import {DelegateCallOnly} from "../sol/adapters/DelegateCallOnly.sol";
import {UniswapV3Adapter} from "../sol/adapters/UniswapV3Adapter.sol";
import {ReentrantAdapter} from "./mocks/ReentrantAdapter.sol";
import {TestERC1271Signer} from "./mocks/TestERC1271Signer.sol";
import {DeFiFixture} from "./utils/DeFiFixture.sol";
import {vm} from "./utils/Vm.sol";

contract CantonDeFiVaultTest is DeFiFixture {
    event IntentExecuted(
        bytes32 indexed intentId,
        bytes32 indexed vaultId,
        address indexed adapter,
        uint256 nonce,
        bytes4 selector,
        address relayer
    );

    // ---------------------------------------------------------------- identity and hashing

    function test_vaultId_bindsChainVaultAndParty() public view {
        bytes32 expected = keccak256(abi.encode(block.chainid, address(vault), keccak256(bytes(PARTY))));
        assertEq(vault.vaultId(), expected, "vaultId");
        assertEq(vault.authorizedPartyKey(), registry.partyKey(PARTY), "party key");
    }

    function test_hashIntent_isEip712DigestOfThisChainAndVault() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("CantonDeFiVault"),
                keccak256("1"),
                block.chainid,
                address(vault)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "Intent(bytes32 vaultId,bytes32 intentId,uint256 nonce,address adapter,bytes data,uint256 value,uint256 deadline)"
                ),
                intent.vaultId,
                intent.intentId,
                intent.nonce,
                intent.adapter,
                keccak256(intent.data),
                intent.value,
                intent.deadline
            )
        );
        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
        assertEq(vault.hashIntent(intent), expected, "digest");
    }

    // ---------------------------------------------------------------- happy paths, one per adapter action

    function test_aaveSupply_suppliesVaultFundsForTheVault() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(250e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.expectEmit(true, true, true, true, address(vault));
        emit IntentExecuted(
            intent.intentId, vault.vaultId(), address(aaveAdapter), intent.nonce, AaveV3Adapter.supply.selector, RELAYER
        );
        _execute(intent, sig);
        assertEq(aavePool.supplied(address(usdc), address(vault)), 250e6, "supplied for the vault");
        assertEq(usdc.balanceOf(address(vault)), VAULT_USDC - 250e6, "vault usdc");
        assertEq(usdc.balanceOf(address(aaveAdapter)), 0, "adapter holds nothing");
        assertTrue(vault.isIntentUsed(intent.intentId), "intent used");
    }

    function test_aaveWithdraw_returnsFundsToTheVault() public {
        CantonDeFiVault.Intent memory supply = _intent(address(aaveAdapter), _aaveSupply(400e6));
        _execute(supply, _sign(SIGNER_PK, supply));
        CantonDeFiVault.Intent memory withdraw =
            _intent(address(aaveAdapter), abi.encodeCall(AaveV3Adapter.withdraw, (address(usdc), type(uint256).max)));
        bytes memory result = _execute(withdraw, _sign(SIGNER_PK, withdraw));
        assertEq(abi.decode(result, (uint256)), 400e6, "withdrawn (adapter result)");
        assertEq(aavePool.supplied(address(usdc), address(vault)), 0, "nothing left supplied");
        assertEq(usdc.balanceOf(address(vault)), VAULT_USDC, "vault usdc back");
    }

    function test_uniswapSwap_paysTheVault() public {
        bytes memory data =
            abi.encodeCall(UniswapV3Adapter.swapExactInputSingle, (address(usdc), address(weth), FEE, 2000e6, 0.99e18));
        CantonDeFiVault.Intent memory intent = _intent(address(uniswapAdapter), data);
        bytes memory result = _execute(intent, _sign(SIGNER_PK, intent));
        uint256 expectedOut = 0.997e18; // 1 WETH less the 0.3% fee
        assertEq(abi.decode(result, (uint256)), expectedOut, "amountOut");
        assertEq(weth.balanceOf(address(vault)), VAULT_WETH + expectedOut, "vault weth");
        assertEq(usdc.balanceOf(address(vault)), VAULT_USDC - 2000e6, "vault usdc");
    }

    function test_uniswapSwap_belowMinimumOutReverts_intentStaysUnused() public {
        bytes memory data =
            abi.encodeCall(UniswapV3Adapter.swapExactInputSingle, (address(usdc), address(weth), FEE, 2000e6, 1e18));
        CantonDeFiVault.Intent memory intent = _intent(address(uniswapAdapter), data);
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.expectRevert(
            abi.encodeWithSelector(
                CantonDeFiVault.AdapterCallFailed.selector,
                abi.encodeWithSignature("Error(string)", "Too little received")
            )
        );
        _execute(intent, sig);
        assertTrue(!vault.isIntentUsed(intent.intentId), "failed intent stays unused");
    }

    function test_compoundSupplyAndRedeem() public {
        CantonDeFiVault.Intent memory supply =
            _intent(address(compoundAdapter), abi.encodeCall(CompoundV2Adapter.supply, (address(cUsdc), 100e6)));
        _execute(supply, _sign(SIGNER_PK, supply));
        assertEq(cUsdc.balanceOf(address(vault)), 5_000e6, "cTokens minted to the vault (rate 0.02)");
        assertEq(usdc.balanceOf(address(vault)), VAULT_USDC - 100e6, "vault usdc after mint");

        CantonDeFiVault.Intent memory redeem =
            _intent(address(compoundAdapter), abi.encodeCall(CompoundV2Adapter.redeem, (address(cUsdc), 5_000e6)));
        _execute(redeem, _sign(SIGNER_PK, redeem));
        assertEq(cUsdc.balanceOf(address(vault)), 0, "cTokens redeemed");
        assertEq(usdc.balanceOf(address(vault)), VAULT_USDC, "vault usdc after redeem");
    }

    function test_compoundErrorCode_revertsTheIntent() public {
        CantonDeFiVault.Intent memory redeem =
            _intent(address(compoundAdapter), abi.encodeCall(CompoundV2Adapter.redeem, (address(cUsdc), 1)));
        bytes memory sig = _sign(SIGNER_PK, redeem);
        vm.expectRevert(
            abi.encodeWithSelector(
                CantonDeFiVault.AdapterCallFailed.selector,
                abi.encodeWithSelector(CompoundV2Adapter.CompoundError.selector, address(cUsdc), 9)
            )
        );
        _execute(redeem, sig);
        assertTrue(!vault.isIntentUsed(redeem.intentId), "failed intent stays unused");
    }

    // ---------------------------------------------------------------- replay

    function test_crossChainReplay_isRejected() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        // Same vault address and state on another chain (e.g. a fork): the EIP-712 domain differs.
        vm.chainId(block.chainid + 1);
        vm.expectRevert(CantonDeFiVault.InvalidSignature.selector);
        _execute(intent, sig);
    }

    function test_crossChainReplay_vaultIdDiffersPerChain() public {
        bytes32 here = vault.vaultId();
        vm.chainId(block.chainid + 1);
        CantonDeFiVault twin = new CantonDeFiVault(registry, PARTY);
        assertTrue(twin.vaultId() != here, "vault id depends on the chain");
    }

    function test_crossVaultReplay_isRejected() public {
        CantonDeFiVault second = new CantonDeFiVault(registry, PARTY);
        second.setAdapter(address(aaveAdapter), _selectors(AaveV3Adapter.supply.selector), true);
        usdc.mint(address(second), 10e6);

        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        // Same party, same registry: the vault id names the first vault.
        vm.expectRevert(
            abi.encodeWithSelector(CantonDeFiVault.VaultIdMismatch.selector, second.vaultId(), vault.vaultId())
        );
        vm.prank(RELAYER);
        second.execute(intent, sig);

        // Even with the second vault's id patched in, the signature covers the first vault's domain.
        intent.vaultId = second.vaultId();
        vm.expectRevert(CantonDeFiVault.InvalidSignature.selector);
        vm.prank(RELAYER);
        second.execute(intent, sig);
    }

    function test_reusedIntent_isRejected() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        _execute(intent, sig);
        vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.IntentAlreadyUsed.selector, intent.intentId));
        _execute(intent, sig);

        // A new nonce does not make the same intent id usable again.
        intent.nonce += 1000;
        sig = _sign(SIGNER_PK, intent);
        vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.IntentAlreadyUsed.selector, intent.intentId));
        _execute(intent, sig);
    }

    // ---------------------------------------------------------------- deadline

    function test_expiredDeadline_isRejected() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.warp(intent.deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.IntentExpired.selector, intent.deadline));
        _execute(intent, sig);
    }

    function test_deadline_isInclusive() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.warp(intent.deadline);
        _execute(intent, sig);
        assertTrue(vault.isIntentUsed(intent.intentId), "ran at the deadline");
    }

    // ---------------------------------------------------------------- signers

    function test_wrongSigner_isRejected() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(OTHER_PK, intent);
        vm.expectRevert(CantonDeFiVault.InvalidSignature.selector);
        _execute(intent, sig);
    }

    function test_malformedSignature_isRejected() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        vm.expectRevert(CantonDeFiVault.InvalidSignature.selector);
        _execute(intent, hex"1234");
    }

    function test_revokedSigner_isRejected() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        registry.revokeKey(PARTY);
        vm.expectRevert(CantonDeFiVault.NoSignerRegistered.selector);
        _execute(intent, sig);
    }

    function test_rotatedSigner_oldKeyRejected_newKeyAccepted() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory oldSig = _sign(SIGNER_PK, intent);
        registry.registerKey(PARTY, vm.addr(OTHER_PK));
        vm.expectRevert(CantonDeFiVault.InvalidSignature.selector);
        _execute(intent, oldSig);
        _execute(intent, _sign(OTHER_PK, intent));
        assertTrue(vault.isIntentUsed(intent.intentId), "ran with the new key");
    }

    function test_erc1271Signer_validSignature_isAccepted() public {
        TestERC1271Signer wallet = new TestERC1271Signer(vm.addr(OTHER_PK));
        registry.registerKey(PARTY, address(wallet));
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        _execute(intent, _sign(OTHER_PK, intent));
        assertTrue(vault.isIntentUsed(intent.intentId), "ran with the contract signer");
    }

    function test_erc1271Signer_invalidSignature_isRejected() public {
        TestERC1271Signer wallet = new TestERC1271Signer(vm.addr(OTHER_PK));
        registry.registerKey(PARTY, address(wallet));
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        // Signed by a key the wallet does not accept (the EOA key that was registered before).
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.expectRevert(CantonDeFiVault.InvalidSignature.selector);
        _execute(intent, sig);
    }

    // ---------------------------------------------------------------- adapter whitelist

    function test_unlistedAdapter_isRejected() public {
        AaveV3Adapter rogue = new AaveV3Adapter(aavePool);
        CantonDeFiVault.Intent memory intent = _intent(address(rogue), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.AdapterNotAllowed.selector, address(rogue)));
        _execute(intent, sig);
    }

    function test_delistedAdapter_isRejected() public {
        vault.setAdapter(
            address(aaveAdapter), _selectors(AaveV3Adapter.supply.selector, AaveV3Adapter.withdraw.selector), false
        );
        assertTrue(!vault.isAdapterAllowed(address(aaveAdapter)), "delisted");
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.AdapterNotAllowed.selector, address(aaveAdapter)));
        _execute(intent, sig);
    }

    function test_unlistedSelector_isRejected() public {
        vault.setAdapter(address(aaveAdapter), _selectors(AaveV3Adapter.withdraw.selector), false);
        CantonDeFiVault.Intent memory intent =
            _intent(address(aaveAdapter), abi.encodeCall(AaveV3Adapter.withdraw, (address(usdc), type(uint256).max)));
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.expectRevert(
            abi.encodeWithSelector(
                CantonDeFiVault.SelectorNotAllowed.selector, address(aaveAdapter), AaveV3Adapter.withdraw.selector
            )
        );
        _execute(intent, sig);
        assertTrue(vault.isSelectorAllowed(address(aaveAdapter), AaveV3Adapter.supply.selector), "supply still allowed");
    }

    function test_shortCalldata_isRejected() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), hex"aabbcc");
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.expectRevert(
            abi.encodeWithSelector(
                CantonDeFiVault.SelectorNotAllowed.selector, address(aaveAdapter), bytes4(0xaabbcc00)
            )
        );
        _execute(intent, sig);
    }

    function test_setAdapter_refusesAddressWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.AdapterNotAllowed.selector, address(0x1234)));
        vault.setAdapter(address(0x1234), _selectors(bytes4(0x12345678)), true);
    }

    function test_adapter_refusesDirectCalls() public {
        vm.expectRevert(DelegateCallOnly.DelegateCallOnlyAdapter.selector);
        aaveAdapter.supply(address(usdc), 1);
    }

    // ---------------------------------------------------------------- reentrancy, pause, value

    function test_reentrancyThroughMaliciousAdapter_isRefused() public {
        ReentrantAdapter evil = new ReentrantAdapter();
        vault.setAdapter(address(evil), _selectors(ReentrantAdapter.reenter.selector), true);
        CantonDeFiVault.Intent memory inner = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory innerSig = _sign(SIGNER_PK, inner);
        CantonDeFiVault.Intent memory outer =
            _intent(address(evil), abi.encodeCall(ReentrantAdapter.reenter, (inner, innerSig)));
        bytes memory outerSig = _sign(SIGNER_PK, outer);
        vm.expectRevert(
            abi.encodeWithSelector(
                CantonDeFiVault.AdapterCallFailed.selector,
                abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector)
            )
        );
        _execute(outer, outerSig);
        assertTrue(!vault.isIntentUsed(outer.intentId), "outer unused");
        assertTrue(!vault.isIntentUsed(inner.intentId), "inner unused");
    }

    function test_paused_refusesExecute_untilUnpaused() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        vault.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _execute(intent, sig);
        vault.unpause();
        _execute(intent, sig);
        assertTrue(vault.isIntentUsed(intent.intentId), "ran after unpause");
    }

    function test_value_mustMatchTheSignedValue() public {
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        intent.value = 1 ether;
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.deal(RELAYER, 2 ether);
        vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.ValueMismatch.selector, 1 ether, 0.5 ether));
        vm.prank(RELAYER);
        vault.execute{value: 0.5 ether}(intent, sig);
        // The value reaches the adapter as msg.value (DELEGATECALL keeps it): a non-payable adapter
        // function refuses it, so ETH only ever goes to adapter functions written to take it.
        vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.AdapterCallFailed.selector, ""));
        vm.prank(RELAYER);
        vault.execute{value: 1 ether}(intent, sig);
    }

    function test_receive_acceptsEth() public {
        vm.deal(address(this), 1 ether);
        (bool ok,) = address(vault).call{value: 1 ether}("");
        assertTrue(ok, "receive");
        assertEq(address(vault).balance, 1 ether, "balance");
    }

    // ---------------------------------------------------------------- owner-only admin

    function test_nonOwner_cannotAdministerVault() public {
        address stranger = address(0xBAD);
        bytes memory unauthorized = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger);
        vm.expectRevert(unauthorized);
        vm.prank(stranger);
        vault.setAdapter(address(aaveAdapter), _selectors(bytes4(0xdeadbeef)), true);
        vm.expectRevert(unauthorized);
        vm.prank(stranger);
        vault.pause();
        vault.pause();
        vm.expectRevert(unauthorized);
        vm.prank(stranger);
        vault.unpause();
        vm.expectRevert(unauthorized);
        vm.prank(stranger);
        vault.transferOwnership(stranger);
    }

    function test_nonOwner_cannotAdministerRegistry() public {
        address stranger = address(0xBAD);
        bytes memory unauthorized = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger);
        vm.expectRevert(unauthorized);
        vm.prank(stranger);
        registry.registerKey(PARTY, stranger);
        vm.expectRevert(unauthorized);
        vm.prank(stranger);
        registry.revokeKey(PARTY);
        assertEq(registry.signerOf(registry.partyKey(PARTY)), signer, "key unchanged");
    }

    function test_ownership_movesInTwoSteps() public {
        address multisig = address(0x5AFE);
        vault.transferOwnership(multisig);
        assertEq(vault.owner(), address(this), "still owner until accepted");
        vm.prank(multisig);
        vault.acceptOwnership();
        assertEq(vault.owner(), multisig, "multisig owns the vault");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        vault.pause();
    }
}
