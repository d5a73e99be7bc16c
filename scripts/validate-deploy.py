#!/usr/bin/env python3
"""Checks the deployment files offline: .build-tools/venv/bin/python scripts/validate-deploy.py [DIRECTORY]

DIRECTORY (default: deploy/ of this repository) holds compose.yaml and kubernetes/. Nothing is fetched: the
schemas ship inside the two packages scripts/test-tools.txt pins (scripts/setup.sh installs them).

  * compose.yaml against the Compose specification's schema that check-jsonschema bundles
    (--builtin-schema vendor.compose-spec);
  * every Kubernetes object against the API schemas that kubernetes-validate bundles, for each version of
    KUBERNETES_VERSIONS, in strict mode (an unknown field fails). KEDA's ScaledObject is a custom resource
    those schemas do not have: it is named as such and its shape is checked here instead (KEDA_SPEC_FIELDS);
    any other kind without a schema fails;
  * the rules that tie the files to the service (each message ends with the rule's name in brackets):
    memory-limit, termination-grace, stop-grace, probes, worker-healthcheck, unknown-setting, secret-inline,
    and more below. Settings are the keys Sources/RenderService reads (reader.string("…") and its siblings).

Exits 0 when everything holds, 1 naming each file and rule that does not, 2 when it cannot run.
"""

import difflib
import functools
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def cannot(message):
    print(f"validate-deploy: {message}", file=sys.stderr)
    sys.exit(2)


try:
    import yaml
    import kubernetes_validate.utils as kubernetes_validate
except ImportError as error:
    cannot(f"{error}. Run scripts/setup.sh (it installs scripts/test-tools.txt into .build-tools/venv), "
           f"then run this with .build-tools/venv/bin/python")

# The oldest Kubernetes these manifests are meant for (policy/v1 PodDisruptionBudgets, the preStop and probe
# fields used) and the newest kubernetes-validate bundles.
KUBERNETES_VERSIONS = ["1.30.0", "1.37.0"]

# The container memory rule: MEMORY_BUDGET_MB (the render pool) + TILE_CACHE_MEMORY_MB (remote tiles in memory)
# + this much for the rest of the process (decoded tiles, encoders, transfers, the runtime).
HEADROOM_MIB = 512

# Defaults of the settings the rules read (ServiceConfiguration.swift, WebhookSettings.swift) and the image's
# ENV (read from the Dockerfile below).
DEFAULTS = {
    "CARTOPRESS_MEMORY_BUDGET_MB": "768",
    "CARTOPRESS_TILE_CACHE_MEMORY_MB": "256",
    "CARTOPRESS_SHUTDOWN_GRACE_SECONDS": "30",
    "CARTOPRESS_WEBHOOK_TIMEOUT_SECONDS": "15",
    "CARTOPRESS_MAX_WAIT_SECONDS": "60",
    "CARTOPRESS_REDIS_PREFIX": "cartopress:",
    "CARTOPRESS_HOST": "127.0.0.1",
    "CARTOPRESS_PORT": "8080",
}

# Settings being added alongside these files; they count as settings before Sources/ reads them.
PENDING_SETTINGS = {"CARTOPRESS_POSTER_RETENTION_DAYS", "CARTOPRESS_MAX_WAIT_SECONDS"}

# Values that must come from the environment (Compose: ${VAR:?message}) or a Secret (Kubernetes), never a file.
SECRET_SETTINGS = {"CARTOPRESS_API_KEY_PEPPER", "CARTOPRESS_S3_ACCESS_KEY_ID", "CARTOPRESS_S3_SECRET_ACCESS_KEY",
                   "CARTOPRESS_S3_SESSION_TOKEN", "CARTOPRESS_WEBHOOK_SECRET"}

# Custom resources kubernetes-validate cannot know, by apiVersion and kind: the fields of their spec
# (KEDA 2.x's ScaledObject CRD), checked by check_scaled_object.
KEDA_SPEC_FIELDS = {"scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount",
                    "minReplicaCount", "maxReplicaCount", "advanced", "triggers", "fallback"}
CUSTOM_RESOURCES = {("keda.sh/v1alpha1", "ScaledObject")}

MIB = 1 << 20


class Report:
    def __init__(self, directory):
        self.directory = directory
        self.problems = []
        self.checked = 0

    def name(self, path):
        return f"{self.directory.name}/{Path(path).relative_to(self.directory)}"

    def fail(self, path, rule, message):
        self.problems.append(f"FAIL {self.name(path)}: {message} [{rule}]")

    def holds(self):
        self.checked += 1


# ---------------------------------------------------------------------------------------------- settings

