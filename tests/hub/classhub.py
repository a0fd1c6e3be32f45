"""A real JupyterHub on 127.0.0.1 for one test, and the students who use it.

The hub runs as root with ``LocalProcessSpawner``, so each student's server runs as a system user of
its own, made here with ``useradd`` and a private home (``HOME_MODE=0700``, what the instructor guide
tells hub admins to set). Hub and single-user servers share one environment made from the system
Python (``/usr/bin/python3``), in a folder every user can read. Everything started or made here is
recorded and removed by :meth:`ClassHub.close`, which the fixture calls even when the test fails;
nothing is stopped by name, only by the process ids and user names this module made.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import requests
import websocket
from bookbuild import quick_start

SYSTEM_PYTHON = Path("/usr/bin/python3")
UV = Path(sys.executable).parent / "uv"  # from the lock, beside the test run's Python
STARTUP_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result


def make_environment(folder: Path, lock: Path, wheel: Path) -> Path:
    """The hub's and students' Python: a venv from the system Python, readable by every user, with
    pip and everything pinned and hashed in ``lock`` (nothing to resolve) and the class repository's
    runtime wheel. uv installs it from its cache in seconds (pip took about 30 s); files are copied,
    never linked into root's cache, so every student's server can read them. The environment also gets
    :mod:`bookbuild.quick_start`'s line: every student's server and kernel that imports otter starts 3 s
    sooner."""
    env = folder / "env"
    _run([str(UV), "venv", "--quiet", "--seed", "--python", str(SYSTEM_PYTHON), str(env)])
    install = [str(UV), "pip", "install", "--quiet", "--python", str(env / "bin" / "python"), "--link-mode", "copy"]
    _run([*install, "--require-hashes", "--no-deps", "-r", str(lock)])
    _run([*install, "--no-deps", str(wheel)])
    quick_start.install(env / "bin" / "python")  # as the instructor guide suggests to hub admins
    return env


CONFIG = """
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{folder}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.pid_file = "{folder}/hub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.concurrent_spawn_limit = 20
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = ["{env}/bin/jupyterhub-singleuser"]
c.Spawner.start_timeout = {startup}
c.Spawner.http_timeout = {startup}
c.Spawner.environment = {{
    "PATH": "{env}/bin:/usr/bin:/bin",
}}
c.JupyterHub.services = [{{"name": "classroom-test", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{
    "name": "classroom-test",
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
    "services": ["classroom-test"],
}}]
"""


@dataclass
class Student:
    name: str
    token: str = ""
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class ClassHub:
    """One hub, its students and everything made for them; :meth:`close` undoes it all."""

    folder: Path
    env: Path
    proxy: str
    students: list[Student] = field(default_factory=list)
    url: str = ""
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen | None = None
    users_made: list[str] = field(default_factory=list)

    # -- users ------------------------------------------------------------------------------------

    def add_students(self, count: int) -> None:
        """System users of this test's own, named with a fresh prefix so nothing else is touched."""
        prefix = f"cls{uuid.uuid4().hex[:6]}s"
        for index in range(count):
            name = f"{prefix}{index:02d}"
            _run(["useradd", "--create-home", "--shell", "/bin/bash", "-K", "HOME_MODE=0700", name])
            self.users_made.append(name)
            # nbgitpuller clones the teacher's file:// repository, which root owns: git reads
            # safe.directory only from a user's or the system's configuration, not the environment.
            account = pwd.getpwnam(name)
            gitconfig = Path(account.pw_dir) / ".gitconfig"
            gitconfig.write_text(f"[safe]\n\tdirectory = {self.folder}/class.git\n", encoding="utf-8")
            os.chown(gitconfig, account.pw_uid, account.pw_gid)
            self.students.append(Student(name))

    # -- the hub ----------------------------------------------------------------------------------

    def start(self) -> None:
        port = _free_port()
        config = CONFIG.format(
            port=port, hub_port=_free_port(), proxy_port=_free_port(), proxy=self.proxy, folder=self.folder,
            users=[s.name for s in self.students], env=self.env, startup=STARTUP_SECONDS, token=self.token,
        )  # fmt: skip
        (self.folder / "jupyterhub_config.py").write_text(config, encoding="utf-8")
        log = (self.folder / "hub.log").open("w")
        env = {**os.environ, "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(16)}
        self.process = subprocess.Popen(
            [str(self.env / "bin" / "jupyterhub"), "-f", str(self.folder / "jupyterhub_config.py")],
            cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub stopped at start:\n{self.log()}")
            try:
                if requests.get(f"{self.url}/hub/api", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not answer within {STARTUP_SECONDS} s:\n{self.log()}")

    def log(self) -> str:
        path = self.folder / "hub.log"
        return path.read_text(encoding="utf-8", errors="replace")[-4000:] if path.is_file() else ""

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        response = requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kwargs)
        response.raise_for_status()
        return response

    def log_in(self, student: Student) -> None:
        """The student's token (what a login gives a browser as a cookie) and their server, started."""
        body = {"note": "classroom test", "expires_in": 900}
        student.token = self.api("POST", f"/users/{student.name}/tokens", json=body).json()["token"]
        started = time.monotonic()
        self.api("POST", f"/users/{student.name}/server")
        deadline = started + STARTUP_SECONDS
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{student.name}").json()
            server = (model.get("servers") or {}).get("", {})
            if server.get("ready"):
                student.timings["server start"] = time.monotonic() - started
                return
            time.sleep(0.5)
        raise RuntimeError(f"{student.name}'s server did not start:\n{self.log()}")

    # -- what a student does, through their own server ----------------------------------------------

    def server(self, student: Student, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {student.token}"}
        url = f"{self.url}/user/{student.name}/{path}"
        response = requests.request(method, url, headers=headers, timeout=120, **kwargs)
        response.raise_for_status()
        return response

    def pull(self, student: Student, repo: str, folder: str, branch: str = "main") -> None:
        """nbgitpuller's own endpoint, as a link's page calls it: clone or merge, streamed as events."""
        query = urlencode({"repo": repo, "branch": branch, "targetpath": folder})
        events = self.server(student, "GET", f"git-pull/api?{query}").text
        phases = [json.loads(line[len("data:") :]) for line in events.splitlines() if line.startswith("data:")]
        if not phases or phases[-1].get("phase") != "finished":
            raise RuntimeError(f"{student.name}: nbgitpuller did not finish: {events[-2000:]}")

    def notebook(self, student: Student, path: str) -> dict:
        return self.server(student, "GET", f"api/contents/{path}").json()["content"]

    def save(self, student: Student, path: str, notebook: dict) -> None:
        self.server(student, "PUT", f"api/contents/{path}", json={"type": "notebook", "content": notebook})

    def execute(self, student: Student, path: str) -> list[str]:
        """Run every code cell of ``path`` in a kernel of the student's own server, in the notebook's
        folder, over the kernel's websocket; return the errors (none when it runs)."""
        session = self.server(
            student, "POST", "api/sessions", json={"path": path, "type": "notebook", "kernel": {"name": "python3"}}
        ).json()
        kernel = session["kernel"]["id"]
        url = f"{self.url.replace('http', 'ws', 1)}/user/{student.name}/api/kernels/{kernel}/channels"
        connection = websocket.create_connection(url, header=[f"Authorization: token {student.token}"], timeout=180)
        errors: list[str] = []
        try:
            for cell in self.notebook(student, path)["cells"]:
                if cell["cell_type"] == "code":
                    errors += _run_cell(connection, "".join(cell["source"]))
                    if errors:
                        break
        finally:
            connection.close()
            self.server(student, "DELETE", f"api/sessions/{session['id']}")
        return errors

    def read_other_home(self, student: Student, other: Student) -> list[str]:
        """What ``student``'s kernel can list of ``other``'s home: must be nothing (an error)."""
        session = self.server(student, "POST", "api/kernels", json={"name": "python3"}).json()
        url = f"{self.url.replace('http', 'ws', 1)}/user/{student.name}/api/kernels/{session['id']}/channels"
        connection = websocket.create_connection(url, header=[f"Authorization: token {student.token}"], timeout=60)
        try:
            return _run_cell(connection, f"import os; print(os.listdir({pwd.getpwnam(other.name).pw_dir!r}))")
        finally:
            connection.close()
            self.server(student, "DELETE", f"api/kernels/{session['id']}")

    def memory_mb(self, student: Student) -> float:
        """Resident memory of every process the student's user runs (server and kernels), in MB."""
        uid = pwd.getpwnam(student.name).pw_uid
        total = 0
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
            if int(fields.get("Uid", "-1").split()[0]) == uid and "VmRSS" in fields:
                total += int(fields["VmRSS"].split()[0])
        return total / 1024

    # -- the end ----------------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the hub (it stops the servers it spawned), end any process left running as one of
        this test's users, and delete those users and their homes. Only what this test made."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        uids = set()
        for name in self.users_made:
            try:
                uids.add(pwd.getpwnam(name).pw_uid)
            except KeyError:
                continue
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                uid = int(next(line for line in status.read_text().splitlines() if line.startswith("Uid:")).split()[1])
                if uid in uids:
                    os.kill(int(status.parent.name), signal.SIGKILL)
            except (OSError, StopIteration, ValueError):
                continue
        for name in self.users_made:
            subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _run_cell(connection: websocket.WebSocket, code: str) -> list[str]:
    """One ``execute_request`` on the kernel's channels; the errors it raised, if any."""
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "msg_type": "execute_request", "username": "", "session": uuid.uuid4().hex,
              "date": "", "version": "5.3"}  # fmt: skip
    content = {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False}
    message = {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}
    connection.send(json.dumps(message))
    errors: list[str] = []
    while True:
        reply = json.loads(connection.recv())
        if reply.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = reply["msg_type"]
        if kind == "error":
            errors.append(f"{reply['content']['ename']}: {reply['content']['evalue']}")
        if kind == "execute_reply":
            return errors


def readable_folder() -> Path:
    """A scratch folder every user can read (pytest's own tmp is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="classhub-"))
    folder.chmod(0o755)
    return folder
