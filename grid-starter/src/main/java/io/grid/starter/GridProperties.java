package io.grid.starter;

import io.grid.routes.chain.ChainBinding;
import io.grid.routes.platform.PlatformSettings;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code grid.*} property, declared once with its documentation and default. The same keys work in
 * {@code application.yml}, environment variables and a provider's {@code config.toml}.
 */
@ConfigurationProperties(prefix = "grid")
public class GridProperties {

    private final Http http = new Http();
    private final Chain chain = new Chain();
    private final Platform platform = new Platform();
    private final Gateway gateway = new Gateway();
    private final Kubernetes kubernetes = new Kubernetes();
    private final Datasource datasource = new Datasource();

    public Http getHttp() {
        return http;
    }

    public Chain getChain() {
        return chain;
    }

    /** The HTTP API of this application (the platform's and the gateway's routes share it). */
    public static class Http {
        /** Address the HTTP API listens on. */
        private String host = "127.0.0.1";
        /** Port of the HTTP API. */
        private int port = 8080;

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    public Platform getPlatform() {
        return platform;
    }

    public Gateway getGateway() {
        return gateway;
    }

    public Kubernetes getKubernetes() {
        return kubernetes;
    }

    public Datasource getDatasource() {
        return datasource;
    }

    /** The EVM chain GRID's contracts live on. */
    public static class Chain {
        /** JSON-RPC URL of the chain node. Required unless {@code grid.chain.local.enabled} is true. */
        private String rpcUrl;
        /** Chain id the node must report; checked at start so that signatures cannot be replayed across chains. */
        private Long chainId;
        /** Address of the ERC-20 token users pay with. */
        private String tokenAddress;
        /** Address of the ProviderRegistry contract. */
        private String registryAddress;
        /** Address of the Market contract. */
        private String marketAddress;
        /** Blocks a token transfer must have on top of it (itself included) before it is credited. */
        private int confirmations = 12;
        /** How often pending transfers are polled for confirmations. */
        private Duration pollInterval = Duration.ofSeconds(15);
        /** First block searched for token transfers and settlement events (the block the contracts were deployed in). */
        private long startBlock = 0;
        /** Most blocks asked for in one eth_getLogs call (nodes cap the range). */
        private long maxBlockRange = 10_000;
        /**
         * What a start does when GRID's database was made for another chain (chain id and genesis block are recorded
         * at the first start): {@code fail} (refuse to start, naming both) or {@code reset} (drop GRID's tables of that
         * database and make them again; for development chains that start afresh each time).
         */
        private ChainBinding.OnMismatch onDatabaseMismatch = ChainBinding.OnMismatch.FAIL;
        private final Outbox outbox = new Outbox();
        private final Local local = new Local();

        public long getStartBlock() {
            return startBlock;
        }

        public void setStartBlock(long startBlock) {
            this.startBlock = startBlock;
        }

        public long getMaxBlockRange() {
            return maxBlockRange;
        }

        public void setMaxBlockRange(long maxBlockRange) {
            this.maxBlockRange = maxBlockRange;
        }

        public ChainBinding.OnMismatch getOnDatabaseMismatch() {
            return onDatabaseMismatch;
        }

        public void setOnDatabaseMismatch(ChainBinding.OnMismatch onDatabaseMismatch) {
            this.onDatabaseMismatch = onDatabaseMismatch;
        }

        public Outbox getOutbox() {
            return outbox;
        }

        /** The transaction outboxes (the platform's and the gateway's): timing of their passes. */
        public static class Outbox {
            /** Pause between two passes while the node answers. */
            private Duration pollInterval = Duration.ofSeconds(1);
            /** A sent transaction without receipt after this long is handed to the node again, same bytes. */
            private Duration resendAfter = Duration.ofMinutes(2);
            /** First pause after the node failed (the pause doubles while it keeps failing). */
            private Duration minBackoff = Duration.ofMillis(500);
            /** Longest pause while the node keeps failing. */
            private Duration maxBackoff = Duration.ofSeconds(30);
            /** A transaction still open this long after it was submitted turns the chain health DOWN. */
            private Duration stallAfter = Duration.ofMinutes(6);

            public Duration getPollInterval() {
                return pollInterval;
            }

