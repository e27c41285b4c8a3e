package io.grid.core.signin;

import io.grid.api.Address;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * The text a user signs to prove their address to a gateway for one order: an ERC-4361
 * (Sign-In with Ethereum) message in this exact, strict layout ({@code \n} line ends, no trailing
 * newline):
 *
 * <pre>
 * {domain} wants you to sign in with your Ethereum account:
 * {address, EIP-55 checksummed}
 *
 * {statement}
 *
 * URI: {uri}
 * Version: 1
 * Chain ID: {chainId}
 * Nonce: {nonce}
 * Issued At: {issuedAt, ISO-8601 UTC ending in Z}
 * Expiration Time: {expirationTime, ISO-8601 UTC ending in Z}
 * Resources:
 * - urn:grid:order:{orderId}
 * </pre>
 *
 * <p>The order id travels as the message's single ERC-4361 resource, {@code urn:grid:order:<decimal>},
 * so that wallets show it to the user and the statement stays free text. Where ERC-4361 makes parts
 * optional, GRID requires them (statement, expiration time, the order resource) and refuses the rest
 * (a scheme before the domain, Not Before, Request ID, further resources): one message has one
 * spelling. The statement may hold any printable Unicode text (as the reference siwe library allows),
 * but no control, format or line separator characters.
 *
 * @param domain the gateway's host (and port), lower case, without a scheme
 * @param address the address the user claims to sign with
 * @param statement the human-readable sentence the wallet shows
 * @param uri the gateway resource the sign-in is for, an absolute URI
 * @param chainId the EIP-155 chain id of the chain holding the order
 * @param orderId the order the sign-in is for
 * @param nonce the single-use nonce the gateway issued for this order
 * @param issuedAt when the message was made
 * @param expirationTime when the message stops being acceptable; after {@code issuedAt}
 */
