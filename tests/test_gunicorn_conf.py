"""The gunicorn settings module: found by gunicorn itself, used by compose, and freezing for real."""

from __future__ import annotations

import gc
from types import SimpleNamespace

import pytest
from gunicorn.app.base import Application

from conflict_tracker import gunicorn_conf
from tests.test_deployment_files import _compose

CONFIG = "python:conflict_tracker.gunicorn_conf"


class _App(Application):
    """The application class gunicorn's CLI uses, minus the CLI: loads a config module by name."""

    def __init__(self, config: str):
        self.config_path = config
        super().__init__()

    def init(self, parser, opts, args):  # noqa: ANN001 - gunicorn's signature
        return None

    def load_config(self) -> None:
        self.load_config_from_module_name_or_filename(self.config_path)

    def load(self):  # pragma: no cover - never served
        raise AssertionError("not served")


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_gunicorn_loads_the_worker_hooks_from_the_module():
    cfg = _App(CONFIG).cfg
    assert cfg.post_worker_init is gunicorn_conf.post_worker_init
    assert cfg.post_request is gunicorn_conf.post_request


def test_compose_web_service_uses_the_settings_module():
    command = _compose()["services"]["web"]["command"]
    assert command[command.index("--config") + 1] == CONFIG


def test_worker_init_freezes_what_the_loaded_app_holds(unfrozen):
    assert gc.get_freeze_count() == 0
    gunicorn_conf.post_worker_init(SimpleNamespace(nr=0))
    assert gc.get_freeze_count() > 10_000  # Django, the URLconf and every view module


def test_requests_freeze_only_at_the_listed_counts(unfrozen):
    for nr in range(1, max(gunicorn_conf.FREEZE_AFTER_REQUESTS) + 2):
        gc.unfreeze()
        gunicorn_conf.post_request(SimpleNamespace(nr=nr), None, {}, None)
        assert (gc.get_freeze_count() > 0) == (nr in gunicorn_conf.FREEZE_AFTER_REQUESTS), nr