            public void setPollInterval(Duration pollInterval) {
                this.pollInterval = pollInterval;
            }

            public Duration getResendAfter() {
                return resendAfter;
            }

            public void setResendAfter(Duration resendAfter) {
                this.resendAfter = resendAfter;
            }

            public Duration getMinBackoff() {
                return minBackoff;
            }

            public void setMinBackoff(Duration minBackoff) {
                this.minBackoff = minBackoff;
            }

            public Duration getMaxBackoff() {
                return maxBackoff;
            }

            public void setMaxBackoff(Duration maxBackoff) {
                this.maxBackoff = maxBackoff;
            }

            public Duration getStallAfter() {
                return stallAfter;
            }

            public void setStallAfter(Duration stallAfter) {
                this.stallAfter = stallAfter;
            }
        }

        /**
         * A JSON-RPC URL wallets may use, published by {@code GET /chain}; the managed local chain's URL when it is
         * local and this is empty, else none.
         */
        private String publicRpcUrl;

        public String getPublicRpcUrl() {
            return publicRpcUrl;
        }

        public void setPublicRpcUrl(String publicRpcUrl) {
            this.publicRpcUrl = publicRpcUrl;
        }

        public String getRpcUrl() {
            return rpcUrl;
        }

        public void setRpcUrl(String rpcUrl) {
            this.rpcUrl = rpcUrl;
        }

        public Long getChainId() {
            return chainId;
        }

        public void setChainId(Long chainId) {
            this.chainId = chainId;
        }

        public String getTokenAddress() {
            return tokenAddress;
        }

        public void setTokenAddress(String tokenAddress) {
            this.tokenAddress = tokenAddress;
        }

        public String getRegistryAddress() {
            return registryAddress;
        }

        public void setRegistryAddress(String registryAddress) {
            this.registryAddress = registryAddress;
        }

        public String getMarketAddress() {
            return marketAddress;
        }

        public void setMarketAddress(String marketAddress) {
            this.marketAddress = marketAddress;
        }

        public int getConfirmations() {
            return confirmations;
        }

        public void setConfirmations(int confirmations) {
            this.confirmations = confirmations;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public Local getLocal() {
            return local;
        }

        /** A managed local Anvil chain with freshly deployed contracts: for demos and development only. */
        public static class Local {
            /** Start a local Anvil chain and deploy the contracts at start. Never on in production. */
            private boolean enabled = false;
            /**
             * Path of the anvil executable (for example {@code node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}
             * after {@code npm install @foundry-rs/anvil-linux-amd64@1.7.1}). When empty: that path searched upward from
             * the working directory (also under {@code contracts/} in a GRID checkout), then {@code anvil} on the PATH.
             */
            private Path anvil;
            /**
             * Mine a block this often (whole seconds, anvil {@code --block-time}), so that confirmations and served
             * time advance by themselves; empty mines a block only per transaction.
             */
            private Duration blockTime;

            public Duration getBlockTime() {
                return blockTime;
            }

            /** Refused unless a whole number of seconds, at least one. */
            public void setBlockTime(Duration blockTime) {
                if (blockTime != null && (blockTime.getSeconds() < 1 || blockTime.getNano() != 0)) {
                    throw new IllegalArgumentException("grid.chain.local.block-time must be a whole number of seconds,"
                            + " at least 1s, got " + blockTime);
                }
                this.blockTime = blockTime;
            }

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public Path getAnvil() {
                return anvil;
            }

            public void setAnvil(Path anvil) {
                this.anvil = anvil;
            }
        }
    }

