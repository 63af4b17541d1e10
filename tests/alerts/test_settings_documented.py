"""Every alerts and e-mail setting settings.py reads is listed, with a default, in .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_alerts_and_email_setting_is_in_env_example():
    source = (ROOT / "conflict_tracker" / "settings.py").read_text()
    read = set(
        re.findall(r'env_(?:str|bool|int|float|list)\(\s*"((?:ALERTS|EMAIL)_[A-Z_]+|DEFAULT_FROM_EMAIL)"', source)
    )
    assert {"ALERTS_WEBHOOK_TIMEOUT", "EMAIL_BACKEND", "DEFAULT_FROM_EMAIL"} <= read  # the pattern finds them
    listed = dict(re.findall(r"^([A-Z_0-9]+)=(.*)$", (ROOT / ".env.example").read_text(), flags=re.M))
    assert read - set(listed) == set()
    explained = {name for name, rest in listed.items() if "#" in rest}
    assert {name for name in read if name.startswith("ALERTS_")} <= explained
