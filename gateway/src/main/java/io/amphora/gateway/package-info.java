/**
 * The gateway's plain-Java core: everything the public front door decides about a request before it is forwarded.
 *
 * <ul>
 *   <li>{@code io.amphora.gateway}: the request as received ({@link io.amphora.gateway.ReceivedRequest}) and the
 *       settings ({@link io.amphora.gateway.GatewayConfig}).
 *   <li>{@code .route}: which {@code aps:} action on which resource and workspace a request is.
 *   <li>{@code .sigv4}: the SigV4 canonical request and signing primitives, as the AWS SDKs compute them.
 *   <li>{@code .authn}: SigV4 (header and presigned) and HTTP Basic authentication, with the managed service's errors.
 *   <li>{@code .credentials}: principals, access keys, the credentials file and the bootstrap admin key.
 *   <li>{@code .policy}: IAM-style identity policies, the AWS managed policies and their evaluation.
 *   <li>{@code .ratelimit}: per-workspace request rate limits.
 *   <li>{@code .admission}: {@link io.amphora.gateway.admission.RequestAdmission}, the one call the wiring makes per
 *       request, combining the above.
 * </ul>
 *
 * <p>No Spring and no servlet API here: {@code .wiring} adapts this core to Spring Cloud Gateway. The user-facing
 * description is {@code docs/security.md}.
 */
package io.amphora.gateway;
