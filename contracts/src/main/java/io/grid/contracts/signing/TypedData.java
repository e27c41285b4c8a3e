package io.grid.contracts.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * One EIP-712 typed-data document, exactly as {@code eth_signTypedData_v4} takes it: {@code types} (with
 * {@code EIP712Domain}), {@code primaryType}, {@code domain} and {@code message}, unsigned integers as decimal
 * strings. The digest a wallet signs for it is computed from this very document with web3j's
 * {@link StructuredDataEncoder}, so what a wallet shows is what the platform checks; the contracts' type strings
 * are the only source of the field lists ({@link #of}).
 *
 * @param types       every struct type used, by name, {@code EIP712Domain} first
 * @param primaryType the signed struct's type
 * @param domain      the contract's EIP-712 domain
 * @param message     the signed struct's values
 */
public record TypedData(Map<String, List<Field>> types, String primaryType, Map<String, Object> domain,
                        Map<String, Object> message) {

    /** The domain type every GRID contract uses. */
    public static final String DOMAIN_TYPE = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    private static final Pattern TYPE = Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\(([^()]*)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One member of a struct type.
     *
     * @param name the member's name
     * @param type its Solidity type
     */
    public record Field(String name, String type) {
    }

    public TypedData {
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        domain = Collections.unmodifiableMap(new LinkedHashMap<>(domain));
        message = Collections.unmodifiableMap(new LinkedHashMap<>(message));
    }

    /**
     * A document for one struct of a contract.
     *
     * @param domain     the contract's domain (see {@link #domain})
     * @param typeString the contract's type string, e.g. {@code CancelOrder(address user,uint256 orderId,...)}
     * @param values     the struct's values, in the type string's order; numbers as {@link BigInteger} or
     *                   {@code long}, addresses and strings as strings
     * @return the document to sign
     */
    public static TypedData of(Map<String, Object> domain, String typeString, Object... values) {
        Matcher matcher = TYPE.matcher(typeString);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an EIP-712 type string: " + typeString);
        }
        List<Field> fields = fields(matcher.group(2));
        if (fields.size() != values.length) {
            throw new IllegalArgumentException(typeString + " has " + fields.size() + " fields, got " + values.length);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            message.put(fields.get(i).name(), jsonValue(values[i]));
        }
        Map<String, List<Field>> types = new LinkedHashMap<>();
        types.put("EIP712Domain", fields(DOMAIN_TYPE.substring(DOMAIN_TYPE.indexOf('(') + 1, DOMAIN_TYPE.length() - 1)));
        types.put(matcher.group(1), fields);
        return new TypedData(types, matcher.group(1), domain, message);
    }

    /**
     * A contract's EIP-712 domain as {@code eth_signTypedData_v4} takes it.
     *
     * @param name              the contract's EIP-712 name
     * @param version           its EIP-712 version
     * @param chainId           the chain id
     * @param verifyingContract the contract's address
     * @return the domain, chain id as a decimal string
     */
    public static Map<String, Object> domain(String name, String version, long chainId, String verifyingContract) {
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("name", name);
        domain.put("version", version);
        domain.put("chainId", Long.toString(chainId));
        domain.put("verifyingContract", verifyingContract);
        return Collections.unmodifiableMap(domain);
    }

    /** @return the document as a JSON object's members: {@code types, primaryType, domain, message} */
    public Map<String, Object> asMap() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("types", types);
        document.put("primaryType", primaryType);
        document.put("domain", domain);
        document.put("message", message);
        return Collections.unmodifiableMap(document);
    }

    /** @return the document as JSON, the argument of {@code eth_signTypedData_v4} */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("typed data cannot be written as JSON", e);
        }
    }

    /** @return {@code keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message))}, computed from this document */
    public byte[] digest() {
        return encoder().hashStructuredData();
    }

    /** @return the domain separator, computed from this document */
    public byte[] domainSeparator() {
        return encoder().hashDomain();
    }

    /**
     * web3j's encoder reads integers only as JSON numbers; wallets take them as decimal strings. The document is
     * handed over with its integer values (as the types declare them) turned into numbers, nothing else changed.
     */
    private StructuredDataEncoder encoder() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("types", types);
        document.put("primaryType", primaryType);
        document.put("domain", numbers(domain, types.get("EIP712Domain")));
        document.put("message", numbers(message, types.get(primaryType)));
        try {
            return new StructuredDataEncoder(JSON.writeValueAsString(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> numbers(Map<String, Object> values, List<Field> fields) {
        if (fields == null) {
            throw new IllegalArgumentException("typed data lacks the type of its primary type or domain");
        }
        Map<String, Object> converted = new LinkedHashMap<>(values);
        for (Field field : fields) {
            Object value = values.get(field.name());
            if ((field.type().startsWith("uint") || field.type().startsWith("int")) && value instanceof String text) {
                converted.put(field.name(), new BigInteger(text));
            }
        }
        return converted;
    }

    private static List<Field> fields(String members) {
        List<Field> fields = new ArrayList<>();
        for (String member : members.split(",")) {
            String[] parts = member.trim().split(" ");
            if (parts.length != 2) {
                throw new IllegalArgumentException("not a type member: " + member);
            }
            fields.add(new Field(parts[1], parts[0]));
        }
        return List.copyOf(fields);
    }

    private static Object jsonValue(Object value) {
        if (value instanceof BigInteger || value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("not a typed-data value: " + value);
    }
}
