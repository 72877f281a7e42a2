"""Builds the extension module `ssprules._ssprules` with CMake (the same CMake tree as the C++
library), for `pip install --no-build-isolation .`. Metadata lives in pyproject.toml.

Environment: SSPRULES_JOBS (parallel jobs, default 2), SSPRULES_CMAKE_ARGS (extra arguments).
"""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class FreshBuildPy(build_py):
    """Assembles the package afresh: setuptools never removes from its build folder (build-pip,
    kept between installs) a file deleted from the sources, so a removed module or stub would
    still be installed (a stale __init__.pyi would hide the annotations of __init__.py)."""

    def run(self):
        shutil.rmtree(Path(self.build_lib) / "ssprules", ignore_errors=True)
        super().run()


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = Path(self.build_temp).resolve() / "cmake"
        package_dir = build_dir / "python"
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DSSPRULES_BUILD_PYTHON=ON",
            "-DSSPRULES_BUILD_TESTS=OFF",
            "-DSSPRULES_BUILD_CLI=OFF",
            "-DSSPRULES_BUILD_BENCHMARKS=OFF",
            "-DSSPRULES_INSTALL=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DSSPRULES_PYTHON_DIR={package_dir}",
        ] + shlex.split(os.environ.get("SSPRULES_CMAKE_ARGS", ""))
        subprocess.run(configure, check=True)
        jobs = os.environ.get("SSPRULES_JOBS", "2")
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_ssprules", "-j", jobs],
                       check=True)
        built = sorted((package_dir / "ssprules").glob("_ssprules*.so"))
        if not built:
            raise RuntimeError(f"CMake built no extension module in {package_dir / 'ssprules'}")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[-1], target)


setup(ext_modules=[Extension("ssprules._ssprules", sources=[])],
      cmdclass={"build_py": FreshBuildPy, "build_ext": CMakeBuild})
