package io.amphora.controlplane.store;

class InMemoryControlPlaneStoreTest extends ControlPlaneStoreContractTest {
    @Override
    protected ControlPlaneStore createStore() {
        return new InMemoryControlPlaneStore();
    }
}
