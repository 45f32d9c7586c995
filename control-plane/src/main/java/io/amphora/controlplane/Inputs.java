package io.amphora.controlplane;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The managed service's constraints on request members (lengths and patterns of its API model), checked the same
 * way whichever adapter the request came through. Each check throws a ValidationException that names the member.
 */
final class Inputs {
    static final String ID_PATTERN = "[0-9A-Za-z][-.0-9A-Z_a-z]*";
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_ALIAS_LENGTH = 100;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_KEY_LENGTH = 128;
    static final int MAX_TAG_VALUE_LENGTH = 256;
    static final int MAX_CLIENT_TOKEN_LENGTH = 64;
    static final int MIN_KMS_KEY_ARN_LENGTH = 20;
    static final int MAX_KMS_KEY_ARN_LENGTH = 2048;
    static final int MAX_RESULTS = 1000;
    static final int DEFAULT_MAX_RESULTS = 100;
    static final int MAX_LABEL_SET_LIMITS = 100;

    private static final Pattern ID = Pattern.compile(ID_PATTERN);
    private static final String TAG_PATTERN = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";
    private static final Pattern TAG = Pattern.compile(TAG_PATTERN);
    private static final Pattern CLIENT_TOKEN = Pattern.compile("[!-~]+");
    private static final String KMS_KEY_ARN_PATTERN = "^arn:aws:kms:[a-z0-9\\-]+:\\d+:key/[a-f0-9\\-]+$";
    private static final Pattern KMS_KEY_ARN = Pattern.compile(KMS_KEY_ARN_PATTERN);

    private Inputs() {}

    /** Workspace ids and namespace names share the model's identifier pattern and length. */
    static boolean isWorkspaceId(String value) {
        return value.length() <= MAX_ID_LENGTH && ID.matcher(value).matches();
    }

    static boolean isNamespaceName(String value) {
        return isWorkspaceId(value);
    }

    static String workspaceId(String value) {
        return identifier("workspaceId", value);
    }

    static String namespaceName(String value) {
        return identifier("name", value);
    }

    /** The alias with blank space trimmed from both ends, as the managed service stores it. */
    static String alias(String field, String value) {
        if (value.isEmpty()) {
            throw ControlPlaneException.invalidField(field, "Member must have length greater than or equal to 1");
        }
        if (value.length() > MAX_ALIAS_LENGTH) {
            throw ControlPlaneException.invalidField(field,
                    "Member must have length less than or equal to " + MAX_ALIAS_LENGTH);
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw ControlPlaneException.invalidField(field, "Member must contain a character that is not blank space");
        }
        return trimmed;
    }

    static void clientToken(Optional<String> value) {
        value.ifPresent(token -> {
            if (token.isEmpty() || token.length() > MAX_CLIENT_TOKEN_LENGTH) {
                throw ControlPlaneException.invalidField("clientToken",
                        "Member must have length between 1 and " + MAX_CLIENT_TOKEN_LENGTH);
            }
            if (!CLIENT_TOKEN.matcher(token).matches()) {
                throw ControlPlaneException.invalidField("clientToken",
                        "Member must satisfy regular expression pattern: [!-~]+");
            }
        });
    }

    static void kmsKeyArn(Optional<String> value) {
        value.ifPresent(arn -> {
            if (arn.length() < MIN_KMS_KEY_ARN_LENGTH || arn.length() > MAX_KMS_KEY_ARN_LENGTH) {
                throw ControlPlaneException.invalidField("kmsKeyArn", "Member must have length between "
                        + MIN_KMS_KEY_ARN_LENGTH + " and " + MAX_KMS_KEY_ARN_LENGTH);
            }
            if (!KMS_KEY_ARN.matcher(arn).matches()) {
                throw ControlPlaneException.invalidField("kmsKeyArn",
                        "Member must satisfy regular expression pattern: " + KMS_KEY_ARN_PATTERN);
            }
        });
    }

    /** Tags to set: at most {@value #MAX_TAGS}, keys and values within the model's lengths and character set. */
    static void tags(String field, Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw ControlPlaneException.invalidField(field,
                    "Member must have at most " + MAX_TAGS + " tags, got " + tags.size());
        }
        tags.forEach((key, value) -> {
            tagKey(field + "." + key, key);
            if (value.length() > MAX_TAG_VALUE_LENGTH) {
                throw ControlPlaneException.invalidField(field + "." + key,
                        "Tag value must have length less than or equal to " + MAX_TAG_VALUE_LENGTH);
            }
            if (!TAG.matcher(value).matches()) {
                throw ControlPlaneException.invalidField(field + "." + key,
                        "Tag value must satisfy regular expression pattern: " + TAG_PATTERN);
            }
        });
    }

    static void tagKey(String field, String key) {
        if (key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH) {
            throw ControlPlaneException.invalidField(field,
                    "Tag key must have length between 1 and " + MAX_TAG_KEY_LENGTH);
        }
        if (!TAG.matcher(key).matches()) {
            throw ControlPlaneException.invalidField(field, "Tag key must satisfy regular expression pattern: "
                    + TAG_PATTERN);
        }
        if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw ControlPlaneException.invalidField(field, "Tag key must not begin with 'aws:' (reserved for AWS use)");
        }
    }

    static int maxResults(Optional<Integer> value) {
        int max = value.orElse(DEFAULT_MAX_RESULTS);
        if (max < 1 || max > MAX_RESULTS) {
            throw ControlPlaneException.invalidField("maxResults",
                    "Member must have value between 1 and " + MAX_RESULTS);
        }
        return max;
    }

    private static String identifier(String field, String value) {
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw ControlPlaneException.invalidField(field, "Member must have length between 1 and " + MAX_ID_LENGTH);
        }
        if (!ID.matcher(value).matches()) {
            throw ControlPlaneException.invalidField(field, "Member must satisfy regular expression pattern: "
                    + ID_PATTERN);
        }
        return value;
    }
}
