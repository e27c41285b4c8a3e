package io.grid.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.grid.api.Resources;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebAppRoundTripTest {

    private static final String WEB_APP = """
            # A typical small web app, as a user would write it.
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
              labels:
                app: shop
            data:
              nginx.conf: |
                server { listen 8080; location / { proxy_pass http://127.0.0.1:3000; } }
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: shop
              namespace: grid-order-7
              labels: &labels {app: shop}
            spec:
              replicas: 3
              selector:
                matchLabels: *labels
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
              template:
                metadata:
                  labels: *labels
                spec:
                  containers:
                    - name: proxy
                      image: nginxinc/nginx-unprivileged:1.27
                      ports: [{containerPort: 8080, name: http}]
                      volumeMounts: [{name: config, mountPath: /etc/nginx/conf.d}]
                      readinessProbe:
                        httpGet: {path: /, port: http}
                    - name: app
                      image: ghcr.io/example/shop:2.1.0
                      env:
                        - {name: PORT, value: "3000"}
                      resources:
                        requests: {cpu: 100m, memory: 128Mi}
                        limits: {cpu: "8", memory: 16Gi}
                  volumes:
                    - name: config
                      configMap: {name: web-config}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: shop
              labels: {app: shop}
            spec:
              selector: {app: shop}
              ports:
                - {name: http, port: 80, targetPort: http}
            """;

    @Test
    void sanitisesARealisticWebAppAndKeepsTheInjectedResourcesWithinTheOrder() {
        Resources ordered = Resources.of(1500, 3000, 5);
        WorkloadTarget target = WorkloadTarget.of(BigInteger.valueOf(7), ordered);

        SanitisedWorkload workload = new YamlPolicy().sanitise(WEB_APP, target);

        List<HasMetadata> objects = workload.objects();
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("ConfigMap", "Deployment", "Service");
        assertThat(objects).allSatisfy(object -> {
            assertThat(object.getMetadata().getNamespace()).isEqualTo("grid-order-7");
            assertThat(object.getMetadata().getLabels()).containsEntry("grid.io/order", "7")
                    .containsEntry("app.kubernetes.io/managed-by", "grid").containsEntry("app", "shop");
        });
        assertThat(((ConfigMap) objects.get(0)).getData()).containsKey("nginx.conf");

        Deployment deployment = (Deployment) objects.get(1);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsExactly(java.util.Map.entry("app", "shop"));
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(container -> container.getResources().getLimits().get("cpu").toString())
                .containsOnly("250m");
        assertThat(containers).extracting(container -> container.getResources().getLimits().get("memory").toString())
                .containsOnly("500Mi");
        assertThat(containers.get(0).getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();

        Service service = (Service) objects.get(2);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString("http"));

        Resources injected = ResourceAllotmentTest.injected(objects);
        assertThat(injected).isEqualTo(new Resources(3 * 2 * 250, 3 * 2 * 500, 0, 0, ""));
        assertThat(ordered.covers(injected)).isTrue();
        assertThat(ordered.covers(workload.allotted())).isTrue();
    }
}
