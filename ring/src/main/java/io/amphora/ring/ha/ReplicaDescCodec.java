package io.amphora.ring.ha;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * The bytes of a {@link ReplicaDesc} in the KV store. Big-endian, format version 1:
 *
 * <pre>
 * byte    format version (1)
 * utf     replica                    ({@link DataOutputStream#writeUTF}: u16 length + modified UTF-8)
 * long    received at, seconds since the epoch
 * int     received at, nanosecond adjustment
 * long    elected at, seconds since the epoch
 * int     elected at, nanosecond adjustment
 * long    elected changes
 * </pre>
 */
public final class ReplicaDescCodec {
    public static final byte FORMAT_VERSION = 1;

    private ReplicaDescCodec() {}

    public static byte[] encode(ReplicaDesc desc) {
        requireNonNull(desc, "desc is null");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48 + desc.replica().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeUTF(desc.replica());
            out.writeLong(desc.receivedAt().getEpochSecond());
            out.writeInt(desc.receivedAt().getNano());
            out.writeLong(desc.electedAt().getEpochSecond());
            out.writeInt(desc.electedAt().getNano());
            out.writeLong(desc.electedChanges());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode HA replica descriptor", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when {@code bytes} are not a replica descriptor this reader understands */
    public static ReplicaDesc decode(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported HA replica descriptor format version " + version);
            }
            String replica = in.readUTF();
            Instant receivedAt = readInstant(in);
            Instant electedAt = readInstant(in);
            long changes = in.readLong();
            if (in.available() != 0) {
                throw new IllegalArgumentException("corrupt HA replica descriptor: " + in.available()
                        + " trailing bytes");
            }
            return new ReplicaDesc(replica, receivedAt, electedAt, changes);
        } catch (IOException | DateTimeException e) {
            throw new IllegalArgumentException("corrupt HA replica descriptor: " + e, e);
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        long seconds = in.readLong();
        int nanos = in.readInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("corrupt HA replica descriptor: nanosecond adjustment " + nanos);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
