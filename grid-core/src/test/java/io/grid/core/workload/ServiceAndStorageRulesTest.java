package io.grid.core.workload;

import static io.grid.core.workload.Workloads.TARGET;
import static io.grid.core.workload.Workloads.codes;
import static io.grid.core.workload.Workloads.object;
import static io.grid.core.workload.Workloads.put;
import static io.grid.core.workload.Workloads.refusal;
import static io.grid.core.workload.Workloads.statefulSet;
import static io.grid.core.workload.Workloads.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceAndStorageRulesTest {

    private final YamlPolicy policy = new YamlPolicy();

    private static Map<String, Object> service(String name) {
        Map<String, Object> service = object("v1", "Service", name);
        put(service, "spec.selector.app", "web");
        put(service, "spec.ports", List.of(Map.of("port", 80, "targetPort", 8080)));
        return service;
    }

    private static Map<String, Object> claim(String name, String storage) {
        Map<String, Object> claim = object("v1", "PersistentVolumeClaim", name);
        put(claim, "spec.accessModes", List.of("ReadWriteOnce"));
        if (storage != null) {
            put(claim, "spec.resources.requests.storage", storage);
        }
        return claim;
    }

    @ParameterizedTest
    @ValueSource(strings = {"NodePort", "LoadBalancer", "ExternalName"})
    void refusesServicesReachableFromOutsideTheGateway(String type) {
        Map<String, Object> service = service("web");
        put(service, "spec.type", type);

        assertThat(codes(refusal(yaml(service)))).containsExactly(ViolationCode.SERVICE_TYPE);
    }

    @ParameterizedTest
    @CsvSource({
        "spec.externalIPs, EXTERNAL_IPS",
        "spec.loadBalancerSourceRanges, EXTERNAL_IPS",
        "spec.loadBalancerIP, EXTERNAL_IPS",
        "spec.externalName, SERVICE_TYPE",
        "spec.healthCheckNodePort, NODE_PORT",
        "spec.ports.0.nodePort, NODE_PORT",
        "spec.clusterIP, CLUSTER_IP",
        "spec.clusterIPs, CLUSTER_IP"
    })
    void refusesServiceFieldsThatOpenOtherPaths(String field, ViolationCode code) {
        Map<String, Object> service = service("web");
        put(service, "spec.ports", List.of(new java.util.LinkedHashMap<>(Map.of("port", 80))));
        Object value = switch (field) {
            case "spec.externalIPs", "spec.clusterIPs" -> List.of("10.96.0.10");
            case "spec.loadBalancerSourceRanges" -> List.of("0.0.0.0/0");
            case "spec.healthCheckNodePort", "spec.ports.0.nodePort" -> 30080;
            case "spec.externalName" -> "metadata.google.internal";
            default -> "10.96.0.10";
        };
        put(service, field, value);

        assertThat(codes(refusal(yaml(service)))).containsExactly(code);
    }

    @Test
    void makesServicesClusterIpAndKeepsHeadlessOnes() {
        Map<String, Object> headless = service("db");
        put(headless, "spec.clusterIP", "None");
        Map<String, Object> explicit = service("web");
        put(explicit, "spec.type", "ClusterIP");

        List<Service> services = policy.sanitise(yaml(headless, explicit, object("v1", "Service", "bare")), TARGET)
                .objects().stream().map(Service.class::cast).toList();

        assertThat(services).extracting(service -> service.getSpec().getType()).containsOnly("ClusterIP");
        assertThat(services.get(0).getSpec().getClusterIP()).isEqualTo("None");
    }

    @Test
    void keepsStorageRequestsTheOrderCoversRoundedUpToWholeGib() {
        List<PersistentVolumeClaim> claims = policy.sanitise(yaml(claim("data", "4Gi"), claim("logs", "1500M")), TARGET)
                .objects().stream().map(PersistentVolumeClaim.class::cast).toList();

        assertThat(claims).extracting(claim -> claim.getSpec().getResources().getRequests().get("storage"))
                .containsExactly(new Quantity("4Gi"), new Quantity("2Gi"));
    }

    @Test
    void fillsInMissingStorageRequestsFromWhatIsLeft() {
        SanitisedWorkload workload = policy.sanitise(yaml(claim("data", "4Gi"), claim("a", null), claim("b", null)), TARGET);

        assertThat(workload.objects()).extracting(object -> ((PersistentVolumeClaim) object).getSpec().getResources()
                .getRequests().get("storage")).containsExactly(new Quantity("4Gi"), new Quantity("3Gi"), new Quantity("3Gi"));
        assertThat(workload.allotted().storageGib()).isEqualTo(10);
    }

    @Test
    void givesAClaimWithoutSpecTheOrdersStorage() {
        PersistentVolumeClaim claim = (PersistentVolumeClaim) policy.sanitise(
                yaml(object("v1", "PersistentVolumeClaim", "bare")), TARGET).objects().get(0);

        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("10Gi"));
    }

    @Test
    void refusesStorageRequestsAboveTheOrder() {
        WorkloadRefusedException refused = refusal(yaml(claim("data", "8Gi"), claim("more", "3Gi")));

        assertThat(codes(refused)).containsExactly(ViolationCode.STORAGE_EXCEEDED);
        assertThat(refused.violations().get(0).document()).isEqualTo(Violation.WHOLE_WORKLOAD);
    }

    @Test
    void refusesClaimsWithoutRequestWhenNoStorageIsLeft() {
        assertThat(codes(refusal(yaml(claim("data", "10Gi"), claim("more", null)))))
                .containsExactly(ViolationCode.STORAGE_EXCEEDED);
    }

    @Test
    void refusesAStorageQuantityThatCannotBeRead() {
        WorkloadRefusedException refused = refusal(yaml(claim("data", "lots")));

        assertThat(codes(refused)).containsExactly(ViolationCode.INVALID_QUANTITY);
        assertThat(refused.violations().get(0).path()).isEqualTo("/spec/resources/requests/storage");
    }

    @ParameterizedTest
    @CsvSource({"spec.volumeName, pv-of-another-tenant", "spec.selector.matchLabels.tenant, other",
        "spec.dataSource.kind, PersistentVolumeClaim"})
    void refusesClaimsBoundToChosenVolumes(String field, String value) {
        Map<String, Object> claim = claim("data", "1Gi");
        put(claim, field, value);
        if (field.startsWith("spec.dataSource")) {
            put(claim, "spec.dataSource.name", "other");
        }

        assertThat(codes(refusal(yaml(claim)))).containsExactly(ViolationCode.VOLUME_BINDING);
    }

    @Test
    void countsStatefulSetClaimTemplatesOncePerReplica() {
        Map<String, Object> statefulSet = statefulSet("db");
        put(statefulSet, "spec.replicas", 3);
        put(statefulSet, "spec.volumeClaimTemplates", List.of(Map.of("metadata", Map.of("name", "data"),
                "spec", Map.of("accessModes", List.of("ReadWriteOnce")))));

        SanitisedWorkload workload = policy.sanitise(yaml(statefulSet), TARGET);

        PersistentVolumeClaim template = ((StatefulSet) workload.objects().get(0)).getSpec().getVolumeClaimTemplates().get(0);
        assertThat(template.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("3Gi"));
        assertThat(template.getMetadata().getLabels()).containsEntry(YamlPolicy.ORDER_LABEL, "42");
        assertThat(workload.allotted().storageGib()).isEqualTo(9);
    }

    @Test
    void refusesStatefulSetClaimTemplatesAboveTheOrderAcrossReplicas() {
        Map<String, Object> statefulSet = statefulSet("db");
        put(statefulSet, "spec.replicas", 3);
        put(statefulSet, "spec.volumeClaimTemplates", List.of(Map.of("metadata", Map.of("name", "data"),
                "spec", Map.of("resources", Map.of("requests", Map.of("storage", "4Gi"))))));

        assertThat(codes(refusal(yaml(statefulSet)))).containsExactly(ViolationCode.STORAGE_EXCEEDED);
    }
}
