package io.grid.core.workload;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Turns a checked map tree into a fabric8 model object, strictly. fabric8's model classes keep
 * unknown fields in {@code additionalProperties} and send them on to the API server; here an
 * unknown field is a violation instead, so that nothing reaches the cluster that was not checked.
 */
final class KubernetesModel {

    private static final String SCOPE = "grid.findings.scope";

    private final ObjectMapper mapper = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    // No catch-all: every field must be one the model knows.
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // An explicit null means "not set", as for the API server; the model's empty lists stay.
            .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP))
            .addHandler(new UnknownFieldCollector())
            .build();

    /** The document as {@code type}, or null when it does not fit; reasons go to {@code scope}. */
    <T> T read(Map<?, ?> document, Class<T> type, Findings.Scope scope) {
        try {
            JsonNode tree = mapper.valueToTree(document);
            return mapper.readerFor(type).withAttribute(SCOPE, scope).readValue(tree);
        } catch (IOException | IllegalArgumentException e) {
            // A tree holds no syntax errors: what fails here is a field's type or value.
            String path = e instanceof JsonMappingException mapping ? pointer(mapping) : "";
            String message = e instanceof JsonMappingException mapping ? mapping.getOriginalMessage() : e.getMessage();
            scope.refuse(path, ViolationCode.INVALID_FIELD, String.valueOf(message).lines().findFirst().orElse(""));
            return null;
        }
    }

    /** The object as a plain map, to look at which fields are set. */
    Map<?, ?> toMap(Object value) {
        return mapper.convertValue(value, Map.class);
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append(reference.getFieldName() != null
                    ? Findings.child("", reference.getFieldName())
                    : Findings.child("", reference.getIndex()));
        }
        return path.toString();
    }

    /** Records every unknown field as a violation and reads on, so that all of them are reported. */
    private static final class UnknownFieldCollector extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
            Findings.Scope scope = (Findings.Scope) context.getAttribute(SCOPE);
            scope.refuse(pointer(parser), ViolationCode.UNKNOWN_FIELD,
                    "the field " + propertyName + " is not part of the Kubernetes model");
            parser.skipChildren();
            return true;
        }

        private static String pointer(JsonParser parser) {
            // On a map or list value the parser already stands in the value's own context.
            JsonStreamContext context = parser.getParsingContext();
            if (parser.currentToken() != null && parser.currentToken().isStructStart()) {
                context = context.getParent();
            }
            return context.pathAsPointer().toString();
        }
    }
}
