"""`pip install --no-build-isolation .` from the repository, offline, into a fresh virtual
environment that sees the system's packages (Debian's python3 is externally managed, so a
venv is where pip installs). Builds the extension from scratch: about a minute and a half on
two cores. SSPRULES_SKIP_INSTALL_TEST=1 skips it in a quick local loop; CI runs it."""

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(os.environ.get("SSPRULES_SKIP_INSTALL_TEST") == "1",
                                reason="SSPRULES_SKIP_INSTALL_TEST=1")


def _env():
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH", None)  # the installed package, not build/python
    return env


@pytest.fixture(scope="module")
def venv(root, tmp_path_factory):
    """The venv with ssprules installed from the repository."""
    venv = tmp_path_factory.mktemp("install") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-build-isolation",
         "--no-deps", "."],
        cwd=root, env=_env(), capture_output=True, text=True)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    return venv


def test_pip_install_from_the_repository(root, venv, tmp_path):
    probe = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import ssprules, sys; p = ssprules.load(sys.argv[1]); "
         "d = p.evaluate({'birth_date': '2008-03-15', 'category': 4, "
         "'benefit_status': 'recipient'}, as_of='2025-03-15'); "
         "print(ssprules.__file__); print(d['phase'], d['plan_deadline'])",
         str(root / "rules" / "copenhagen" / "ssp-plus.yaml")],
        cwd=tmp_path, env=_env(), capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    where, result = probe.stdout.splitlines()
    assert where.startswith(str(venv)), "imported from the venv, not from the work tree"
    assert result == "triangle 2025-09-15"
    package = list((venv / "lib").glob("python3*/site-packages/ssprules"))
    assert len(package) == 1
    assert (package[0] / "py.typed").exists(), "the package says it is typed"
    assert sorted(p.name for p in package[0].glob("*.pyi")) == ["_ssprules.pyi"], \
        "the extension's stubs only: the .py files carry their own annotations"


def test_mypy_reads_the_installed_package(venv, tmp_path):
    """mypy run by the venv's python finds the installed package's types (py.typed)."""
    pytest.importorskip("mypy", reason="mypy is not installed (Debian: python3-mypy)")
    example = tmp_path / "example.py"
    example.write_text(textwrap.dedent("""\
        import ssprules

        policy = ssprules.load("rules/copenhagen/ssp-plus.yaml")
        decision = policy.evaluate({"category": 4}, as_of="2025-03-15")
        reveal_type(decision)
        policy.evaluate(42)
        """))
    run = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "mypy", "--strict", "--no-error-summary",
         "--cache-dir", str(tmp_path / "cache"), str(example)],
        cwd=tmp_path, env=_env(), capture_output=True, text=True)
    lines = run.stdout.splitlines()
    assert lines == [
        'example.py:5: note: Revealed type is "ssprules._decision.Decision"',
        'example.py:6: error: Argument 1 to "evaluate" of "Policy" has incompatible type "int"; '
        'expected "Mapping[str, Any]"  [arg-type]'], run.stdout + run.stderr
