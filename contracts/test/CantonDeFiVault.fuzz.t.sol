// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CantonDeFiVault} from "../sol/CantonDeFiVault.sol";
import {AaveV3Adapter} from "../sol/adapters/AaveV3Adapter.sol";
import {UniswapV3Adapter} from "../sol/adapters/UniswapV3Adapter.sol";
import {DeFiFixture} from "./utils/DeFiFixture.sol";
import {vm} from "./utils/Vm.sol";

contract CantonDeFiVaultFuzzTest is DeFiFixture {
    function testFuzz_supply_anyAmountUpToTheBalance(uint256 amount) public {
        amount = bound(amount, 1, VAULT_USDC);
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(amount));
        _execute(intent, _sign(SIGNER_PK, intent));
        assertEq(aavePool.supplied(address(usdc), address(vault)), amount, "supplied");
        assertEq(usdc.balanceOf(address(vault)), VAULT_USDC - amount, "vault balance");
    }

    function testFuzz_swap_respectsMinimumOut(uint256 amountIn, uint256 minOut) public {
        amountIn = bound(amountIn, 1e6, VAULT_USDC);
        uint256 expectedOut = amountIn * (1e6 - FEE) / 1e6 * 5e26 / 1e18;
        minOut = bound(minOut, 0, expectedOut * 2);
        bytes memory data = abi.encodeCall(
            UniswapV3Adapter.swapExactInputSingle, (address(usdc), address(weth), FEE, amountIn, minOut)
        );
        CantonDeFiVault.Intent memory intent = _intent(address(uniswapAdapter), data);
        bytes memory sig = _sign(SIGNER_PK, intent);
        if (minOut > expectedOut) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    CantonDeFiVault.AdapterCallFailed.selector,
                    abi.encodeWithSignature("Error(string)", "Too little received")
                )
            );
            _execute(intent, sig);
            assertTrue(!vault.isIntentUsed(intent.intentId), "unused after failure");
        } else {
            bytes memory result = _execute(intent, sig);
            assertEq(abi.decode(result, (uint256)), expectedOut, "amountOut");
            assertEq(weth.balanceOf(address(vault)), VAULT_WETH + expectedOut, "vault weth");
        }
    }

    function testFuzz_anyOtherKey_isRejected(uint256 pk) public {
        pk = bound(pk, 1, SECP256K1_N - 1);
        vm.assume(vm.addr(pk) != signer);
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(pk, intent);
        vm.expectRevert(CantonDeFiVault.InvalidSignature.selector);
        _execute(intent, sig);
    }

    /// Changing any signed field after signing breaks the signature.
    function testFuzz_tamperedIntent_isRejected(uint8 field, uint256 change) public {
        change = bound(change, 1, type(uint64).max);
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        field = uint8(bound(field, 0, 3));
        if (field == 0) intent.intentId = bytes32(uint256(intent.intentId) ^ change);
        else if (field == 1) intent.nonce += change;
        else if (field == 2) intent.deadline += change;
        else intent.data = _aaveSupply(1e6 + change);
        vm.expectRevert(CantonDeFiVault.InvalidSignature.selector);
        _execute(intent, sig);
    }

    function testFuzz_deadline(uint256 deadline, uint256 nowTs) public {
        nowTs = bound(nowTs, block.timestamp, type(uint64).max);
        deadline = bound(deadline, block.timestamp, type(uint64).max);
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        intent.deadline = deadline;
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.warp(nowTs);
        if (deadline < nowTs) {
            vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.IntentExpired.selector, deadline));
        }
        _execute(intent, sig);
        assertTrue(vault.isIntentUsed(intent.intentId) == (deadline >= nowTs), "ran iff not expired");
    }

    function testFuzz_otherVaultId_isRejected(bytes32 otherVaultId) public {
        vm.assume(otherVaultId != vault.vaultId());
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        intent.vaultId = otherVaultId;
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.expectRevert(abi.encodeWithSelector(CantonDeFiVault.VaultIdMismatch.selector, vault.vaultId(), otherVaultId));
        _execute(intent, sig);
    }

    function testFuzz_unlistedSelector_isRejected(bytes4 selector) public {
        vm.assume(selector != AaveV3Adapter.supply.selector && selector != AaveV3Adapter.withdraw.selector);
        CantonDeFiVault.Intent memory intent =
            _intent(address(aaveAdapter), abi.encodePacked(selector, abi.encode(address(usdc), 1e6)));
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.expectRevert(
            abi.encodeWithSelector(CantonDeFiVault.SelectorNotAllowed.selector, address(aaveAdapter), selector)
        );
        _execute(intent, sig);
    }

    function testFuzz_otherChain_isRejected(uint64 chainId) public {
        vm.assume(chainId != block.chainid && chainId != 0);
        CantonDeFiVault.Intent memory intent = _intent(address(aaveAdapter), _aaveSupply(1e6));
        bytes memory sig = _sign(SIGNER_PK, intent);
        vm.chainId(chainId);
        vm.expectRevert(CantonDeFiVault.InvalidSignature.selector);
        _execute(intent, sig);
    }
}
