package io.amphora.controlplane;

import io.amphora.controlplane.ResourceArn.RuleGroupsNamespaceArn;
import io.amphora.controlplane.ResourceArn.WorkspaceArn;

import static java.util.Objects.requireNonNull;

/** The ARNs of this deployment's resources: built from, and checked against, its region and account. */
public final class Arns {
    private final String prefix;
    private final String region;
    private final String accountId;

    public Arns(String region, String accountId) {
        this.region = requireNonNull(region, "region is null");
        this.accountId = requireNonNull(accountId, "accountId is null");
        this.prefix = "arn:aws:aps:" + region + ":" + accountId + ":";
    }

    public String workspace(String workspaceId) {
        return prefix + "workspace/" + workspaceId;
    }

    public String ruleGroupsNamespace(String workspaceId, String name) {
        return prefix + "rulegroupsnamespace/" + workspaceId + "/" + name;
    }

    /**
     * The resource {@code arn} names.
     *
     * @throws ControlPlaneException a ValidationException when it is not the ARN of a workspace or rule groups
     *     namespace; a ResourceNotFoundException when it is, but of another region or account
     */
    public ResourceArn parse(String arn) {
        requireNonNull(arn, "arn is null");
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[1].equals("aws") || !parts[2].equals("aps")) {
            throw invalid(arn);
        }
        String resource = parts[5];
        ResourceArn parsed;
        ResourceType type;
        if (resource.startsWith("workspace/")) {
            String id = resource.substring("workspace/".length());
            if (!Inputs.isWorkspaceId(id)) {
                throw invalid(arn);
            }
            parsed = new WorkspaceArn(id);
            type = ResourceType.WORKSPACE;
        } else if (resource.startsWith("rulegroupsnamespace/")) {
            String[] path = resource.substring("rulegroupsnamespace/".length()).split("/", -1);
            if (path.length != 2 || !Inputs.isWorkspaceId(path[0]) || !Inputs.isNamespaceName(path[1])) {
                throw invalid(arn);
            }
            parsed = new RuleGroupsNamespaceArn(path[0], path[1]);
            type = ResourceType.RULE_GROUPS_NAMESPACE;
        } else {
            throw invalid(arn);
        }
        if (!parts[3].equals(region) || !parts[4].equals(accountId)) {
            throw ControlPlaneException.notFound(type, arn, "Resource not found: " + arn
                    + " (this deployment's resources are in region " + region + ", account " + accountId + ")");
        }
        return parsed;
    }

    private static ControlPlaneException invalid(String arn) {
        return ControlPlaneException.invalidField("resourceArn", "Member must be the ARN of a workspace "
                + "(arn:aws:aps:<region>:<account>:workspace/<id>) or of a rule groups namespace "
                + "(arn:aws:aps:<region>:<account>:rulegroupsnamespace/<workspaceId>/<name>), got '" + arn + "'");
    }
}
