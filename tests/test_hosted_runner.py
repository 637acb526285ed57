"""GitHub's hosted runner, as far as this machine can play it.

A hosted runner is a fresh Ubuntu machine where the job runs as a normal user with
password-less ``sudo``. Two kinds of test here:

- The dependency scripts' choices, with stand-ins on PATH for ``id``, ``sudo``, ``apt-get``,
  ``dpkg-query`` and Playwright (fast): which packages, through which command, on Debian and
  on Ubuntu (``HANDBOOK_OS_RELEASE``), as root, through ``sudo -n``, or with an explanation.
- ``test_the_readmes_two_commands_as_a_normal_user_with_sudo`` (slow: 3 minutes of CPU, 4
  to 8 minutes when other work shares the two cores; ``-m "not slow"`` leaves it out): a
  throwaway user with password-less sudo (``useradd`` and a drop-in in /etc/sudoers.d/, both
  removed at the end whatever happens) runs ``make site`` and ``make test`` in a fresh clone
  it owns. The dependency scripts are made to go through ``sudo -n apt-get install`` of
  packages that are already installed (``HANDBOOK_DEPS_FORCE_APT=1``; apt-get's
  ``--no-upgrade`` keeps them as they are, and the test puts back apt's automatically-installed
  marks), so the sudo path really runs; before the sudoers drop-in exists, the same script must
  fail with the command to run.

  ``make site`` runs whole. ``make test`` inside ``make test`` would run the suite twice
  (and this test again, as a user who cannot run it), so the inner ``make test`` gets
  ``PYTEST_ADDOPTS`` naming a few tests (``INNER_TESTS``): pytest's own environment variable,
  read before the Makefile's command line, so everything else ``make test`` does (the
  dependency scripts, ``npm ci``, the virtual environment) runs as it is. The inner tests
  cover what differs for a normal user: the check's annotations, the workflow linter
  installed from the test dependencies, a PDF with Arabic text (Pango and the fonts), and the
  browser tests' Chromium and axe-core. The test needs root (to create the user); it is
  skipped elsewhere, which includes GitHub's runners, where the workflows themselves run the
  two commands as a normal user.

What cannot be shown here: Ubuntu itself (its package names, the snap wrapper), and
Playwright's download of its Chromium, which reaches servers this machine cannot.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"

UBUNTU = 'PRETTY_NAME="Ubuntu 24.04.3 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\n'
DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n'
MINT = 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n'
PDF_PACKAGES = [
    "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "libharfbuzz-subset0",
    "fontconfig", "fonts-dejavu-core", "fonts-noto-core", "poppler-utils",
]
FONTS = ["fonts-dejavu-core", "fonts-liberation"]

# ---------------------------------------------------------------------------------------
# The scripts' choices, with stand-ins

STUBS = {
    # The current user's id: $FAKE_UID.
    "id": '[ "$1" = -u ] && { echo "$FAKE_UID"; exit 0; }; exec /usr/bin/id "$@"\n',
    # sudo: logged; `sudo -n true` answers $FAKE_SUDO (ok: yes); otherwise runs the command.
    "sudo": 'echo "sudo $*" >> "$STUB_LOG"\n'
    '[ "$1" = -n ] && shift\n'
    '[ "$FAKE_SUDO" = ok ] || { echo "sudo: a password is required" >&2; exit 1; }\n'
    'exec "$@"\n',
    # apt-get: logged; the first install fails when $FAKE_APT_STALE=1 (stale lists).
    "apt-get": 'echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> "$STUB_LOG"\n'
    'case "$*" in *" update"*) touch "$STUB_DIR/updated" ;; esac\n'
    'case "$*" in *" install "*)\n'
    '  [ "${FAKE_APT_STALE:-0}" = 1 ] && [ ! -e "$STUB_DIR/updated" ] && exit 100 ;;\n'
    "esac\nexit 0\n",
    # dpkg-query -W -f='${Status}' PKG: installed when PKG is in $FAKE_INSTALLED.
    "dpkg-query": 'for last; do :; done\n'
    'case " $FAKE_INSTALLED " in *" $last "*) printf "install ok installed"; exit 0 ;; esac\n'
    "exit 1\n",
    "fc-cache": "exit 0\n",
    "npm": "exit 0\n",
}


REAL_TOOLS = ("cat", "dirname", "env", "head", "printf", "sed", "touch", "tr", "true")


@dataclass
class Run:
    returncode: int
    err: str
    calls: list[str]


class Stubs:
    def __init__(self, base: Path) -> None:
        self.dir = base / "bin"
        self.dir.mkdir()
        self.log = base / "calls.log"
        for name, body in STUBS.items():
            self.stub(name, body)
        venv = base / "venv" / "bin"
        venv.mkdir(parents=True)
        self.playwright = venv / "playwright"
        # Playwright's CLI, logged; its Python answers "does Chromium start?" with $FAKE_PW.
        self._write(self.playwright, 'echo "playwright $*" >> "$STUB_LOG"\nexit 0\n')
        self._write(venv / "python", 'cat > /dev/null\n[ "$FAKE_PW" = works ]\n')
        self.release = base / "os-release"
        # PATH is this folder alone (a real sudo or apt-get must never be reached): the
        # stand-ins, and links to the few real tools the scripts use.
        for name in REAL_TOOLS:
            real = shutil.which(name, path="/usr/bin:/bin")
            assert real, name
            (self.dir / name).symlink_to(real)

    def _write(self, path: Path, body: str) -> None:
        path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
        path.chmod(0o755)

    def stub(self, name: str, body: str) -> None:
        self._write(self.dir / name, body)

    def remove(self, name: str) -> None:
        (self.dir / name).unlink()

    def run(self, script: str, *args: str, os_release: str = DEBIAN, uid: int = 0,
            sudo: bool = True, installed: list[str] | tuple[str, ...] = (),
            playwright_works: bool = False, **env: str) -> Run:
        self.release.write_text(os_release, encoding="utf-8")
        self.log.write_text("", encoding="utf-8")
        (self.dir / "updated").unlink(missing_ok=True)
        proc = subprocess.run(
            [str(SCRIPTS / script), *args],
            env={
                "PATH": str(self.dir),
                "HOME": str(self.dir.parent),
                "STUB_LOG": str(self.log),
                "STUB_DIR": str(self.dir),
                "FAKE_UID": str(uid),
                "FAKE_SUDO": "ok" if sudo else "no",
                "FAKE_INSTALLED": " ".join(installed),
                "FAKE_PW": "works" if playwright_works else "no",
                "HANDBOOK_OS_RELEASE": str(self.release),
                "HANDBOOK_PLAYWRIGHT": str(self.playwright),
                **env,
            },
            capture_output=True, text=True, timeout=60, check=False,
        )
        calls = self.log.read_text(encoding="utf-8").splitlines()
        return Run(proc.returncode, proc.stderr, calls)


@pytest.fixture
def stubs(tmp_path: Path) -> Stubs:
    return Stubs(tmp_path)


def installs(run: Run) -> list[str]:
    """The package lists of the `apt-get install` calls, with how each was run."""
    found = []
    for call in run.calls:
        m = re.match(r"apt-get (.*) install -y --no-install-recommends --no-upgrade (.*) "
                     r"DEBIAN_FRONTEND=noninteractive$", call)
        if m:
            assert m[1] == "-o DPkg::Lock::Timeout=300", call
            found.append(m[2])
    return found


def test_debian_root_with_everything_installed_changes_nothing(stubs: Stubs) -> None:
    r = stubs.run("ensure-browser-deps.sh", installed=["chromium", *FONTS])
    assert (r.returncode, r.calls) == (0, [])


def test_debian_root_installs_chromium_with_apt_get(stubs: Stubs) -> None:
    r = stubs.run("ensure-browser-deps.sh", installed=FONTS)
    assert r.returncode == 0, r.err
    assert installs(r) == ["chromium"]
    assert not any(c.startswith("sudo") for c in r.calls)


def test_a_normal_user_with_sudo_installs_through_sudo_n(stubs: Stubs) -> None:
    r = stubs.run("ensure-pdf-deps.sh", uid=1001, installed=PDF_PACKAGES[:-1])
    assert r.returncode == 0, r.err
    assert r.calls[0] == "sudo -n true"
    assert r.calls[1].startswith("sudo -n env DEBIAN_FRONTEND=noninteractive apt-get ")
    assert installs(r) == ["poppler-utils"]
    assert "ensure-pdf-deps: installing with sudo -n: poppler-utils" in r.err


@pytest.mark.parametrize("has_sudo", [True, False], ids=["sudo-asks-a-password", "no-sudo"])
def test_a_normal_user_without_sudo_is_told_what_to_run(stubs: Stubs, has_sudo: bool) -> None:
    if not has_sudo:
        stubs.remove("sudo")
    r = stubs.run("ensure-pdf-deps.sh", uid=1001, sudo=False, installed=PDF_PACKAGES[1:])
    assert r.returncode == 1
    assert installs(r) == []
    assert "ensure-pdf-deps: missing Debian packages: libpango-1.0-0" in r.err
    assert ("sudo apt-get update && sudo apt-get install -y --no-install-recommends "
            "libpango-1.0-0") in r.err


def test_stale_package_lists_are_updated_then_installed_again(stubs: Stubs) -> None:
    r = stubs.run("ensure-pdf-deps.sh", uid=1001, installed=PDF_PACKAGES[1:],
                  FAKE_APT_STALE="1")
    assert r.returncode == 0, r.err
    assert installs(r) == ["libpango-1.0-0", "libpango-1.0-0"]
    assert any(c.startswith("apt-get -o DPkg::Lock::Timeout=300 update") for c in r.calls)


def test_check_only_reports_and_installs_nothing(stubs: Stubs) -> None:
    r = stubs.run("ensure-browser-deps.sh", "--check", installed=FONTS)
    assert r.returncode == 1
    assert r.calls == []
    assert "missing Debian packages: chromium" in r.err


@pytest.mark.parametrize("release", [UBUNTU, MINT], ids=["ubuntu", "mint"])
def test_ubuntu_installs_playwrights_chromium_not_the_snap(stubs: Stubs, release: str) -> None:
    r = stubs.run("ensure-browser-deps.sh", os_release=release, uid=1001, installed=FONTS)
    assert r.returncode == 0, r.err
    assert installs(r) == []
    assert r.calls[-1] == "playwright install --with-deps --only-shell chromium"
    assert not any("chromium" in c for c in r.calls if c.startswith(("apt-get", "sudo")))


def test_ubuntu_installs_the_fonts_through_sudo_first(stubs: Stubs) -> None:
    r = stubs.run("ensure-browser-deps.sh", os_release=UBUNTU, uid=1001, installed=[])
    assert r.returncode == 0, r.err
    assert installs(r) == ["fonts-dejavu-core fonts-liberation"]
    assert r.calls[-1].startswith("playwright install")


def test_ubuntu_with_playwrights_chromium_working_changes_nothing(stubs: Stubs) -> None:
    r = stubs.run("ensure-browser-deps.sh", os_release=UBUNTU, uid=1001, installed=FONTS,
                  playwright_works=True)
    assert (r.returncode, r.calls) == (0, [])


def test_ubuntu_check_only_names_the_playwright_command(stubs: Stubs) -> None:
    r = stubs.run("ensure-browser-deps.sh", "--check", os_release=UBUNTU, installed=FONTS)
    assert r.returncode == 1
    assert r.calls == []
    assert "install --with-deps --only-shell chromium" in r.err


def test_handbook_chromium_wins_on_any_system(stubs: Stubs, tmp_path: Path) -> None:
    browser = tmp_path / "my-chromium"
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    browser.chmod(0o755)
    for release in (UBUNTU, DEBIAN):
        r = stubs.run("ensure-browser-deps.sh", os_release=release, installed=FONTS,
                      HANDBOOK_CHROMIUM=str(browser))
        assert (r.returncode, r.calls) == (0, []), r.err
    r = stubs.run("ensure-browser-deps.sh", installed=FONTS,
                  HANDBOOK_CHROMIUM=str(tmp_path / "absent"))
    assert r.returncode == 1
    assert "is not an executable file" in r.err


def test_os_release_is_read_never_run(stubs: Stubs, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hostile = f'ID="$(touch {marker})"\nID_LIKE=`touch {marker}`\n'
    r = stubs.run("ensure-browser-deps.sh", os_release=hostile, installed=FONTS)
    assert not marker.exists()
    # Neither Debian nor Ubuntu: the Debian package names are the best guess on a dpkg system.
    assert installs(r) == ["chromium"]


def test_forced_apt_goes_through_apt_get_for_installed_packages(stubs: Stubs) -> None:
    r = stubs.run("ensure-pdf-deps.sh", uid=1001, installed=PDF_PACKAGES,
                  HANDBOOK_DEPS_FORCE_APT="1")
    assert r.returncode == 0, r.err
    assert installs(r) == [" ".join(PDF_PACKAGES)]
    assert r.calls[0] == "sudo -n true"


# ---------------------------------------------------------------------------------------
# The README's two commands, as a normal user with password-less sudo

#: What the inner `make test` runs (PYTEST_ADDOPTS): see the module docstring.
INNER_TESTS = [
    "tests/test_cli.py::test_check_github_format",
    "tests/test_workflows.py::test_actionlint_finds_nothing",
    "tests/test_pdf.py::test_mini_arabic_is_shaped_with_an_arabic_font",
    "tests/browser/test_browser_a11y.py::test_arabic_runs_right_to_left",
    "tests/browser/test_browser_a11y.py::test_axe_dark_palette_sample",
]
#: Environment passed on to the user: where the registries are and how to reach them.
PASSED_ON = re.compile(r"(PIP_|NPM_CONFIG_|npm_config_|UV_)\w*|"
                       r"(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy|SSL_CERT_\w+|"
                       r"REQUESTS_CA_BUNDLE|LANG|LC_\w+|TZ")
COMMAND_TIMEOUT = 600


@dataclass
class Runner:
    name: str
    uid: int
    gid: int
    home: Path
    clone: Path
    sudoers: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if PASSED_ON.fullmatch(k)}
        env.update(
            HOME=str(self.home), USER=self.name, LOGNAME=self.name, SHELL="/bin/bash",
            PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            PYTHON="/usr/bin/python3",
        )
        env.update(extra)
        return env

    def run(self, args: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
        """``args`` in the clone as this user, in a process group of its own that is ended
        (by its id) if it outlives the timeout."""
        proc = subprocess.Popen(
            args, cwd=self.clone, env=self.env(**extra), user=self.uid, group=self.gid,
            extra_groups=[], umask=0o022, start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            out, _ = proc.communicate(timeout=COMMAND_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            pytest.fail(f"{' '.join(args)} took over {COMMAND_TIMEOUT} s:\n{out[-5000:]}")
        return subprocess.CompletedProcess(args, proc.returncode, out, "")


def _root_run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout,
                          check=False, stdin=subprocess.DEVNULL)


def _ensure_sudo() -> None:
    if shutil.which("sudo") and shutil.which("visudo"):
        return
    if not shutil.which("apt-get"):
        pytest.skip("sudo is missing and there is no apt-get to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "-o", "DPkg::Lock::Timeout=300", "update"],
                ["apt-get", "-o", "DPkg::Lock::Timeout=300", "install", "-y",
                 "--no-install-recommends", "sudo"]):
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600,
                              check=False, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, f"{' '.join(cmd)}:\n{proc.stdout}\n{proc.stderr}"


def _auto_marks() -> set[str]:
    proc = _root_run("apt-mark", "showauto")
    return set(proc.stdout.split()) if proc.returncode == 0 else set()


@pytest.fixture
def runner() -> Iterator[Runner]:
    if os.geteuid() != 0:
        pytest.skip("needs root, to create a throwaway user (GitHub's runners run the "
                    "workflows as a normal user instead)")
    for tool in ("useradd", "userdel", "git", "make"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not available")
    _ensure_sudo()

    name = f"hbrunner-{secrets.token_hex(4)}"
    base = Path(tempfile.mkdtemp(prefix="handbook-runner-"))
    base.chmod(0o755)  # the user must reach its home and clone inside
    home = base / "home"
    sudoers = Path("/etc/sudoers.d") / f"handbook-test-{name}"
    auto_before = _auto_marks()
    created = False
    try:
        proc = _root_run("useradd", "--create-home", "--home-dir", str(home),
                         "--shell", "/bin/bash", "--user-group", name)
        assert proc.returncode == 0, proc.stderr
        created = True
        entry = pwd.getpwnam(name)
        assert entry.pw_uid != 0
        clone = base / "clone"
        proc = _root_run("git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone))
        assert proc.returncode == 0, proc.stderr
        proc = _root_run("chown", "-R", f"{entry.pw_uid}:{entry.pw_gid}", str(clone))
        assert proc.returncode == 0, proc.stderr
        yield Runner(name, entry.pw_uid, entry.pw_gid, home, clone, sudoers)
    finally:
        errors = []
        if sudoers.exists():
            sudoers.unlink()
        if created:
            proc = _root_run("userdel", "--remove", name)
            if proc.returncode != 0:  # a process of the user still running, say
                proc = _root_run("userdel", "--force", "--remove", name)
            if proc.returncode != 0:
                errors.append(f"userdel {name}: {proc.stderr}")
        shutil.rmtree(base, ignore_errors=True)
        # Packages that apt-get install marked as installed by hand: marked back.
        remarked = sorted(auto_before - _auto_marks())
        if remarked:
            proc = _root_run("apt-mark", "auto", *remarked)
            if proc.returncode != 0:
                errors.append(f"apt-mark auto: {proc.stderr}")
        assert not errors, errors


def give_sudo(runner: Runner) -> None:
    tmp = runner.sudoers.with_name(f".{runner.sudoers.name}.new")  # ignored by sudo: a dot
    tmp.write_text(f"{runner.name} ALL=(ALL) NOPASSWD: ALL\n", encoding="utf-8")
    tmp.chmod(0o440)
    proc = _root_run("visudo", "-cf", str(tmp))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tmp.rename(runner.sudoers)


def owned_by(path: Path, runner: Runner) -> bool:
    st = path.stat()
    return st.st_uid == runner.uid and not st.st_mode & stat.S_IWOTH


@pytest.mark.slow
def test_the_readmes_two_commands_as_a_normal_user_with_sudo(runner: Runner) -> None:
    start = time.monotonic()
    assert runner.run(["id", "-u"]).stdout.strip() == str(runner.uid)

    # Without sudo: the dependency script explains, and installs nothing.
    no_sudo = runner.run(["scripts/ensure-pdf-deps.sh"], HANDBOOK_DEPS_FORCE_APT="1")
    assert no_sudo.returncode == 1, no_sudo.stdout
    assert "ensure-pdf-deps: run as root, or give this user password-less sudo" in no_sudo.stdout

    give_sudo(runner)
    assert runner.run(["sudo", "-n", "true"]).returncode == 0

    t_site = time.monotonic()
    site = runner.run(["make", "site"], HANDBOOK_DEPS_FORCE_APT="1")
    assert site.returncode == 0, site.stdout[-8000:]
    out = site.stdout
    # The sudo path ran for real: apt-get, through sudo, saw the packages installed.
    assert "ensure-pdf-deps: installing with sudo -n: libpango-1.0-0" in out
    assert "Skipping poppler-utils, it is already installed and upgrade is not set." in out
    built = runner.clone / "site"
    assert (built / "index.html").is_file()
    assert (built / "pdf" / "handbook.pdf").stat().st_size > 100_000
    assert owned_by(built / "pdf" / "handbook.pdf", runner)
    assert owned_by(runner.clone / ".venv" / "pyvenv.cfg", runner)

    t_test = time.monotonic()
    test = runner.run(["make", "test"], HANDBOOK_DEPS_FORCE_APT="1",
                      PYTEST_ADDOPTS=" ".join(INNER_TESTS))
    out = test.stdout
    assert test.returncode == 0, out[-8000:]
    assert "ensure-pdf-deps: installing with sudo -n:" in out
    assert "ensure-browser-deps: installing with sudo -n: chromium fonts-dejavu-core" in out
    assert "Skipping chromium, it is already installed and upgrade is not set." in out
    # Debian's Chromium, not a download of Playwright's own.
    assert not (runner.home / ".cache" / "ms-playwright").exists()
    assert (runner.clone / "node_modules" / "axe-core" / "axe.min.js").is_file()
    closing = out.strip().splitlines()[-1]
    assert re.fullmatch(rf"=* ?{len(INNER_TESTS)} passed in [\d.]+s( \(.*\))? ?=*", closing), (
        closing)

    end = time.monotonic()
    print(f"\nhosted-runner simulation: {end - start:.0f} s (make site {t_test - t_site:.0f} s, "
          f"make test {end - t_test:.0f} s)")
