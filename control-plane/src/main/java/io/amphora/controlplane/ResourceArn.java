package io.amphora.controlplane;

import static java.util.Objects.requireNonNull;

/** A resource named by an ARN in TagResource, UntagResource and ListTagsForResource. */
public sealed interface ResourceArn {
    /** {@code arn:aws:aps:<region>:<account>:workspace/<workspaceId>} */
    record WorkspaceArn(String workspaceId) implements ResourceArn {
        public WorkspaceArn {
            requireNonNull(workspaceId, "workspaceId is null");
        }
    }

    /** {@code arn:aws:aps:<region>:<account>:rulegroupsnamespace/<workspaceId>/<name>} */
    record RuleGroupsNamespaceArn(String workspaceId, String name) implements ResourceArn {
        public RuleGroupsNamespaceArn {
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(name, "name is null");
        }
    }
}
