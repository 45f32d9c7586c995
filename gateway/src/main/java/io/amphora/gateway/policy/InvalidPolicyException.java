package io.amphora.gateway.policy;

/** A policy document that does not follow the IAM grammar Amphora supports; the message says where and why. */
public final class InvalidPolicyException extends RuntimeException {
    public InvalidPolicyException(String message) {
        super(message);
    }
}
