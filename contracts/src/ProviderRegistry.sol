// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {OwnedRoles} from "./OwnedRoles.sol";

// Relayed changes take fourteen flat arguments (web3j 5.0.0 knows no ABI structs); calldata strings
// would not fit the stack, so the strings and signatures are decoded into memory on purpose.
// solhint-disable gas-calldata-parameters

/// @title ProviderRegistry
/// @notice Providers of computing power: who they are, where their gateway is, how much they
///         offer and at which unit prices. A provider changes its own entry, either directly or
///         through the platform relaying its EIP-712 signature. Capacity is reserved and released
///         only by the market.
/// @author GRID contributors
contract ProviderRegistry is OwnedRoles, EIP712, Nonces {
    /// @notice The platform relays signed changes.
    bytes32 public constant PLATFORM_ROLE = keccak256("PLATFORM_ROLE");
    /// @notice The market reserves and releases capacity.
    bytes32 public constant MARKET_ROLE = keccak256("MARKET_ROLE");

    /// @notice What a provider offers. Prices are per resource unit per second, in token base units.
    struct ProviderTerms {
        string name;
        string gatewayUrl;
        string gpuModel;
        uint64 cpuMillicores;
        uint64 memoryMib;
        uint64 storageGib;
        uint32 gpuCount;
        uint256 priceCpuMillicore;
        uint256 priceMemoryMib;
        uint256 priceStorageGib;
        uint256 priceGpu;
    }

    /// @notice An amount of each resource.
    struct Capacity {
        uint64 cpuMillicores;
        uint64 memoryMib;
        uint64 storageGib;
        uint32 gpuCount;
    }

    // The terms are signed flat, so that any EIP-712 signer can show each field to the provider.
    bytes32 private constant REGISTER_TYPEHASH = keccak256(
        "RegisterProvider(address provider,string name,string gatewayUrl,string gpuModel,uint64 cpuMillicores,"
        "uint64 memoryMib,uint64 storageGib,uint32 gpuCount,uint256 priceCpuMillicore,uint256 priceMemoryMib,"
        "uint256 priceStorageGib,uint256 priceGpu,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant UPDATE_TYPEHASH = keccak256(
        "UpdateProvider(address provider,string name,string gatewayUrl,string gpuModel,uint64 cpuMillicores,"
        "uint64 memoryMib,uint64 storageGib,uint32 gpuCount,uint256 priceCpuMillicore,uint256 priceMemoryMib,"
        "uint256 priceStorageGib,uint256 priceGpu,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant DEREGISTER_TYPEHASH =
        keccak256("DeregisterProvider(address provider,uint256 nonce,uint256 deadline)");

    mapping(address provider => ProviderTerms) private _terms;
    mapping(address provider => Capacity) private _reserved;
    mapping(address provider => uint256) private _listPosition; // index + 1; 0 = not listed
    address[] private _listed;

    /// @notice A provider entered the registry.
    /// @param provider the provider
    /// @param name display name
    /// @param gatewayUrl URL of the provider gateway
    event ProviderRegistered(address indexed provider, string name, string gatewayUrl);
    /// @notice A provider changed its terms.
    /// @param provider the provider
    /// @param name display name
    /// @param gatewayUrl URL of the provider gateway
    event ProviderUpdated(address indexed provider, string name, string gatewayUrl);
    /// @notice A provider left the registry; its running orders still settle.
    /// @param provider the provider
    event ProviderDeregistered(address indexed provider);
    /// @notice The market reserved capacity for an order.
    /// @param provider the provider
    /// @param cpuMillicores CPU in millicores
    /// @param memoryMib memory in MiB
    /// @param storageGib storage in GiB
    /// @param gpuCount number of GPUs
    event CapacityReserved(address indexed provider, uint64 cpuMillicores, uint64 memoryMib, uint64 storageGib, uint32 gpuCount);
    /// @notice The market released capacity of a settled or cancelled order.
    /// @param provider the provider
    /// @param cpuMillicores CPU in millicores
    /// @param memoryMib memory in MiB
    /// @param storageGib storage in GiB
    /// @param gpuCount number of GPUs
    event CapacityReleased(address indexed provider, uint64 cpuMillicores, uint64 memoryMib, uint64 storageGib, uint32 gpuCount);

    /// @notice The provider is already registered.
    /// @param provider the provider
    error AlreadyRegistered(address provider);
    /// @notice The provider is not registered.
    /// @param provider the provider
    error NotRegistered(address provider);
    /// @notice Name or gateway URL is empty, or the capacity offers nothing.
    /// @param provider the provider
    error InvalidTerms(address provider);
    /// @notice New capacity would be below what running orders already reserved.
    /// @param provider the provider
    error CapacityBelowReserved(address provider);
    /// @notice The provider has not this much free capacity.
    /// @param provider the provider
    error InsufficientCapacity(address provider);
    /// @notice The relayed signature is past its deadline.
    /// @param deadline last valid second of the signature
    error ExpiredSignature(uint256 deadline);
    /// @notice The relayed signature was not made by `expected`.
    /// @param expected the account that should have signed
    /// @param recovered the account that did sign
    error InvalidSigner(address expected, address recovered);

    /// @notice Deploys the registry with no providers.
    /// @param initialOwner owner and admin of the roles
    constructor(address initialOwner) OwnedRoles(initialOwner) EIP712("GRID ProviderRegistry", "1") {}

    // ---------------------------------------------------------------- provider changes

    /// @notice Registers the caller as a provider.
    /// @param name display name
    /// @param gatewayUrl URL of the provider's gateway
    /// @param gpuModel GPU model, empty when there are no GPUs
    /// @param cpuMillicores CPU offered, in millicores
    /// @param memoryMib memory offered, in MiB
    /// @param storageGib storage offered, in GiB
    /// @param gpuCount GPUs offered
    /// @param priceCpuMillicore price per millicore per second
    /// @param priceMemoryMib price per MiB per second
    /// @param priceStorageGib price per GiB per second
    /// @param priceGpu price per GPU per second
    function register(
        string memory name,
        string memory gatewayUrl,
        string memory gpuModel,
        uint64 cpuMillicores,
        uint64 memoryMib,
        uint64 storageGib,
        uint32 gpuCount,
        uint256 priceCpuMillicore,
        uint256 priceMemoryMib,
        uint256 priceStorageGib,
        uint256 priceGpu
    ) external {
        _register(msg.sender, ProviderTerms(
            name, gatewayUrl, gpuModel, cpuMillicores, memoryMib, storageGib, gpuCount,
            priceCpuMillicore, priceMemoryMib, priceStorageGib, priceGpu
        ));
    }

    /// @notice Registers `provider` on its behalf, with its EIP-712 `RegisterProvider` signature.
    /// @dev Only the platform role. The signature binds every field, the provider's nonce and the deadline.
    /// @param provider the provider that signed
    /// @param name display name
    /// @param gatewayUrl URL of the provider's gateway
    /// @param gpuModel GPU model, empty when there are no GPUs
    /// @param cpuMillicores CPU offered, in millicores
    /// @param memoryMib memory offered, in MiB
    /// @param storageGib storage offered, in GiB
    /// @param gpuCount GPUs offered
    /// @param priceCpuMillicore price per millicore per second
    /// @param priceMemoryMib price per MiB per second
    /// @param priceStorageGib price per GiB per second
    /// @param priceGpu price per GPU per second
    /// @param nonce the provider's current nonce (see {nonces})
    /// @param deadline last second the signature is valid
    /// @param signature the provider's 65-byte signature
    function registerFor(
        address provider,
        string memory name,
        string memory gatewayUrl,
        string memory gpuModel,
        uint64 cpuMillicores,
        uint64 memoryMib,
        uint64 storageGib,
        uint32 gpuCount,
        uint256 priceCpuMillicore,
        uint256 priceMemoryMib,
        uint256 priceStorageGib,
        uint256 priceGpu,
        uint256 nonce,
        uint256 deadline,
        bytes memory signature
    ) external onlyRole(PLATFORM_ROLE) {
        ProviderTerms memory terms = ProviderTerms(
            name, gatewayUrl, gpuModel, cpuMillicores, memoryMib, storageGib, gpuCount,
            priceCpuMillicore, priceMemoryMib, priceStorageGib, priceGpu
        );
        _verify(provider, _hashChange(REGISTER_TYPEHASH, provider, terms, nonce, deadline), nonce, deadline, signature);
        _register(provider, terms);
    }

    /// @notice Changes the caller's terms; capacity may not drop below what running orders reserved.
    /// @param name display name
    /// @param gatewayUrl URL of the provider's gateway
    /// @param gpuModel GPU model, empty when there are no GPUs
    /// @param cpuMillicores CPU offered, in millicores
    /// @param memoryMib memory offered, in MiB
    /// @param storageGib storage offered, in GiB
    /// @param gpuCount GPUs offered
    /// @param priceCpuMillicore price per millicore per second
    /// @param priceMemoryMib price per MiB per second
    /// @param priceStorageGib price per GiB per second
    /// @param priceGpu price per GPU per second
    function update(
        string memory name,
        string memory gatewayUrl,
        string memory gpuModel,
        uint64 cpuMillicores,
        uint64 memoryMib,
        uint64 storageGib,
        uint32 gpuCount,
        uint256 priceCpuMillicore,
        uint256 priceMemoryMib,
        uint256 priceStorageGib,
        uint256 priceGpu
    ) external {
        _update(msg.sender, ProviderTerms(
            name, gatewayUrl, gpuModel, cpuMillicores, memoryMib, storageGib, gpuCount,
            priceCpuMillicore, priceMemoryMib, priceStorageGib, priceGpu
        ));
    }

    /// @notice Changes the terms of `provider` on its behalf, with its EIP-712 `UpdateProvider` signature.
    /// @dev Only the platform role. The signature binds every field, the provider's nonce and the deadline.
    /// @param provider the provider that signed
    /// @param name display name
    /// @param gatewayUrl URL of the provider's gateway
    /// @param gpuModel GPU model, empty when there are no GPUs
    /// @param cpuMillicores CPU offered, in millicores
    /// @param memoryMib memory offered, in MiB
    /// @param storageGib storage offered, in GiB
    /// @param gpuCount GPUs offered
    /// @param priceCpuMillicore price per millicore per second
    /// @param priceMemoryMib price per MiB per second
    /// @param priceStorageGib price per GiB per second
    /// @param priceGpu price per GPU per second
    /// @param nonce the provider's current nonce (see {nonces})
    /// @param deadline last second the signature is valid
    /// @param signature the provider's 65-byte signature
    function updateFor(
        address provider,
        string memory name,
        string memory gatewayUrl,
        string memory gpuModel,
        uint64 cpuMillicores,
        uint64 memoryMib,
        uint64 storageGib,
        uint32 gpuCount,
        uint256 priceCpuMillicore,
        uint256 priceMemoryMib,
        uint256 priceStorageGib,
        uint256 priceGpu,
        uint256 nonce,
        uint256 deadline,
        bytes memory signature
    ) external onlyRole(PLATFORM_ROLE) {
        ProviderTerms memory terms = ProviderTerms(
            name, gatewayUrl, gpuModel, cpuMillicores, memoryMib, storageGib, gpuCount,
            priceCpuMillicore, priceMemoryMib, priceStorageGib, priceGpu
        );
        _verify(provider, _hashChange(UPDATE_TYPEHASH, provider, terms, nonce, deadline), nonce, deadline, signature);
        _update(provider, terms);
    }

    /// @notice Removes the caller from the registry. Orders already made still run and settle.
    function deregister() external {
        _deregister(msg.sender);
    }

    /// @notice Removes `provider` on its behalf, with its EIP-712 `DeregisterProvider` signature.
    /// @dev Only the platform role.
    /// @param provider the provider that signed
    /// @param nonce the provider's current nonce
    /// @param deadline last second the signature is valid
    /// @param signature the provider's 65-byte signature
    function deregisterFor(address provider, uint256 nonce, uint256 deadline, bytes memory signature)
        external
        onlyRole(PLATFORM_ROLE)
    {
        _verify(provider, keccak256(abi.encode(DEREGISTER_TYPEHASH, provider, nonce, deadline)), nonce, deadline, signature);
        _deregister(provider);
    }

    // ---------------------------------------------------------------- market hooks

    /// @notice Reserves capacity for an order and answers its price per second.
    /// @dev Only the market role. The price comes from the registry, never from the caller.
    /// @param provider the provider serving the order
    /// @param cpuMillicores CPU ordered, in millicores
    /// @param memoryMib memory ordered, in MiB
    /// @param storageGib storage ordered, in GiB
    /// @param gpuCount GPUs ordered
    /// @return pricePerSecond Σ quantity × unit price, in token base units per second
    function reserve(address provider, uint64 cpuMillicores, uint64 memoryMib, uint64 storageGib, uint32 gpuCount)
        external
        onlyRole(MARKET_ROLE)
        returns (uint256 pricePerSecond)
    {
        Capacity memory amount = Capacity(cpuMillicores, memoryMib, storageGib, gpuCount);
        if (_listPosition[provider] == 0) revert NotRegistered(provider);
        ProviderTerms storage terms = _terms[provider];
        Capacity storage reserved = _reserved[provider];
        uint64 cpu = reserved.cpuMillicores + amount.cpuMillicores;
        uint64 memory_ = reserved.memoryMib + amount.memoryMib;
        uint64 storage_ = reserved.storageGib + amount.storageGib;
        uint32 gpus = reserved.gpuCount + amount.gpuCount;
        if (cpu > terms.cpuMillicores || memory_ > terms.memoryMib || storage_ > terms.storageGib || gpus > terms.gpuCount) {
            revert InsufficientCapacity(provider);
        }
        _reserved[provider] = Capacity(cpu, memory_, storage_, gpus);
        emit CapacityReserved(provider, amount.cpuMillicores, amount.memoryMib, amount.storageGib, amount.gpuCount);
        return _pricePerSecond(provider, amount);
    }

    /// @notice Releases capacity reserved by {reserve}; works for deregistered providers too.
    /// @dev Only the market role.
    /// @param provider the provider that served the order
    /// @param cpuMillicores CPU of the order, in millicores
    /// @param memoryMib memory of the order, in MiB
    /// @param storageGib storage of the order, in GiB
    /// @param gpuCount GPUs of the order
    function release(address provider, uint64 cpuMillicores, uint64 memoryMib, uint64 storageGib, uint32 gpuCount)
        external
        onlyRole(MARKET_ROLE)
    {
        Capacity memory amount = Capacity(cpuMillicores, memoryMib, storageGib, gpuCount);
        Capacity storage reserved = _reserved[provider];
        reserved.cpuMillicores -= amount.cpuMillicores;
        reserved.memoryMib -= amount.memoryMib;
        reserved.storageGib -= amount.storageGib;
        reserved.gpuCount -= amount.gpuCount;
        emit CapacityReleased(provider, amount.cpuMillicores, amount.memoryMib, amount.storageGib, amount.gpuCount);
    }

    // ---------------------------------------------------------------- views

    /// @notice The price per second of these resources at `provider`'s current unit prices.
    /// @param provider the provider
    /// @param cpuMillicores CPU, in millicores
    /// @param memoryMib memory, in MiB
    /// @param storageGib storage, in GiB
    /// @param gpuCount GPUs
    /// @return Σ quantity × unit price, in token base units per second
    function pricePerSecondOf(address provider, uint64 cpuMillicores, uint64 memoryMib, uint64 storageGib, uint32 gpuCount)
        external
        view
        returns (uint256)
    {
        return _pricePerSecond(provider, Capacity(cpuMillicores, memoryMib, storageGib, gpuCount));
    }

    /// @notice Whether `provider` is registered now.
    /// @param provider the provider
    /// @return true when listed
    function isRegistered(address provider) external view returns (bool) {
        return _listPosition[provider] != 0;
    }

    /// @notice The terms of a registered provider.
    /// @param provider the provider
    /// @return name display name
    /// @return gatewayUrl URL of the gateway
    /// @return gpuModel GPU model
    /// @return cpuMillicores CPU offered
    /// @return memoryMib memory offered
    /// @return storageGib storage offered
    /// @return gpuCount GPUs offered
    /// @return priceCpuMillicore price per millicore per second
    /// @return priceMemoryMib price per MiB per second
    /// @return priceStorageGib price per GiB per second
    /// @return priceGpu price per GPU per second
    function getProvider(address provider)
        external
        view
        returns (
            string memory name,
            string memory gatewayUrl,
            string memory gpuModel,
            uint64 cpuMillicores,
            uint64 memoryMib,
            uint64 storageGib,
            uint32 gpuCount,
            uint256 priceCpuMillicore,
            uint256 priceMemoryMib,
            uint256 priceStorageGib,
            uint256 priceGpu
        )
    {
        if (_listPosition[provider] == 0) revert NotRegistered(provider);
        ProviderTerms storage t = _terms[provider];
        return (
            t.name, t.gatewayUrl, t.gpuModel, t.cpuMillicores, t.memoryMib, t.storageGib, t.gpuCount,
            t.priceCpuMillicore, t.priceMemoryMib, t.priceStorageGib, t.priceGpu
        );
    }

    /// @notice Capacity currently reserved by orders at `provider`.
    /// @param provider the provider
    /// @return cpuMillicores CPU reserved
    /// @return memoryMib memory reserved
    /// @return storageGib storage reserved
    /// @return gpuCount GPUs reserved
    function reservedOf(address provider)
        external
        view
        returns (uint64 cpuMillicores, uint64 memoryMib, uint64 storageGib, uint32 gpuCount)
    {
        Capacity storage r = _reserved[provider];
        return (r.cpuMillicores, r.memoryMib, r.storageGib, r.gpuCount);
    }

    /// @notice Number of registered providers.
    /// @return count
    function providerCount() external view returns (uint256) {
        return _listed.length;
    }

    /// @notice A page of registered providers' addresses (order changes when a provider leaves).
    /// @param offset index of the first entry
    /// @param limit maximum number of entries
    /// @return page the addresses, possibly fewer than `limit`
    function listProviders(uint256 offset, uint256 limit) external view returns (address[] memory page) {
        uint256 total = _listed.length;
        if (!(offset < total)) return new address[](0);
        uint256 end = offset + limit > total ? total : offset + limit;
        page = new address[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            page[i - offset] = _listed[i];
        }
    }

    /// @notice The EIP-712 domain separator signatures are made against.
    /// @return the separator
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ---------------------------------------------------------------- internals

    function _register(address provider, ProviderTerms memory terms) private {
        if (_listPosition[provider] != 0) revert AlreadyRegistered(provider);
        _checkTerms(provider, terms);
        _terms[provider] = terms;
        _listed.push(provider);
        _listPosition[provider] = _listed.length;
        emit ProviderRegistered(provider, terms.name, terms.gatewayUrl);
    }

    function _update(address provider, ProviderTerms memory terms) private {
        if (_listPosition[provider] == 0) revert NotRegistered(provider);
        _checkTerms(provider, terms);
        _terms[provider] = terms;
        emit ProviderUpdated(provider, terms.name, terms.gatewayUrl);
    }

    function _deregister(address provider) private {
        uint256 position = _listPosition[provider];
        if (position == 0) revert NotRegistered(provider);
        // Swap-and-pop keeps the list dense so paging needs no holes.
        address last = _listed[_listed.length - 1];
        _listed[position - 1] = last;
        _listPosition[last] = position;
        _listed.pop();
        delete _listPosition[provider];
        emit ProviderDeregistered(provider);
    }

    function _checkTerms(address provider, ProviderTerms memory terms) private view {
        if (bytes(terms.name).length == 0 || bytes(terms.gatewayUrl).length == 0) revert InvalidTerms(provider);
        if (terms.cpuMillicores == 0 && terms.memoryMib == 0 && terms.storageGib == 0 && terms.gpuCount == 0) {
            revert InvalidTerms(provider);
        }
        // A re-registered provider keeps the reservations of orders still running.
        Capacity storage reserved = _reserved[provider];
        if (
            terms.cpuMillicores < reserved.cpuMillicores || terms.memoryMib < reserved.memoryMib
                || terms.storageGib < reserved.storageGib || terms.gpuCount < reserved.gpuCount
        ) revert CapacityBelowReserved(provider);
    }

    function _verify(address signer, bytes32 structHash, uint256 nonce, uint256 deadline, bytes memory signature)
        private
    {
        if (block.timestamp > deadline) revert ExpiredSignature(deadline);
        _useCheckedNonce(signer, nonce);
        (address recovered,,) = ECDSA.tryRecover(_hashTypedDataV4(structHash), signature);
        if (recovered != signer) revert InvalidSigner(signer, recovered);
    }

    function _pricePerSecond(address provider, Capacity memory amount) private view returns (uint256) {
        ProviderTerms storage terms = _terms[provider];
        return uint256(amount.cpuMillicores) * terms.priceCpuMillicore
            + uint256(amount.memoryMib) * terms.priceMemoryMib
            + uint256(amount.storageGib) * terms.priceStorageGib
            + uint256(amount.gpuCount) * terms.priceGpu;
    }

    function _hashChange(bytes32 typehash, address provider, ProviderTerms memory terms, uint256 nonce, uint256 deadline)
        private
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encode(
                typehash,
                provider,
                keccak256(bytes(terms.name)),
                keccak256(bytes(terms.gatewayUrl)),
                keccak256(bytes(terms.gpuModel)),
                terms.cpuMillicores,
                terms.memoryMib,
                terms.storageGib,
                terms.gpuCount,
                terms.priceCpuMillicore,
                terms.priceMemoryMib,
                terms.priceStorageGib,
                terms.priceGpu,
                nonce,
                deadline
            )
        );
    }
}
