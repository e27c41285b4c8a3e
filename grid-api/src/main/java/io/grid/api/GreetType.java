package io.grid.api;

/** The three steps a user takes with a provider's gateway before deploying. */
public enum GreetType {
    /** Type 0: can this provider serve the order's resources, and is it paid in full at its prices? */
    RESOURCES_AND_PAYMENT(0),
    /** Type 1: is this gateway's provider the payee? If so the order is accepted on chain. */
    PAYEE(1),
    /** Type 2: the user proves their address with a signed sign-in message and receives a cookie. */
    SIGN_IN(2);

    private final int code;

    GreetType(int code) {
        this.code = code;
    }

    /** The wire number of this type. */
    public int code() {
        return code;
    }

    /** The type for a wire number; {@link IllegalArgumentException} for anything but 0, 1 or 2. */
    public static GreetType ofCode(int code) {
        for (GreetType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown greet type " + code + ": expected 0, 1 or 2");
    }
}