def known_variables():
    """(settings, other variables the service reads) as CARTOPRESS_* names."""
    keys = set()
    sources = sorted((REPO / "Sources" / "RenderService").glob("*.swift"))
    for source in sources:
        keys.update(re.findall(r'reader\.(?:string|integer|number|bool)\("([a-z0-9_]+)"', source.read_text()))
    if len(keys) < 20:
        cannot(f"found only {len(keys)} settings in {REPO / 'Sources/RenderService'}; has ConfigurationReader changed?")
    settings = {"CARTOPRESS_" + key.upper() for key in keys} | PENDING_SETTINGS
    # Read by the service but no settings: the JSON file of settings, and the resources' root (the image sets it).
    others = {"CARTOPRESS_CONFIG", "CARTOPRESS_HOME"}
    return settings, others


@functools.cache
def image_environment():
    """The CARTOPRESS_* values the Dockerfile's ENV sets."""
    dockerfile = (REPO / "Dockerfile").read_text()
    return {name: value.strip('"') for name, value in re.findall(r'(CARTOPRESS_[A-Z0-9_]+)=("[^"]*"|[^\s\\]+)', dockerfile)}


def is_service_link(name):
    """Variables Kubernetes injects for a Service named `cartopress` (the service ignores them)."""
    return name.startswith(("CARTOPRESS_SERVICE_HOST", "CARTOPRESS_SERVICE_PORT", "CARTOPRESS_PORT_"))


