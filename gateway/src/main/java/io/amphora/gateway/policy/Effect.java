package io.amphora.gateway.policy;

/** What a statement does to the requests it matches. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String documentName;

    Effect(String documentName) {
        this.documentName = documentName;
    }

    /** The spelling in a policy document: {@code Allow} or {@code Deny} (case-sensitive, as IAM requires). */
    public String documentName() {
        return documentName;
    }
}
