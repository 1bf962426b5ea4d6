// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {ISwapRouter} from "../../sol/interfaces/ISwapRouter.sol";

/// @notice TEST PROTOCOL, not Uniswap: implements Uniswap v3's ISwapRouter.exactInputSingle signature
/// with a fixed price per (tokenIn, tokenOut, fee) set by anyone, paid from the router's own reserves:
/// amountOut = amountIn * (1e6 - fee) / 1e6 * price / 1e18. Reverts like the real router:
/// "Transaction too old" past the deadline, "Too little received" under amountOutMinimum.
contract TestSwapRouter is ISwapRouter {
    using SafeERC20 for IERC20;

    /// @notice Price of one unit of tokenIn in units of tokenOut, scaled by 1e18 (0 = no pool).
    mapping(address tokenIn => mapping(address tokenOut => mapping(uint24 fee => uint256 priceE18))) public prices;

    event Swap(address indexed tokenIn, address indexed tokenOut, uint24 fee, uint256 amountIn, uint256 amountOut);

    /// @notice Opens (or reprices) the pool (tokenIn, tokenOut, fee). Test protocol: no access control.
    function setPrice(address tokenIn, address tokenOut, uint24 fee, uint256 priceE18) external {
        prices[tokenIn][tokenOut][fee] = priceE18;
    }

    function exactInputSingle(ExactInputSingleParams calldata params) external payable returns (uint256 amountOut) {
        // forge-lint: disable-next-line(block-timestamp)
        require(block.timestamp <= params.deadline, "Transaction too old");
        uint256 price = prices[params.tokenIn][params.tokenOut][params.fee];
        require(price != 0, "Pool not found");
        amountOut = params.amountIn * (1e6 - params.fee) / 1e6 * price / 1e18;
        require(amountOut >= params.amountOutMinimum, "Too little received");
        IERC20(params.tokenIn).safeTransferFrom(msg.sender, address(this), params.amountIn);
        IERC20(params.tokenOut).safeTransfer(params.recipient, amountOut);
        emit Swap(params.tokenIn, params.tokenOut, params.fee, params.amountIn, amountOut);
    }
}