def check_variable_names(path, report, settings, others):
    """Every CARTOPRESS_* name in a file, comments included, is a setting (or a prefix written as CARTOPRESS_S3_*)."""
    allowed = settings | others
    for line_number, line in enumerate(Path(path).read_text().splitlines(), 1):
        for match in re.finditer(r"CARTOPRESS_[A-Z0-9_]*", line):
            token = match.group(0)
            name = token.rstrip("_")
            if name in allowed or is_service_link(name):
                continue
            written_as_prefix = token.endswith("_") and line[match.end():match.end() + 1] in ("*", "…")
            if written_as_prefix and any(setting.startswith(token) for setting in allowed):
                continue
            near = difflib.get_close_matches(name, sorted(allowed), n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            report.fail(path, "unknown-setting", f"line {line_number}: {name} is not a setting of the service{hint}")


# ------------------------------------------------------------------------------------------- small parsers

def seconds(text):
    """Compose durations: 90s, 1m30s, 1h, 500ms (a bare number is seconds)."""
    text = str(text).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    total, position = 0.0, 0
    for match in re.finditer(r"(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)", text):
        if match.start() != position:
            return None
        position = match.end()
        total += float(match.group(1)) * {"h": 3600, "m": 60, "s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}[match.group(2)]
    return total if position == len(text) and position else None


def docker_bytes(text):
    """Docker memory sizes: 1536M, 1.5g, 1610612736 (binary multiples, as Docker reads them)."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([bkmg]?)b?", str(text).strip().lower())
    if not match:
        return None
    return int(float(match.group(1)) * {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[match.group(2)])


def kubernetes_bytes(text):
    """Kubernetes quantities: 1536Mi, 1.5Gi, 2G, 1610612736."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|m)?", str(text).strip())
    if not match:
        return None
    factor = {None: 1, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40, "k": 10**3, "M": 10**6,
              "G": 10**9, "T": 10**12, "m": 1e-3}[match.group(2)]
    return int(float(match.group(1)) * factor)


def interpolate(value):
    """A Compose value with its ${…} resolved as `docker compose config` would with nothing set: defaults
    taken, ${VAR:?…} shown as <VAR>, ${VAR} empty."""
    text, out, i = str(value), [], 0
    while i < len(text):
        if text.startswith("$$", i):
            out.append("$")
            i += 2
        elif text.startswith("${", i):
            depth, j = 0, i + 1
            while j < len(text):
                depth += text[j] == "{"
                depth -= text[j] == "}"
                if depth == 0:
                    break
                j += 1
            inner = text[i + 2:j]
            match = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?", inner, re.S)
            if not match:
                out.append(text[i:j + 1])
            elif match.group(2) in (":-", "-"):
                out.append(match.group(3))
            elif match.group(2) in (":?", "?"):
                out.append(f"<{match.group(1)}>")
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def number(environment, name):
    value = environment.get(name, DEFAULTS.get(name))
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def shutdown_needs(environment, role):
    """Seconds a process needs between SIGTERM and exit, and how that sum is made (for the message)."""
    grace = number(environment, "CARTOPRESS_SHUTDOWN_GRACE_SECONDS") or 0
    workers = number(environment, "CARTOPRESS_WORKERS")
    parts = [(grace, f"CARTOPRESS_SHUTDOWN_GRACE_SECONDS ({grace:g})")]
    if role == "worker" or (workers is None or workers > 0):
        # WorkerService: the grace for running renders, then the last webhooks (one attempt's timeout + 1 s).
        timeout = number(environment, "CARTOPRESS_WEBHOOK_TIMEOUT_SECONDS") or 0
        parts = [(grace + timeout + 1, f"CARTOPRESS_SHUTDOWN_GRACE_SECONDS ({grace:g}) + the last webhook attempt "
                                       f"(CARTOPRESS_WEBHOOK_TIMEOUT_SECONDS {timeout:g} + 1)")]
    if role == "serve":
        wait = number(environment, "CARTOPRESS_MAX_WAIT_SECONDS") or 0
        parts.append((wait, f"CARTOPRESS_MAX_WAIT_SECONDS ({wait:g}, the longest `Prefer: wait`)"))
    return max(parts)


def memory_needs(environment):
    budget = number(environment, "CARTOPRESS_MEMORY_BUDGET_MB") or 0
    cache = number(environment, "CARTOPRESS_TILE_CACHE_MEMORY_MB") or 0
    total = budget + cache + HEADROOM_MIB
    return int(total * MIB), (f"CARTOPRESS_MEMORY_BUDGET_MB ({budget:g}) + CARTOPRESS_TILE_CACHE_MEMORY_MB ({cache:g}) "
                              f"+ {HEADROOM_MIB} MiB headroom = {total:g} MiB")


def redis_url_host(environment):
    match = re.fullmatch(r"redis://([^:/]+)(?::(\d+))?/?", environment.get("CARTOPRESS_REDIS_URL") or "")
    return (match.group(1), int(match.group(2) or 6379)) if match else None


# ------------------------------------------------------------------------------------------------- Compose

def command_words(value):
    if value is None:
        return []
    return value.split() if isinstance(value, str) else [str(word) for word in value]


def compose_role(service):
    """serve or worker for a service that runs the CartoPress image, else None."""
    image = str(service.get("image", ""))
    build = service.get("build")
    dockerfile = build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile" if build else ""
    if not (re.match(r"(.*/)?cartopress(:|$)", image) or Path(dockerfile).name == "Dockerfile" and build):
        return None
    words = command_words(service.get("command"))
    return words[0] if words else "serve"  # the Dockerfile's CMD


def compose_environment(service):
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return {str(key): "" if value is None else str(value) for key, value in environment.items()}


def check_compose(path, report):
    schema = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)],
                            capture_output=True, text=True)
    if schema.returncode != 0:
        detail = (schema.stdout + schema.stderr).strip().replace("\n", "\n    ")
        report.fail(path, "compose-schema", f"does not follow the Compose specification:\n    {detail}")
        return
    report.holds()
    document = yaml.safe_load(path.read_text()) or {}
    services = document.get("services") or {}

    for name, service in services.items():
        where = f"service {name}"
        role = compose_role(service)
        raw = compose_environment(service)
        healthcheck = service.get("healthcheck") or {}
        depends_on = service.get("depends_on") or {}
        if isinstance(depends_on, list):  # the short form waits for nothing but the start
            depends_on = {dependency: {"condition": "service_started"} for dependency in depends_on}

        for key, value in raw.items():
            if key in SECRET_SETTINGS and not re.fullmatch(r"\$\{[A-Z0-9_]+:?\?[^}]*\}", value):
                report.fail(path, "secret-inline", f"{where}: {key} must come from the environment as "
                                                   f"${{{key}:?message}}, not be written in the file")

        for dependency, condition in depends_on.items():
            target = services.get(dependency) or {}
            checked = target.get("healthcheck") and not target["healthcheck"].get("disable")
            # A CartoPress API without a healthcheck of its own keeps the image's HEALTHCHECK.
            if (condition or {}).get("condition") == "service_healthy" and not checked and compose_role(target) != "serve":
                report.fail(path, "depends-on-health", f"{where} waits for {dependency} to be healthy, "
                                                       f"but {dependency} has no healthcheck")

        if str(service.get("image", "")).startswith("redis"):
            check_redis_arguments(path, report, where, command_words(service.get("command")))
            if not healthcheck or healthcheck.get("disable"):
                report.fail(path, "redis-healthcheck", f"{where}: Redis needs a healthcheck (redis-cli ping) for depends_on")

        if role is None:
            continue
        environment = {**DEFAULTS, **image_environment(), **{key: interpolate(value) for key, value in raw.items()}}

        stop = seconds(service.get("stop_grace_period", "10s"))
        needed, why = shutdown_needs(environment, role)
        if stop is None or stop <= needed:
            report.fail(path, "stop-grace", f"{where} (cartopress {role}): stop_grace_period "
                                            f"{service.get('stop_grace_period', '10s (the default)')} is not longer than "
                                            f"{why}: Docker would kill it mid-shutdown")
        else:
            report.holds()

        limits = ((service.get("deploy") or {}).get("resources") or {}).get("limits") or {}
        limit = limits.get("memory", service.get("mem_limit"))
        needed_bytes, why = memory_needs(environment)
        if limit is None:
            report.fail(path, "memory-limit", f"{where} (cartopress {role}): no memory limit; give "
                                              f"deploy.resources.limits.memory >= {why}")
        elif (docker_bytes(limit) or 0) < needed_bytes:
            report.fail(path, "memory-limit", f"{where} (cartopress {role}): memory limit {limit} is below {why}")
        else:
            report.holds()

        if role == "worker":
            if healthcheck.get("disable") or command_words(healthcheck.get("test"))[:1] == ["NONE"]:
                report.holds()
            else:
                report.fail(path, "worker-healthcheck", f"{where}: `cartopress worker` serves no HTTP, so the image's "
                                                        f"HEALTHCHECK (curl :8080/healthz) fails; set healthcheck.disable: true")
        elif healthcheck:
            test = " ".join(command_words(healthcheck.get("test")))
            if healthcheck.get("disable") or "/healthz" not in test:
                report.fail(path, "probes", f"{where}: the API's healthcheck must call /healthz, not {test or 'nothing'}")
            else:
                report.holds()

        if role == "serve" and environment.get("CARTOPRESS_HOST") not in ("0.0.0.0", "::"):
            report.fail(path, "listen-address", f"{where}: CARTOPRESS_HOST is {environment.get('CARTOPRESS_HOST')}; "
                                                f"give 0.0.0.0 or nothing outside the container reaches the API")
        check_redis_use(path, report, where, role, environment, secret_names=set(raw))
        redis = redis_url_host(environment)
        if redis and redis[0] in services and (depends_on.get(redis[0]) or {}).get("condition") != "service_healthy":
            report.fail(path, "depends-on-health", f"{where} uses Redis at {redis[0]} but does not wait for it: "
                                                   f"depends_on: {redis[0]}: condition: service_healthy")