    /** The platform: the service users and providers talk to instead of the chain. */
    public static class Platform {
        /** Run the platform's routes in this application. */
        private boolean enabled = false;
        /** Web3 keystore file (encrypted JSON) holding the platform's signing key. */
        private Path keyFile;
        /** Environment variable that holds the keystore password (the password itself is never a property). */
        private String keyPasswordEnv = "GRID_PLATFORM_KEY_PASSWORD";
        /** How often the order lifecycle job looks for orders past their end. */
        private Duration lifecycleInterval = Duration.ofSeconds(30);
        /**
         * Most due orders the lifecycle job settles in one Market.completeOrders transaction (1..300); its gas limit
         * is 80k + 45k per order.
         */
        private int settlementBatchSize = 100;
        /** Pause between two passes of the platform's outbox job. */
        private Duration outboxInterval = Duration.ofSeconds(1);
        /** Gas limit of each relayed transaction (registerFor, createOrderFor, cancelOrderFor...). */
        private BigInteger relayGasLimit = BigInteger.valueOf(2_000_000);
        /**
         * How long a relaying request waits for its receipt before answering 504 (the transaction stays in the outbox
         * and still goes out).
         */
        private Duration relayWait = Duration.ofSeconds(30);
        /** Gas limit of each Market.credit transaction that credits a confirmed transfer. */
        private BigInteger creditGasLimit = BigInteger.valueOf(300_000);
        /** How long the provider list read from the registry is served from the cache. */
        private Duration providerCacheTtl = Duration.ofSeconds(10);

        public Duration getOutboxInterval() {
            return outboxInterval;
        }

        public void setOutboxInterval(Duration outboxInterval) {
            this.outboxInterval = outboxInterval;
        }

        public BigInteger getRelayGasLimit() {
            return relayGasLimit;
        }

        public void setRelayGasLimit(BigInteger relayGasLimit) {
            this.relayGasLimit = relayGasLimit;
        }

        public Duration getRelayWait() {
            return relayWait;
        }

        public void setRelayWait(Duration relayWait) {
            this.relayWait = relayWait;
        }

        public BigInteger getCreditGasLimit() {
            return creditGasLimit;
        }

        public void setCreditGasLimit(BigInteger creditGasLimit) {
            this.creditGasLimit = creditGasLimit;
        }

        public Duration getProviderCacheTtl() {
            return providerCacheTtl;
        }

        public void setProviderCacheTtl(Duration providerCacheTtl) {
            this.providerCacheTtl = providerCacheTtl;
        }

        /** How this platform shares the work with other replicas on the same database. */
        private final Cluster cluster = new Cluster();

        public Cluster getCluster() {
            return cluster;
        }

        /** Several platform replicas on one PostgreSQL database: one elected sender, clustered scheduled jobs. */
        public static class Cluster {
            /**
             * none: this process is the only platform on its database (Quartz in memory, it sends alone);
             * database: replicas on one PostgreSQL database elect the one sender of the platform key through a
             * PostgreSQL advisory lock and share the scheduled jobs through Quartz's clustered JDBC job store.
             */
            private Kind kind = Kind.NONE;
            /** The election's name: replicas of one platform (one platform key) use the same group. */
            private String group = "grid-platform-sender";
            /** This replica's name in the election and in Quartz's cluster; host name and process id when empty. */
            private String memberId = "";
            /** How often a replica that does not lead tries to take the lock. */
            private Duration retryPeriod = Duration.ofSeconds(1);
            /** How often each replica checks in with Quartz's cluster (a dead one's jobs are taken over after this). */
            private Duration quartzCheckinInterval = Duration.ofSeconds(5);

            /** The clustering kinds. */
            public enum Kind { NONE, DATABASE }

            public Kind getKind() {
                return kind;
            }

            public void setKind(Kind kind) {
                this.kind = kind == null ? Kind.NONE : kind;
            }

            public String getGroup() {
                return group;
            }

            /** Refused when blank. */
            public void setGroup(String group) {
                if (group == null || group.isBlank()) {
                    throw new IllegalArgumentException("grid.platform.cluster.group must not be blank");
                }
                this.group = group.strip();
            }

            public String getMemberId() {
                return memberId;
            }

            public void setMemberId(String memberId) {
                this.memberId = memberId == null ? "" : memberId.strip();
            }

            public Duration getRetryPeriod() {
                return retryPeriod;
            }

            /** Refused unless positive. */
            public void setRetryPeriod(Duration retryPeriod) {
                this.retryPeriod = positive("grid.platform.cluster.retry-period", retryPeriod);
            }

            public Duration getQuartzCheckinInterval() {
                return quartzCheckinInterval;
            }

            /** Refused unless positive. */
            public void setQuartzCheckinInterval(Duration quartzCheckinInterval) {
                this.quartzCheckinInterval = positive("grid.platform.cluster.quartz-checkin-interval",
                        quartzCheckinInterval);
            }

