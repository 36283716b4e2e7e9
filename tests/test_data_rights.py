"""A person's data does not depend on the wording files: export works with a broken content folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.core.content import clear_cache
from kit.core.store import Store
from kit.core.workspace import content_dir


def test_export_works_when_a_content_file_has_a_typo(
    demo_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = tmp_path / "content"
    shutil.copytree(content_dir(), broken)
    feelings = broken / "exercises" / "01_feelings_and_control.toml"
    feelings.write_text(
        feelings.read_text(encoding="utf-8").replace("title =", "titel =", 1), encoding="utf-8"
    )
    position = broken / "exercises" / "03_position.toml"
    position.write_text(position.read_text(encoding="utf-8") + "\n[[[ not toml\n", "utf-8")
    monkeypatch.setenv("NEXTROUND_CONTENT", str(broken))
    clear_cache()
    revisions = demo_store.history("demo-amara")

    result = CliRunner().invoke(main, ["export", "demo-amara"])

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document["answers"]) == len(revisions) > 0
    steps = {answer["exercise"]: answer["step"] for answer in document["answers"]}
    assert steps["situation"] == "00_check_in", "readable content files still name the step"
    assert steps["name_emotions"] == "01_feelings_and_control"
    assert [a["value"] for a in document["answers"]] == [r.value for r in revisions]
    assert "03_position.toml" in caplog.text, "the admin hears which file could not be read"
