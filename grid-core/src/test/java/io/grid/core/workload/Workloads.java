package io.grid.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grid.api.Resources;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Test fixtures: workload documents as mutable maps, written out as YAML. */
final class Workloads {

    static final BigInteger ORDER_ID = BigInteger.valueOf(42);
    static final Resources ORDERED = Resources.of(2000, 4096, 10);
    static final WorkloadTarget TARGET = WorkloadTarget.of(ORDER_ID, ORDERED);

    private Workloads() {
    }

    static Map<String, Object> deployment(String name) {
        Map<String, Object> document = object("apps/v1", "Deployment", name);
        put(document, "spec.replicas", 2);
        put(document, "spec.selector.matchLabels.app", name);
        put(document, "spec.template.metadata.labels.app", name);
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "web");
        container.put("image", "nginxinc/nginx-unprivileged:1.27");
        put(document, "spec.template.spec.containers", new ArrayList<>(List.of(container)));
        return document;
    }

    static Map<String, Object> statefulSet(String name) {
        Map<String, Object> document = deployment(name);
        document.put("kind", "StatefulSet");
        put(document, "spec.serviceName", name);
        return document;
    }

    static Map<String, Object> object(String apiVersion, String kind, String name) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", apiVersion);
        document.put("kind", kind);
        put(document, "metadata.name", name);
        return document;
    }

    /** Sets a value at a dotted path ({@code spec.template.spec.containers.0.image}), making maps on the way. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> put(Map<String, Object> root, String path, Object value) {
        List<String> keys = Arrays.asList(path.split("\\."));
        Object node = root;
        for (int i = 0; i < keys.size() - 1; i++) {
            Object next = step(node, keys.get(i));
            if (next == null) {
                next = new LinkedHashMap<String, Object>();
                ((Map<String, Object>) node).put(keys.get(i), next);
            }
            node = next;
        }
        String last = keys.get(keys.size() - 1);
        if (node instanceof List<?> list) {
            ((List<Object>) list).set(Integer.parseInt(last), value);
        } else {
            ((Map<String, Object>) node).put(last, value);
        }
        return root;
    }

    private static Object step(Object node, String key) {
        if (node instanceof List<?> list) {
            return list.get(Integer.parseInt(key));
        }
        return ((Map<?, ?>) node).get(key);
    }

    static String yaml(Object... documents) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dumpAll(Arrays.asList(documents).iterator());
    }

    static WorkloadRefusedException refusal(String yaml) {
        return refusal(new YamlPolicy(), yaml, TARGET);
    }

    static WorkloadRefusedException refusal(YamlPolicy policy, String yaml, WorkloadTarget target) {
        WorkloadRefusedException refused = catchThrowableOfType(WorkloadRefusedException.class,
                () -> policy.sanitise(yaml, target));
        assertThat(refused).as("the workload should be refused").isNotNull();
        return refused;
    }

    static List<ViolationCode> codes(WorkloadRefusedException refused) {
        return refused.violations().stream().map(Violation::code).toList();
    }
}
