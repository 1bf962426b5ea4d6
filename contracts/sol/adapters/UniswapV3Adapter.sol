// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {ISwapRouter} from "../interfaces/ISwapRouter.sol";
import {DelegateCallOnly} from "./DelegateCallOnly.sol";

/// @title UniswapV3Adapter
/// @notice Swaps an exact input through one Uniswap v3 SwapRouter for the vault that delegatecalls it.
contract UniswapV3Adapter is DelegateCallOnly {
    using SafeERC20 for IERC20;

    /// @notice The Uniswap v3 SwapRouter (immutable: adapters have no storage).
    ISwapRouter public immutable router;

    constructor(ISwapRouter router_) {
        router = router_;
    }

    /// @notice Swaps `amountIn` of the vault's `tokenIn` for at least `amountOutMinimum` of `tokenOut`
    /// in the `fee` tier (hundredths of a bip, e.g. 3000 = 0.3%), paid to the vault. The router's
    /// deadline is this block: the intent's own deadline was checked by the vault.
    /// @return amountOut the amount of tokenOut received
    function swapExactInputSingle(
        address tokenIn,
        address tokenOut,
        uint24 fee,
        uint256 amountIn,
        uint256 amountOutMinimum
    ) external onlyDelegateCall returns (uint256 amountOut) {
        IERC20(tokenIn).forceApprove(address(router), amountIn);
        amountOut = router.exactInputSingle(
            ISwapRouter.ExactInputSingleParams({
                tokenIn: tokenIn,
                tokenOut: tokenOut,
                fee: fee,
                recipient: address(this),
                deadline: block.timestamp,
                amountIn: amountIn,
                amountOutMinimum: amountOutMinimum,
                sqrtPriceLimitX96: 0
            })
        );
    }
}
