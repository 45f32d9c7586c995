package io.amphora.ring;

/**
 * The ring has fewer healthy owners for a key than a write quorum needs. A server-side condition: the sender should
 * retry later.
 */
public class TooFewReplicasException extends RuntimeException {
    private final int required;
    private final int found;

    public TooFewReplicasException(int required, int found) {
        super("at least " + required + " live replicas required, could only find " + found);
        this.required = required;
        this.found = found;
    }

    public int required() {
        return required;
    }

    public int found() {
        return found;
    }
}
