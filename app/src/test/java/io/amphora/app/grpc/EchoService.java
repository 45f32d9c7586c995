package io.amphora.app.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

import static java.util.Objects.requireNonNull;

/**
 * A gRPC service for tests, defined without generated code: one unary method that answers {@code echo: <request>}.
 * The request {@code wait} blocks its handler until {@link #release()}, to hold a call in flight.
 */
public final class EchoService implements BindableService {
    public static final String SERVICE = "amphora.test.Echo";

    private final String serviceName;
    private final MethodDescriptor<String, String> method;
    private final CountDownLatch waiting = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    public EchoService() {
        this(SERVICE);
    }

    public EchoService(String serviceName) {
        this.serviceName = requireNonNull(serviceName, "serviceName is null");
        this.method = method(serviceName);
    }

    /** Calls the service's method on the channel and returns the answer. */
    public static String echo(Channel channel, String request) {
        return echo(channel, SERVICE, request);
    }

    public static String echo(Channel channel, String serviceName, String request) {
        return ClientCalls.blockingUnaryCall(channel, method(serviceName), CallOptions.DEFAULT, request);
    }

    /** Blocks until a {@code wait} request is in its handler. */
    public void awaitWaitingCall() throws InterruptedException {
        waiting.await();
    }

    /** Lets {@code wait} requests answer. */
    public void release() {
        released.countDown();
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder(serviceName)
                .addMethod(method, ServerCalls.asyncUnaryCall((request, response) -> {
                    if (request.equals("wait")) {
                        waiting.countDown();
                        try {
                            released.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            response.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
                            return;
                        }
                    }
                    response.onNext("echo: " + request);
                    response.onCompleted();
                }))
                .build();
    }

    private static MethodDescriptor<String, String> method(String serviceName) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(serviceName, "Echo"))
                .setRequestMarshaller(Utf8Marshaller.INSTANCE)
                .setResponseMarshaller(Utf8Marshaller.INSTANCE)
                .build();
    }

    private enum Utf8Marshaller implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