public record SignInMessage(String domain, Address address, String statement, String uri, long chainId,
        BigInteger orderId, String nonce, Instant issuedAt, Instant expirationTime) {

    /** The longest message accepted, in characters; anything longer is refused before it is read. */
    public static final int MAX_LENGTH = 2048;
    /** The longest statement accepted, in characters. */
    public static final int MAX_STATEMENT_LENGTH = 512;
    /** The longest URI accepted, in characters. */
    public static final int MAX_URI_LENGTH = 512;
    /** The prefix of the single resource line that carries the order id. */
    public static final String ORDER_RESOURCE_PREFIX = "urn:grid:order:";

    private static final String HEADER_SUFFIX = " wants you to sign in with your Ethereum account:";
    private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    private static final Pattern DOMAIN = Pattern.compile(
            "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9]{8,64}");
    private static final Pattern CHECKSUM_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern CHAIN_ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern ORDER_ID = Pattern.compile("0|[1-9][0-9]{0,77}");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,9})?Z");
    private static final List<String> LABELS = List.of(
            "", "", "", "", "", "URI: ", "Version: ", "Chain ID: ", "Nonce: ", "Issued At: ",
            "Expiration Time: ", "Resources:", "- " + ORDER_RESOURCE_PREFIX);
    private static final int LINES = LABELS.size();

    /** Checks every field; a field out of its form is an {@link IllegalArgumentException}. */
    public SignInMessage {
        require(domain != null && DOMAIN.matcher(domain).matches(),
                "domain must be a lower-case host name with an optional port");
        require(address != null, "address is missing");
        require(statement != null && !statement.isEmpty() && statement.length() <= MAX_STATEMENT_LENGTH,
                "statement must hold 1 to " + MAX_STATEMENT_LENGTH + " characters");
        require(statement.strip().equals(statement), "statement must not start or end with white space");
        require(statement.codePoints().allMatch(SignInMessage::isPrintable),
                "statement must not hold control, format or line separator characters");
        require(uri != null && uri.length() <= MAX_URI_LENGTH && isAbsoluteUri(uri),
                "uri must be an absolute URI of at most " + MAX_URI_LENGTH + " characters");
        require(chainId > 0, "chainId must be positive");
        require(orderId != null && orderId.signum() >= 0 && orderId.compareTo(UINT256_MAX) <= 0,
                "orderId must be a uint256");
        require(nonce != null && NONCE.matcher(nonce).matches(), "nonce must be 8 to 64 letters or digits");
        require(issuedAt != null, "issuedAt is missing");
        require(expirationTime != null && expirationTime.isAfter(issuedAt),
                "expirationTime must come after issuedAt");
    }

    /** The exact text the wallet signs. */
    public String text() {
        return String.join("\n",
                domain + HEADER_SUFFIX,
                Keys.toChecksumAddress(address.value()),
                "",
                statement,
                "",
                "URI: " + uri,
                "Version: 1",
                "Chain ID: " + chainId,
                "Nonce: " + nonce,
                "Issued At: " + issuedAt,
                "Expiration Time: " + expirationTime,
                "Resources:",
                "- " + ORDER_RESOURCE_PREFIX + orderId);
    }

    /**
     * Reads a message in the layout above, refusing anything else.
     *
     * @throws RefusedException {@link Refusal#MALFORMED_MESSAGE} if the text is missing, longer than
     *     {@link #MAX_LENGTH}, or differs from the layout in any line or field
     */
    public static SignInMessage parse(String text) {
        if (text == null || text.isEmpty()) {
            throw malformed("the sign-in message is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw malformed("the sign-in message is longer than " + MAX_LENGTH + " characters");
        }
        String[] lines = text.split("\n", -1);
        if (lines.length != LINES) {
            throw malformed("the sign-in message must have " + LINES + " lines, not " + lines.length);
        }
        if (!lines[0].endsWith(HEADER_SUFFIX)) {
            throw malformed("line 1 must end with '" + HEADER_SUFFIX + "'");
        }
        for (int line : new int[] {2, 4}) {
            if (!lines[line].isEmpty()) {
                throw malformed("line " + (line + 1) + " must be empty");
            }
        }
        String[] values = new String[LINES];
        for (int line = 5; line < LINES; line++) {
            if (!lines[line].startsWith(LABELS.get(line))) {
                throw malformed("line " + (line + 1) + " must start with '" + LABELS.get(line) + "'");
            }
            values[line] = lines[line].substring(LABELS.get(line).length());
        }
        if (!values[6].equals("1")) {
            throw malformed("only Version: 1 is known");
        }
        if (!values[11].isEmpty()) {
            throw malformed("line 12 must be exactly 'Resources:'");
        }
        try {
            return new SignInMessage(
                    lines[0].substring(0, lines[0].length() - HEADER_SUFFIX.length()),
                    checksummedAddress(lines[1]),
                    lines[3],
                    values[5],
                    Long.parseLong(field(values[7], CHAIN_ID, "Chain ID")),
                    new BigInteger(field(values[12], ORDER_ID, "order resource")),
                    values[8],
                    timestamp(values[9], "Issued At"),
                    timestamp(values[10], "Expiration Time"));
        } catch (IllegalArgumentException offForm) {
            RefusedException refused = malformed(offForm.getMessage());
            refused.initCause(offForm);
            throw refused;
        }
    }

    private static Address checksummedAddress(String line) {
        // EIP-55: the mixed case is a checksum; a wallet shows exactly this spelling.
        require(CHECKSUM_ADDRESS.matcher(line).matches() && Keys.toChecksumAddress(line).equals(line),
                "line 2 must be the address in its EIP-55 checksummed spelling");
        return Address.of(line);
    }

    private static String field(String value, Pattern form, String name) {
        require(form.matcher(value).matches(), name + " is not in its form");
        return value;
    }

    private static Instant timestamp(String value, String name) {
        require(TIMESTAMP.matcher(value).matches(), name + " must be an ISO-8601 UTC time ending in Z");
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notADate) {
            throw new IllegalArgumentException(name + " is not a valid time", notADate);
        }
    }

    private static boolean isPrintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static boolean isAbsoluteUri(String uri) {
        try {
            return new URI(uri).isAbsolute();
        } catch (URISyntaxException notUri) {
            return false;
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static RefusedException malformed(String detail) {
        return new RefusedException(Refusal.MALFORMED_MESSAGE, detail);
    }
}
