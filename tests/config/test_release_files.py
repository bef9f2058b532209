"""The image and the compose file run the steps make prod-check proves (scripts/vinhdanh.sh), nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [tuple(line.split(None, 1)) for line in lines]  # type: ignore[misc]


def test_the_image_installs_the_wheel_without_extras_collects_static_files_and_runs_as_a_user():
    steps = _instructions()
    final = steps[max(i for i, (op, _) in enumerate(steps) if op == "FROM") :]
    runs = " ".join(arg for op, arg in final if op == "RUN")
    assert re.search(r"pip install --no-cache-dir /tmp/dist/vinhdanh-\*\.whl", runs)
    assert "[dev]" not in (ROOT / "Dockerfile").read_text()
    assert "vinhdanh build" in runs
    assert ("COPY", "scripts/vinhdanh.sh /usr/local/bin/vinhdanh") in final
    user = [arg for op, arg in final if op == "USER"]
    assert user
    assert user[-1] not in ("root", "0")
    assert [op for op, _ in final][-1] == "CMD"
    assert dict(final)["CMD"] == '["vinhdanh", "web"]'
    assert dict(final)["HEALTHCHECK"].endswith('CMD ["vinhdanh", "health"]')


def test_compose_runs_web_worker_and_beat_from_the_one_image_with_media_on_a_volume():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name, command in (("web", "web"), ("worker", "worker"), ("beat", "beat")):
        assert services[name]["image"] == "vinhdanh:latest"
        assert services[name]["command"] == ["vinhdanh", command]
        assert "media:/data/media" in services[name]["volumes"]
        assert services[name]["environment"]["DJANGO_DEBUG"] == "false"
    # The worker and beat start once web is healthy, i.e. after web applied the migrations.
    assert services["worker"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["beat"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_web_step_migrates_before_serving():
    script = (ROOT / "scripts" / "vinhdanh.sh").read_text()
    web = script[script.index("web)") : script.index(";;", script.index("web)"))]
    assert web.index("django-admin migrate --noinput") < web.index("exec gunicorn config.wsgi")
