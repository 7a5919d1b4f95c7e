"""One app window per database file: a second start brings the first window forward.

The running app listens on a local socket (QLocalServer) named after its database path. A
second start on the same file, refused by the writer lock (`services.lock`), sends "raise" to
that socket and exits; the first window comes to the front. When nobody answers, the file is
held by something else (the command line, another computer on a shared folder) and the
second start says so instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE = b"raise\n"
CONNECT_TIMEOUT_MS = 1000


def server_name(db_path: str | os.PathLike[str]) -> str:
    """The local socket name for `db_path` (the same for every spelling of one file)."""
    path = Path(db_path).expanduser().resolve()
    with_links = str(path.resolve())
    key = with_links.lower() if sys.platform == "win32" else with_links
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    digest = hashlib.sha1(f"{user}:{key}".encode()).hexdigest()[:16]
    return f"crm-desktop-{digest}"


class InstanceServer(QObject):
    """Listens for later starts on the same database; emits `raise_requested` for each."""

    raise_requested = Signal()

    def __init__(self, db_path: str | os.PathLike[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening. We hold the writer lock, so a leftover socket is a dead app's."""
        QLocalServer.removeServer(self.name)
        ok = self.server.listen(self.name)
        if not ok:
            log.warning("single-instance socket %s: %s", self.name, self.server.errorString())
        return ok

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            if conn is None:
                break
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)
            if conn.bytesAvailable():
                self._read(conn)

    def _read(self, conn: QLocalSocket) -> None:
        data = bytes(conn.readAll().data())
        if RAISE.strip() in data:
            self.raise_requested.emit()
            conn.write(b"ok\n")
            conn.flush()


def ask_first_instance(db_path: str | os.PathLike[str], timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """Ask the app that has `db_path` open to come forward; False when no app answers."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(RAISE)
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        # the answer proves a live app handled it (a dead socket file accepts nothing)
        return socket.waitForReadyRead(timeout_ms) and b"ok" in bytes(socket.readAll().data())
    finally:
        socket.disconnectFromServer()


def bring_forward(window: QObject) -> None:
    """Show `window` normal-sized, on top and focused (as far as the platform allows)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    if not isinstance(window, QWidget):
        return
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