            private static Duration positive(String key, Duration value) {
                if (value == null || value.isNegative() || value.isZero()) {
                    throw new IllegalArgumentException(key + " must be positive, got " + value);
                }
                return value;
            }
        }

        /** Health probes of the registered providers' gateways (GET {gatewayUrl}/health). */
        private final GatewayProbe gatewayProbe = new GatewayProbe();

        public GatewayProbe getGatewayProbe() {
            return gatewayProbe;
        }

        /**
         * The platform's health probes of the providers' gateways, which give the provider list online, last seen and
         * uptime, and "why not" its gateway-offline reason.
         */
        public static class GatewayProbe {
            /** Pause between two probe passes over every registered provider's gateway. */
            private Duration interval = Duration.ofMinutes(1);
            /** The longest one probe may take, connecting included; a slower gateway counts as offline. */
            private Duration timeout = Duration.ofSeconds(5);
            /** How long probe results are kept (at least 30d, the longest uptime window); older ones are pruned. */
            private Duration retention = Duration.ofDays(31);

            public Duration getInterval() {
                return interval;
            }

            public void setInterval(Duration interval) {
                this.interval = interval;
            }

            public Duration getTimeout() {
                return timeout;
            }

            public void setTimeout(Duration timeout) {
                this.timeout = timeout;
            }

            public Duration getRetention() {
                return retention;
            }

            public void setRetention(Duration retention) {
                this.retention = retention;
            }
        }

        /** How long the typed data of POST /typed-data/{action} stays valid: its deadline is chain time plus this. */
        private Duration signatureTtl = Duration.ofMinutes(10);

        public Duration getSignatureTtl() {
            return signatureTtl;
        }

        /** Refused unless positive. */
        public void setSignatureTtl(Duration signatureTtl) {
            if (signatureTtl == null || signatureTtl.isNegative() || signatureTtl.isZero()) {
                throw new IllegalArgumentException("grid.platform.signature-ttl must be positive, got " + signatureTtl);
            }
            this.signatureTtl = signatureTtl;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(Path keyFile) {
            this.keyFile = keyFile;
        }

        public String getKeyPasswordEnv() {
            return keyPasswordEnv;
        }

        public void setKeyPasswordEnv(String keyPasswordEnv) {
            this.keyPasswordEnv = keyPasswordEnv;
        }

        public Duration getLifecycleInterval() {
            return lifecycleInterval;
        }

        public void setLifecycleInterval(Duration lifecycleInterval) {
            this.lifecycleInterval = lifecycleInterval;
        }

        public int getSettlementBatchSize() {
            return settlementBatchSize;
        }

        /** Refused outside 1..{@value PlatformSettings#MAX_SETTLEMENT_BATCH_SIZE}, so a bad value stops the start. */
        public void setSettlementBatchSize(int settlementBatchSize) {
            if (settlementBatchSize < 1 || settlementBatchSize > PlatformSettings.MAX_SETTLEMENT_BATCH_SIZE) {
                throw new IllegalArgumentException("grid.platform.settlement-batch-size must be 1.."
                        + PlatformSettings.MAX_SETTLEMENT_BATCH_SIZE + ", got " + settlementBatchSize);
            }
            this.settlementBatchSize = settlementBatchSize;
        }
    }

