// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {CErc20} from "../interfaces/CErc20.sol";
import {DelegateCallOnly} from "./DelegateCallOnly.sol";

/// @title CompoundV2Adapter
/// @notice Supplies to and redeems from Compound v2 cTokens for the vault that delegatecalls it.
/// The cToken is part of the signed intent data, so the institution chose it.
contract CompoundV2Adapter is DelegateCallOnly {
    using SafeERC20 for IERC20;

    /// @notice A Compound call returned a non-zero error code (Compound v2 ErrorReporter codes).
    error CompoundError(address cToken, uint256 code);

    /// @notice Mints cTokens for `amount` of the cToken's underlying held by the vault.
    function supply(address cToken, uint256 amount) external onlyDelegateCall {
        IERC20(CErc20(cToken).underlying()).forceApprove(cToken, amount);
        uint256 code = CErc20(cToken).mint(amount);
        if (code != 0) revert CompoundError(cToken, code);
    }

    /// @notice Redeems `cTokenAmount` cTokens held by the vault for the underlying.
    function redeem(address cToken, uint256 cTokenAmount) external onlyDelegateCall {
        uint256 code = CErc20(cToken).redeem(cTokenAmount);
        if (code != 0) revert CompoundError(cToken, code);
    }
}
