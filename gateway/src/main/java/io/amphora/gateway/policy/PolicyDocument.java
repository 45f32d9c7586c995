package io.amphora.gateway.policy;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An identity-based policy document.
 *
 * @param version the policy language version: {@link #VERSION_2012_10_17} or {@link #VERSION_2008_10_17}
 * @param statements the statements, in document order
 */
public record PolicyDocument(String version, List<Statement> statements) {
    public static final String VERSION_2012_10_17 = "2012-10-17";
    public static final String VERSION_2008_10_17 = "2008-10-17";

    public PolicyDocument {
        requireNonNull(version, "version is null");
        if (!version.equals(VERSION_2012_10_17) && !version.equals(VERSION_2008_10_17)) {
            throw new IllegalArgumentException("policy version must be 2012-10-17 or 2008-10-17, got '" + version + "'");
        }
        statements = List.copyOf(requireNonNull(statements, "statements is null"));
    }
}
