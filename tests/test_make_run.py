"""`make run HOST=… PORT=…` serves where the README says (issue 18's set-up papercuts)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _dry_run(*args: str) -> str:
    done = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


@pytest.mark.parametrize(
    ("args", "address"),
    [((), "127.0.0.1:8000"), (("HOST=0.0.0.0", "PORT=8080"), "0.0.0.0:8080")],
    ids=["default", "readme-host-port"],
)
def test_make_run_serves_on_the_host_and_port_it_is_given(args, address):
    commands = _dry_run("run", *args)
    assert re.search(rf"manage\.py runserver {re.escape(address)}$", commands, re.MULTILINE), commands
    # The sample is loaded before the server starts.
    assert commands.index("manage.py ingest") < commands.index("manage.py runserver")


def test_the_readme_names_the_host_and_port_variables_make_run_reads():
    assert "make run HOST=0.0.0.0 PORT=8080" in (ROOT / "README.md").read_text(encoding="utf-8")
