"""Start and stop a throwaway PostgreSQL server for the tests: a fresh cluster in a temp dir, loopback only.

``start()`` finds the server binaries (``pg_config --bindir``, /usr/lib/postgresql/*/bin, PATH), runs
initdb in a new temp dir, starts the server on a free 127.0.0.1 port (no unix socket, fsync off), waits
until it accepts connections and creates an empty database. It returns a ``Server`` whose ``.url`` is a
SQLAlchemy URL (``postgresql+psycopg://autograder@127.0.0.1:PORT/autograder_test``) and whose ``.stop()``
stops the server (``pg_ctl stop -m immediate``) and removes the dir. Anything that prevents this raises
``Unavailable`` with the precise reason, so a fixture can skip with it.

PostgreSQL refuses to run as root: when we are root, initdb and pg_ctl run as the ``postgres`` system
user (else ``nobody``) through runuser (or setpriv), in a dir that user owns. A server is stopped at
interpreter exit (atexit), and a small watchdog process stops it if this process is killed outright,
so that no test run, however it ends, leaves a server behind.
"""
from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

USER = "autograder"          # the cluster's superuser (trust authentication, loopback only)
DATABASE = "autograder_test"
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "32MB",
    "max_connections": "50",
}

# Run by the watchdog: wait until our stdin closes (this process ended, however), then stop the server.
_WATCHDOG = """
import shutil, subprocess, sys
sys.stdin.buffer.read()
stop, base = sys.argv[1:-1], sys.argv[-1]
subprocess.run(stop, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
shutil.rmtree(base, ignore_errors=True)
"""


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


@dataclass
class Server:
    url: str
    port: int
    pid: int
    base_dir: Path
    _stop_cmd: list[str] = field(repr=False)
    _watchdog: subprocess.Popen | None = field(default=None, repr=False)
    _stopped: bool = field(default=False, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    def new_database(self, name: str | None = None) -> str:
        """Create another empty database on this server (for a test that wants its own) and return its URL."""
        import psycopg
        name = name or f"t_{os.getpid()}_{next(_numbers)}"
        _create_database(psycopg, self.port, name, time.monotonic() + 30)
        return self.url.rpartition("/")[0] + "/" + name

    def stop(self) -> None:
        """Stop the server at once and remove its dir (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        if self._watchdog is not None:
            self._watchdog.kill()
            self._watchdog.wait()
        subprocess.run(self._stop_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        deadline = time.monotonic() + 10
        while running(self.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        shutil.rmtree(self.base_dir, ignore_errors=True)
        _live.discard(self)

    __hash__ = object.__hash__


_live: set[Server] = set()
_numbers = itertools.count(1)


@atexit.register
def _stop_all() -> None:
    for server in list(_live):
        server.stop()


def find_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres, or None."""
    candidates: list[str] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10)
            candidates.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(versions, key=lambda p: _version_key(p), reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).resolve().parent))
    for c in candidates:
        if c and all((Path(c) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(c)
    return None


def _version_key(path: str) -> tuple:
    version = Path(path).parent.name
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def _unprivileged_prefix() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that runs a program as a non-root user (empty when we are not root)."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        if shutil.which("runuser"):
            return ["runuser", "-u", name, "--"], user
        if shutil.which("setpriv"):
            return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"], user
        raise Unavailable("running as root, and neither runuser nor setpriv is here to drop to a normal user")
    raise Unavailable("running as root, and there is neither a 'postgres' nor a 'nobody' user to run PostgreSQL as")


def _make_base(tmp_dir, prefix: list[str], user) -> Path:
    """A new dir the server's user owns and can reach: under tmp_dir, else under the system temp dir."""
    parents = [Path(tmp_dir)] if tmp_dir is not None else []
    parents.append(Path(tempfile.gettempdir()))
    for parent in parents:
        base = Path(tempfile.mkdtemp(prefix="pg-", dir=parent))
        if user is None:
            return base
        os.chown(base, user.pw_uid, user.pw_gid)
        if subprocess.run([*prefix, "test", "-w", str(base)]).returncode == 0:
            return base
        shutil.rmtree(base, ignore_errors=True)
    raise Unavailable(f"user {user.pw_name!r} cannot write a temp dir under {' or '.join(map(str, parents))}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def running(pid: int) -> bool:
    """Whether the process runs (a zombie waiting for its parent, here often a slow PID 1, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return not Path("/proc/self").exists()   # gone meanwhile, or no /proc to tell a zombie by
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def _tail(path: Path, lines: int = 8) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _run(cmd: list[str], what: str, timeout: float) -> None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Unavailable(f"{what} did not finish within {timeout:.0f} s") from None
    except OSError as e:
        raise Unavailable(f"{what} could not run: {e}") from None
    if out.returncode != 0:
        raise Unavailable(f"{what} failed (exit {out.returncode}): {(out.stderr or out.stdout).strip()[-800:]}")


def start(tmp_dir=None, *, database: str = DATABASE, timeout: float = 30.0) -> Server:
    """Start a fresh server and return it; raise Unavailable (with the reason) when that cannot be done."""
    try:
        import psycopg
    except ImportError:
        raise Unavailable("the PostgreSQL driver psycopg (3) is not installed") from None
    bindir = find_bindir()
    if bindir is None:
        raise Unavailable("no PostgreSQL server binaries (initdb, pg_ctl, postgres) found via pg_config, "
                          "/usr/lib/postgresql/*/bin or PATH; install Debian's 'postgresql' package "
                          "(.ci/install-postgresql)")
    prefix, user = _unprivileged_prefix()
    base = _make_base(tmp_dir, prefix, user)
    data, log = base / "data", base / "server.log"
    pg_ctl = str(bindir / "pg_ctl")
    stop_cmd = [*prefix, pg_ctl, "stop", "-D", str(data), "-m", "immediate", "-w", "-t", "30"]
    try:
        _run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust",
              "-E", "UTF8", "--no-locale", "--no-sync"], "initdb", timeout)
        for attempt in range(3):        # another process may take the free port before the server does
            port = _free_port()
            with open(data / "postgresql.conf", "a") as conf:
                conf.write(f"\n# tests/pg_server.py, attempt {attempt + 1}\nport = {port}\n")
                conf.writelines(f"{k} = {v}\n" for k, v in SETTINGS.items())
            try:
                _run([*prefix, pg_ctl, "start", "-D", str(data), "-l", str(log), "-w", "-t", str(int(timeout))],
                     "pg_ctl start", timeout + 5)
                break
            except Unavailable as e:
                if "could not bind" in _tail(log, 20) and attempt < 2:
                    continue
                raise Unavailable(f"{e}\nserver log:\n{_tail(log)}") from None
        pid = int((data / "postmaster.pid").read_text().split()[0])
        watchdog = subprocess.Popen([sys.executable, "-c", _WATCHDOG, *stop_cmd, str(base)],
                                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
        server = Server(f"postgresql+psycopg://{USER}@127.0.0.1:{port}/{database}", port, pid, base,
                        stop_cmd, watchdog)
        _live.add(server)
    except BaseException:
        subprocess.run(stop_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        shutil.rmtree(base, ignore_errors=True)
        raise
    try:
        _create_database(psycopg, port, database, time.monotonic() + timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _create_database(psycopg, port: int, database: str, deadline: float) -> None:
    while True:
        try:
            with psycopg.connect(host="127.0.0.1", port=port, user=USER, dbname="postgres",
                                 autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
            return
        except psycopg.OperationalError as e:
            if time.monotonic() > deadline:
                raise Unavailable(f"the server on 127.0.0.1:{port} does not accept connections: {e}") from None
            time.sleep(0.1)
