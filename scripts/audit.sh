#!/usr/bin/env bash
# Audit the installed dependencies for known vulnerabilities (pip-audit).
#
# Exit 1 when pip-audit reports a vulnerability; exit 0 with a warning when the vulnerability
# service cannot be reached (offline CI: the network error is not a finding); any other
# pip-audit error is passed on. AUDIT_SERVICE=osv|pypi picks the service (default pypi).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

"$PY" -m pip_audit --local --skip-editable --progress-spinner off --vulnerability-service "${AUDIT_SERVICE:-pypi}" \
  --format json --output "$out" 2>"$err"
rc=$?

"$PY" - "$out" "$err" "$rc" <<'PYEOF'
import json
import re
import sys

out, err, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
stderr = open(err, encoding="utf-8", errors="replace").read()
try:
    report = json.load(open(out, encoding="utf-8"))
except (OSError, ValueError):
    report = None

NETWORK = re.compile(
    r"ConnectionError|NameResolutionError|Max retries exceeded|Temporary failure in name resolution|"
    r"Name or service not known|Network is unreachable|ConnectTimeout|ReadTimeout|ProxyError|SSLError|"
    r"Connection refused",
)
if report is None:
    if NETWORK.search(stderr):
        print("pip-audit: WARNING vulnerability service unreachable (offline?); dependencies NOT audited")
        sys.exit(0)
    sys.stderr.write(stderr)
    print(f"pip-audit: failed (exit {rc})")
    sys.exit(rc or 2)

deps = report.get("dependencies", [])
vulnerable = [d for d in deps if d.get("vulns")]
audited = [d for d in deps if "skip_reason" not in d]
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
        print(f"pip-audit: {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
if vulnerable:
    print(f"pip-audit: {len(vulnerable)} vulnerable package(s)")
    sys.exit(1)
if deps and not audited:
    # Every lookup came back "not found": the index answering is not the real PyPI (a mirror).
    print(f"pip-audit: WARNING the service knew none of the {len(deps)} packages; dependencies NOT audited")
    sys.exit(0)
print(f"pip-audit: no known vulnerabilities in {len(audited)} package(s) ({len(deps) - len(audited)} skipped)")
PYEOF