    /** The provider gateway: greet, deploy, reverse proxy. */
    public static class Gateway {
        /** Run the gateway's routes and proxy in this application. */
        private boolean enabled = false;
        /**
         * The gateway's public URL as users reach it; its host[:port] is the domain users sign in for and an
         * https URL makes the session cookie Secure. Defaults to http://{grid.http.host}:{grid.http.port}.
         */
        private String publicUrl;
        /** Address of the gateway's reverse proxy ({@code /orders/{id}/app/**}). */
        private String proxyHost = "127.0.0.1";
        /** Port of the gateway's reverse proxy. */
        private int proxyPort = 8081;
        /** What the cluster can hand out to orders in all (the gateway refuses orders beyond what is free). */
        private final Allocatable allocatable = new Allocatable();
        private final Inventory inventory = new Inventory();
        /** The gateway's own database (its orders, sessions' outbox); kept apart from the platform's. */
        private String databaseUrl = "jdbc:derby:.grid/gateway-db;create=true";
        /**
         * User of the gateway's database. Its default schema holds the gateway's tables (Derby: the user's own
         * schema, for example {@code GRID_GATEWAY}; PostgreSQL: add {@code currentSchema=grid_gateway} to the URL).
         */
        private String databaseUsername;
        /** Password of the gateway's database (from the environment or a secret store; no default). */
        private String databasePassword;
        /** When set, {@code {order}.apps.<domain>} also reaches an order's app. */
        private String wildcardDomain;
        /** Web3 keystore file (encrypted JSON) holding the provider's signing key. */
        private Path providerKeyFile;
        /** Environment variable that holds the provider keystore password. */
        private String providerKeyPasswordEnv = "GRID_PROVIDER_KEY_PASSWORD";
        /** File holding the cookie HMAC key; generated owner-only on first start when missing. */
        private Path cookieKeyFile = Path.of(".grid", "cookie.key");
        /** Name of the gateway's session cookie. */
        private String cookieName = "grid_session";
        /** Largest request body the proxy forwards (256 MiB unless set); larger ones get 413. */
        private long maxBodyBytes = 268435456L;
        /** Largest YAML file a deploy fetches (256 KiB unless set). */
        private long maxYamlBytes = 262144L;
        /** Total time a YAML fetch may take. */
        private Duration yamlFetchTimeout = Duration.ofSeconds(10);
        /** How long a deploy waits for its workloads to become ready. */
        private Duration readinessTimeout = Duration.ofMinutes(2);
        /** How long the proxy waits for an app's response head once the request is sent (then 504). */
        private Duration proxyTimeout = Duration.ofSeconds(60);
        /** How long the proxy waits for a TCP connection to an app's entrance (then 502). */
        private Duration proxyConnectTimeout = Duration.ofSeconds(2);
        /** I/O threads of the proxy; 0 means one per available processor. */
        private int proxyWorkerThreads = 0;
        /** Keep-alive connections the proxy keeps open per app entrance and I/O thread. */
        private int proxyMaxIdleConnectionsPerEntrance = 64;
        /** How long an unused connection to an app stays in the proxy's pool. */
        private Duration proxyIdleConnectionTimeout = Duration.ofSeconds(20);
        /** How long an order's logs and events stay readable (with its cookie) after teardown. */
        private Duration logRetention = Duration.ofDays(7);
        /** How many of the last characters of each container's log (and of the events) are kept after teardown. */
        private int retainedLogChars = 16384;
        /** How often the lifecycle job tears down ended orders and completes them on chain. */
        private Duration lifecycleInterval = Duration.ofSeconds(30);
        /** How long a sign-in nonce may be used after it was handed out. */
        private Duration signInNonceTtl = Duration.ofMinutes(5);
        /** Most sign-in nonces outstanding at once (the oldest are forgotten first). */
        private int signInNonceCapacity = 10_000;
        /** How long greet type 1 waits for the acceptOrder receipt before answering 503. */
        private Duration acceptTimeout = Duration.ofSeconds(30);
        /** How long a YAML fetch may take to connect. */
        private Duration yamlConnectTimeout = Duration.ofSeconds(5);

        public Duration getSignInNonceTtl() {
            return signInNonceTtl;
        }

        public void setSignInNonceTtl(Duration signInNonceTtl) {
            this.signInNonceTtl = signInNonceTtl;
        }

        public int getSignInNonceCapacity() {
            return signInNonceCapacity;
        }

        public void setSignInNonceCapacity(int signInNonceCapacity) {
            this.signInNonceCapacity = signInNonceCapacity;
        }

        public Duration getAcceptTimeout() {
            return acceptTimeout;
        }

        public void setAcceptTimeout(Duration acceptTimeout) {
            this.acceptTimeout = acceptTimeout;
        }

        public Duration getYamlConnectTimeout() {
            return yamlConnectTimeout;
        }

        public void setYamlConnectTimeout(Duration yamlConnectTimeout) {
            this.yamlConnectTimeout = yamlConnectTimeout;
        }

        /**
         * How long past an order's end (chain time) the gateway leaves its settlement to the platform's lifecycle job
         * before it sends completeOrder itself, as a fallback; the gateway never sends a settlement the chain has.
         */
        private Duration settleGrace = Duration.ofMinutes(5);

