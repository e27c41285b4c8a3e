// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {OwnedRoles} from "./OwnedRoles.sol";
import {ProviderRegistry} from "./ProviderRegistry.sol";

/// @title Market
/// @notice Credits and orders paid in one ERC-20. Tokens sent to the market become credits once
///         the platform saw the transfer confirmed; an order moves credits into escrow; settlement
///         pays the provider for the time actually served and refunds the rest as credits.
///         Everything a user may do, the platform may relay with the user's EIP-712 signature,
///         and only then: the platform can never spend a user's credits unasked.
/// @author GRID contributors
contract Market is OwnedRoles, EIP712, Nonces, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The platform credits confirmed transfers and relays signed user actions.
    bytes32 public constant PLATFORM_ROLE = keccak256("PLATFORM_ROLE");

    /// @notice Life of an order on chain; accepting starts service, so accepted and active are one state.
    enum OrderState {
        None,
        Created,
        Active,
        Completed,
        Cancelled
    }

    /// @notice An order: who pays whom for which resources, for how long.
    struct Order {
        address user;
        address provider;
        uint64 cpuMillicores;
        uint64 memoryMib;
        uint64 storageGib;
        uint32 gpuCount;
        uint64 durationSeconds;
        uint64 startedAt;
        OrderState state;
        uint256 cost;
    }

    bytes32 private constant CREATE_ORDER_TYPEHASH = keccak256(
        "CreateOrder(address user,address provider,uint64 cpuMillicores,uint64 memoryMib,uint64 storageGib,"
        "uint32 gpuCount,uint64 durationSeconds,uint256 maxCost,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant CANCEL_ORDER_TYPEHASH =
        keccak256("CancelOrder(address user,uint256 orderId,uint256 nonce,uint256 deadline)");
    bytes32 private constant WITHDRAW_CREDITS_TYPEHASH =
        keccak256("WithdrawCredits(address user,uint256 amount,uint256 nonce,uint256 deadline)");

    /// @notice The token credits are backed by.
    IERC20 public immutable token;
    /// @notice Where prices and capacity come from.
    ProviderRegistry public immutable registry;

    mapping(address user => uint256) private _credits;
    mapping(address user => uint256) private _escrow;
    mapping(address provider => uint256) private _earnings;
    mapping(bytes32 transfer => bool) private _credited;
    mapping(uint256 orderId => Order) private _orders;
    uint256 private _orderCount;

    /// @notice Sum of all users' credits.
    uint256 public totalCredits;
    /// @notice Sum of the cost of all orders not settled yet.
    uint256 public totalEscrow;
    /// @notice Sum of all providers' earnings not withdrawn yet.
    uint256 public totalEarnings;

    /// @notice A confirmed token transfer became credits.
    /// @param user the user
    /// @param amount amount in token base units
    /// @param txHash hash of the transfer transaction
    /// @param logIndex index of the Transfer log
    event Credited(address indexed user, uint256 amount, bytes32 indexed txHash, uint256 logIndex);
    /// @notice A user turned credits back into tokens.
    /// @param user the user
    /// @param amount amount in token base units
    event CreditsWithdrawn(address indexed user, uint256 amount);
    /// @notice Credits moved into escrow for a new order.
    /// @param orderId the order
    /// @param user the user
    /// @param provider the provider
    /// @param cost the order cost in token base units
    /// @param durationSeconds how long the order runs
    event OrderCreated(uint256 indexed orderId, address indexed user, address indexed provider, uint256 cost, uint64 durationSeconds);
    /// @notice The provider accepted the order; service starts now.
    /// @param orderId the order
    /// @param provider the provider
    /// @param startedAt when service started (unix seconds)
    event OrderAccepted(uint256 indexed orderId, address indexed provider, uint64 startedAt);
    /// @notice The order ran its full duration and is settled.
    /// @param orderId the order
    event OrderCompleted(uint256 indexed orderId);

    /// @notice A batched completion passed over an order that was not active or not over yet.
    /// @param orderId the order
    event OrderCompletionSkipped(uint256 indexed orderId);
    /// @notice The user cancelled the order and it is settled.
    /// @param orderId the order
    event OrderCancelled(uint256 indexed orderId);
    /// @notice The provider refunded the order in full: it will not serve it (e.g. its cluster refused the app).
    /// @param orderId the order
    /// @param provider the provider that refunded
    /// @param amount the whole cost, returned to the user's credits
    event OrderRefunded(uint256 indexed orderId, address indexed provider, uint256 amount);
    /// @notice Escrow split: `providerShare` to the provider's earnings, `refund` back to the user's credits.
    /// @param orderId the order
    /// @param providerShare paid to the provider
    /// @param refund returned to the user as credits
    /// @param servedSeconds seconds actually served
    event OrderSettled(uint256 indexed orderId, uint256 providerShare, uint256 refund, uint64 servedSeconds);
    /// @notice A provider pulled its earnings.
    /// @param provider the provider
    /// @param amount amount in token base units
    event EarningsWithdrawn(address indexed provider, uint256 amount);

    /// @notice This transfer (tx hash, log index) was credited before.
    /// @param txHash hash of the transfer transaction
    /// @param logIndex index of the Transfer log
    error AlreadyCredited(bytes32 txHash, uint256 logIndex);
    /// @notice Liabilities would exceed the tokens the market holds.
    /// @param liabilities credits + escrow + earnings after the change
    /// @param balance tokens the market holds
    error Insolvent(uint256 liabilities, uint256 balance);
    /// @notice The user has fewer credits than needed.
    /// @param user the user
    /// @param available credits the user has
    /// @param needed credits needed
    error InsufficientCredits(address user, uint256 available, uint256 needed);
    /// @notice Amount zero where something must move.
    error ZeroAmount();
    /// @notice An order must last at least a second and ask for something.
    error InvalidOrder();
    /// @notice No such order.
    /// @param orderId the order
    error UnknownOrder(uint256 orderId);
    /// @notice The order is not in a state that allows this.
    /// @param orderId the order
    /// @param state the order state now
    error InvalidOrderState(uint256 orderId, OrderState state);
    /// @notice Only the order's provider (the payee) may do this.
    /// @param orderId the order
    /// @param caller who called
    error NotPayee(uint256 orderId, address caller);
    /// @notice Only the order's user may do this.
    /// @param orderId the order
    /// @param caller who called
    error NotOrderUser(uint256 orderId, address caller);
    /// @notice The order's duration is not over before `endsAt`.
    /// @param orderId the order
    /// @param endsAt when the order duration ends
    error OrderNotOver(uint256 orderId, uint256 endsAt);
    /// @notice The registry's price makes the order cost more than the user agreed to pay (the provider
    ///         raised its price after the quote, or a signature was mined late).
    /// @param cost what the order would cost at the registry's prices now
    /// @param maxCost the most the user agreed to pay
    error CostAboveLimit(uint256 cost, uint256 maxCost);
    /// @notice Nothing to withdraw.
    /// @param account the account
    error NothingToWithdraw(address account);
    /// @notice The relayed signature is past its deadline.
    /// @param deadline last valid second of the signature
    error ExpiredSignature(uint256 deadline);
    /// @notice The relayed signature was not made by `expected`.
    /// @param expected the account that should have signed
    /// @param recovered the account that did sign
    error InvalidSigner(address expected, address recovered);

    /// @notice Deploys a market for one token and one registry.
    /// @param token_ the ERC-20 credits are backed by
    /// @param registry_ the provider registry (this market needs its MARKET_ROLE)
    /// @param initialOwner owner and admin of the roles
    constructor(IERC20 token_, ProviderRegistry registry_, address initialOwner)
        OwnedRoles(initialOwner)
        EIP712("GRID Market", "1")
    {
        token = token_;
        registry = registry_;
    }

    // ---------------------------------------------------------------- credits

    /// @notice Credits `amount` to `user` for the token transfer (txHash, logIndex), exactly once.
    /// @dev Only the platform role, after the transfer has enough confirmations.
    /// @param user who sent the tokens
    /// @param amount amount transferred, in base units
    /// @param txHash hash of the transfer's transaction
    /// @param logIndex index of the Transfer log in its block
    function credit(address user, uint256 amount, bytes32 txHash, uint256 logIndex)
        external
        onlyRole(PLATFORM_ROLE)
        nonReentrant
    {
        if (amount == 0) revert ZeroAmount();
        bytes32 key = keccak256(abi.encode(txHash, logIndex));
        if (_credited[key]) revert AlreadyCredited(txHash, logIndex);
        uint256 after_ = liabilities() + amount;
        uint256 balance = token.balanceOf(address(this));
        if (after_ > balance) revert Insolvent(after_, balance);
        _credited[key] = true;
        _credits[user] += amount;
        totalCredits += amount;
        emit Credited(user, amount, txHash, logIndex);
    }

    /// @notice Turns `amount` of the caller's credits back into tokens sent to the caller.
    /// @param amount amount in base units
    function withdrawCredits(uint256 amount) external nonReentrant {
        _withdrawCredits(msg.sender, amount);
    }

    /// @notice Turns `amount` of `user`'s credits into tokens sent to `user`, with the user's
    ///         EIP-712 `WithdrawCredits` signature.
    /// @dev Only the platform role. The tokens always go to the user, never to the relayer.
    /// @param user the user that signed
    /// @param amount amount in base units
    /// @param nonce the user's current nonce
    /// @param deadline last second the signature is valid
    /// @param signature the user's 65-byte signature
    function withdrawCreditsFor(address user, uint256 amount, uint256 nonce, uint256 deadline, bytes calldata signature)
        external
        onlyRole(PLATFORM_ROLE)
        nonReentrant
    {
        _verify(user, keccak256(abi.encode(WITHDRAW_CREDITS_TYPEHASH, user, amount, nonce, deadline)), nonce, deadline, signature);
        _withdrawCredits(user, amount);
    }

    /// @notice Pays the caller's earnings out in tokens.
    function withdrawEarnings() external nonReentrant {
        uint256 amount = _earnings[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _earnings[msg.sender] = 0;
        totalEarnings -= amount;
        emit EarningsWithdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- orders

    /// @notice Orders resources from `provider` for `durationSeconds`, paid from the caller's credits
    ///         at the registry's prices, never more than `maxCost`; the capacity is reserved.
    /// @param provider the registered provider
    /// @param cpuMillicores CPU in millicores
    /// @param memoryMib memory in MiB
    /// @param storageGib storage in GiB
    /// @param gpuCount number of GPUs
    /// @param durationSeconds how long
    /// @param maxCost the most the caller agrees to pay (the quoted cost); a higher price reverts with {CostAboveLimit}
    /// @return orderId the new order's id
    function createOrder(
        address provider,
        uint64 cpuMillicores,
        uint64 memoryMib,
        uint64 storageGib,
        uint32 gpuCount,
        uint64 durationSeconds,
        uint256 maxCost
    ) external nonReentrant returns (uint256 orderId) {
        ProviderRegistry.Capacity memory amount = ProviderRegistry.Capacity(cpuMillicores, memoryMib, storageGib, gpuCount);
        return _createOrder(msg.sender, provider, amount, durationSeconds, maxCost);
    }

    /// @notice {createOrder} for `user`, with the user's EIP-712 `CreateOrder` signature.
    /// @dev Only the platform role.
    /// @param user the user that signed and pays
    /// @param provider the registered provider
    /// @param cpuMillicores CPU in millicores
    /// @param memoryMib memory in MiB
    /// @param storageGib storage in GiB
    /// @param gpuCount number of GPUs
    /// @param durationSeconds how long
    /// @param maxCost the most the user agreed to pay, part of what the user signed
    /// @param nonce the user's current nonce
    /// @param deadline last second the signature is valid
    /// @param signature the user's 65-byte signature
    /// @return orderId the new order's id
    function createOrderFor(
        address user,
        address provider,
        uint64 cpuMillicores,
        uint64 memoryMib,
        uint64 storageGib,
        uint32 gpuCount,
        uint64 durationSeconds,
        uint256 maxCost,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external onlyRole(PLATFORM_ROLE) nonReentrant returns (uint256 orderId) {
        bytes32 structHash = keccak256(
            abi.encode(
                CREATE_ORDER_TYPEHASH,
                user,
                provider,
                cpuMillicores,
                memoryMib,
                storageGib,
                gpuCount,
                durationSeconds,
                maxCost,
                nonce,
                deadline
            )
        );
        _verify(user, structHash, nonce, deadline, signature);
        ProviderRegistry.Capacity memory amount = ProviderRegistry.Capacity(cpuMillicores, memoryMib, storageGib, gpuCount);
        return _createOrder(user, provider, amount, durationSeconds, maxCost);
    }

    /// @notice The provider accepts the order; service starts now.
    /// @dev Only the order's provider (the payee).
    /// @param orderId the order
    function acceptOrder(uint256 orderId) external nonReentrant {
        Order storage order = _existing(orderId);
        if (order.provider != msg.sender) revert NotPayee(orderId, msg.sender);
        if (order.state != OrderState.Created) revert InvalidOrderState(orderId, order.state);
        order.state = OrderState.Active;
        order.startedAt = uint64(block.timestamp);
        emit OrderAccepted(orderId, msg.sender, order.startedAt);
    }

    /// @notice The user cancels: a never-accepted order is refunded in full, an active one is
    ///         settled for the time served so far.
    /// @param orderId the order
    function cancelOrder(uint256 orderId) external nonReentrant {
        _cancelOrder(msg.sender, orderId);
    }

    /// @notice {cancelOrder} for `user`, with the user's EIP-712 `CancelOrder` signature.
    /// @dev Only the platform role.
    /// @param user the user that signed
    /// @param orderId the order
    /// @param nonce the user's current nonce
    /// @param deadline last second the signature is valid
    /// @param signature the user's 65-byte signature
    function cancelOrderFor(address user, uint256 orderId, uint256 nonce, uint256 deadline, bytes calldata signature)
        external
        onlyRole(PLATFORM_ROLE)
        nonReentrant
    {
        _verify(user, keccak256(abi.encode(CANCEL_ORDER_TYPEHASH, user, orderId, nonce, deadline)), nonce, deadline, signature);
        _cancelOrder(user, orderId);
    }

    /// @notice The provider gives up an order it cannot serve: the whole cost goes back to the user's
    ///         credits, the provider earns nothing, and the reserved capacity is released. The order ends
    ///         cancelled, so it can be settled no more.
    /// @dev Only the order's provider (the payee), while the order is created or active. Refunding in full
    ///      even for time already served is the provider's choice: it is the one that failed to serve.
    /// @param orderId the order
    function refundOrder(uint256 orderId) external nonReentrant {
        Order storage order = _existing(orderId);
        if (order.provider != msg.sender) revert NotPayee(orderId, msg.sender);
        if (order.state != OrderState.Created && order.state != OrderState.Active) {
            revert InvalidOrderState(orderId, order.state);
        }
        order.state = OrderState.Cancelled;
        uint256 cost = order.cost;
        totalEscrow -= cost;
        _escrow[order.user] -= cost;
        _credits[order.user] += cost;
        totalCredits += cost;
        emit OrderRefunded(orderId, msg.sender, cost);
        // The same split event as every other settlement, so that readers of settlements need no special case.
        emit OrderSettled(orderId, 0, cost, 0);
        registry.release(order.provider, order.cpuMillicores, order.memoryMib, order.storageGib, order.gpuCount);
    }

    /// @notice Settles an active order whose duration is over; anyone may call it.
    /// @param orderId the order
    function completeOrder(uint256 orderId) external nonReentrant {
        Order storage order = _existing(orderId);
        if (order.state != OrderState.Active) revert InvalidOrderState(orderId, order.state);
        uint256 endsAt = uint256(order.startedAt) + order.durationSeconds;
        if (block.timestamp < endsAt) revert OrderNotOver(orderId, endsAt);
        _complete(orderId, order);
    }

    /// @notice Settles every listed order that is active and over, in one transaction; anyone may call it.
    /// @dev An order that is unknown, not active (someone settled it first) or not over yet is passed over
    ///      with {OrderCompletionSkipped} instead of reverting, so that one stale entry cannot sink the batch.
    ///      Batches are bounded by the caller's gas limit, about 60k gas per order.
    /// @param orderIds the orders
    /// @return completed how many of them were settled now
    function completeOrders(uint256[] calldata orderIds) external nonReentrant returns (uint256 completed) {
        for (uint256 i = 0; i < orderIds.length; ++i) {
            uint256 orderId = orderIds[i];
            Order storage order = _orders[orderId];
            if (order.state != OrderState.Active || block.timestamp < uint256(order.startedAt) + order.durationSeconds) {
                emit OrderCompletionSkipped(orderId);
                continue;
            }
            _complete(orderId, order);
            ++completed;
        }
    }

    // ---------------------------------------------------------------- views

    /// @notice An order (state None when unknown).
    /// @param orderId the order
    /// @return user who pays
    /// @return provider who serves and is paid
    /// @return cpuMillicores CPU in millicores
    /// @return memoryMib memory in MiB
    /// @return storageGib storage in GiB
    /// @return gpuCount GPUs
    /// @return durationSeconds how long
    /// @return startedAt when service started, 0 before acceptance
    /// @return state the state, as {OrderState}
    /// @return cost what the user paid into escrow
    function getOrder(uint256 orderId)
        external
        view
        returns (
            address user,
            address provider,
            uint64 cpuMillicores,
            uint64 memoryMib,
            uint64 storageGib,
            uint32 gpuCount,
            uint64 durationSeconds,
            uint64 startedAt,
            OrderState state,
            uint256 cost
        )
    {
        Order storage o = _orders[orderId];
        return (
            o.user, o.provider, o.cpuMillicores, o.memoryMib, o.storageGib, o.gpuCount,
            o.durationSeconds, o.startedAt, o.state, o.cost
        );
    }

    /// @notice Many orders in one call, for readers that import orders made outside the platform
    ///         (state None and zero fields for an unknown id). Same fields as {getOrder}, one array each.
    /// @param orderIds the orders
    /// @return users who pays
    /// @return providers who serves and is paid
    /// @return cpuMillicores CPU in millicores
    /// @return memoryMib memory in MiB
    /// @return storageGib storage in GiB
    /// @return gpuCount GPUs
    /// @return durationSeconds how long
    /// @return startedAt when service started, 0 before acceptance
    /// @return states the state, as {OrderState}
    /// @return costs what each user paid into escrow
    function getOrders(uint256[] calldata orderIds)
        external
        view
        returns (
            address[] memory users,
            address[] memory providers,
            uint64[] memory cpuMillicores,
            uint64[] memory memoryMib,
            uint64[] memory storageGib,
            uint32[] memory gpuCount,
            uint64[] memory durationSeconds,
            uint64[] memory startedAt,
            uint8[] memory states,
            uint256[] memory costs
        )
    {
        uint256 n = orderIds.length;
        users = new address[](n);
        providers = new address[](n);
        cpuMillicores = new uint64[](n);
        memoryMib = new uint64[](n);
        storageGib = new uint64[](n);
        gpuCount = new uint32[](n);
        durationSeconds = new uint64[](n);
        startedAt = new uint64[](n);
        states = new uint8[](n);
        costs = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            Order storage o = _orders[orderIds[i]];
            users[i] = o.user;
            providers[i] = o.provider;
            cpuMillicores[i] = o.cpuMillicores;
            memoryMib[i] = o.memoryMib;
            storageGib[i] = o.storageGib;
            gpuCount[i] = o.gpuCount;
            durationSeconds[i] = o.durationSeconds;
            startedAt[i] = o.startedAt;
            states[i] = uint8(o.state);
            costs[i] = o.cost;
        }
    }

    /// @notice Number of orders ever created; ids run from 1 to this.
    /// @return count
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @notice A user's credits.
    /// @param user the user
    /// @return credits in base units
    function creditOf(address user) external view returns (uint256) {
        return _credits[user];
    }

    /// @notice What a user's unsettled orders hold in escrow.
    /// @param user the user
    /// @return escrow in base units
    function escrowOf(address user) external view returns (uint256) {
        return _escrow[user];
    }

    /// @notice The state and start of many orders in one call, for readers that follow every open order.
    /// @param orderIds the orders
    /// @return states each order's {OrderState} (None when unknown)
    /// @return startedAt each order's start, 0 before acceptance
    function orderStates(uint256[] calldata orderIds)
        external
        view
        returns (uint8[] memory states, uint64[] memory startedAt)
    {
        states = new uint8[](orderIds.length);
        startedAt = new uint64[](orderIds.length);
        for (uint256 i = 0; i < orderIds.length; ++i) {
            Order storage order = _orders[orderIds[i]];
            states[i] = uint8(order.state);
            startedAt[i] = order.startedAt;
        }
    }

    /// @notice A provider's earnings not withdrawn yet.
    /// @param provider the provider
    /// @return earnings in base units
    function earningsOf(address provider) external view returns (uint256) {
        return _earnings[provider];
    }

    /// @notice Whether the transfer (txHash, logIndex) was credited.
    /// @param txHash hash of the transfer's transaction
    /// @param logIndex index of the Transfer log
    /// @return true when credited
    function isCredited(bytes32 txHash, uint256 logIndex) external view returns (bool) {
        return _credited[keccak256(abi.encode(txHash, logIndex))];
    }

    /// @notice What the market owes: credits + escrow + unwithdrawn earnings.
    /// @return the sum in base units
    function liabilities() public view returns (uint256) {
        return totalCredits + totalEscrow + totalEarnings;
    }

    /// @notice The EIP-712 domain separator signatures are made against.
    /// @return the separator
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ---------------------------------------------------------------- internals

    function _createOrder(
        address user,
        address provider,
        ProviderRegistry.Capacity memory amount,
        uint64 durationSeconds,
        uint256 maxCost
    ) private returns (uint256 orderId) {
        if (
            durationSeconds == 0
                || (amount.cpuMillicores == 0 && amount.memoryMib == 0 && amount.storageGib == 0 && amount.gpuCount == 0)
        ) revert InvalidOrder();
        // The registry is our own trusted contract: it answers the price and reserves capacity in one call.
        uint256 pricePerSecond =
            registry.reserve(provider, amount.cpuMillicores, amount.memoryMib, amount.storageGib, amount.gpuCount);
        uint256 cost = pricePerSecond * durationSeconds;
        // The price is read when the transaction is mined: the user's bound keeps a raise made meanwhile from charging more.
        if (cost > maxCost) revert CostAboveLimit(cost, maxCost);
        uint256 available = _credits[user];
        if (available < cost) revert InsufficientCredits(user, available, cost);
        _credits[user] = available - cost;
        totalCredits -= cost;
        totalEscrow += cost;
        _escrow[user] += cost;
        orderId = ++_orderCount;
        _orders[orderId] = Order({
            user: user,
            provider: provider,
            cpuMillicores: amount.cpuMillicores,
            memoryMib: amount.memoryMib,
            storageGib: amount.storageGib,
            gpuCount: amount.gpuCount,
            durationSeconds: durationSeconds,
            startedAt: 0,
            state: OrderState.Created,
            cost: cost
        });
        emit OrderCreated(orderId, user, provider, cost, durationSeconds);
    }

    function _cancelOrder(address user, uint256 orderId) private {
        Order storage order = _existing(orderId);
        if (order.user != user) revert NotOrderUser(orderId, user);
        if (order.state != OrderState.Created && order.state != OrderState.Active) {
            revert InvalidOrderState(orderId, order.state);
        }
        order.state = OrderState.Cancelled;
        emit OrderCancelled(orderId);
        _settle(orderId, order);
    }

    function _complete(uint256 orderId, Order storage order) private {
        order.state = OrderState.Completed;
        emit OrderCompleted(orderId);
        _settle(orderId, order);
    }

    /// @dev DESIGN.md "Money": served = clamp(now - start, 0, duration); share = cost × served / duration
    ///      rounded down; refund = cost - share. A never-accepted order has served nothing.
    function _settle(uint256 orderId, Order storage order) private {
        uint64 served = 0;
        if (order.startedAt != 0 && block.timestamp > order.startedAt) {
            uint256 elapsed = block.timestamp - order.startedAt;
            served = elapsed > order.durationSeconds ? order.durationSeconds : uint64(elapsed);
        }
        uint256 cost = order.cost;
        uint256 share = cost * served / order.durationSeconds;
        uint256 refund = cost - share;
        totalEscrow -= cost;
        _escrow[order.user] -= cost;
        _earnings[order.provider] += share;
        totalEarnings += share;
        _credits[order.user] += refund;
        totalCredits += refund;
        emit OrderSettled(orderId, share, refund, served);
        registry.release(order.provider, order.cpuMillicores, order.memoryMib, order.storageGib, order.gpuCount);
    }

    function _withdrawCredits(address user, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        uint256 available = _credits[user];
        if (available < amount) revert InsufficientCredits(user, available, amount);
        _credits[user] = available - amount;
        totalCredits -= amount;
        emit CreditsWithdrawn(user, amount);
        token.safeTransfer(user, amount);
    }

    function _existing(uint256 orderId) private view returns (Order storage order) {
        order = _orders[orderId];
        if (order.state == OrderState.None) revert UnknownOrder(orderId);
    }

    function _verify(address signer, bytes32 structHash, uint256 nonce, uint256 deadline, bytes calldata signature)
        private
    {
        if (block.timestamp > deadline) revert ExpiredSignature(deadline);
        _useCheckedNonce(signer, nonce);
        (address recovered,,) = ECDSA.tryRecover(_hashTypedDataV4(structHash), signature);
        if (recovered != signer) revert InvalidSigner(signer, recovered);
    }
}
