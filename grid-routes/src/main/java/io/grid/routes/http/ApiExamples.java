package io.grid.routes.http;

/**
 * Example answers of GRID's HTTP operations, as {@code /openapi.json} shows them next to each response schema
 * (Camel's REST DSL takes them as JSON text). {@code OpenApiDocumentTest} validates every example against its schema.
 */
public final class ApiExamples {

    private static final String USER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final String PROVIDER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    private static final String MARKET = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
    private static final String TX = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060";
    private static final String RESOURCES = "{\"cpuMillicores\":\"500\",\"memoryMib\":\"512\",\"storageGib\":\"1\","
            + "\"gpuCount\":\"0\",\"gpuModel\":\"\"}";
    private static final String CAPACITY = "{\"cpuMillicores\":\"4000\",\"memoryMib\":\"8192\",\"storageGib\":\"100\","
            + "\"gpuCount\":\"0\",\"gpuModel\":\"\"}";
    private static final String PRICES = "{\"perCpuMillicore\":\"1000000\",\"perMemoryMib\":\"200000\","
            + "\"perStorageGib\":\"3000000\",\"perGpu\":\"0\"}";

    /** A registered provider. */
    public static final String PROVIDER_VIEW = "{\"address\":\"" + PROVIDER + "\",\"name\":\"rack 7\","
            + "\"gatewayUrl\":\"https://gw.example.org\",\"capacity\":" + CAPACITY + ",\"free\":" + CAPACITY
            + ",\"prices\":" + PRICES + ",\"active\":true}";
    /** A registered provider as the provider list shows it, with its gateway's probe results. */
    public static final String LISTED_PROVIDER = PROVIDER_VIEW.substring(0, PROVIDER_VIEW.length() - 1)
            + ",\"gateway\":{\"online\":true,\"lastSeen\":\"2026-01-05T10:29:00Z\","
            + "\"uptime\":{\"1d\":10000,\"7d\":9990,\"30d\":9871}}}";
    /** The registered providers. */
    public static final String PROVIDERS = "[" + LISTED_PROVIDER + "]";
    /** "Why not" answers: one provider fits, one cannot serve the request. */
    public static final String WHY_NOT = "[{\"provider\":\"" + PROVIDER + "\",\"name\":\"rack 7\","
            + "\"gatewayUrl\":\"https://gw.example.org\",\"fits\":true,\"cost\":\"2533600000000\",\"reasons\":[],"
            + "\"gateway\":{\"online\":true,\"lastSeen\":\"2026-01-05T10:29:00Z\",\"uptime\":{\"1d\":10000,"
            + "\"7d\":10000,\"30d\":9990}}},{\"provider\":\"0x90f79bf6eb2c4f870365e785982e1f101e93b906\","
            + "\"name\":\"gpu shed\",\"gatewayUrl\":\"https://gpu.example.net\",\"fits\":false,"
            + "\"cost\":\"3600000000000\",\"reasons\":[{\"code\":\"INSUFFICIENT_RESOURCE\","
            + "\"resource\":\"memoryMib\",\"asked\":512,\"free\":256},{\"code\":\"PRICE_ABOVE_LIMIT\","
            + "\"cost\":\"3600000000000\",\"limit\":\"3000000000000\"},{\"code\":\"GATEWAY_OFFLINE\"}],"
            + "\"gateway\":{\"online\":false,\"lastSeen\":\"2026-01-04T22:00:00Z\",\"uptime\":{\"1d\":4100,"
            + "\"7d\":9100,\"30d\":9750}}}]";
    /** A quote. */
    public static final String QUOTE = "{\"provider\":\"" + PROVIDER + "\",\"resources\":" + RESOURCES
            + ",\"durationSeconds\":3600,\"prices\":" + PRICES + ",\"cost\":\"2533600000000\"}";
    /** An order with its settlement so far. */
    public static final String ORDER = "{\"id\":\"1\",\"user\":\"" + USER + "\",\"provider\":\"" + PROVIDER + "\","
            + "\"resources\":" + RESOURCES + ",\"durationSeconds\":3600,\"state\":\"ACTIVE\",\"cost\":\"2533600000000\","
            + "\"startedAt\":\"2026-01-05T10:00:00Z\",\"endedAt\":null,\"settled\":false,"
            + "\"asOf\":\"2026-01-05T10:30:00Z\",\"servedSeconds\":1800,\"providerShare\":\"1266800000000\","
            + "\"refund\":\"0\"}";
    /** Orders of a user or a provider. */
    public static final String ORDERS = "[" + ORDER + "]";
    /** A transfer to the market. */
    public static final String TRANSFER = "{\"txHash\":\"" + TX + "\",\"logIndex\":0,\"from\":\"" + USER + "\","
            + "\"to\":\"" + MARKET + "\",\"amount\":\"1000000000000000000000\",\"confirmations\":3,"
            + "\"state\":\"CONFIRMED\"}";
    /** A user's transfers. */
    public static final String TRANSFERS = "[" + TRANSFER + "]";
    /** What a transaction's receipt showed. */
    public static final String TRANSFER_REPORT = "{\"txHash\":\"" + TX + "\",\"mined\":true,\"transfers\":["
            + TRANSFER + "],\"rejection\":null}";
    /** Credits bought with a transfer. */
    public static final String PURCHASE = "{\"txHash\":\"" + TX + "\",\"logIndex\":0,\"user\":\"" + USER + "\","
            + "\"amount\":\"1000000000000000000000\",\"state\":\"CREDITED\"}";
    /** A user's credits. */
    public static final String CREDITS = "{\"user\":\"" + USER + "\",\"available\":\"997466400000000000000\","
            + "\"escrowed\":\"2533600000000\"}";
    /** The platform's health. */
    public static final String HEALTH = "{\"status\":\"UP\",\"chain\":{\"status\":\"UP\",\"blockNumber\":\"1234\","
            + "\"lastAdvancedAt\":\"2026-01-05T10:30:00Z\",\"error\":null},\"database\":{\"status\":\"UP\",\"error\":null}}";

