package io.amphora.ring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The bytes of a {@link RingDesc} in the KV store. Big-endian, format version 1:
 *
 * <pre>
 * byte    format version (1)
 * int     instance count
 * then per instance, in ascending id order:
 *   utf     id, address, zone        ({@link DataOutputStream#writeUTF} strings: u16 length + modified UTF-8)
 *   byte    state                    (0 ACTIVE, 1 JOINING, 2 LEAVING)
 *   long    last heartbeat, seconds since the epoch
 *   int     last heartbeat, nanosecond adjustment (0..999,999,999)
 *   int     token count
 *   int[]   tokens, ascending
 * </pre>
 *
 * The encoding of a given descriptor is deterministic, so equal rings give equal bytes. A reader refuses a format
 * version it does not know rather than guessing; a new version is added beside the old one and readers are upgraded
 * before writers.
 */
public final class RingDescCodec {
    public static final byte FORMAT_VERSION = 1;

    private RingDescCodec() {}

    public static byte[] encode(RingDesc desc) {
        requireNonNull(desc, "desc is null");
        List<InstanceDesc> instances = new ArrayList<>(desc.instances().values());
        instances.sort(Comparator.comparing(InstanceDesc::id));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + instances.size() * 600);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeInt(instances.size());
            for (InstanceDesc instance : instances) {
                out.writeUTF(instance.id());
                out.writeUTF(instance.address());
                out.writeUTF(instance.zone());
                out.writeByte(stateCode(instance.state()));
                out.writeLong(instance.lastHeartbeat().getEpochSecond());
                out.writeInt(instance.lastHeartbeat().getNano());
                int[] tokens = instance.tokens();
                out.writeInt(tokens.length);
                for (int token : tokens) {
                    out.writeInt(token);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode ring descriptor", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when {@code bytes} are not a ring descriptor this reader understands */
    public static RingDesc decode(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported ring descriptor format version " + version);
            }
            int count = in.readInt();
            // Every instance takes at least 24 bytes, which bounds allocations driven by corrupt counts.
            if (count < 0 || count > in.available() / 24) {
                throw new IllegalArgumentException("corrupt ring descriptor: instance count " + count);
            }
            Map<String, InstanceDesc> instances = new HashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                String address = in.readUTF();
                String zone = in.readUTF();
                InstanceState state = state(in.readByte());
                Instant heartbeat = Instant.ofEpochSecond(in.readLong(), checkNanos(in.readInt()));
                int tokenCount = in.readInt();
                if (tokenCount < 0 || tokenCount > in.available() / Integer.BYTES) {
                    throw new IllegalArgumentException("corrupt ring descriptor: token count " + tokenCount);
                }
                int[] tokens = new int[tokenCount];
                for (int t = 0; t < tokenCount; t++) {
                    tokens[t] = in.readInt();
                }
                if (instances.put(id, new InstanceDesc(id, address, zone, state, tokens, heartbeat)) != null) {
                    throw new IllegalArgumentException("corrupt ring descriptor: instance " + id + " appears twice");
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("corrupt ring descriptor: " + in.available() + " trailing bytes");
            }
            return new RingDesc(instances);
        } catch (IOException | DateTimeException e) {
            throw new IllegalArgumentException("corrupt ring descriptor: " + e, e);
        }
    }

    private static int stateCode(InstanceState state) {
        return switch (state) {
            case ACTIVE -> 0;
            case JOINING -> 1;
            case LEAVING -> 2;
        };
    }

    private static InstanceState state(byte code) {
        return switch (code) {
            case 0 -> InstanceState.ACTIVE;
            case 1 -> InstanceState.JOINING;
            case 2 -> InstanceState.LEAVING;
            default -> throw new IllegalArgumentException("corrupt ring descriptor: unknown instance state " + code);
        };
    }

    private static int checkNanos(int nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("corrupt ring descriptor: nanosecond adjustment " + nanos);
        }
        return nanos;
    }
}