        public Duration getSettleGrace() {
            return settleGrace;
        }

        public void setSettleGrace(Duration settleGrace) {
            this.settleGrace = settleGrace;
        }
        /** TLS on the API and proxy ports. */
        private final Tls tls = new Tls();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPublicUrl() {
            return publicUrl;
        }

        public void setPublicUrl(String publicUrl) {
            this.publicUrl = publicUrl;
        }

        public String getProxyHost() {
            return proxyHost;
        }

        public void setProxyHost(String proxyHost) {
            this.proxyHost = proxyHost;
        }

        public int getProxyPort() {
            return proxyPort;
        }

        public void setProxyPort(int proxyPort) {
            this.proxyPort = proxyPort;
        }

        public Allocatable getAllocatable() {
            return allocatable;
        }

        public Inventory getInventory() {
            return inventory;
        }

        public String getDatabaseUrl() {
            return databaseUrl;
        }

        public void setDatabaseUrl(String databaseUrl) {
            this.databaseUrl = databaseUrl;
        }

        public String getDatabaseUsername() {
            return databaseUsername;
        }

        public void setDatabaseUsername(String databaseUsername) {
            this.databaseUsername = databaseUsername;
        }

        public String getDatabasePassword() {
            return databasePassword;
        }

        public void setDatabasePassword(String databasePassword) {
            this.databasePassword = databasePassword;
        }

        /** The cluster's live inventory. */
        public static class Inventory {
            /** Whether greet type 0 also limits the free capacity to what the cluster's nodes can still hold (allocatable minus the requests of the pods bound to them). */
            private boolean live = true;

            public boolean isLive() {
                return live;
            }

            public void setLive(boolean live) {
                this.live = live;
            }
        }

        /** Resources the cluster offers to orders. */
        public static class Allocatable {
            /** CPU in millicores. */
            private long cpuMillicores;
            /** Memory in MiB. */
            private long memoryMib;
            /** Storage in GiB. */
            private long storageGib;
            /** Number of GPUs. */
            private long gpuCount;
            /** GPU models offered, comma-separated as the nodes' nvidia.com/gpu.product labels name them, when there are GPUs. */
            private String gpuModel = "";

            public long getCpuMillicores() {
                return cpuMillicores;
            }

            public void setCpuMillicores(long cpuMillicores) {
                this.cpuMillicores = cpuMillicores;
            }

            public long getMemoryMib() {
                return memoryMib;
            }

            public void setMemoryMib(long memoryMib) {
                this.memoryMib = memoryMib;
            }

            public long getStorageGib() {
                return storageGib;
            }

            public void setStorageGib(long storageGib) {
                this.storageGib = storageGib;
            }

            public long getGpuCount() {
                return gpuCount;
            }

            public void setGpuCount(long gpuCount) {
                this.gpuCount = gpuCount;
            }

            public String getGpuModel() {
                return gpuModel;
            }

            public void setGpuModel(String gpuModel) {
                this.gpuModel = gpuModel;
            }
        }

        public String getWildcardDomain() {
            return wildcardDomain;
        }

        public void setWildcardDomain(String wildcardDomain) {
            this.wildcardDomain = wildcardDomain;
        }

        public Path getProviderKeyFile() {
            return providerKeyFile;
        }

        public void setProviderKeyFile(Path providerKeyFile) {
            this.providerKeyFile = providerKeyFile;
        }

        public String getProviderKeyPasswordEnv() {
            return providerKeyPasswordEnv;
        }

        public void setProviderKeyPasswordEnv(String providerKeyPasswordEnv) {
            this.providerKeyPasswordEnv = providerKeyPasswordEnv;
        }

        public Path getCookieKeyFile() {
            return cookieKeyFile;
        }

        public void setCookieKeyFile(Path cookieKeyFile) {
            this.cookieKeyFile = cookieKeyFile;
        }

        public String getCookieName() {
            return cookieName;
        }

        public void setCookieName(String cookieName) {
            this.cookieName = cookieName;
        }

        public long getMaxBodyBytes() {
            return maxBodyBytes;
        }

        public void setMaxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }

        public long getMaxYamlBytes() {
            return maxYamlBytes;
        }

