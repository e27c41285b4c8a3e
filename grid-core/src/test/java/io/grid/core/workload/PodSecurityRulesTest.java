package io.grid.core.workload;

import static io.grid.core.workload.Workloads.TARGET;
import static io.grid.core.workload.Workloads.codes;
import static io.grid.core.workload.Workloads.deployment;
import static io.grid.core.workload.Workloads.put;
import static io.grid.core.workload.Workloads.refusal;
import static io.grid.core.workload.Workloads.statefulSet;
import static io.grid.core.workload.Workloads.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PodSecurityRulesTest {

    private static final String POD = "spec.template.spec.";

    private final YamlPolicy policy = new YamlPolicy();

    static Stream<Arguments> podSpecFields() {
        return Stream.of(
                Arguments.of("hostNetwork", true, ViolationCode.HOST_NAMESPACE),
                Arguments.of("hostPID", true, ViolationCode.HOST_NAMESPACE),
                Arguments.of("hostIPC", true, ViolationCode.HOST_NAMESPACE),
                Arguments.of("nodeName", "control-plane-1", ViolationCode.NODE_NAME),
                Arguments.of("serviceAccountName", "default", ViolationCode.SERVICE_ACCOUNT),
                Arguments.of("serviceAccount", "admin", ViolationCode.SERVICE_ACCOUNT),
                Arguments.of("automountServiceAccountToken", true, ViolationCode.SERVICE_ACCOUNT),
                Arguments.of("priorityClassName", "system-cluster-critical", ViolationCode.PRIORITY),
                Arguments.of("priority", 2000000000, ViolationCode.PRIORITY),
                Arguments.of("runtimeClassName", "unsandboxed", ViolationCode.RUNTIME_CLASS),
                Arguments.of("schedulerName", "my-scheduler", ViolationCode.SCHEDULER),
                Arguments.of("resourceClaims", List.of(Map.of("name", "gpu", "resourceClaimName", "all-gpus")),
                        ViolationCode.RESOURCE_CLAIMS),
                Arguments.of("securityContext.sysctls", List.of(Map.of("name", "kernel.shm_rmid_forced", "value", "0")),
                        ViolationCode.SYSCTLS),
                Arguments.of("securityContext.runAsUser", 0, ViolationCode.RUN_AS_ROOT),
                Arguments.of("securityContext.runAsNonRoot", false, ViolationCode.RUN_AS_ROOT),
                Arguments.of("securityContext.seccompProfile", Map.of("type", "Unconfined"), ViolationCode.SECCOMP_UNCONFINED),
                Arguments.of("securityContext.appArmorProfile", Map.of("type", "Unconfined"), ViolationCode.APPARMOR_UNCONFINED),
                Arguments.of("securityContext.seLinuxOptions", Map.of("type", "spc_t"), ViolationCode.SELINUX),
                Arguments.of("securityContext.windowsOptions", Map.of("hostProcess", true), ViolationCode.HOST_PROCESS),
                Arguments.of("volumes", List.of(Map.of("name", "root", "hostPath", Map.of("path", "/"))), ViolationCode.HOST_PATH),
                Arguments.of("volumes", List.of(Map.of("name", "nfs", "nfs", Map.of("server", "10.0.0.1", "path", "/"))),
                        ViolationCode.VOLUME_TYPE),
                Arguments.of("volumes", List.of(Map.of("name", "token", "projected", Map.of("sources",
                        List.of(Map.of("serviceAccountToken", Map.of("path", "token")))))), ViolationCode.SERVICE_ACCOUNT),
                Arguments.of("tolerations", List.of(Map.of("key", "node-role.kubernetes.io/control-plane",
                        "operator", "Exists", "effect", "NoSchedule")), ViolationCode.CONTROL_PLANE_SCHEDULING),
                Arguments.of("tolerations", List.of(Map.of("key", "node-role.kubernetes.io/master", "effect", "NoSchedule")),
                        ViolationCode.CONTROL_PLANE_SCHEDULING),
                Arguments.of("tolerations", List.of(Map.of("operator", "Exists")), ViolationCode.CONTROL_PLANE_SCHEDULING),
                Arguments.of("nodeSelector", Map.of("node-role.kubernetes.io/control-plane", ""),
                        ViolationCode.CONTROL_PLANE_SCHEDULING),
                Arguments.of("affinity", Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution",
                        Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(Map.of(
                                "key", "node-role.kubernetes.io/control-plane", "operator", "Exists"))))))),
                        ViolationCode.CONTROL_PLANE_SCHEDULING),
                Arguments.of("affinity", Map.of("nodeAffinity", Map.of("preferredDuringSchedulingIgnoredDuringExecution",
                        List.of(Map.of("weight", 100, "preference", Map.of("matchExpressions", List.of(Map.of(
                                "key", "node-role.kubernetes.io/master", "operator", "In", "values", List.of("true")))))))),
                        ViolationCode.CONTROL_PLANE_SCHEDULING),
                Arguments.of("containers", List.of(), ViolationCode.NO_CONTAINERS));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("podSpecFields")
    void refusesPodSpecFieldsThatReachBeyondTheOrder(String field, Object value, ViolationCode code) {
        Map<String, Object> deployment = deployment("web");
        put(deployment, POD + field, value);

        WorkloadRefusedException refused = refusal(yaml(deployment));

        assertThat(codes(refused)).containsExactly(code);
        assertThat(refused.violations().get(0).path()).startsWith("/spec/template/spec/");
    }

    static Stream<Arguments> containerFields() {
        List<Arguments> cases = new ArrayList<>();
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            cases.add(Arguments.of(list, "securityContext.privileged", true, ViolationCode.PRIVILEGED));
            cases.add(Arguments.of(list, "securityContext.allowPrivilegeEscalation", true, ViolationCode.PRIVILEGE_ESCALATION));
            cases.add(Arguments.of(list, "securityContext.capabilities", Map.of("add", List.of("SYS_ADMIN")), ViolationCode.CAPABILITY));
            cases.add(Arguments.of(list, "securityContext.capabilities", Map.of("add", List.of("NET_BIND_SERVICE", "NET_RAW")),
                    ViolationCode.CAPABILITY));
            cases.add(Arguments.of(list, "securityContext.procMount", "Unmasked", ViolationCode.PROC_MOUNT));
            cases.add(Arguments.of(list, "securityContext.seccompProfile", Map.of("type", "Unconfined"), ViolationCode.SECCOMP_UNCONFINED));
            cases.add(Arguments.of(list, "securityContext.appArmorProfile", Map.of("type", "Unconfined"), ViolationCode.APPARMOR_UNCONFINED));
            cases.add(Arguments.of(list, "securityContext.seLinuxOptions", Map.of("user", "system_u"), ViolationCode.SELINUX));
            cases.add(Arguments.of(list, "securityContext.runAsUser", 0, ViolationCode.RUN_AS_ROOT));
            cases.add(Arguments.of(list, "securityContext.runAsNonRoot", false, ViolationCode.RUN_AS_ROOT));
            cases.add(Arguments.of(list, "securityContext.windowsOptions", Map.of("hostProcess", true), ViolationCode.HOST_PROCESS));
            cases.add(Arguments.of(list, "ports", List.of(Map.of("containerPort", 80, "hostPort", 80)), ViolationCode.HOST_PORT));
            cases.add(Arguments.of(list, "ports", List.of(Map.of("containerPort", 80, "hostIP", "0.0.0.0")), ViolationCode.HOST_PORT));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("containerFields")
    void refusesContainerFieldsThatReachBeyondTheOrder(String list, String field, Object value, ViolationCode code) {
        Map<String, Object> deployment = deployment("web");
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "extra");
        container.put("image", "busybox:1.36");
        put(deployment, POD + list, new ArrayList<>(List.of(container)));
        put(deployment, POD + list + ".0." + field, value);

        WorkloadRefusedException refused = refusal(yaml(deployment));

        List<ViolationCode> expected = list.equals("ephemeralContainers")
                ? List.of(ViolationCode.EPHEMERAL_CONTAINER, code) : List.of(code);
        assertThat(codes(refused)).containsExactlyElementsOf(expected);
        assertThat(refused.violations().get(expected.size() - 1).path())
                .startsWith("/spec/template/spec/" + list + "/0/");
    }

    @Test
    void refusesAContainerWithoutImage() {
        Map<String, Object> deployment = deployment("web");
        put(deployment, POD + "containers.0.image", " ");

        assertThat(codes(refusal(yaml(deployment)))).containsExactly(ViolationCode.NO_CONTAINERS);
    }

    @Test
    void refusesAWorkloadWithoutPodTemplateOrSpec() {
        Map<String, Object> noTemplate = Workloads.object("apps/v1", "Deployment", "empty");
        put(noTemplate, "spec.replicas", 1);
        Map<String, Object> noSpec = Workloads.object("apps/v1", "StatefulSet", "nothing");

        WorkloadRefusedException refused = refusal(yaml(noTemplate, noSpec, Workloads.object("apps/v1", "Deployment", "bare")));

        assertThat(codes(refused)).containsExactly(ViolationCode.NO_CONTAINERS, ViolationCode.NO_CONTAINERS,
                ViolationCode.NO_CONTAINERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seccomp.security.alpha.kubernetes.io/pod", "container.seccomp.security.alpha.kubernetes.io/web",
        "container.apparmor.security.beta.kubernetes.io/web"})
    void refusesUnconfinedProfilesByAnnotation(String annotation) {
        Map<String, Object> deployment = deployment("web");
        put(deployment, "spec.template.metadata.annotations", Map.of(annotation, "unconfined"));

        WorkloadRefusedException refused = refusal(yaml(deployment));

        assertThat(codes(refused)).containsAnyOf(ViolationCode.SECCOMP_UNCONFINED, ViolationCode.APPARMOR_UNCONFINED)
                .hasSize(1);
    }

    @Test
    void acceptsSafeSchedulingVolumesAndTheOneAllowedCapability() {
        Map<String, Object> deployment = deployment("web");
        put(deployment, POD + "tolerations", List.of(Map.of("key", "gpu", "operator", "Exists")));
        put(deployment, POD + "nodeSelector", Map.of("kubernetes.io/arch", "amd64"));
        put(deployment, POD + "affinity", Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution",
                Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(Map.of(
                        "key", "node-role.kubernetes.io/control-plane", "operator", "DoesNotExist"))))))));
        put(deployment, POD + "volumes", List.of(Map.of("name", "cache", "emptyDir", Map.of()),
                Map.of("name", "settings", "configMap", Map.of("name", "settings")),
                Map.of("name", "info", "projected", Map.of("sources", List.of(Map.of("downwardAPI",
                        Map.of("items", List.of(Map.of("path", "labels", "fieldRef", Map.of("fieldPath", "metadata.labels"))))))))));
        put(deployment, POD + "securityContext", Map.of("runAsUser", 1000, "seccompProfile",
                Map.of("type", "Localhost", "localhostProfile", "profiles/web.json")));
        put(deployment, POD + "containers.0.securityContext", Map.of("capabilities", Map.of("add", List.of("NET_BIND_SERVICE")),
                "seLinuxOptions", Map.of("type", "container_t")));
        put(deployment, POD + "containers.0.ports", List.of(Map.of("containerPort", 8080, "hostPort", 0)));

        Deployment sanitised = (Deployment) policy.sanitise(yaml(deployment), TARGET).objects().get(0);

        PodSpec pod = sanitised.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("Localhost");
        assertThat(pod.getContainers().get(0).getSecurityContext().getCapabilities().getAdd())
                .containsExactly("NET_BIND_SERVICE");
    }

    @Test
    void hardensPodsToTheRestrictedPodSecurityLevel() {
        Map<String, Object> deployment = deployment("web");
        put(deployment, POD + "initContainers", new ArrayList<>(List.of(new LinkedHashMap<>(
                Map.of("name", "migrate", "image", "busybox:1.36")))));
        put(deployment, POD + "automountServiceAccountToken", false);
        put(deployment, POD + "hostNetwork", false);
        put(deployment, POD + "containers.0.securityContext", Map.of("privileged", false,
                "allowPrivilegeEscalation", false, "capabilities", Map.of("drop", List.of("NET_RAW"))));

        Deployment sanitised = (Deployment) policy.sanitise(yaml(deployment), TARGET).objects().get(0);

        PodSpec pod = sanitised.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getHostNetwork()).isNull();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        List<Container> all = new ArrayList<>(pod.getContainers());
        all.addAll(pod.getInitContainers());
        assertThat(all).hasSize(2).allSatisfy(container -> {
            SecurityContext context = container.getSecurityContext();
            assertThat(context.getAllowPrivilegeEscalation()).isFalse();
            assertThat(context.getRunAsNonRoot()).isTrue();
            assertThat(context.getPrivileged()).isNull();
            assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(context.getCapabilities().getAdd()).isEmpty();
        });
        assertThat(sanitised.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    }

    @Test
    void checksStatefulSetPodsLikeDeploymentPods() {
        Map<String, Object> statefulSet = statefulSet("db");
        put(statefulSet, POD + "hostNetwork", true);
        put(statefulSet, POD + "containers.0.securityContext.privileged", true);

        assertThat(codes(refusal(yaml(statefulSet))))
                .containsExactly(ViolationCode.HOST_NAMESPACE, ViolationCode.PRIVILEGED);
    }
}
