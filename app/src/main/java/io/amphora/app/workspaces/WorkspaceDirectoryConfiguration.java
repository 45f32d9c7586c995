package io.amphora.app.workspaces;

import io.amphora.controlplane.ControlPlane;
import io.amphora.gateway.wiring.WorkspaceDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tells the gateway what the control plane knows of a workspace's lifecycle. */
@Configuration(proxyBeanMethods = false)
public class WorkspaceDirectoryConfiguration {
    @Bean
    WorkspaceDirectory workspaceDirectory(ControlPlane controlPlane) {
        return workspace -> controlPlane.status(workspace.value()).map(status -> switch (status) {
            case CREATING -> WorkspaceDirectory.State.CREATING;
            case ACTIVE -> WorkspaceDirectory.State.ACTIVE;
            case UPDATING -> WorkspaceDirectory.State.UPDATING;
            case DELETING -> WorkspaceDirectory.State.DELETING;
            case CREATION_FAILED -> WorkspaceDirectory.State.FAILED;
        });
    }
}
