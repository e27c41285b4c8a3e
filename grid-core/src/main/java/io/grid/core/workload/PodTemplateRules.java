package io.grid.core.workload;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a pod template of a Deployment or StatefulSet against the rules for untrusted pods, then
 * hardens it so that it passes the "restricted" pod security level: no service account token,
 * no privilege escalation, non-root, all capabilities dropped, the runtime's default seccomp.
 */
final class PodTemplateRules {

    /** The only capability a container may add. */
    static final String NET_BIND_SERVICE = "NET_BIND_SERVICE";

    private static final Set<String> CONTROL_PLANE_KEYS = Set.of(
            "node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master",
            "node.kubernetes.io/control-plane", "node.kubernetes.io/master");
    private static final Set<String> ALLOWED_VOLUMES = Set.of(
            "configMap", "secret", "emptyDir", "persistentVolumeClaim", "projected", "downwardAPI", "ephemeral");
    // The SELinux types the restricted pod security level allows.
    private static final Set<String> ALLOWED_SELINUX_TYPES = Set.of(
            "", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
    private static final String SECCOMP_ANNOTATION = "seccomp.security.alpha.kubernetes.io/";
    private static final String CONTAINER_SECCOMP_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/";
    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    private final KubernetesModel model;

    PodTemplateRules(KubernetesModel model) {
        this.model = model;
    }

    /** Checks the template at {@code path} (e.g. {@code /spec/template}) and hardens it. */
    void apply(PodTemplateSpec template, String path, Map<String, String> labels, Findings.Scope scope) {
        if (template == null || template.getSpec() == null) {
            scope.refuse(Findings.child(path, "spec"), ViolationCode.NO_CONTAINERS, "the pod template has no spec");
            return;
        }
        ObjectMeta metadata = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        checkAnnotations(metadata.getAnnotations(), Findings.child(path, "metadata"), scope);
        Map<String, String> podLabels = new LinkedHashMap<>();
        if (metadata.getLabels() != null) {
            podLabels.putAll(metadata.getLabels());
        }
        podLabels.putAll(labels);
        metadata.setLabels(podLabels);
        metadata.setNamespace(null);
        template.setMetadata(metadata);
        checkSpec(template.getSpec(), Findings.child(path, "spec"), scope);
    }

    private void checkSpec(PodSpec spec, String path, Findings.Scope scope) {
        refuseIfTrue(spec.getHostNetwork(), Findings.child(path, "hostNetwork"), ViolationCode.HOST_NAMESPACE,
                "hostNetwork would share the node's network", scope);
        refuseIfTrue(spec.getHostPID(), Findings.child(path, "hostPID"), ViolationCode.HOST_NAMESPACE,
                "hostPID would share the node's processes", scope);
        refuseIfTrue(spec.getHostIPC(), Findings.child(path, "hostIPC"), ViolationCode.HOST_NAMESPACE,
                "hostIPC would share the node's IPC", scope);
        refuseIfSet(spec.getNodeName(), Findings.child(path, "nodeName"), ViolationCode.NODE_NAME,
                "a pod may not be pinned to a node", scope);
        refuseIfSet(spec.getServiceAccountName(), Findings.child(path, "serviceAccountName"),
                ViolationCode.SERVICE_ACCOUNT, "workloads run without a service account", scope);
        refuseIfSet(spec.getServiceAccount(), Findings.child(path, "serviceAccount"),
                ViolationCode.SERVICE_ACCOUNT, "workloads run without a service account", scope);
        refuseIfTrue(spec.getAutomountServiceAccountToken(), Findings.child(path, "automountServiceAccountToken"),
                ViolationCode.SERVICE_ACCOUNT, "service account tokens are not mounted", scope);
        refuseIfSet(spec.getPriorityClassName(), Findings.child(path, "priorityClassName"), ViolationCode.PRIORITY,
                "the priority is the provider's to choose", scope);
        if (spec.getPriority() != null) {
            scope.refuse(Findings.child(path, "priority"), ViolationCode.PRIORITY, "the priority is the provider's to choose");
        }
        refuseIfSet(spec.getRuntimeClassName(), Findings.child(path, "runtimeClassName"), ViolationCode.RUNTIME_CLASS,
                "the runtime class is the provider's to choose", scope);
        refuseIfSet(spec.getSchedulerName(), Findings.child(path, "schedulerName"), ViolationCode.SCHEDULER,
                "the scheduler is the provider's to choose", scope);
        if (notEmpty(spec.getResourceClaims())) {
            scope.refuse(Findings.child(path, "resourceClaims"), ViolationCode.RESOURCE_CLAIMS,
                    "resource claims would reach devices beyond the order");
        }
        checkScheduling(spec, path, scope);
        checkPodSecurity(spec.getSecurityContext(), Findings.child(path, "securityContext"), scope);
        checkVolumes(spec.getVolumes(), Findings.child(path, "volumes"), scope);
        if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
            scope.refuse(Findings.child(path, "containers"), ViolationCode.NO_CONTAINERS, "the pod has no containers");
        }
        checkContainers(spec.getContainers(), Findings.child(path, "containers"), scope);
        checkContainers(spec.getInitContainers(), Findings.child(path, "initContainers"), scope);
        List<EphemeralContainer> ephemeral = orEmpty(spec.getEphemeralContainers());
        for (int i = 0; i < ephemeral.size(); i++) {
            EphemeralContainer container = ephemeral.get(i);
            String at = Findings.child(Findings.child(path, "ephemeralContainers"), i);
            scope.refuse(at, ViolationCode.EPHEMERAL_CONTAINER, "ephemeral containers cannot be given resource limits");
            checkContainerSecurity(container.getSecurityContext(), Findings.child(at, "securityContext"), scope);
            checkPorts(container.getPorts(), Findings.child(at, "ports"), scope);
        }
        harden(spec);
    }