        public void setMaxYamlBytes(long maxYamlBytes) {
            this.maxYamlBytes = maxYamlBytes;
        }

        public Duration getYamlFetchTimeout() {
            return yamlFetchTimeout;
        }

        public void setYamlFetchTimeout(Duration yamlFetchTimeout) {
            this.yamlFetchTimeout = yamlFetchTimeout;
        }

        public Duration getLogRetention() {
            return logRetention;
        }

        public void setLogRetention(Duration logRetention) {
            this.logRetention = logRetention;
        }

        public int getRetainedLogChars() {
            return retainedLogChars;
        }

        public void setRetainedLogChars(int retainedLogChars) {
            this.retainedLogChars = retainedLogChars;
        }

        public Duration getReadinessTimeout() {
            return readinessTimeout;
        }

        public void setReadinessTimeout(Duration readinessTimeout) {
            this.readinessTimeout = readinessTimeout;
        }

        public Duration getProxyTimeout() {
            return proxyTimeout;
        }

        public Duration getLifecycleInterval() {
            return lifecycleInterval;
        }

        public void setLifecycleInterval(Duration lifecycleInterval) {
            this.lifecycleInterval = lifecycleInterval;
        }

        public void setProxyTimeout(Duration proxyTimeout) {
            this.proxyTimeout = proxyTimeout;
        }

        public Duration getProxyConnectTimeout() {
            return proxyConnectTimeout;
        }

        public void setProxyConnectTimeout(Duration proxyConnectTimeout) {
            this.proxyConnectTimeout = proxyConnectTimeout;
        }

        public int getProxyWorkerThreads() {
            return proxyWorkerThreads;
        }

        public void setProxyWorkerThreads(int proxyWorkerThreads) {
            this.proxyWorkerThreads = proxyWorkerThreads;
        }

        public int getProxyMaxIdleConnectionsPerEntrance() {
            return proxyMaxIdleConnectionsPerEntrance;
        }

        public void setProxyMaxIdleConnectionsPerEntrance(int proxyMaxIdleConnectionsPerEntrance) {
            this.proxyMaxIdleConnectionsPerEntrance = proxyMaxIdleConnectionsPerEntrance;
        }

        public Duration getProxyIdleConnectionTimeout() {
            return proxyIdleConnectionTimeout;
        }

        public void setProxyIdleConnectionTimeout(Duration proxyIdleConnectionTimeout) {
            this.proxyIdleConnectionTimeout = proxyIdleConnectionTimeout;
        }

        public Tls getTls() {
            return tls;
        }

        /**
         * TLS on the gateway's API port ({@code grid.http.*}, and so the platform's too when both run) and its
         * reverse proxy: PEM files, SNI, reload, TLS 1.2+ only.
         */
        public static class Tls {
            /** Serve HTTPS only, on the API port and the proxy port. */
            private boolean enabled = false;
            /**
             * PEM file with the certificate chain (server certificate first); for clients without SNI or with a
             * name no other certificate matches.
             */
            private Path certificateFile;
            /** PEM file with that certificate's private key: unencrypted PKCS#8, RSA or EC. */
            private Path keyFile;
            /**
             * More certificates, each served to clients whose SNI host name matches one of its DNS names (for
             * example a wildcard {@code *.apps.gw.example.org} for per-order app hosts).
             */
            private List<CertificateFiles> sniCertificates = new ArrayList<>();
            /**
             * Without certificate-file, make a self-signed development certificate at first start (logged as
             * such); for local runs only. Off by default: then TLS without files refuses to start.
             */
            private boolean developmentCertificate = false;
            /** Where the development certificate and its key are kept. */
            private Path developmentDirectory = Path.of(".grid", "tls");
            /** How often the certificate files are read again; changes serve new connections, open ones go on. */
            private Duration reloadInterval = Duration.ofSeconds(10);
            /** When set, API responses carry Strict-Transport-Security with this max-age. */
            private Duration hstsMaxAge;
            /** Whether that header adds includeSubDomains. */
            private boolean hstsIncludeSubDomains = false;
            /** When set, a plain-HTTP port that answers every request with a 308 redirect to HTTPS. */
            private Integer redirectPort;
            /** Address of the redirect port. Defaults to grid.http.host. */
            private String redirectHost;
            /**
             * The HTTPS port the redirects name (443 is left out of the URL). Defaults to grid.http.port; behind a
             * Service that maps 443 to it, set 443.
             */
            private Integer redirectToPort;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public Path getCertificateFile() {
                return certificateFile;
            }

