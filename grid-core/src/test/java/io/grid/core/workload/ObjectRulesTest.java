package io.grid.core.workload;

import static io.grid.core.workload.Workloads.TARGET;
import static io.grid.core.workload.Workloads.codes;
import static io.grid.core.workload.Workloads.deployment;
import static io.grid.core.workload.Workloads.object;
import static io.grid.core.workload.Workloads.put;
import static io.grid.core.workload.Workloads.refusal;
import static io.grid.core.workload.Workloads.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.grid.api.Resources;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectRulesTest {

    private final YamlPolicy policy = new YamlPolicy();

    @ParameterizedTest
    @CsvSource({
        "v1, Namespace",
        "rbac.authorization.k8s.io/v1, Role",
        "rbac.authorization.k8s.io/v1, ClusterRole",
        "rbac.authorization.k8s.io/v1, RoleBinding",
        "rbac.authorization.k8s.io/v1, ClusterRoleBinding",
        "v1, ServiceAccount",
        "apiextensions.k8s.io/v1, CustomResourceDefinition",
        "admissionregistration.k8s.io/v1, ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1, MutatingWebhookConfiguration",
        "v1, PersistentVolume",
        "storage.k8s.io/v1, StorageClass",
        "networking.k8s.io/v1, NetworkPolicy",
        "v1, ResourceQuota",
        "v1, LimitRange",
        "v1, Node",
        "v1, Pod",
        "apps/v1, DaemonSet",
        "apps/v1, ReplicaSet",
        "batch/v1, Job",
        "batch/v1, CronJob",
        "v1, Endpoints",
        "discovery.k8s.io/v1, EndpointSlice",
        "networking.k8s.io/v1, Ingress",
        "v1, List",
        "example.com/v1, Widget"
    })
    void refusesKindsOutsideTheAllowList(String apiVersion, String kind) {
        Map<String, Object> document = object(apiVersion, kind, "x");

        WorkloadRefusedException refused = refusal(yaml(document));

        assertThat(codes(refused)).containsExactly(ViolationCode.KIND_NOT_ALLOWED);
        assertThat(refused.violations().get(0).object()).isEqualTo(kind + "/x");
        assertThat(refused.violations().get(0).path()).isEqualTo("/kind");
    }

    @Test
    void refusesABarePodWithNodeName() {
        Map<String, Object> pod = object("v1", "Pod", "pinned");
        put(pod, "spec.nodeName", "control-plane-1");

        assertThat(codes(refusal(yaml(pod)))).containsExactly(ViolationCode.KIND_NOT_ALLOWED);
    }

    @ParameterizedTest
    @CsvSource({
        "extensions/v1beta1, Deployment",
        "apps/v1beta2, StatefulSet",
        "v1, Deployment",
        "apps/v1, Service",
        "apps/v1, ConfigMap",
        "v2, Secret",
        "storage.k8s.io/v1, PersistentVolumeClaim"
    })
    void refusesAnApiVersionThatDoesNotBelongToTheKind(String apiVersion, String kind) {
        WorkloadRefusedException refused = refusal(yaml(object(apiVersion, kind, "x")));

        assertThat(codes(refused)).containsExactly(ViolationCode.API_VERSION_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"just a string\n", "- a\n- list\n", "42\n", "kind: ConfigMap\nmetadata: {name: x}\n",
        "apiVersion: v1\nkind: ConfigMap\n", "apiVersion: v1\nkind: ConfigMap\nmetadata: name\n",
        "apiVersion: 1\nkind: ConfigMap\nmetadata: {name: x}\n", "apiVersion: v1\nkind: 1\nmetadata: {name: x}\n"})
    void refusesDocumentsThatAreNotKubernetesObjects(String yaml) {
        assertThat(codes(refusal(yaml))).containsExactly(ViolationCode.NOT_AN_OBJECT);
    }

    @Test
    void refusesAnotherNamespace() {
        Map<String, Object> configMap = object("v1", "ConfigMap", "settings");
        put(configMap, "metadata.namespace", "kube-system");

        WorkloadRefusedException refused = refusal(yaml(configMap));

        assertThat(codes(refused)).containsExactly(ViolationCode.FOREIGN_NAMESPACE);
        assertThat(refused.violations().get(0).path()).isEqualTo("/metadata/namespace");
    }

    @Test
    void placesObjectsWithoutOrWithTheOrdersNamespaceInTheOrdersNamespace() {
        Map<String, Object> named = object("v1", "ConfigMap", "named");
        put(named, "metadata.namespace", "grid-order-42");
        Map<String, Object> unnamed = object("v1", "ConfigMap", "unnamed");

        List<HasMetadata> objects = policy.sanitise(yaml(named, unnamed), TARGET).objects();

        assertThat(objects).extracting(object -> object.getMetadata().getNamespace())
                .containsExactly("grid-order-42", "grid-order-42");
    }

    @Test
    void labelsEveryObjectWithTheOrderAndOverridesForgedLabels() {
        Map<String, Object> configMap = object("v1", "ConfigMap", "settings");
        put(configMap, "metadata.labels", Map.of("grid.io/order", "7", "app", "web"));
        Map<String, Object> deployment = deployment("web");

        List<HasMetadata> objects = policy.sanitise(yaml(configMap, deployment), TARGET).objects();

        assertThat(objects.get(0).getMetadata().getLabels())
                .containsEntry("grid.io/order", "42")
                .containsEntry("app.kubernetes.io/managed-by", "grid")
                .containsEntry("app", "web");
        Deployment sanitised = (Deployment) objects.get(1);
        assertThat(sanitised.getMetadata().getLabels()).containsEntry(YamlPolicy.ORDER_LABEL, "42");
        assertThat(sanitised.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(YamlPolicy.ORDER_LABEL, "42")
                .containsEntry(YamlPolicy.MANAGED_BY_LABEL, YamlPolicy.MANAGED_BY)
                .containsEntry("app", "web");
    }

    @Test
    void clearsFieldsTheApiServerSets() {
        Map<String, Object> configMap = object("v1", "ConfigMap", "copied");
        put(configMap, "metadata.uid", "0b5e-uid");
        put(configMap, "metadata.resourceVersion", "123");
        put(configMap, "metadata.creationTimestamp", "2024-01-01T00:00:00Z");

        ConfigMap sanitised = (ConfigMap) policy.sanitise(yaml(configMap), TARGET).objects().get(0);

        assertThat(sanitised.getMetadata().getUid()).isNull();
        assertThat(sanitised.getMetadata().getResourceVersion()).isNull();
        assertThat(sanitised.getMetadata().getCreationTimestamp()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "metadata.finalizers, example.com/block-teardown",
        "metadata.generateName, web-"
    })
    void refusesMetadataOnlyTheClusterOrGatewaySets(String path, String value) {
        Map<String, Object> configMap = object("v1", "ConfigMap", "settings");
        put(configMap, path, path.endsWith("finalizers") ? List.of(value) : value);

        assertThat(codes(refusal(yaml(configMap)))).containsExactly(ViolationCode.FORBIDDEN_METADATA);
    }

    @Test
    void refusesOwnerReferences() {
        Map<String, Object> configMap = object("v1", "ConfigMap", "settings");
        put(configMap, "metadata.ownerReferences", List.of(Map.of("apiVersion", "v1", "kind", "Namespace",
                "name", "grid-order-41", "uid", "1")));

        assertThat(codes(refusal(yaml(configMap)))).containsExactly(ViolationCode.FORBIDDEN_METADATA);
    }

    @ParameterizedTest
    @CsvSource({"v1, ConfigMap, Bad_Name", "v1, Service, 1starts-with-digit", "v1, Service, dotted.name",
        "v1, Secret, -dash"})
    void refusesMalformedNames(String apiVersion, String kind, String name) {
        assertThat(codes(refusal(yaml(object(apiVersion, kind, name))))).containsExactly(ViolationCode.INVALID_NAME);
    }

    @Test
    void refusesAMissingName() {
        assertThat(codes(refusal("apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: b}}\n")))
                .containsExactly(ViolationCode.INVALID_NAME);
    }

    @Test
    void refusesTwoObjectsOfTheSameKindAndName() {
        WorkloadRefusedException refused = refusal(yaml(object("v1", "ConfigMap", "twin"), object("v1", "ConfigMap", "twin")));

        assertThat(codes(refused)).containsExactly(ViolationCode.DUPLICATE_OBJECT);
        assertThat(refused.violations().get(0).document()).isEqualTo(1);
    }

    @Test
    void refusesFieldsTheKubernetesModelDoesNotKnowAndReportsEachOne() {
        Map<String, Object> deployment = deployment("web");
        put(deployment, "spec.template.spec.HostNetwork", true);
        put(deployment, "spec.template.spec.containers.0.securityContext.priviliged", true);
        put(deployment, "spec.futureField", Map.of("nested", List.of(1, 2)));

        WorkloadRefusedException refused = refusal(yaml(deployment));

        assertThat(codes(refused)).containsOnly(ViolationCode.UNKNOWN_FIELD);
        assertThat(refused.violations()).extracting(Violation::path).containsExactlyInAnyOrder(
                "/spec/template/spec/HostNetwork",
                "/spec/template/spec/containers/0/securityContext/priviliged",
                "/spec/futureField");
    }

    @ParameterizedTest
    @CsvSource({
        "spec.replicas, many, /spec/replicas",
        "spec.template.spec.containers.0.ports, not-a-list, /spec/template/spec/containers/0/ports",
        "spec.template.spec.containers.0.name, '', /spec/template/spec/containers/0/ports/0/containerPort"
    })
    void refusesAFieldOfTheWrongTypeAndSaysWhere(String field, String value, String expectedPath) {
        Map<String, Object> deployment = deployment("web");
        if (value.isEmpty()) {
            put(deployment, "spec.template.spec.containers.0.ports", List.of(Map.of("containerPort", "eighty")));
        } else {
            put(deployment, field, value);
        }

        WorkloadRefusedException refused = refusal(yaml(deployment));

        assertThat(codes(refused)).containsExactly(ViolationCode.INVALID_FIELD);
        assertThat(refused.violations().get(0).path()).isEqualTo(expectedPath);
        assertThat(refused.violations().get(0).message()).isNotBlank();
    }

    @Test
    void collectsViolationsOfAllDocuments() {
        Map<String, Object> foreign = object("v1", "ConfigMap", "a");
        put(foreign, "metadata.namespace", "default");
        Map<String, Object> privileged = deployment("web");
        put(privileged, "spec.template.spec.hostPID", true);

        WorkloadRefusedException refused = refusal(yaml(foreign, object("v1", "Namespace", "n"), privileged));

        assertThat(refused.violations()).extracting(Violation::document).containsExactly(0, 1, 2);
        assertThat(codes(refused)).containsExactly(ViolationCode.FOREIGN_NAMESPACE, ViolationCode.KIND_NOT_ALLOWED,
                ViolationCode.HOST_NAMESPACE);
        assertThat(refused.getMessage()).contains("3 violations").contains("FOREIGN_NAMESPACE");
        assertThat(refused.violations().get(0).toString())
                .isEqualTo("document 0 ConfigMap/a at /metadata/namespace: FOREIGN_NAMESPACE: "
                        + refused.violations().get(0).message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Opaque", "kubernetes.io/tls", "kubernetes.io/dockerconfigjson", "kubernetes.io/basic-auth"})
    void acceptsOrdinarySecretTypes(String type) {
        Map<String, Object> secret = object("v1", "Secret", "credentials");
        secret.put("type", type);
        put(secret, "stringData.password", "s3cret");

        Secret sanitised = (Secret) policy.sanitise(yaml(secret), TARGET).objects().get(0);

        assertThat(sanitised.getStringData()).containsEntry("password", "s3cret");
    }

    @Test
    void refusesSecretsThatMintServiceAccountTokens() {
        Map<String, Object> secret = object("v1", "Secret", "token");
        secret.put("type", "kubernetes.io/service-account-token");
        put(secret, "metadata.annotations", Map.of("kubernetes.io/service-account.name", "default"));

        WorkloadRefusedException refused = refusal(yaml(secret));

        assertThat(codes(refused)).containsExactly(ViolationCode.SECRET_TYPE, ViolationCode.SECRET_TYPE);
        assertThat(refused.violations().get(1).path()).isEqualTo("/metadata/annotations/kubernetes.io~1service-account.name");
    }

    @Test
    void namesTheOrdersNamespaceFromItsId() {
        assertThat(WorkloadTarget.namespaceFor(BigInteger.valueOf(42))).isEqualTo("grid-order-42");
        assertThat(TARGET.namespace()).isEqualTo("grid-order-42");
        assertThat(TARGET.orderLabel()).isEqualTo("42");
    }

    @Test
    void refusesTargetsThatCannotBeNamespaces() {
        Resources ordered = Resources.of(1, 1, 1);
        assertThatThrownBy(() -> WorkloadTarget.namespaceFor(BigInteger.TEN.pow(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkloadTarget.of(BigInteger.valueOf(-1), ordered))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkloadTarget(BigInteger.ONE, "Not_A_Label", ordered))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkloadTarget(BigInteger.ONE, null, ordered))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesARefusalWithoutViolations() {
        assertThatThrownBy(() -> new WorkloadRefusedException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
