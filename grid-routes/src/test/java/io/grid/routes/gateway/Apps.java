package io.grid.routes.gateway;

/** Kubernetes YAML a user might serve for their order. */
public final class Apps {

    private Apps() {
    }

    /** A web server Deployment named {@code name} with its Service. */
    public static String webApp(String name) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app: %1$s
                  template:
                    metadata:
                      labels:
                        app: %1$s
                    spec:
                      containers:
                        - name: web
                          image: nginxinc/nginx-unprivileged:1.27
                          ports:
                            - containerPort: 8080
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                spec:
                  selector:
                    app: %1$s
                  ports:
                    - port: 80
                      targetPort: 8080
                """.formatted(name);
    }

    /** A Deployment asking for the node's network and a cluster-wide role: refused twice over. */
    public static String hostileApp() {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: miner
                spec:
                  selector:
                    matchLabels:
                      app: miner
                  template:
                    metadata:
                      labels:
                        app: miner
                    spec:
                      hostNetwork: true
                      containers:
                        - name: miner
                          image: example.org/miner:1
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: take-over
                """;
    }
}
