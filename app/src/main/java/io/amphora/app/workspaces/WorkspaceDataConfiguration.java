package io.amphora.app.workspaces;

import io.amphora.controlplane.WorkspaceDataDeleter;
import io.amphora.distributor.TenantDataDeleter;
import io.amphora.model.TenantId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Joins the control plane to the data it cannot reach itself: a deleted workspace's series are deleted on every
 * ingester through the distributor's {@link TenantDataDeleter}. (Object-store blocks, rules and alertmanager state
 * join here as those components arrive.)
 */
@Configuration(proxyBeanMethods = false)
public class WorkspaceDataConfiguration {
    @Bean
    WorkspaceDataDeleter workspaceDataDeleter(TenantDataDeleter tenantDataDeleter) {
        return workspaceId -> tenantDataDeleter.delete(new TenantId(workspaceId));
    }
}
