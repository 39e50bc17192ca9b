"""A throwaway Mosquitto on loopback with TLS (a test CA made with openssl), a password file and an ACL:
for the tests and `assistant bench faults`. Needs the Debian packages mosquitto and openssl."""

from __future__ import annotations

import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

from .common import MosquittoProcess, free_port

USERS = {"assistant": "svc-pass-1", "supervisor": "sup-pass-2", "intruder": "int-pass-3"}

# The assistant publishes alerts and reads acks; a supervisor reads alerts and writes acks; anyone else
# who has an account (the intruder) may read alerts but never write an acknowledgement.
ACL = """\
user assistant
topic write shopfloor/alerts/#
topic read shopfloor/alerts/plant1/ack

user supervisor
topic read shopfloor/alerts/#
topic write shopfloor/alerts/plant1/ack

user intruder
topic read shopfloor/alerts/#
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(folder: Path) -> None:
    """ca.crt, server.crt/key (CN and SAN 127.0.0.1) and client.crt/key, all signed by a throwaway CA."""
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
             "-keyout", "ca.key", "-out", "ca.crt", cwd=folder)  # fmt: skip
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for name in ("server", "client"):
        subject = f"/CN={'127.0.0.1' if name == 'server' else 'assistant'}"
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
                 "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=folder)  # fmt: skip
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                 "-days", "2", "-extfile", "san.ext", "-out", f"{name}.crt", cwd=folder)  # fmt: skip


class SecureBroker(MosquittoProcess):
    """Listener `port`: TLS + password; listener `cert_port`: TLS + password + a client certificate."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="assistant-secure-broker-")
        self.folder = Path(self._folder.name)
        make_ca(self.folder)
        passwords = self.folder / "passwd"
        passwords.touch()
        for user, password in USERS.items():
            subprocess.run(["mosquitto_passwd", "-b", str(passwords), user, password], check=True, capture_output=True)
        (self.folder / "acl").write_text(ACL)
        self.port, self.cert_port = free_port(), free_port()
        tls = f"cafile {self.folder}/ca.crt\ncertfile {self.folder}/server.crt\nkeyfile {self.folder}/server.key\n"
        (self.folder / "mosquitto.conf").write_text(
            f"user root\nper_listener_settings false\nallow_anonymous false\npassword_file {passwords}\n"
            f"acl_file {self.folder}/acl\n"
            f"listener {self.port} 127.0.0.1\n{tls}"
            f"listener {self.cert_port} 127.0.0.1\n{tls}require_certificate true\n"
        )
        self.log = self.folder / "mosquitto.log"
        self.start()

    @property
    def ca(self) -> str:
        return str(self.folder / "ca.crt")

    def start(self) -> None:
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                ["mosquitto", "-c", str(self.folder / "mosquitto.conf")], stdout=log, stderr=log
            )
        deadline = time.monotonic() + 10
        context = ssl.create_default_context(cafile=self.ca)
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as raw:
                    context.wrap_socket(raw, server_hostname="127.0.0.1").close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"mosquitto did not start: {self.log.read_text(errors='replace')[-500:]}")
