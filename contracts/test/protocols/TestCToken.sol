// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {CErc20} from "../../sol/interfaces/CErc20.sol";

/// @notice TEST PROTOCOL, not Compound: implements Compound v2's CErc20.mint/redeem/underlying
/// signatures at a fixed exchange rate (no interest), with 8 decimals like real cTokens.
/// Like Compound, some failures return an error code instead of reverting: redeeming more cTokens than
/// held returns 9 (Error.TOKEN_INSUFFICIENT_BALANCE in Compound's ErrorReporter).
contract TestCToken is CErc20, ERC20 {
    using SafeERC20 for IERC20;

    uint256 public constant TOKEN_INSUFFICIENT_BALANCE = 9;

    address public immutable underlying;
    /// @notice Underlying units per cToken unit, scaled by 1e18 (Compound's exchangeRateStored()).
    uint256 public immutable exchangeRateStored;

    event Mint(address minter, uint256 mintAmount, uint256 mintTokens);
    event Redeem(address redeemer, uint256 redeemAmount, uint256 redeemTokens);

    constructor(address underlying_, uint256 exchangeRate_, string memory name_, string memory symbol_)
        ERC20(name_, symbol_)
    {
        underlying = underlying_;
        exchangeRateStored = exchangeRate_;
    }

    function decimals() public pure override returns (uint8) {
        return 8;
    }

    function mint(uint256 mintAmount) external returns (uint256) {
        IERC20(underlying).safeTransferFrom(msg.sender, address(this), mintAmount);
        uint256 mintTokens = mintAmount * 1e18 / exchangeRateStored;
        _mint(msg.sender, mintTokens);
        emit Mint(msg.sender, mintAmount, mintTokens);
        return 0;
    }

    function redeem(uint256 redeemTokens) external returns (uint256) {
        if (balanceOf(msg.sender) < redeemTokens) return TOKEN_INSUFFICIENT_BALANCE;
        uint256 redeemAmount = redeemTokens * exchangeRateStored / 1e18;
        _burn(msg.sender, redeemTokens);
        IERC20(underlying).safeTransfer(msg.sender, redeemAmount);
        emit Redeem(msg.sender, redeemAmount, redeemTokens);
        return 0;
    }
}
