package dev.syncasync.deploy;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.util.Map;

/**
 * Offline schema checks with the Kubernetes API's own generated models (client-java, API 1.32):
 * each rejects a field its type does not have and a required field that is missing, all the way
 * down - what {@code kubectl apply --validate=strict} would say, without a cluster to ask.
 */
final class KubernetesSchema {

    /** The kinds the lab's manifests use, by {@code apiVersion/kind}. */
    private static final Map<String, Validator> KINDS = Map.of(
            "v1/Namespace", V1Namespace::validateJsonElement,
            "v1/ConfigMap", V1ConfigMap::validateJsonElement,
            "v1/Secret", V1Secret::validateJsonElement,
            "v1/Service", V1Service::validateJsonElement,
            "apps/v1/Deployment", V1Deployment::validateJsonElement,
            "apps/v1/StatefulSet", V1StatefulSet::validateJsonElement,
            "batch/v1/Job", V1Job::validateJsonElement,
            "networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::validateJsonElement);

    private KubernetesSchema() {
    }

    private interface Validator {
        void validate(JsonElement json) throws IOException;
    }

    /** Fails with the object's kind, name and the model's message when {@code object} is not valid. */
    static void validate(Map<String, Object> object) {
        String type = object.get("apiVersion") + "/" + object.get("kind");
        Validator validator = KINDS.get(type);
        String name = type + " " + ((Map<?, ?>) object.get("metadata")).get("name");
        if (validator == null) {
            throw new AssertionError(name + ": no schema for this kind here (add it to KubernetesSchema)");
        }
        try {
            validator.validate(new Gson().toJsonTree(object));
        } catch (IOException | RuntimeException e) {
            // The model's message ends with the whole object as JSON: the first sentence says it.
            String message = String.valueOf(e.getMessage());
            int json = message.indexOf(" JSON: ");
            throw new AssertionError(name + ": " + (json < 0 ? message : message.substring(0, json)), e);
        }
    }
}
