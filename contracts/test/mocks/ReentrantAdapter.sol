// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CantonDeFiVault} from "../../sol/CantonDeFiVault.sol";

/// @notice TEST MALICIOUS ADAPTER: when the vault delegatecalls `reenter`, it calls the vault's
/// `execute` again with a second (validly signed) intent. The vault's reentrancy guard must refuse it.
contract ReentrantAdapter {
    function reenter(CantonDeFiVault.Intent calldata inner, bytes calldata signature) external {
        CantonDeFiVault(payable(address(this))).execute(inner, signature);
    }
}
