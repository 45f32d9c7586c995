package io.amphora.app;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.amphora.app.workspaces.WorkspaceDataConfiguration;
import io.amphora.app.workspaces.WorkspaceDirectoryConfiguration;
import io.amphora.controlplane.wiring.ControlPlaneConfiguration;
import io.amphora.distributor.wiring.DistributorConfiguration;
import io.amphora.gateway.wiring.GatewayConfiguration;
import io.amphora.ingester.wiring.IngesterConfiguration;
import io.amphora.querier.wiring.QuerierConfiguration;

import static java.util.Objects.requireNonNull;

/**
 * The whole system graph in one place: which targets a process can run, the Spring configuration classes each
 * one contributes, and which other targets it needs. {@code --amphora.target} names the targets to run; the
 * process imports the configurations of those targets and of everything they depend on, nothing else.
 *
 * <p>Every process, whatever its targets, also runs the parts that {@link AmphoraApplication} always wires: the
 * HTTP server ({@code /ready}, {@code /metrics}, {@code /health}), the gRPC servers that publish the selected
 * targets' services, and the lifecycle that starts and stops their {@code Service}s.
 *
 * <p>Single-process and microservices deployments use this same graph; {@link Target#ALL} is the single
 * process.
 */
public final class Targets {
    /** The property that selects the targets: a comma-separated list of {@link Target#id() ids}. */
    public static final String PROPERTY = "amphora.target";
    public static final String DEFAULT = "all";

    private Targets() {}

    /**
     * A target is a deployable role. A target's dependencies must be declared before it in this enum (Java
     * rejects forward references to constants), so declaration order is a valid start order: dependencies
     * first.
     */
    public enum Target {
        /** The ingester: per-tenant TSDBs behind the Ingester gRPC service. */
        INGESTER(List.of(IngesterConfiguration.class), List.of()),
        /** The distributor: remote-write endpoints, validation, limits, HA de-duplication, sharding onto ingesters. */
        DISTRIBUTOR(List.of(DistributorConfiguration.class), List.of()),
        /** The querier: the Prometheus HTTP API and the PromQL engine over the ingesters. */
        QUERIER(List.of(QuerierConfiguration.class), List.of()),
        /**
         * The control plane: workspaces, rule groups namespaces and alert manager definitions. Deleting a workspace
         * deletes its data on the ingesters through the distributor's ring.
         */
        CONTROL_PLANE(List.of(ControlPlaneConfiguration.class, WorkspaceDataConfiguration.class), List.of(DISTRIBUTOR)),
        /**
         * The gateway: SigV4 authentication, policy authorisation and rate limits in front of every request, and the
         * routes of each workspace's data plane to the distributor and the querier, in this process.
         */
        GATEWAY(List.of(GatewayConfiguration.class, WorkspaceDirectoryConfiguration.class),
                List.of(CONTROL_PLANE, DISTRIBUTOR, QUERIER)),
        /** Every component in one process: the single-process deployment. */
        ALL(List.of(), List.of(INGESTER, DISTRIBUTOR, QUERIER, CONTROL_PLANE, GATEWAY));

        private final List<Class<?>> configurations;
        private final List<Target> dependencies;

        Target(List<Class<?>> configurations, List<Target> dependencies) {
            this.configurations = List.copyOf(configurations);
            this.dependencies = List.copyOf(dependencies);
        }

        /** The name used on the command line: lower case, words joined by {@code -} ({@code query-frontend}). */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The Spring configuration classes this target itself contributes (not its dependencies'). */
        public List<Class<?>> configurations() {
            return configurations;
        }

        /** The targets this one needs in the same process, directly. */
        public List<Target> dependencies() {
            return dependencies;
        }
    }

    /**
     * Parses a {@link #PROPERTY} value: target ids separated by commas, case-insensitive, blanks around ids
     * ignored.
     *
     * @throws UnknownTargetException if the value names no target or names one that does not exist
     */
    public static Set<Target> parse(String value) {
        requireNonNull(value, "value is null");
        Set<Target> targets = EnumSet.noneOf(Target.class);
        for (String part : value.split(",", -1)) {
            String id = part.strip().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                throw new UnknownTargetException(value, "empty target name in " + PROPERTY + "='" + value + "'");
            }
            targets.add(Arrays.stream(Target.values())
                    .filter(target -> target.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new UnknownTargetException(
                            value, "unknown target '" + part.strip() + "' in " + PROPERTY + "='" + value + "'")));
        }
        return targets;
    }

    /** The given targets plus everything they depend on, directly or not, iterated in start order. */
    public static Set<Target> withDependencies(Collection<Target> targets) {
        requireNonNull(targets, "targets is null");
        Set<Target> closed = EnumSet.noneOf(Target.class);
        targets.forEach(target -> addWithDependencies(target, closed));
        return closed;
    }

    /** The configuration classes of the given targets, in start order, each class once. */
    public static List<Class<?>> configurations(Set<Target> targets) {
        requireNonNull(targets, "targets is null");
        Set<Target> inStartOrder = EnumSet.noneOf(Target.class);
        inStartOrder.addAll(targets);
        return inStartOrder.stream()
                .flatMap(target -> target.configurations().stream())
                .distinct()
                .toList();
    }

    /** The valid ids, comma-separated, for messages. */
    public static String validIds() {
        return Arrays.stream(Target.values()).map(Target::id).sorted().collect(Collectors.joining(", "));
    }

    private static void addWithDependencies(Target target, Set<Target> into) {
        if (into.add(target)) {
            target.dependencies().forEach(dependency -> addWithDependencies(dependency, into));
        }
    }
}
