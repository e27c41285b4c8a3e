package io.grid.routes.gateway.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.grid.api.Resources;

import java.util.List;
import java.util.Map;

/** A realistic small web app, as the YAML policy would hand it to the deployer. */
final class AppObjects {

    static final Resources ORDERED = Resources.of(1000, 1024, 1);

    private AppObjects() {
    }

    static Deployment web(int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").addToLabels("app", "web").endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("nginx").withImage("nginxinc/nginx-unprivileged:1.27")
                .addNewPort().withContainerPort(8080).withName("http").endPort()
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("256Mi")))
                .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("512Mi")))
                .endResources()
                .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static Service service(String name) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .addToSelector("app", "web")
                .addNewPort().withName("http").withPort(80).withNewTargetPort(8080).endPort()
                .endSpec()
                .build();
    }

    static ConfigMap config(String name) {
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withData(Map.of("index.html", "<h1>hello from GRID</h1>"))
                .build();
    }

    static List<HasMetadata> webApp() {
        return List.of(config("web-config"), web(2), service("web"));
    }
}
