// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CantonKeyRegistry} from "../../sol/CantonKeyRegistry.sol";

/// @notice TEST OBSERVER for the invariant tests: counts how often each tag was executed through a vault
/// and records which signer the registry held for the party at that moment.
contract HitCounter {
    CantonKeyRegistry public immutable registry;
    bytes32 public immutable partyKey;

    mapping(bytes32 tag => uint256 count) public hits;
    mapping(bytes32 tag => address signer) public signerAtHit;

    constructor(CantonKeyRegistry registry_, bytes32 partyKey_) {
        registry = registry_;
        partyKey = partyKey_;
    }

    function hit(bytes32 tag) external {
        ++hits[tag];
        signerAtHit[tag] = registry.signerOf(partyKey);
    }
}

/// @notice TEST ADAPTER: stateless; reports each run to a HitCounter (an external call, so it works
/// under the vault's DELEGATECALL).
contract CountingAdapter {
    HitCounter public immutable counter;

    constructor(HitCounter counter_) {
        counter = counter_;
    }

    function ping(bytes32 tag) external {
        counter.hit(tag);
    }
}
