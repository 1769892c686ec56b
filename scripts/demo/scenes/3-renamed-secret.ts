import type { Scene } from "../scene.js";
import { replay } from "../scene.js";

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: production }
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.0@sha256:${"4f".repeat(32)}
          env:
            - name: API_KEY
              valueFrom: { secretKeyRef: { name: api-credentials, key: api-key } }
`;

/** The cluster's secrets, as `kubectl get secrets -o json` lists them. */
const inventory = (secret: string) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: [
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: secret, namespace: "production" },
        data: { "api-key": "c2VjcmV0" },
      },
    ],
  });

// A key rotation renamed the secret by a bad grep; running pods kept the old one mounted.
export const renamedSecret: Scene = {
  incident: 3,
  title: "secret renamed, manifest still uses it",
  stage: "preflight",
  verdict: "missing-secret",
  id: "k8s-secrets",
  play: (kit) =>
    replay(kit, renamedSecret, {
      command: "preflight",
      files: {
        ".github/deploy-gate.yml": `version: 1
environments:
  production: {}
preflight:
  - { id: k8s-secrets, type: k8s-refs, manifests: ["k8s/*.yaml"], namespace: production, inventory: deploy/production.k8s.json }
`,
        "k8s/web.yaml": manifest,
        "deploy/production.k8s.json": inventory("api-credentials"),
      },
      fault: { "deploy/production.k8s.json": inventory("api-credentails") },
      fix: { "deploy/production.k8s.json": inventory("api-credentials") },
    }),
};
