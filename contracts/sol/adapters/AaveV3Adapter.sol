// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IPool} from "../interfaces/IPool.sol";
import {DelegateCallOnly} from "./DelegateCallOnly.sol";

/// @title AaveV3Adapter
/// @notice Supplies to and withdraws from one Aave v3 pool on behalf of the vault that delegatecalls it.
/// The aTokens are minted to the vault; withdrawals are paid to the vault.
contract AaveV3Adapter is DelegateCallOnly {
    using SafeERC20 for IERC20;

    /// @notice The Aave v3 pool (immutable: adapters have no storage).
    IPool public immutable pool;

    constructor(IPool pool_) {
        pool = pool_;
    }

    /// @notice Supplies `amount` of the vault's `asset` to the pool, for the vault.
    function supply(address asset, uint256 amount) external onlyDelegateCall {
        IERC20(asset).forceApprove(address(pool), amount);
        pool.supply(asset, amount, address(this), 0);
    }

    /// @notice Withdraws `amount` of `asset` (type(uint256).max for all) from the pool to the vault.
    /// @return withdrawn the amount the pool paid
    function withdraw(address asset, uint256 amount) external onlyDelegateCall returns (uint256 withdrawn) {
        withdrawn = pool.withdraw(asset, amount, address(this));
    }
}
