package io.grid.core.workload;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads untrusted multi-document YAML into plain maps and lists within {@link YamlLimits}: the size
 * is checked before parsing, documents are counted while they are read lazily, aliases to
 * collections and nesting are bounded by the parser, and the documents' size with aliases expanded
 * is measured without expanding them.
 */
final class YamlDocuments {

    private final YamlLimits limits;

    YamlDocuments(YamlLimits limits) {
        this.limits = limits;
    }

    /** One document: its index in the input and its tree of maps, lists and scalars. */
    record Document(int index, Object tree) {
    }

    /** The non-empty documents of {@code yaml}, in order; problems go to {@code findings}. */
    List<Document> read(String yaml, Findings findings) {
        List<Document> documents = new ArrayList<>();
        long bytes = utf8Length(yaml, limits.maxBytes());
        if (bytes > limits.maxBytes()) {
            findings.add(Violation.WHOLE_WORKLOAD, "", "", ViolationCode.TOO_LARGE,
                    "the YAML is larger than " + limits.maxBytes() + " bytes");
            return documents;
        }
        Weigher weigher = new Weigher(limits.maxBytes());
        int index = 0;
        try {
            for (Object document : parser().loadAll(yaml)) {
                if (index >= limits.maxDocuments()) {
                    findings.add(Violation.WHOLE_WORKLOAD, "", "", ViolationCode.TOO_MANY_DOCUMENTS,
                            "the YAML has more than " + limits.maxDocuments() + " documents");
                    break;
                }
                if (!weigher.admit(document, index, findings)) {
                    break;
                }
                if (document != null) {
                    documents.add(new Document(index, document));
                }
                index++;
            }
        } catch (DuplicateKeyException e) {
            findings.add(index, "", "", ViolationCode.DUPLICATE_KEY, oneLine(e));
        } catch (YAMLException e) {
            findings.add(index, "", "", classify(e), oneLine(e));
        } catch (RuntimeException e) {
            // SnakeYAML's constructors can fail outside YAMLException on odd scalars (dates,
            // numbers); the input is the user's, so this is a refusal, not a crash.
            findings.add(index, "", "", ViolationCode.MALFORMED_YAML, "the YAML cannot be read: " + e.getMessage());
        }
        return documents;
    }

    private Yaml parser() {
        LoaderOptions options = new LoaderOptions();
        // A second bound behind the byte count above, in case the input reaches the parser another way.
        options.setCodePointLimit(limits.maxBytes());
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setProcessComments(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    }

    private static ViolationCode classify(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("aliases for non-scalar nodes")) {
            return ViolationCode.TOO_MANY_ALIASES;
        }
        if (message.contains("Nesting Depth exceeded")) {
            return ViolationCode.TOO_DEEP;
        }
        if (message.contains("Recursive key")) {
            return ViolationCode.RECURSIVE_STRUCTURE;
        }
        return ViolationCode.MALFORMED_YAML;
    }

    private static String oneLine(YAMLException e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    }

    /** UTF-8 length of {@code text}, counting no further than just past {@code cap}. */
    static long utf8Length(String text, long cap) {
        if (text.length() > cap) {
            return text.length();
        }
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= cap; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Weighs documents as if their aliases were expanded (a collection weighs 1 plus its content, a
     * string its length, any other scalar 1), memoising shared nodes so that an alias bomb is
     * weighed in time proportional to its text, not to its expansion. Also finds self-containing
     * collections and non-string keys.
     */
    private static final class Weigher {
        private final long budget;
        private long spent;
        private final Map<Object, Long> weights = new IdentityHashMap<>();
        private final Map<Object, Boolean> inProgress = new IdentityHashMap<>();

        Weigher(long budget) {
            this.budget = budget;
        }

        boolean admit(Object document, int index, Findings findings) {
            Findings.Scope scope = findings.in(index, "");
            long weight = weigh(document, "", scope);
            if (!scope.clean()) {
                return false;
            }
            spent = saturatedAdd(spent, weight);
            if (spent > budget) {
                scope.refuse("", ViolationCode.TOO_LARGE,
                        "with aliases expanded, the YAML is larger than " + budget + " bytes");
                return false;
            }
            return true;
        }

        private long weigh(Object node, String path, Findings.Scope scope) {
            if (node instanceof String text) {
                return Math.max(1, text.length());
            }
            if (!(node instanceof Map<?, ?>) && !(node instanceof Iterable<?>)) {
                return node instanceof byte[] bytes ? Math.max(1, bytes.length) : 1;
            }
            Long known = weights.get(node);
            if (known != null) {
                return known;
            }
            if (inProgress.put(node, Boolean.TRUE) != null) {
                scope.refuse(path, ViolationCode.RECURSIVE_STRUCTURE, "a collection contains itself through an alias");
                return budget + 1;
            }
            long weight = 1;
            if (node instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key)) {
                        scope.refuse(path, ViolationCode.NON_STRING_KEY,
                                "the key " + entry.getKey() + " is not a string; quote it");
                        return budget + 1;
                    }
                    weight = saturatedAdd(weight, Math.max(1, key.length()));
                    weight = saturatedAdd(weight, weigh(entry.getValue(), Findings.child(path, key), scope));
                    if (weight > budget) {
                        break;
                    }
                }
            } else {
                int i = 0;
                for (Object item : (Iterable<?>) node) {
                    weight = saturatedAdd(weight, weigh(item, Findings.child(path, i++), scope));
                    if (weight > budget) {
                        break;
                    }
                }
            }
            inProgress.remove(node);
            weights.put(node, weight);
            return weight;
        }

        private static long saturatedAdd(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }
    }
}