def check_redis_arguments(path, report, where, words):
    joined = " ".join(words)
    if not re.search(r"--appendonly\s+yes\b", joined):
        report.fail(path, "redis-aof", f"{where}: Redis must run with --appendonly yes (acknowledged jobs survive a restart)")
    else:
        report.holds()
    policy = re.search(r"--maxmemory-policy\s+(\S+)", joined)
    if policy and policy.group(1) != "noeviction":
        report.fail(path, "redis-noeviction", f"{where}: --maxmemory-policy {policy.group(1)}: CartoPress refuses to start "
                                              f"unless it is noeviction")


def check_redis_use(path, report, where, role, environment, secret_names, replicas=1):
    if not environment.get("CARTOPRESS_REDIS_URL"):
        if role == "worker":
            report.fail(path, "worker-needs-redis", f"{where}: `cartopress worker` needs CARTOPRESS_REDIS_URL")
        elif replicas > 1:
            report.fail(path, "replicas-need-redis", f"{where}: {replicas} API replicas need CARTOPRESS_REDIS_URL "
                                                     f"(an in-process queue is not shared)")
        return
    if redis_url_host(environment) is None:
        report.fail(path, "redis-url", f"{where}: CARTOPRESS_REDIS_URL {environment['CARTOPRESS_REDIS_URL']} is not redis://host:port")
    if "CARTOPRESS_API_KEY_PEPPER" not in secret_names:
        report.fail(path, "pepper-with-redis", f"{where}: with Redis every instance needs the same "
                                               f"CARTOPRESS_API_KEY_PEPPER (from a secret)")
    else:
        report.holds()


# ---------------------------------------------------------------------------------------------- Kubernetes

def load_kubernetes(directory, report):
    objects = []
    for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
        if path.name in ("kustomization.yaml", "kustomization.yml"):
            continue
        try:
            documents = [d for d in yaml.safe_load_all(path.read_text()) if d]
        except yaml.YAMLError as error:
            report.fail(path, "yaml", f"is not YAML: {error}")
            continue
        for document in documents:
            if not isinstance(document, dict) or "kind" not in document or "apiVersion" not in document:
                report.fail(path, "kubernetes-schema", "has a document that is no Kubernetes object (no apiVersion/kind)")
                continue
            objects.append((path, document))
    return objects


