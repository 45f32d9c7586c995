package io.amphora.controlplane;

import io.amphora.controlplane.ResourceArn.RuleGroupsNamespaceArn;
import io.amphora.controlplane.ResourceArn.WorkspaceArn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArnsTest {
    private final Arns arns = new Arns("eu-west-1", "123456789012");

    @Test
    void buildsAndParsesTheArnsOfWorkspacesAndNamespaces() {
        String workspace = arns.workspace("ws-1");
        String namespace = arns.ruleGroupsNamespace("ws-1", "rules.v2");

        assertThat(workspace).isEqualTo("arn:aws:aps:eu-west-1:123456789012:workspace/ws-1");
        assertThat(namespace).isEqualTo("arn:aws:aps:eu-west-1:123456789012:rulegroupsnamespace/ws-1/rules.v2");
        assertThat(arns.parse(workspace)).isEqualTo(new WorkspaceArn("ws-1"));
        assertThat(arns.parse(namespace)).isEqualTo(new RuleGroupsNamespaceArn("ws-1", "rules.v2"));
    }

    @Test
    void refusesArnsOfOtherServicesAndResources() {
        for (String arn : new String[] {"", "ws-1", "arn:aws:aps:eu-west-1:123456789012", "arn:aws-cn:aps:eu-west-1:"
                + "123456789012:workspace/ws-1", "arn:aws:s3:eu-west-1:123456789012:workspace/ws-1",
                "arn:aws:aps:eu-west-1:123456789012:scraper/s-1", "arn:aws:aps:eu-west-1:123456789012:workspace/",
                "arn:aws:aps:eu-west-1:123456789012:workspace/a/b",
                "arn:aws:aps:eu-west-1:123456789012:rulegroupsnamespace/ws-1",
                "arn:aws:aps:eu-west-1:123456789012:rulegroupsnamespace/ws-1/a/b"}) {
            assertThatThrownBy(() -> arns.parse(arn)).isInstanceOfSatisfying(ControlPlaneException.class,
                    e -> assertThat(e.type()).as(arn).isEqualTo(ErrorType.VALIDATION));
        }
    }

    @Test
    void reportsArnsOfAnotherRegionOrAccountAsNotFound() {
        for (String arn : new String[] {"arn:aws:aps:us-east-1:123456789012:workspace/ws-1",
                "arn:aws:aps:eu-west-1:999999999999:rulegroupsnamespace/ws-1/r"}) {
            assertThatThrownBy(() -> arns.parse(arn)).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                assertThat(e.type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
                assertThat(e.resourceId()).contains(arn);
            });
        }
    }
}
