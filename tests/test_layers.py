"""The layers hold: import-linter's contract (pyproject.toml) passes on the tree, and
fails, naming the import, as soon as a module imports a layer above its own."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    "uppfoljning",
    "administration",
    "ramavtal",
    "leverantorer",
    "arenden",
    "enkater",
    "rapporter",
    "oversikt",
    "demo",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree_copy(tmp_path):
    """The application's packages and its pyproject.toml, copied to edit freely."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "templates", "static"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_application_keeps_its_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        # The register reaching into the follow-up: a check creating a signal did this.
        ("leverantorer/models.py", "from arenden.models import Signal"),
        # The shared helpers reaching into a domain app: the old start page did this.
        ("uppfoljning/lists.py", "from ramavtal.models import Ramavtal"),
        # The follow-up reaching into the reports.
        ("arenden/paminnelser.py", "import rapporter.arsrapport"),
        # A domain app reaching into the demo data.
        ("rapporter/services.py", "from demo.register import load_demo_data"),
    ],
)
def test_an_upward_import_breaks_the_build(tree_copy, module, upward):
    path = tree_copy / module
    path.write_text(path.read_text() + f"\n{upward}  # noqa\n")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "Contracts: 1 kept, 1 broken." in result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"- {importer} -> " in result.stdout


def test_apps_in_the_top_layer_do_not_import_each_other(tree_copy):
    path = tree_copy / "demo" / "register.py"
    path.write_text(path.read_text() + "\nfrom oversikt import views  # noqa\n")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "demo is not allowed to import oversikt" in result.stdout


def test_the_agreement_models_do_not_import_the_suppliers(tree_copy):
    # Within the register the agreement pages may list contracts, but the models
    # stay one-way: a contract points at its framework agreement, never back.
    path = tree_copy / "ramavtal" / "models.py"
    path.write_text(path.read_text() + "\nfrom leverantorer.models import Avtal  # noqa\n")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "The agreement models know nothing of suppliers and contracts BROKEN" in result.stdout
    assert "ramavtal.models is not allowed to import leverantorer" in result.stdout