def label(document):
    return f"{document['kind']}/{(document.get('metadata') or {}).get('name', '?')}"


def check_schemas(objects, report):
    notes = []
    for path, document in objects:
        key = (document["apiVersion"], document["kind"])
        if key in CUSTOM_RESOURCES:
            notes.append(f"{report.name(path)}: {label(document)} is a custom resource ({document['apiVersion']}, KEDA's "
                         f"CRD) that kubernetes-validate has no schema for: its shape is checked by this script instead")
            continue
        for version in KUBERNETES_VERSIONS:
            try:
                kubernetes_validate.validate(document, version, strict=True)
                report.holds()
            except kubernetes_validate.ValidationError as error:
                field = ".".join(str(part) for part in error.path) or "(top level)"
                report.fail(path, "kubernetes-schema", f"{label(document)} is not valid for Kubernetes {error.version} "
                                                       f"(strict): {field}: {error.message}")
                break
            except kubernetes_validate.SchemaNotFoundError as error:
                report.fail(path, "kubernetes-schema", f"{label(document)}: {error.message}; a custom resource must be "
                                                       f"added to CUSTOM_RESOURCES with a check of its own")
                break
    return notes


def pod_spec(document):
    if document["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        return ((document.get("spec") or {}).get("template") or {}).get("spec") or {}
    return None


def template_labels(document):
    return (((document.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("labels") or {}


def selects(selector, labels):
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def cartopress_role(container):
    image = str(container.get("image", ""))
    if not re.match(r"(.*/)?cartopress(:|@|$)", image):
        return None
    words = command_words(container.get("command")) + command_words(container.get("args"))
    words = [word for word in words if word != "cartopress" and not word.endswith("/cartopress")]
    return words[0] if words else "serve"


def container_environment(path, report, container, configmaps, secrets, where):
    """(effective environment, names that come from a Secret) of a container, image ENV included."""
    environment = {**DEFAULTS, **image_environment()}
    from_secret = set()
    for source in container.get("envFrom") or []:
        prefix = source.get("prefix", "")
        if "configMapRef" in source:
            name = source["configMapRef"].get("name")
            if name not in configmaps:
                if not source["configMapRef"].get("optional"):
                    report.fail(path, "missing-configmap", f"{where}: envFrom names ConfigMap {name}, which no file here defines")
                continue
            environment.update({prefix + key: str(value) for key, value in configmaps[name].items()})
        if "secretRef" in source:
            name = source["secretRef"].get("name")
            if name not in secrets:
                if not source["secretRef"].get("optional"):
                    report.fail(path, "missing-secret", f"{where}: envFrom names Secret {name}, which no file here "
                                                        f"defines (not even as an example)")
                continue
            for key in secrets[name]:
                environment[prefix + key] = "<secret>"
                from_secret.add(prefix + key)
    for variable in container.get("env") or []:
        name = variable.get("name")
        source = variable.get("valueFrom") or {}
        if "value" in variable:
            environment[name] = str(variable["value"])
            from_secret.discard(name)
            if name in SECRET_SETTINGS:
                report.fail(path, "secret-inline", f"{where}: {name} is written in the manifest; take it from a Secret")
        elif "secretKeyRef" in source:
            environment[name] = "<secret>"
            from_secret.add(name)
        elif "configMapKeyRef" in source:
            reference = source["configMapKeyRef"]
            environment[name] = str((configmaps.get(reference.get("name")) or {}).get(reference.get("key"), ""))
            from_secret.discard(name)
            if name in SECRET_SETTINGS:
                report.fail(path, "secret-inline", f"{where}: {name} comes from a ConfigMap; take it from a Secret")
        else:
            environment[name] = "<from the pod>"
    return environment, from_secret


def probe_port_matches(probe, container, port):
    target = ((probe or {}).get("httpGet") or {}).get("port")
    for declared in container.get("ports") or []:
        if target in (declared.get("name"), declared.get("containerPort")):
            return declared.get("containerPort") == port
    return target == port


def pre_stop_seconds(container):
    handler = ((container.get("lifecycle") or {}).get("preStop")) or {}
    if "sleep" in handler:
        return float(handler["sleep"].get("seconds", 0))
    words = command_words((handler.get("exec") or {}).get("command"))
    if len(words) == 2 and words[0].endswith("sleep"):
        return float(words[1])
    return 0.0


def check_workloads(objects, report, configmaps, secrets):
    """The workloads, and the effective environment of each one's CartoPress container by workload name."""
    workloads = [(path, document) for path, document in objects if pod_spec(document) is not None]
    environments = {}
    for path, document in workloads:
        spec = document.get("spec") or {}
        pod = pod_spec(document)
        selector = (spec.get("selector") or {}).get("matchLabels") or {}
        if not selects(selector, template_labels(document)):
            report.fail(path, "selector", f"{label(document)}: spec.selector.matchLabels {selector} does not match the "
                                          f"pod template's labels {template_labels(document)}")
        for container in pod.get("containers") or []:
            where = f"{label(document)} container {container.get('name')}"
            role = cartopress_role(container)
            if str(container.get("image", "")).startswith("redis"):
                check_redis_arguments(path, report, where, command_words(container.get("command")) + command_words(container.get("args")))
                mounts = {mount.get("mountPath"): mount.get("name") for mount in container.get("volumeMounts") or []}
                claims = {(claim.get("metadata") or {}).get("name") for claim in spec.get("volumeClaimTemplates") or []}
                if mounts.get("/data") not in claims:
                    report.fail(path, "redis-aof", f"{where}: /data (the append-only file) is not on a persistent volume claim")
            if role is None:
                continue
            environment, from_secret = container_environment(path, report, container, configmaps, secrets, where)
            environments[(document.get("metadata") or {}).get("name")] = environment

            # Memory: the render pool's budget, the tile cache and the process.
            resources = container.get("resources") or {}
            limit = (resources.get("limits") or {}).get("memory")
            request = (resources.get("requests") or {}).get("memory")
            needed, why = memory_needs(environment)
            if limit is None:
                report.fail(path, "memory-limit", f"{where} (cartopress {role}): no resources.limits.memory; give >= {why}")
            elif (kubernetes_bytes(limit) or 0) < needed:
                report.fail(path, "memory-limit", f"{where} (cartopress {role}): resources.limits.memory {limit} is below {why}")
            else:
                report.holds()
            if request is not None and limit is not None and (kubernetes_bytes(request) or 0) > (kubernetes_bytes(limit) or 0):
                report.fail(path, "memory-request", f"{where}: requests.memory {request} exceeds limits.memory {limit}")
            if not (resources.get("requests") or {}).get("cpu"):
                report.fail(path, "cpu-request", f"{where}: no resources.requests.cpu: the scheduler would pack renders onto busy nodes")

            # Shutdown: SIGTERM comes after preStop, and SIGKILL at terminationGracePeriodSeconds.
            grace = pod.get("terminationGracePeriodSeconds", 30)
            needed_seconds, why = shutdown_needs(environment, role)
            pause = pre_stop_seconds(container)
            if pause:
                needed_seconds, why = needed_seconds + pause, f"the preStop pause ({pause:g}) + {why}"
            if grace <= needed_seconds:
                report.fail(path, "termination-grace", f"{where} (cartopress {role}): terminationGracePeriodSeconds {grace} "
                                                       f"is not longer than {why} = {needed_seconds:g} s")
            else:
                report.holds()

            # Probes: only `serve` listens.
            port = int(number(environment, "CARTOPRESS_PORT") or 8080)
            if role == "serve":
                wanted = {"livenessProbe": "/healthz", "readinessProbe": "/readyz", "startupProbe": "/healthz"}
                for kind, path_wanted in wanted.items():
                    probe = container.get(kind)
                    if probe is None and kind == "startupProbe":
                        continue
                    actual = ((probe or {}).get("httpGet") or {}).get("path")
                    if actual != path_wanted:
                        report.fail(path, "probes", f"{where}: {kind} must be an httpGet of {path_wanted}, not {actual or 'missing'}")
                    elif not probe_port_matches(probe, container, port):
                        report.fail(path, "probes", f"{where}: {kind} does not call the port the API listens on ({port})")
                    else:
                        report.holds()
                if environment.get("CARTOPRESS_HOST") not in ("0.0.0.0", "::"):
                    report.fail(path, "listen-address", f"{where}: CARTOPRESS_HOST is {environment.get('CARTOPRESS_HOST')}; "
                                                        f"give 0.0.0.0 or neither probes nor the Service reach the API")
            else:
                for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
                    probe = container.get(kind) or {}
                    if any(handler in probe for handler in ("httpGet", "tcpSocket", "grpc")):
                        report.fail(path, "probes", f"{where}: `cartopress {role}` serves no HTTP, so the {kind} finds nothing "
                                                    f"listening; leave it out (or use an exec probe)")
                    else:
                        report.holds()

            security = {**(pod.get("securityContext") or {}), **(container.get("securityContext") or {})}
            if security.get("runAsNonRoot") and not isinstance(security.get("runAsUser"), int):
                report.fail(path, "run-as-user", f"{where}: runAsNonRoot needs a numeric runAsUser (10001): the image's "
                                                 f"USER is a name, which the kubelet cannot check")
            check_redis_use(path, report, where, role, environment, from_secret, replicas=spec.get("replicas", 1))
    return workloads, environments


def check_services_and_budgets(objects, workloads, report):
    for path, document in objects:
        spec = document.get("spec") or {}
        if document["kind"] == "Service" and spec.get("selector"):
            matched = [w for _, w in workloads if selects(spec["selector"], template_labels(w))]
            if not matched:
                report.fail(path, "service-selector", f"{label(document)}: its selector {spec['selector']} matches no pods here")
                continue
            ports = {p.get("name") for _, w in workloads if w in matched for c in pod_spec(w).get("containers", []) for p in c.get("ports") or []}
            numbers = {p.get("containerPort") for _, w in workloads if w in matched for c in pod_spec(w).get("containers", []) for p in c.get("ports") or []}
            for port in spec.get("ports") or []:
                target = port.get("targetPort", port.get("port"))
                if target not in ports | numbers:
                    report.fail(path, "service-selector", f"{label(document)}: targetPort {target} is no port of the pods it selects")
                else:
                    report.holds()
        if document["kind"] == "PodDisruptionBudget":
            selector = (spec.get("selector") or {}).get("matchLabels") or {}
            if not any(selects(selector, template_labels(w)) for _, w in workloads):
                report.fail(path, "pdb", f"{label(document)}: its selector matches no Deployment here")
    budgets = [((d.get("spec") or {}).get("selector") or {}).get("matchLabels") or {} for _, d in objects if d["kind"] == "PodDisruptionBudget"]
    for path, workload in workloads:
        if workload["kind"] == "Deployment":
            if any(selects(selector, template_labels(workload)) for selector in budgets):
                report.holds()
            else:
                report.fail(path, "pdb", f"{label(workload)} has no PodDisruptionBudget")


def check_scaled_object(path, document, report, workloads, environments, namespace):
    where = label(document)
    spec = document.get("spec") or {}
    unknown = set(spec) - KEDA_SPEC_FIELDS
    if unknown:
        report.fail(path, "keda-scaledobject", f"{where}: spec has fields KEDA's ScaledObject does not: {', '.join(sorted(unknown))}")
    target = spec.get("scaleTargetRef") or {}
    deployments = {(w.get("metadata") or {}).get("name"): w for _, w in workloads if w["kind"] == target.get("kind", "Deployment")}
    if target.get("name") not in deployments:
        report.fail(path, "keda-scaledobject", f"{where}: scaleTargetRef names {target.get('kind', 'Deployment')} "
                                               f"{target.get('name')}, which no file here defines")
    minimum, maximum = spec.get("minReplicaCount", 0), spec.get("maxReplicaCount", 100)
    if not (isinstance(minimum, int) and isinstance(maximum, int) and 0 <= minimum <= maximum):
        report.fail(path, "keda-scaledobject", f"{where}: needs 0 <= minReplicaCount ({minimum}) <= maxReplicaCount ({maximum})")
    triggers = spec.get("triggers")
    if not isinstance(triggers, list) or not triggers:
        report.fail(path, "keda-scaledobject", f"{where}: spec.triggers must list at least one trigger")
        return
    environment = environments.get(target.get("name"), {})
    for trigger in triggers:
        metadata = trigger.get("metadata") or {}
        if not isinstance(trigger.get("type"), str) or not isinstance(metadata, dict):
            report.fail(path, "keda-scaledobject", f"{where}: every trigger needs a type and a metadata map")
            continue
        strings = [key for key, value in metadata.items() if not isinstance(value, str)]
        if strings:
            report.fail(path, "keda-scaledobject", f"{where}: trigger metadata values must be strings (quote them): {', '.join(strings)}")
        if trigger["type"] != "redis":
            continue
        queued = environment.get("CARTOPRESS_REDIS_PREFIX", DEFAULTS["CARTOPRESS_REDIS_PREFIX"]) + "queued"
        if metadata.get("listName") != queued:
            report.fail(path, "keda-queue", f"{where}: listName {metadata.get('listName')} is not the queue's key "
                                            f"{queued} (CARTOPRESS_REDIS_PREFIX + queued, a sorted set KEDA counts with ZCARD)")
        else:
            report.holds()
        if not re.fullmatch(r"[1-9]\d*", str(metadata.get("listLength", "5"))):
            report.fail(path, "keda-scaledobject", f"{where}: listLength must be a positive whole number")
        address = metadata.get("address") or ""
        match = re.fullmatch(r"([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?:(\d+)", address)
        redis = redis_url_host(environment)
        if not match:
            if not re.fullmatch(r"[^.:]+\.[^:]+:\d+", address):
                report.fail(path, "keda-redis-address", f"{where}: address {address or '(none)'} must be host:port with the "
                                                        f"full name (service.namespace.svc.cluster.local): KEDA's operator "
                                                        f"resolves names from its own namespace")
            continue
        if namespace and match.group(2) != namespace:
            report.fail(path, "keda-redis-address", f"{where}: address {address} names namespace {match.group(2)}, but "
                                                    f"kustomization.yaml deploys to {namespace}")
        elif redis and (redis[0].split(".")[0], redis[1]) != (match.group(1), int(match.group(3))):
            report.fail(path, "keda-redis-address", f"{where}: address {address} is not the Redis the workers use "
                                                    f"(CARTOPRESS_REDIS_URL {environment.get('CARTOPRESS_REDIS_URL')})")
        else:
            report.holds()


def check_kustomization(directory, report, objects):
    path = directory / "kustomization.yaml"
    if not path.exists():
        report.fail(directory, "kustomization", "has no kustomization.yaml")
        return None
    document = yaml.safe_load(path.read_text()) or {}
    listed = [str(entry) for entry in document.get("resources") or []]
    for entry in listed:
        if not (directory / entry).exists():
            report.fail(path, "kustomization", f"lists {entry}, which does not exist")
        elif entry.endswith((".example.yaml", ".example.yml")):
            report.fail(path, "kustomization", f"lists {entry}: an example's placeholders must not reach a cluster")
    for manifest in sorted({p for p, _ in objects}):
        if manifest.name not in listed and not manifest.name.endswith((".example.yaml", ".example.yml")):
            report.fail(path, "kustomization", f"does not list {manifest.name}")
    kubectl = shutil.which("kubectl")
    if kubectl:
        built = subprocess.run([kubectl, "kustomize", str(directory)], capture_output=True, text=True)
        if built.returncode != 0:
            report.fail(path, "kustomize-build", f"kubectl kustomize fails: {built.stderr.strip()}")
        else:
            report.holds()
            print(f"  kubectl kustomize builds {len([d for d in yaml.safe_load_all(built.stdout) if d])} objects")
    else:
        print("  kubectl not found: the kustomize build is not tried (its file list is checked)")
    return document.get("namespace")


# -------------------------------------------------------------------------------------------------- main

def main():
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "deploy").resolve()
    if not (directory / "compose.yaml").is_file() or not (directory / "kubernetes").is_dir():
        cannot(f"{directory} has no compose.yaml and kubernetes/; give the deploy directory")
    report = Report(directory)
    settings, others = known_variables()

    print(f"validate-deploy: {directory}")
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".md")):
        check_variable_names(path, report, settings, others)

    print("  compose.yaml: Compose specification (check-jsonschema vendor.compose-spec) and the service's rules")
    check_compose(directory / "compose.yaml", report)

    kubernetes = directory / "kubernetes"
    objects = load_kubernetes(kubernetes, report)
    print(f"  kubernetes/: {len(objects)} objects against Kubernetes {', '.join(KUBERNETES_VERSIONS)} (strict) and the service's rules")
    for note in check_schemas(objects, report):
        print(f"  note: {note}")
    configmaps = {(d.get("metadata") or {}).get("name"): d.get("data") or {} for _, d in objects if d["kind"] == "ConfigMap"}
    secrets = {(d.get("metadata") or {}).get("name"): set(d.get("data") or {}) | set(d.get("stringData") or {})
               for _, d in objects if d["kind"] == "Secret"}
    for name, data in configmaps.items():
        for key in SECRET_SETTINGS & set(data):
            path = next(p for p, d in objects if d["kind"] == "ConfigMap" and d["metadata"]["name"] == name)
            report.fail(path, "secret-inline", f"ConfigMap/{name} holds {key}; it belongs in a Secret")
    workloads, environments = check_workloads(objects, report, configmaps, secrets)
    check_services_and_budgets(objects, workloads, report)
    namespace = check_kustomization(kubernetes, report, objects)
    for path, document in objects:
        if (document["apiVersion"], document["kind"]) == ("keda.sh/v1alpha1", "ScaledObject"):
            check_scaled_object(path, document, report, workloads, environments, namespace)

    if report.problems:
        print("\n".join(report.problems))
        print(f"validate-deploy: {len(report.problems)} problem(s) in {directory}")
        return 1
    print(f"validate-deploy: OK ({report.checked} checks held)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
