package io.grid.core.workload;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.grid.api.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The policy for untrusted Kubernetes YAML: reads it within {@link YamlLimits}, accepts only
 * Deployment, StatefulSet, Service, ConfigMap, Secret and PersistentVolumeClaim with fields the
 * Kubernetes model knows, refuses whatever would reach the node, the control plane or other
 * tenants, places every object in the order's namespace with the order's labels, hardens pods to
 * the "restricted" pod security level and writes the order's resources into every container.
 *
 * <p>All violations are collected and refused together in one {@link WorkloadRefusedException};
 * nothing about the input escapes as any other exception.
 */
public class YamlPolicy {

    /** Label naming the order an object belongs to. */
    public static final String ORDER_LABEL = "grid.io/order";
    /** Label naming who manages an object. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY_LABEL} on the objects of orders. */
    public static final String MANAGED_BY = "grid";

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Set<String> SECRET_TYPES = Set.of("Opaque", "kubernetes.io/tls",
            "kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg", "kubernetes.io/basic-auth",
            "kubernetes.io/ssh-auth");
    private static final String SERVICE_ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name";

    /** The kinds a workload may contain, each with its only apiVersion and its model class. */
    enum AllowedKind {
        DEPLOYMENT("Deployment", "apps/v1", Deployment.class),
        STATEFUL_SET("StatefulSet", "apps/v1", StatefulSet.class),
        SERVICE("Service", "v1", Service.class),
        CONFIG_MAP("ConfigMap", "v1", ConfigMap.class),
        SECRET("Secret", "v1", Secret.class),
        PERSISTENT_VOLUME_CLAIM("PersistentVolumeClaim", "v1", PersistentVolumeClaim.class);

        final String kind;
        final String apiVersion;
        final Class<? extends HasMetadata> type;

        AllowedKind(String kind, String apiVersion, Class<? extends HasMetadata> type) {
            this.kind = kind;
            this.apiVersion = apiVersion;
            this.type = type;
        }

        static AllowedKind of(String kind) {
            for (AllowedKind allowed : values()) {
                if (allowed.kind.equals(kind)) {
                    return allowed;
                }
            }
            return null;
        }
    }

    private final YamlLimits limits;
    private final YamlDocuments documents;
    private final KubernetesModel model = new KubernetesModel();
    private final PodTemplateRules podRules = new PodTemplateRules(model);

    /** A policy with {@link YamlLimits#DEFAULTS}. */
    public YamlPolicy() {
        this(YamlLimits.DEFAULTS);
    }

    public YamlPolicy(YamlLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.documents = new YamlDocuments(limits);
    }

