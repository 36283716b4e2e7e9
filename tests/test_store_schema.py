"""Schema versions: alembic migrations shipped in the kit, a store made before versions existed,
and a store that is behind (or ahead of) this kit.

Nothing changes a store's schema silently: opening an out-of-date store for work is refused
with the command to run, `nextround check` says where a store stands, and `nextround store
upgrade` says what will change before changing it.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from fixtures import schema_f8e9db9

from kit.cli import main
from kit.core import migrations
from kit.core.store import Store, metadata
from kit.errors import StoreOutOfDateError, StoreTooNewError

pytestmark = pytest.mark.both_stores

BASELINE = "0001_baseline"

TEST_REVISION = '''"""A test-only later revision: a table for notes.

Revision ID: 0099_test_notes
"""

import sqlalchemy as sa
from alembic import op

revision = "0099_test_notes"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_notes", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("test_notes")
'''


def _revision(url: str) -> str | None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return current


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    names = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    return names


@pytest.fixture
def old_store(store_backend: str, new_store_url: object, tmp_path: Path) -> str:
    """A store as the kit made it at f8e9db9 (no version table), with a cohort and answers."""
    url = new_store_url(tmp_path)  # type: ignore[operator]
    engine = sa.create_engine(url)
    schema_f8e9db9.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            schema_f8e9db9.cohorts_table.insert().values(
                id="spring",
                title="Spring",
                session_date=date(2025, 4, 3),
                facilitator=None,
                min_group_size=5,
                created_at=sa.func.current_timestamp(),
            )
        )
        conn.execute(
            schema_f8e9db9.participants_table.insert().values(
                id="ana",
                display_name="Ana",
                cohort_id="spring",
                email=None,
                created_at=sa.func.current_timestamp(),
            )
        )
        for n in range(5):
            conn.execute(
                schema_f8e9db9.answers_table.insert().values(
                    participant_id="ana",
                    exercise_id="situation",
                    value={"n": n},
                    saved_at=sa.func.current_timestamp(),
                )
            )
    engine.dispose()
    return url


@pytest.fixture
def newer_kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """This kit plus a second revision, as a later release would ship it."""
    extra = tmp_path / "later-versions"
    extra.mkdir()
    revision = TEST_REVISION.replace("{head}", migrations.head())
    (extra / "0099_test_notes.py").write_text(revision, encoding="utf-8")
    monkeypatch.setattr(
        migrations, "VERSION_LOCATIONS", (*migrations.VERSION_LOCATIONS, extra.as_posix())
    )
    return "0099_test_notes"


@pytest.fixture
def baseline_kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This kit as it was when versions began: the baseline revision only."""
    only = tmp_path / "baseline-only"
    only.mkdir()
    shutil.copy(migrations.VERSIONS / f"{BASELINE}.py", only)
    monkeypatch.setattr(migrations, "VERSION_LOCATIONS", (only.as_posix(),))


def test_the_first_revision_is_the_baseline() -> None:
    assert migrations.pending(None)[0].revision == BASELINE


def test_a_new_store_is_made_at_head_by_the_migrations(store: Store, store_url: str) -> None:
    assert _revision(store_url) == migrations.head()
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []  # the migrations build exactly the tables store.py declares


def test_a_store_made_before_versions_is_recognised_and_stamped_not_recreated(
    old_store: str, baseline_kit: None
) -> None:
    store = Store.open(old_store)
    assert [r.value["n"] for r in store.history("ana")] == [0, 1, 2, 3, 4]
    assert store.get_cohort("spring").session_date == date(2025, 4, 3)
    store.save_answer("ana", "situation", {"n": 5})
    store.close()
    assert _revision(old_store) == BASELINE


def test_a_store_made_before_versions_upgrades_to_this_kit_keeping_every_revision(
    old_store: str,
) -> None:
    upkeep = Store.open_unchecked(old_store)
    status = upkeep.schema_status()
    assert (status.current, status.stamped) == (BASELINE, False)
    upkeep.upgrade()
    upkeep.close()
    store = Store.open(old_store)
    assert [r.value["n"] for r in store.history("ana")] == [0, 1, 2, 3, 4]
    store.close()
    assert _revision(old_store) == migrations.head()


def test_an_out_of_date_store_is_refused_for_work_with_the_command_to_run(
    old_store: str, newer_kit: str
) -> None:
    with pytest.raises(StoreOutOfDateError, match="nextround store upgrade") as raised:
        Store.open(old_store)
    assert (raised.value.current, raised.value.head) == (BASELINE, newer_kit)
    assert "test_notes" not in _tables(old_store)


def test_check_says_a_store_needs_upgrading_and_upgrade_keeps_every_revision(
    old_store: str, newer_kit: str
) -> None:
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--store", old_store])
    assert checked.exit_code == 1, checked.output
    assert BASELINE in checked.output and newer_kit in checked.output
    assert "nextround store upgrade" in checked.output

    refused = runner.invoke(main, ["store", "upgrade", "--store", old_store], input="n\n")
    assert refused.exit_code != 0
    assert "A test-only later revision: a table for notes." in refused.output
    assert "test_notes" not in _tables(old_store)

    upgraded = runner.invoke(main, ["store", "upgrade", "--store", old_store, "--yes"])
    assert upgraded.exit_code == 0, upgraded.output
    assert _revision(old_store) == newer_kit and "test_notes" in _tables(old_store)
    store = Store.open(old_store)
    assert [r.value["n"] for r in store.history("ana")] == [0, 1, 2, 3, 4]
    store.close()
    again = runner.invoke(main, ["check", "--store", old_store])
    assert again.exit_code == 0 and "up to date" in again.output


def test_a_store_from_a_newer_kit_is_refused_untouched(
    store: Store, store_url: str, newer_kit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["store", "upgrade", "--yes"]).exit_code == 0
    store.close()
    monkeypatch.setattr(migrations, "VERSION_LOCATIONS", (migrations.VERSIONS.as_posix(),))
    with pytest.raises(StoreTooNewError, match=newer_kit):
        Store.open(store_url)
    assert _revision(store_url) == newer_kit