    private void checkScheduling(PodSpec spec, String path, Findings.Scope scope) {
        List<Toleration> tolerations = orEmpty(spec.getTolerations());
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration toleration = tolerations.get(i);
            String key = toleration.getKey() == null ? "" : toleration.getKey();
            if (key.isEmpty() || CONTROL_PLANE_KEYS.contains(key)) {
                scope.refuse(Findings.child(Findings.child(path, "tolerations"), i), ViolationCode.CONTROL_PLANE_SCHEDULING,
                        key.isEmpty() ? "a toleration of every taint would reach control-plane nodes"
                                : "a toleration of " + key + " would reach control-plane nodes");
            }
        }
        if (spec.getNodeSelector() != null) {
            for (String key : spec.getNodeSelector().keySet()) {
                if (CONTROL_PLANE_KEYS.contains(key)) {
                    scope.refuse(Findings.child(Findings.child(path, "nodeSelector"), key),
                            ViolationCode.CONTROL_PLANE_SCHEDULING, "the node selector aims at control-plane nodes");
                }
            }
        }
        Affinity affinity = spec.getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return;
        }
        String at = Findings.child(Findings.child(path, "affinity"), "nodeAffinity");
        List<NodeSelectorTerm> terms = new ArrayList<>();
        if (affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            terms.addAll(orEmpty(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                    .getNodeSelectorTerms()));
        }
        for (PreferredSchedulingTerm preferred
                : orEmpty(affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())) {
            if (preferred.getPreference() != null) {
                terms.add(preferred.getPreference());
            }
        }
        for (NodeSelectorTerm term : terms) {
            List<NodeSelectorRequirement> requirements = new ArrayList<>(orEmpty(term.getMatchExpressions()));
            requirements.addAll(orEmpty(term.getMatchFields()));
            for (NodeSelectorRequirement requirement : requirements) {
                boolean positive = "In".equals(requirement.getOperator()) || "Exists".equals(requirement.getOperator());
                if (positive && CONTROL_PLANE_KEYS.contains(requirement.getKey())) {
                    scope.refuse(at, ViolationCode.CONTROL_PLANE_SCHEDULING, "the node affinity aims at control-plane nodes");
                }
            }
        }
    }

    private void checkPodSecurity(PodSecurityContext context, String path, Findings.Scope scope) {
        if (context == null) {
            return;
        }
        if (notEmpty(context.getSysctls())) {
            scope.refuse(Findings.child(path, "sysctls"), ViolationCode.SYSCTLS, "sysctls are the node's to set");
        }
        checkIdentity(context.getRunAsUser(), context.getRunAsNonRoot(), path, scope);
        checkSeccomp(context.getSeccompProfile(), Findings.child(path, "seccompProfile"), scope);
        checkAppArmor(context.getAppArmorProfile(), Findings.child(path, "appArmorProfile"), scope);
        checkSeLinux(context.getSeLinuxOptions(), Findings.child(path, "seLinuxOptions"), scope);
        checkWindows(context.getWindowsOptions(), Findings.child(path, "windowsOptions"), scope);
    }

    private void checkContainers(List<Container> containers, String path, Findings.Scope scope) {
        List<Container> all = orEmpty(containers);
        for (int i = 0; i < all.size(); i++) {
            Container container = all.get(i);
            String at = Findings.child(path, i);
            if (container.getImage() == null || container.getImage().isBlank()) {
                scope.refuse(Findings.child(at, "image"), ViolationCode.NO_CONTAINERS, "the container has no image");
            }
            checkContainerSecurity(container.getSecurityContext(), Findings.child(at, "securityContext"), scope);
            checkPorts(container.getPorts(), Findings.child(at, "ports"), scope);
        }
    }

    private void checkContainerSecurity(SecurityContext context, String path, Findings.Scope scope) {
        if (context == null) {
            return;
        }
        refuseIfTrue(context.getPrivileged(), Findings.child(path, "privileged"), ViolationCode.PRIVILEGED,
                "privileged containers are not allowed", scope);
        refuseIfTrue(context.getAllowPrivilegeEscalation(), Findings.child(path, "allowPrivilegeEscalation"),
                ViolationCode.PRIVILEGE_ESCALATION, "privilege escalation is not allowed", scope);
        Capabilities capabilities = context.getCapabilities();
        if (capabilities != null) {
            List<String> added = orEmpty(capabilities.getAdd());
            for (int i = 0; i < added.size(); i++) {
                if (!NET_BIND_SERVICE.equals(added.get(i))) {
                    scope.refuse(Findings.child(Findings.child(Findings.child(path, "capabilities"), "add"), i),
                            ViolationCode.CAPABILITY, "only " + NET_BIND_SERVICE + " may be added, not " + added.get(i));
                }
            }
        }
        if ("Unmasked".equals(context.getProcMount())) {
            scope.refuse(Findings.child(path, "procMount"), ViolationCode.PROC_MOUNT, "procMount Unmasked is not allowed");
        }
        checkIdentity(context.getRunAsUser(), context.getRunAsNonRoot(), path, scope);
        checkSeccomp(context.getSeccompProfile(), Findings.child(path, "seccompProfile"), scope);
        checkAppArmor(context.getAppArmorProfile(), Findings.child(path, "appArmorProfile"), scope);
        checkSeLinux(context.getSeLinuxOptions(), Findings.child(path, "seLinuxOptions"), scope);
        checkWindows(context.getWindowsOptions(), Findings.child(path, "windowsOptions"), scope);
    }

    private static void checkIdentity(Long runAsUser, Boolean runAsNonRoot, String path, Findings.Scope scope) {
        if (runAsUser != null && runAsUser == 0L) {
            scope.refuse(Findings.child(path, "runAsUser"), ViolationCode.RUN_AS_ROOT, "containers may not run as root");
        }
        if (Boolean.FALSE.equals(runAsNonRoot)) {
            scope.refuse(Findings.child(path, "runAsNonRoot"), ViolationCode.RUN_AS_ROOT, "containers must run as non-root");
        }
    }

    private static void checkSeccomp(SeccompProfile profile, String path, Findings.Scope scope) {
        if (profile != null && "Unconfined".equals(profile.getType())) {
            scope.refuse(path, ViolationCode.SECCOMP_UNCONFINED, "seccomp may not be Unconfined");
        }
    }

    private static void checkAppArmor(AppArmorProfile profile, String path, Findings.Scope scope) {
        if (profile != null && "Unconfined".equals(profile.getType())) {
            scope.refuse(path, ViolationCode.APPARMOR_UNCONFINED, "AppArmor may not be Unconfined");
        }
    }

    private static void checkSeLinux(SELinuxOptions options, String path, Findings.Scope scope) {
        if (options == null) {
            return;
        }
        String type = options.getType() == null ? "" : options.getType();
        if (options.getUser() != null || options.getRole() != null || !ALLOWED_SELINUX_TYPES.contains(type)) {
            scope.refuse(path, ViolationCode.SELINUX, "SELinux user, role and types other than container types are not allowed");
        }
    }

    private static void checkWindows(WindowsSecurityContextOptions options, String path, Findings.Scope scope) {
        if (options != null && Boolean.TRUE.equals(options.getHostProcess())) {
            scope.refuse(Findings.child(path, "hostProcess"), ViolationCode.HOST_PROCESS, "host-process containers are not allowed");
        }
    }

    private static void checkPorts(List<ContainerPort> ports, String path, Findings.Scope scope) {
        List<ContainerPort> all = orEmpty(ports);
        for (int i = 0; i < all.size(); i++) {
            ContainerPort port = all.get(i);
            if (port.getHostPort() != null && port.getHostPort() != 0) {
                scope.refuse(Findings.child(Findings.child(path, i), "hostPort"), ViolationCode.HOST_PORT,
                        "hostPort would open a port on the node");
            }
            if (port.getHostIP() != null && !port.getHostIP().isEmpty()) {
                scope.refuse(Findings.child(Findings.child(path, i), "hostIP"), ViolationCode.HOST_PORT,
                        "hostIP would bind a port on the node");
            }
        }
    }

    private void checkVolumes(List<Volume> volumes, String path, Findings.Scope scope) {
        List<Volume> all = orEmpty(volumes);
        for (int i = 0; i < all.size(); i++) {
            Volume volume = all.get(i);
            String at = Findings.child(path, i);
            if (volume.getHostPath() != null) {
                scope.refuse(Findings.child(at, "hostPath"), ViolationCode.HOST_PATH, "hostPath volumes would reach the node's files");
                continue;
            }
            for (Object source : model.toMap(volume).keySet()) {
                if (!"name".equals(source) && !ALLOWED_VOLUMES.contains(source)) {
                    scope.refuse(Findings.child(at, source.toString()), ViolationCode.VOLUME_TYPE,
                            "volumes of type " + source + " are not allowed; use one of " + ALLOWED_VOLUMES);
                }
            }
            if (volume.getProjected() != null) {
                List<VolumeProjection> sources = orEmpty(volume.getProjected().getSources());
                for (int j = 0; j < sources.size(); j++) {
                    if (sources.get(j).getServiceAccountToken() != null) {
                        scope.refuse(Findings.child(Findings.child(Findings.child(Findings.child(at, "projected"), "sources"), j),
                                "serviceAccountToken"), ViolationCode.SERVICE_ACCOUNT, "service account tokens are not mounted");
                    }
                }
            }
        }
    }

    private static void checkAnnotations(Map<String, String> annotations, String path, Findings.Scope scope) {
        for (Map.Entry<String, String> annotation : (annotations == null ? Map.<String, String>of() : annotations).entrySet()) {
            String key = annotation.getKey();
            String value = String.valueOf(annotation.getValue());
            String at = Findings.child(Findings.child(path, "annotations"), key);
            if ((key.startsWith(SECCOMP_ANNOTATION) || key.startsWith(CONTAINER_SECCOMP_ANNOTATION))
                    && "unconfined".equalsIgnoreCase(value)) {
                scope.refuse(at, ViolationCode.SECCOMP_UNCONFINED, "seccomp may not be unconfined");
            }
            if (key.startsWith(APPARMOR_ANNOTATION) && "unconfined".equalsIgnoreCase(value)) {
                scope.refuse(at, ViolationCode.APPARMOR_UNCONFINED, "AppArmor may not be unconfined");
            }
        }
    }

    /** Sets what the restricted pod security level needs and what the gateway decides. */
    private static void harden(PodSpec spec) {
        spec.setAutomountServiceAccountToken(false);
        spec.setHostNetwork(null);
        spec.setHostPID(null);
        spec.setHostIPC(null);
        spec.setResources(null);
        PodSecurityContext pod = spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
        pod.setRunAsNonRoot(true);
        if (pod.getSeccompProfile() == null || !"Localhost".equals(pod.getSeccompProfile().getType())) {
            pod.setSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build());
        }
        spec.setSecurityContext(pod);
        for (Container container : orEmpty(spec.getInitContainers())) {
            container.setSecurityContext(hardened(container.getSecurityContext()));
        }
        for (Container container : orEmpty(spec.getContainers())) {
            container.setSecurityContext(hardened(container.getSecurityContext()));
        }
    }

    private static SecurityContext hardened(SecurityContext given) {
        SecurityContext context = given == null ? new SecurityContext() : given;
        context.setAllowPrivilegeEscalation(false);
        context.setPrivileged(null);
        context.setRunAsNonRoot(true);
        List<String> added = context.getCapabilities() == null ? List.of() : orEmpty(context.getCapabilities().getAdd());
        context.setCapabilities(new CapabilitiesBuilder().withAdd(added).withDrop("ALL").build());
        return context;
    }

    private static void refuseIfTrue(Boolean value, String path, ViolationCode code, String message, Findings.Scope scope) {
        if (Boolean.TRUE.equals(value)) {
            scope.refuse(path, code, message);
        }
    }

    private static void refuseIfSet(String value, String path, ViolationCode code, String message, Findings.Scope scope) {
        if (value != null && !value.isEmpty()) {
            scope.refuse(path, code, message);
        }
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