            public void setCertificateFile(Path certificateFile) {
                this.certificateFile = certificateFile;
            }

            public Path getKeyFile() {
                return keyFile;
            }

            public void setKeyFile(Path keyFile) {
                this.keyFile = keyFile;
            }

            public List<CertificateFiles> getSniCertificates() {
                return sniCertificates;
            }

            public void setSniCertificates(List<CertificateFiles> sniCertificates) {
                this.sniCertificates = sniCertificates;
            }

            public boolean isDevelopmentCertificate() {
                return developmentCertificate;
            }

            public void setDevelopmentCertificate(boolean developmentCertificate) {
                this.developmentCertificate = developmentCertificate;
            }

            public Path getDevelopmentDirectory() {
                return developmentDirectory;
            }

            public void setDevelopmentDirectory(Path developmentDirectory) {
                this.developmentDirectory = developmentDirectory;
            }

            public Duration getReloadInterval() {
                return reloadInterval;
            }

            public void setReloadInterval(Duration reloadInterval) {
                this.reloadInterval = reloadInterval;
            }

            public Duration getHstsMaxAge() {
                return hstsMaxAge;
            }

            public void setHstsMaxAge(Duration hstsMaxAge) {
                this.hstsMaxAge = hstsMaxAge;
            }

            public boolean isHstsIncludeSubDomains() {
                return hstsIncludeSubDomains;
            }

            public void setHstsIncludeSubDomains(boolean hstsIncludeSubDomains) {
                this.hstsIncludeSubDomains = hstsIncludeSubDomains;
            }

            public Integer getRedirectPort() {
                return redirectPort;
            }

            public void setRedirectPort(Integer redirectPort) {
                this.redirectPort = redirectPort;
            }

            public String getRedirectHost() {
                return redirectHost;
            }

            public void setRedirectHost(String redirectHost) {
                this.redirectHost = redirectHost;
            }

            public Integer getRedirectToPort() {
                return redirectToPort;
            }

            public void setRedirectToPort(Integer redirectToPort) {
                this.redirectToPort = redirectToPort;
            }

            /** One more certificate served by SNI. */
            public static class CertificateFiles {
                /** PEM file with the certificate chain. */
                private Path certificateFile;
                /** PEM file with its private key (unencrypted PKCS#8). */
                private Path keyFile;

                public Path getCertificateFile() {
                    return certificateFile;
                }

                public void setCertificateFile(Path certificateFile) {
                    this.certificateFile = certificateFile;
                }

                public Path getKeyFile() {
                    return keyFile;
                }

                public void setKeyFile(Path keyFile) {
                    this.keyFile = keyFile;
                }
            }
        }
    }

    /** The Kubernetes cluster the gateway deploys to. */
    public static class Kubernetes {
        /** Path of a kubeconfig file; the in-cluster or default configuration is used when empty. */
        private Path kubeconfig;
        /** Context of the kubeconfig to use; its current context when empty. */
        private String context;
        /**
         * Use GRID's SIMULATED cluster (fabric8's mock API server plus a simulated kubelet with local
         * backends) instead of a real one: for demos and tests only, announced loudly at start.
         */
        private boolean simulated = false;

        public Path getKubeconfig() {
            return kubeconfig;
        }

        public void setKubeconfig(Path kubeconfig) {
            this.kubeconfig = kubeconfig;
        }

        public String getContext() {
            return context;
        }

        public void setContext(String context) {
            this.context = context;
        }

        public boolean isSimulated() {
            return simulated;
        }

        public void setSimulated(boolean simulated) {
            this.simulated = simulated;
        }
    }

    /** The database, used only when the application has no DataSource of its own. */
    public static class Datasource {
        /** JDBC URL; an embedded Derby database under {@code ./.grid/db} when empty. */
        private String url = "jdbc:derby:.grid/db;create=true";
        /** Database user. */
        private String username;
        /** Database password (from the environment or a secret store; no default). */
        private String password;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }
}
