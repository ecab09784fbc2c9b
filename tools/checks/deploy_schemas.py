#!/usr/bin/env python3
"""Validates the deployment manifests in deploy/ against their schemas, strictly (unknown keys refused).

- deploy/k8s/*.yaml: every document against the Kubernetes OpenAPI schemas of `kubernetes-validate` (PyPI) for the
  Kubernetes versions below, with `strict=True` (a misspelt field such as `concurencyPolicy` is an error, not ignored
  by the API server as it would be in production).
- deploy/argo/*.yaml: every CronWorkflow / Workflow / WorkflowTemplate against the JSON schema of Argo Workflows'
  API, taken from the pydantic models that `hera` (PyPI) generates from Argo's OpenAPI spec, with
  `additionalProperties: false` added to every object so that unknown keys are refused here as well.

Usage: python3 tools/checks/deploy_schemas.py [--self-test]
  --self-test  also checks that the validators can fail: a copy of each manifest with one key misspelt must be
               refused (CI runs this, so a validator that silently accepts everything is noticed).
Exit status 0 when every document is valid, 1 otherwise; one line per problem: file: kind/name: path: message.
"""
import copy
import glob
import os
import sys

import yaml

# The oldest Kubernetes the manifests are written for (docs/scaling.md: 1.33, where backoffLimitPerIndex is GA)
# and the newest this kubernetes-validate knows: a field removed or made required in between is caught.
KUBERNETES_VERSIONS = ("1.33.0", "1.37.0")

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def strict(schema):
    """Returns `schema` with additionalProperties: false on every object schema that lists its properties."""
    if isinstance(schema, dict):
        out = {k: strict(v) for k, v in schema.items()}
        if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    return schema


def argo_validator():
    import jsonschema
    from hera.workflows.models import CronWorkflow, Workflow, WorkflowTemplate

    validators = {}
    for kind, model in (("CronWorkflow", CronWorkflow), ("Workflow", Workflow), ("WorkflowTemplate", WorkflowTemplate)):
        schema = strict(model.model_json_schema(by_alias=True))
        validators[kind] = jsonschema.Draft202012Validator(schema)
    return validators


def problems_k8s(path, docs):
    import kubernetes_validate
    from kubernetes_validate.utils import ValidationError, SchemaNotFoundError

    out = []
    for doc in docs:
        name = f"{doc.get('kind', '?')}/{doc.get('metadata', {}).get('name', '?')}"
        for version in KUBERNETES_VERSIONS:
            try:
                kubernetes_validate.validate(doc, version, strict=True)
            except ValidationError as e:
                where = ".".join(str(p) for p in e.path) or "(top)"
                out.append(f"{path}: {name}: Kubernetes {version}: {where}: {e.message}")
            except SchemaNotFoundError as e:
                out.append(f"{path}: {name}: Kubernetes {version}: {e.message}")
    return out


def problems_argo(path, docs, validators):
    out = []
    for doc in docs:
        kind = doc.get("kind", "?")
        name = f"{kind}/{doc.get('metadata', {}).get('name', '?')}"
        validator = validators.get(kind)
        if validator is None:
            out.append(f"{path}: {name}: not an Argo Workflows kind this check knows ({', '.join(validators)})")
            continue
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
            where = ".".join(str(p) for p in e.absolute_path) or "(top)"
            out.append(f"{path}: {name}: {where}: {e.message}")
    return out


def load(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def misspelt(docs):
    """A copy of `docs` with the first key of the first document's spec misspelt (`x` appended)."""
    bad = copy.deepcopy(docs)
    spec = bad[0]["spec"]
    key = next(iter(spec))
    spec[key + "x"] = spec.pop(key)
    return bad, key


def main(argv):
    self_test = "--self-test" in argv
    validators = argo_validator()
    k8s = sorted(glob.glob(os.path.join(ROOT, "deploy", "k8s", "*.yaml")))
    argo = sorted(glob.glob(os.path.join(ROOT, "deploy", "argo", "*.yaml")))
    found = []
    checked = 0
    for path in k8s:
        docs = load(path)
        checked += len(docs)
        found += problems_k8s(os.path.relpath(path, ROOT), docs)
        if self_test:
            bad, key = misspelt(docs)
            if not problems_k8s(path, bad):
                found.append(f"{os.path.relpath(path, ROOT)}: self-test: spec.{key}x was accepted")
    for path in argo:
        docs = load(path)
        checked += len(docs)
        found += problems_argo(os.path.relpath(path, ROOT), docs, validators)
        if self_test:
            bad, key = misspelt(docs)
            if not problems_argo(path, bad, validators):
                found.append(f"{os.path.relpath(path, ROOT)}: self-test: spec.{key}x was accepted")
    for line in found:
        print(line)
    print(f"deploy schemas: {checked} documents in {len(k8s) + len(argo)} files, {len(found)} problems"
          + (" (self-test on)" if self_test else ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
