package io.grid.core.workload;

/** The rules of {@link YamlPolicy}; each violation names the one it broke. Names are stable codes. */
public enum ViolationCode {
    // Reading the YAML
    /** The input is larger than {@link YamlLimits#maxBytes()}, or aliases expand it beyond that. */
    TOO_LARGE,
    /** More documents than {@link YamlLimits#maxDocuments()}. */
    TOO_MANY_DOCUMENTS,
    /** More aliases to collections than {@link YamlLimits#maxAliases()}. */
    TOO_MANY_ALIASES,
    /** Maps and lists nested deeper than {@link YamlLimits#maxNestingDepth()}. */
    TOO_DEEP,
    /** A map repeats a key. */
    DUPLICATE_KEY,
    /** A collection contains itself through an alias. */
    RECURSIVE_STRUCTURE,
    /** A map key that is not a string (Kubernetes objects only have string keys). */
    NON_STRING_KEY,
    /** The text is not YAML that a safe loader accepts (syntax, unknown tags). */
    MALFORMED_YAML,
    /** No object at all. */
    NO_OBJECTS,
    // Objects
    /** A document is not a map with {@code apiVersion}, {@code kind} and {@code metadata}. */
    NOT_AN_OBJECT,
    /** A kind outside the allow-list. */
    KIND_NOT_ALLOWED,
    /** The apiVersion does not belong to the kind. */
    API_VERSION_MISMATCH,
    /** A field the Kubernetes model does not know (it would otherwise be silently dropped). */
    UNKNOWN_FIELD,
    /** A field of the wrong type or with a value Kubernetes does not accept. */
    INVALID_FIELD,
    /** A missing or malformed object name. */
    INVALID_NAME,
    /** Two objects of the same kind and name. */
    DUPLICATE_OBJECT,
    /** {@code metadata.namespace} names another namespace than the order's. */
    FOREIGN_NAMESPACE,
    /** Metadata that only the cluster or the gateway may set (finalizers, owner references, generateName). */
    FORBIDDEN_METADATA,
    // Pods
    /** hostNetwork, hostPID or hostIPC. */
    HOST_NAMESPACE,
    /** A pod pinned to a node with nodeName. */
    NODE_NAME,
    /** serviceAccountName, serviceAccount, automounted or projected service account tokens. */
    SERVICE_ACCOUNT,
    /** A privileged container. */
    PRIVILEGED,
    /** allowPrivilegeEscalation: true. */
    PRIVILEGE_ESCALATION,
    /** Added capabilities other than NET_BIND_SERVICE. */
    CAPABILITY,
    /** A hostPath volume. */
    HOST_PATH,
    /** A volume type outside configMap, secret, emptyDir, persistentVolumeClaim, projected, downwardAPI, ephemeral. */
    VOLUME_TYPE,
    /** A hostPort or hostIP on a container port. */
    HOST_PORT,
    /** procMount Unmasked. */
    PROC_MOUNT,
    /** Pod sysctls. */
    SYSCTLS,
    /** A seccomp profile of type Unconfined, at pod or container level or by annotation. */
    SECCOMP_UNCONFINED,
    /** An AppArmor profile of type Unconfined. */
    APPARMOR_UNCONFINED,
    /** SELinux options beyond the container types the restricted pod security level allows. */
    SELINUX,
    /** runAsUser 0 or runAsNonRoot false. */
    RUN_AS_ROOT,
    /** A Windows host-process container. */
    HOST_PROCESS,
    /** Tolerations, nodeSelector or node affinity aimed at control-plane nodes. */
    CONTROL_PLANE_SCHEDULING,
    /** priorityClassName or priority. */
    PRIORITY,
    /** runtimeClassName. */
    RUNTIME_CLASS,
    /** schedulerName. */
    SCHEDULER,
    /** An ephemeral container in a pod template (it cannot be given resource limits). */
    EPHEMERAL_CONTAINER,
    /** Dynamic resource claims, which would reach devices beyond the order. */
    RESOURCE_CLAIMS,
    /** A pod template without containers, or a container without an image. */
    NO_CONTAINERS,
    // Services
    /** A Service of type NodePort, LoadBalancer or ExternalName. */
    SERVICE_TYPE,
    /** externalIPs, a load balancer IP or source ranges on a Service. */
    EXTERNAL_IPS,
    /** A user-chosen nodePort. */
    NODE_PORT,
    /** A fixed clusterIP other than None. */
    CLUSTER_IP,
    // Secrets and volumes
    /** A Secret type that makes the cluster mint credentials (service account tokens). */
    SECRET_TYPE,
    /** A claim bound to a chosen volume, by volumeName, selector or data source. */
    VOLUME_BINDING,
    /** A storage quantity that cannot be read. */
    INVALID_QUANTITY,
    // Resources
    /** replicas negative or above {@link YamlLimits#maxReplicas()}. */
    TOO_MANY_REPLICAS,
    /** The order cannot give every container-replica at least 1m CPU and 1Mi memory. */
    ORDER_TOO_SMALL,
    /** Requested storage above the order's, or none left to fill in. */
    STORAGE_EXCEEDED
}
