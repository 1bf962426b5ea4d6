// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IPool} from "../../sol/interfaces/IPool.sol";

/// @notice TEST PROTOCOL, not Aave: implements Aave v3's IPool.supply/withdraw signatures with simple
/// book-keeping (no aTokens, no interest). supply pulls `amount` from msg.sender and credits `onBehalfOf`;
/// withdraw debits msg.sender (type(uint256).max = everything) and pays `to`.
contract TestAavePool is IPool {
    using SafeERC20 for IERC20;

    mapping(address asset => mapping(address account => uint256 amount)) public supplied;

    event Supply(address indexed asset, address user, address indexed onBehalfOf, uint256 amount, uint16 referralCode);
    event Withdraw(address indexed asset, address indexed user, address indexed to, uint256 amount);

    /// @notice Aave's NOT_ENOUGH_AVAILABLE_USER_BALANCE (error 32).
    error NotEnoughAvailableUserBalance();
    /// @notice Aave's INVALID_AMOUNT (error 26).
    error InvalidAmount();

    function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode) external {
        if (amount == 0) revert InvalidAmount();
        IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
        supplied[asset][onBehalfOf] += amount;
        emit Supply(asset, msg.sender, onBehalfOf, amount, referralCode);
    }

    function withdraw(address asset, uint256 amount, address to) external returns (uint256) {
        uint256 balance = supplied[asset][msg.sender];
        uint256 amountToWithdraw = amount == type(uint256).max ? balance : amount;
        if (amountToWithdraw == 0) revert InvalidAmount();
        if (amountToWithdraw > balance) revert NotEnoughAvailableUserBalance();
        supplied[asset][msg.sender] = balance - amountToWithdraw;
        IERC20(asset).safeTransfer(to, amountToWithdraw);
        emit Withdraw(asset, msg.sender, to, amountToWithdraw);
        return amountToWithdraw;
    }
}