    /**
     * Checks and rewrites untrusted YAML for {@code target}.
     *
     * @return the objects to create, all in the target's namespace, with resources from its order
     * @throws WorkloadRefusedException with every violation when anything is not allowed
     */
    public SanitisedWorkload sanitise(String yaml, WorkloadTarget target) {
        Objects.requireNonNull(target, "target");
        Findings findings = new Findings();
        List<YamlDocuments.Document> read = documents.read(yaml == null ? "" : yaml, findings);
        findings.throwIfAny();
        if (read.isEmpty()) {
            throw new WorkloadRefusedException(List.of(new Violation(Violation.WHOLE_WORKLOAD, "", "",
                    ViolationCode.NO_OBJECTS, "the YAML holds no objects")));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ORDER_LABEL, target.orderLabel());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        List<HasMetadata> objects = new ArrayList<>();
        List<ResourceAllotment.PodWorkload> workloads = new ArrayList<>();
        List<ResourceAllotment.StorageClaim> claims = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlDocuments.Document document : read) {
            HasMetadata object = accept(document, target, labels, findings, workloads, claims);
            if (object != null && !seen.add(object.getKind() + "/" + object.getMetadata().getName())) {
                findings.add(document.index(), label(object.getKind(), object.getMetadata().getName()), "/metadata/name",
                        ViolationCode.DUPLICATE_OBJECT, "another " + object.getKind() + " has this name");
            }
            if (object != null) {
                objects.add(object);
            }
        }
        Resources allotted = ResourceAllotment.allot(workloads, claims, target.ordered(), findings);
        findings.throwIfAny();
        return new SanitisedWorkload(objects, allotted);
    }

    private HasMetadata accept(YamlDocuments.Document document, WorkloadTarget target, Map<String, String> labels,
            Findings findings, List<ResourceAllotment.PodWorkload> workloads, List<ResourceAllotment.StorageClaim> claims) {
        if (!(document.tree() instanceof Map<?, ?> tree)) {
            findings.add(document.index(), "", "", ViolationCode.NOT_AN_OBJECT,
                    "a document must be a Kubernetes object (a map with apiVersion, kind and metadata)");
            return null;
        }
        Object kind = tree.get("kind");
        Object apiVersion = tree.get("apiVersion");
        Object metadata = tree.get("metadata");
        Object name = metadata instanceof Map<?, ?> meta ? meta.get("name") : null;
        Findings.Scope scope = findings.in(document.index(), label(kind, name));
        if (!(kind instanceof String) || !(apiVersion instanceof String) || !(metadata instanceof Map<?, ?>)) {
            scope.refuse("", ViolationCode.NOT_AN_OBJECT,
                    "a document must be a Kubernetes object (a map with apiVersion, kind and metadata)");
            return null;
        }
        AllowedKind allowed = AllowedKind.of((String) kind);
        if (allowed == null) {
            scope.refuse("/kind", ViolationCode.KIND_NOT_ALLOWED, "the kind " + kind + " is not allowed; allowed are "
                    + "Deployment, StatefulSet, Service, ConfigMap, Secret and PersistentVolumeClaim");
            return null;
        }
        if (!allowed.apiVersion.equals(apiVersion)) {
            scope.refuse("/apiVersion", ViolationCode.API_VERSION_MISMATCH,
                    "the apiVersion of " + kind + " is " + allowed.apiVersion + ", not " + apiVersion);
            return null;
        }
        HasMetadata object = model.read(tree, allowed.type, scope);
        if (object == null) {
            return null;
        }
        checkMetadata(object.getMetadata(), "/metadata", allowed, target, labels, scope);
        switch (allowed) {
            case DEPLOYMENT -> acceptDeployment((Deployment) object, labels, scope, workloads);
            case STATEFUL_SET -> acceptStatefulSet((StatefulSet) object, labels, scope, workloads, claims);
            case SERVICE -> acceptService((Service) object, scope);
            case SECRET -> acceptSecret((Secret) object, scope);
            case PERSISTENT_VOLUME_CLAIM -> {
                PersistentVolumeClaim claim = (PersistentVolumeClaim) object;
                claim.setStatus(null);
                acceptClaim(claim, "", scope, claims, 1);
            }
            case CONFIG_MAP -> {
                // Data only: nothing beyond the metadata to check.
            }
        }
        return object;
    }

    private static void checkMetadata(ObjectMeta metadata, String path, AllowedKind kind, WorkloadTarget target,
            Map<String, String> labels, Findings.Scope scope) {
        String name = metadata.getName();
        boolean valid = kind == AllowedKind.SERVICE
                ? name != null && name.length() <= 63 && DNS_LABEL.matcher(name).matches()
                : name != null && name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
        if (!valid) {
            scope.refuse(path + "/name", ViolationCode.INVALID_NAME, kind == AllowedKind.SERVICE
                    ? "a Service needs a name of lower-case letters, digits and '-', starting with a letter, at most 63"
                    : "the object needs a name of lower-case letters, digits, '-' and '.', at most 253");
        }
        String namespace = metadata.getNamespace();
        if (namespace != null && !namespace.isEmpty() && !namespace.equals(target.namespace())) {
            scope.refuse(path + "/namespace", ViolationCode.FOREIGN_NAMESPACE,
                    "objects go into the order's namespace " + target.namespace() + ", not " + namespace);
        }
        if (metadata.getGenerateName() != null && !metadata.getGenerateName().isEmpty()) {
            scope.refuse(path + "/generateName", ViolationCode.FORBIDDEN_METADATA, "objects need a fixed name");
        }
        if (metadata.getFinalizers() != null && !metadata.getFinalizers().isEmpty()) {
            scope.refuse(path + "/finalizers", ViolationCode.FORBIDDEN_METADATA,
                    "finalizers would keep the order's objects from being torn down");
        }
        if (metadata.getOwnerReferences() != null && !metadata.getOwnerReferences().isEmpty()) {
            scope.refuse(path + "/ownerReferences", ViolationCode.FORBIDDEN_METADATA, "owner references are the cluster's to set");
        }
        metadata.setNamespace(target.namespace());
        Map<String, String> merged = new LinkedHashMap<>();
        if (metadata.getLabels() != null) {
            merged.putAll(metadata.getLabels());
        }
        // The gateway's labels win: they decide which objects belong to which order.
        merged.putAll(labels);
        metadata.setLabels(merged);
        // Fields the API server sets; a copy of someone else's object must not carry them along.
        metadata.setUid(null);
        metadata.setResourceVersion(null);
        metadata.setGeneration(null);
        metadata.setCreationTimestamp(null);
        metadata.setDeletionTimestamp(null);
        metadata.setDeletionGracePeriodSeconds(null);
        metadata.setManagedFields(null);
        metadata.setSelfLink(null);
    }

    private void acceptDeployment(Deployment deployment, Map<String, String> labels, Findings.Scope scope,
            List<ResourceAllotment.PodWorkload> workloads) {
        deployment.setStatus(null);
        if (deployment.getSpec() == null) {
            scope.refuse("/spec", ViolationCode.NO_CONTAINERS, "the Deployment has no spec");
            return;
        }
        Integer replicas = checkReplicas(deployment.getSpec().getReplicas(), scope);
        // Recreate: a rolling update's surge pods would run on top of the order's replicas.
        deployment.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("Recreate").build());
        podRules.apply(deployment.getSpec().getTemplate(), "/spec/template", labels, scope);
        if (replicas != null && deployment.getSpec().getTemplate() != null && deployment.getSpec().getTemplate().getSpec() != null) {
            workloads.add(new ResourceAllotment.PodWorkload(deployment.getSpec().getTemplate().getSpec(), replicas));
        }
    }

    private void acceptStatefulSet(StatefulSet statefulSet, Map<String, String> labels, Findings.Scope scope,
            List<ResourceAllotment.PodWorkload> workloads, List<ResourceAllotment.StorageClaim> claims) {
        statefulSet.setStatus(null);
        if (statefulSet.getSpec() == null) {
            scope.refuse("/spec", ViolationCode.NO_CONTAINERS, "the StatefulSet has no spec");
            return;
        }
        Integer replicas = checkReplicas(statefulSet.getSpec().getReplicas(), scope);
        podRules.apply(statefulSet.getSpec().getTemplate(), "/spec/template", labels, scope);
        if (replicas != null && statefulSet.getSpec().getTemplate() != null
                && statefulSet.getSpec().getTemplate().getSpec() != null) {
            workloads.add(new ResourceAllotment.PodWorkload(statefulSet.getSpec().getTemplate().getSpec(), replicas));
        }
        List<PersistentVolumeClaim> templates = statefulSet.getSpec().getVolumeClaimTemplates();
        for (int i = 0; i < templates.size(); i++) {
            PersistentVolumeClaim template = templates.get(i);
            String path = "/spec/volumeClaimTemplates/" + i;
            ObjectMeta metadata = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
            Map<String, String> merged = new LinkedHashMap<>();
            if (metadata.getLabels() != null) {
                merged.putAll(metadata.getLabels());
            }
            merged.putAll(labels);
            metadata.setLabels(merged);
            metadata.setNamespace(null);
            template.setMetadata(metadata);
            template.setStatus(null);
            // Each replica gets its own claim from every template.
            acceptClaim(template, path, scope, claims, replicas == null ? 1 : Math.max(1, replicas));
        }
    }

    private Integer checkReplicas(Integer replicas, Findings.Scope scope) {
        int count = replicas == null ? 1 : replicas;
        if (count < 0 || count > limits.maxReplicas()) {
            scope.refuse("/spec/replicas", ViolationCode.TOO_MANY_REPLICAS,
                    "replicas must lie between 0 and " + limits.maxReplicas() + ", not " + count);
            return null;
        }
        return count;
    }

    private static void acceptService(Service service, Findings.Scope scope) {
        service.setStatus(null);
        ServiceSpec spec = service.getSpec();
        if (spec == null) {
            service.setSpec(new ServiceSpec());
            spec = service.getSpec();
        }
        String type = spec.getType();
        if (type != null && !type.isEmpty() && !"ClusterIP".equals(type)) {
            scope.refuse("/spec/type", ViolationCode.SERVICE_TYPE, "Services are ClusterIP only; the gateway is the entrance, not " + type);
        }
        if (spec.getExternalName() != null && !spec.getExternalName().isEmpty()) {
            scope.refuse("/spec/externalName", ViolationCode.SERVICE_TYPE, "Services may not point at external names");
        }
        if (!spec.getExternalIPs().isEmpty()) {
            scope.refuse("/spec/externalIPs", ViolationCode.EXTERNAL_IPS, "externalIPs would capture traffic to other addresses");
        }
        if (spec.getLoadBalancerIP() != null || !spec.getLoadBalancerSourceRanges().isEmpty() || spec.getLoadBalancerClass() != null) {
            scope.refuse("/spec", ViolationCode.EXTERNAL_IPS, "load balancer settings are not allowed");
        }
        if (spec.getHealthCheckNodePort() != null) {
            scope.refuse("/spec/healthCheckNodePort", ViolationCode.NODE_PORT, "node ports are not allowed");
        }
        List<ServicePort> ports = spec.getPorts();
        for (int i = 0; i < ports.size(); i++) {
            Integer nodePort = ports.get(i).getNodePort();
            if (nodePort != null && nodePort != 0) {
                scope.refuse("/spec/ports/" + i + "/nodePort", ViolationCode.NODE_PORT, "node ports are not allowed");
            }
        }
        List<String> clusterIps = new ArrayList<>(spec.getClusterIPs());
        if (spec.getClusterIP() != null) {
            clusterIps.add(spec.getClusterIP());
        }
        for (String clusterIp : clusterIps) {
            if (!clusterIp.isEmpty() && !"None".equals(clusterIp)) {
                scope.refuse("/spec/clusterIP", ViolationCode.CLUSTER_IP, "the cluster chooses the clusterIP; only None is allowed");
                break;
            }
        }
        spec.setType("ClusterIP");
    }

    private static void acceptSecret(Secret secret, Findings.Scope scope) {
        String type = secret.getType();
        if (type != null && !type.isEmpty() && !SECRET_TYPES.contains(type)) {
            scope.refuse("/type", ViolationCode.SECRET_TYPE, "Secrets of type " + type + " are not allowed");
        }
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(SERVICE_ACCOUNT_ANNOTATION)) {
            scope.refuse(Findings.child("/metadata/annotations", SERVICE_ACCOUNT_ANNOTATION), ViolationCode.SECRET_TYPE,
                    "Secrets may not ask for service account tokens");
        }
    }

    private static void acceptClaim(PersistentVolumeClaim claim, String path, Findings.Scope scope,
            List<ResourceAllotment.StorageClaim> claims, long count) {
        PersistentVolumeClaimSpec spec = claim.getSpec();
        if (spec != null) {
            if (spec.getVolumeName() != null && !spec.getVolumeName().isEmpty()) {
                scope.refuse(path + "/spec/volumeName", ViolationCode.VOLUME_BINDING, "claims may not bind a chosen volume");
            }
            if (spec.getSelector() != null) {
                scope.refuse(path + "/spec/selector", ViolationCode.VOLUME_BINDING, "claims may not select volumes");
            }
            if (spec.getDataSource() != null || spec.getDataSourceRef() != null) {
                scope.refuse(path + "/spec/dataSource", ViolationCode.VOLUME_BINDING, "claims may not copy other volumes");
            }
        }
        claims.add(new ResourceAllotment.StorageClaim(scope, path, claim, count));
    }

    private static String label(Object kind, Object name) {
        if (!(kind instanceof String)) {
            return "";
        }
        return kind + "/" + (name instanceof String ? name : "?");
    }
}