    /** What a wallet needs to know of the chain. */
    public static final String CHAIN = "{\"apiVersion\":\"1\",\"chainId\":\"31337\",\"rpcUrl\":null,"
            + "\"token\":{\"address\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\",\"symbol\":\"GRID\",\"decimals\":18},"
            + "\"registry\":\"0xe7f1725e7734ce288f8367e1bb143e90bb3f0512\",\"market\":\"" + MARKET + "\","
            + "\"payTo\":\"" + MARKET + "\",\"confirmations\":3,\"domains\":{\"market\":{\"name\":\"GRID Market\","
            + "\"version\":\"1\",\"chainId\":\"31337\",\"verifyingContract\":\"" + MARKET + "\"}}}";
    /** Typed data to sign and the request to send the signature with. */
    public static final String SIGNATURE_REQUEST = "{\"typedData\":{\"types\":{\"EIP712Domain\":["
            + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"version\",\"type\":\"string\"},"
            + "{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"type\":\"address\"}],"
            + "\"WithdrawCredits\":[{\"name\":\"user\",\"type\":\"address\"},{\"name\":\"amount\",\"type\":\"uint256\"},"
            + "{\"name\":\"nonce\",\"type\":\"uint256\"},{\"name\":\"deadline\",\"type\":\"uint256\"}]},"
            + "\"primaryType\":\"WithdrawCredits\",\"domain\":{\"name\":\"GRID Market\",\"version\":\"1\","
            + "\"chainId\":\"31337\",\"verifyingContract\":\"" + MARKET + "\"},\"message\":{\"user\":\"" + USER + "\","
            + "\"amount\":\"5\",\"nonce\":\"0\",\"deadline\":\"1767609000\"}},\"submit\":{\"method\":\"POST\","
            + "\"path\":\"/credits/" + USER + "/withdraw\",\"body\":{\"user\":\"" + USER + "\",\"amount\":\"5\","
            + "\"nonce\":\"0\",\"deadline\":\"1767609000\",\"signature\":null}}}";
    /** The sign-in text to personal_sign and the greet request to send it with. */
    public static final String SIGN_IN_TEXT = "{\"message\":\"gw.example.org wants you to sign in with your Ethereum "
            + "account:\\n" + USER + "\\n\\nSign in to GRID order 1\\n\\nURI: https://gw.example.org\\nVersion: 1\\n"
            + "Chain ID: 31337\\nNonce: k3Jd8sQ2pL0x\\nIssued At: 2026-01-05T10:30:00Z\\n"
            + "Expiration Time: 2026-01-05T10:35:00Z\",\"submit\":{\"method\":\"POST\",\"path\":\"/gateway/greet\","
            + "\"body\":{\"type\":2,\"orderId\":\"1\",\"message\":\"...\",\"signature\":null}}}";

    /** A greet's answer (type 2 adds the bearer token). */
    public static final String GREET = "{\"type\":\"SIGN_IN\",\"orderId\":\"1\",\"state\":\"ACTIVE\","
            + "\"cookieExpires\":\"2026-01-05T11:00:00Z\",\"token\":\"v1.AAECAwQ\"}";
    /** A sign-in nonce. */
    public static final String NONCE = "{\"orderId\":\"1\",\"nonce\":\"k3Jd8sQ2pL0x\",\"domain\":\"gw.example.org\","
            + "\"chainId\":31337,\"uri\":\"https://gw.example.org\",\"expiresAt\":\"2026-01-05T10:35:00Z\"}";
    /** A deploy's answer. */
    public static final String DEPLOYED = "{\"orderId\":\"1\",\"namespace\":\"grid-order-1\","
            + "\"objects\":[\"Deployment/web\",\"Service/web\"],\"entrance\":\"web:80\",\"ready\":true}";
    /** An app's status. */
    public static final String APP_STATUS = "{\"orderId\":\"1\",\"namespace\":\"grid-order-1\",\"exists\":true,"
            + "\"workloads\":[{\"kind\":\"Deployment\",\"name\":\"web\",\"desiredReplicas\":1,\"readyReplicas\":1,"
            + "\"restarts\":0,\"lastTerminationReason\":null}],\"podPhases\":{\"web-5d4f-x2\":\"Running\"},"
            + "\"recentEvents\":[],\"failure\":null}";
    /** The app templates. */
    public static final String CATALOG = "[{\"id\":\"hello\",\"name\":\"Hello web page\","
            + "\"description\":\"A static page served by nginx\",\"minimum\":" + RESOURCES + "}]";
    /** An app's events. */
    public static final String EVENTS = "[{\"type\":\"Warning\",\"reason\":\"BackOff\",\"object\":\"Pod/web-5d4f-x2\","
            + "\"message\":\"Back-off restarting failed container\",\"count\":3,\"failure\":\"CRASH_LOOP\"}]";
    /** An app's log lines. */
    public static final String LOGS = "web-5d4f-x2/web listening on :80\n";

    private ApiExamples() {
    }
}
