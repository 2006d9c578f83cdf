package dev.curate.verticles.bus;

/**
 * The failure codes curate verticles pass to {@code Message.fail(code, text)}; the text always
 * names the value, what was expected and where.
 */
public enum FailureCode {

    /** The request's fields are missing or out of range. */
    BAD_REQUEST(400),

    /** The request names something that does not exist (a cluster, a sample, a level). */
    NOT_FOUND(404),

    /** The request cannot be served in the current state (no tree yet, a run in progress). */
    NOT_READY(409),

    /** A shard or node did not answer, or left the cluster, during a run. */
    NODE_LOST(503),

    /** The work itself failed. */
    FAILED(500);

    private final int code;

    FailureCode(int code) {
        this.code = code;
    }

    /** Returns the numeric code sent on the bus. */
    public int code() {
        return code;
    }

    /**
     * Returns the constant for a numeric code.
     *
     * @param code a code received in a {@code ReplyException}
     * @return the matching constant, or {@link #FAILED} for any other number
     */
    public static FailureCode of(int code) {
        for (FailureCode f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        return FAILED;
    }
}
