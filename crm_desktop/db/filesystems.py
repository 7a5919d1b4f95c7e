"""Is a database file on a network share? SQLite must not be written there.

Small offices put the file on a shared folder and open it from two PCs. SQLite's WAL index
(`-shm`) is shared memory and cannot be shared between machines, and byte-range locking over
NFS and SMB is unreliable: a tester's two mounts of one folder lost one import's rows, got
"Rowid … out of order", and let a second window and a restore run beside an open app. So a
database on a network file system is refused at open with one message (`db.network`) that
says why and what to do; a backup FROM the share (reading a copy) stays possible.

Detection, per platform, from what the system says about the folder:
- Linux: the mount holding the path in `/proc/self/mountinfo` and its type (nfs, cifs/smb3,
  fuse.sshfs, 9p …);
- Windows: a UNC path (`\\\\server\\share`) or a drive whose `GetDriveTypeW` is DRIVE_REMOTE;
- macOS: the type `mount` reports for the volume (nfs, smbfs, afpfs, webdav).

`CRM_DESKTOP_ALLOW_NETWORK_DB=1` lets one computer that alone uses the file open it anyway (an
NFS home folder on a Linux desktop); two computers must still never share it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ALLOW_ENV = "CRM_DESKTOP_ALLOW_NETWORK_DB"

# File-system types that reach another machine (Linux names; macOS names; FUSE ones as
# "fuse.<program>").
NETWORK_TYPES = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "ncpfs", "ncp",
        "coda", "glusterfs", "ceph", "lustre", "gpfs", "beegfs", "ocfs2", "davfs", "webdav",
        "afpfs", "sshfs", "fuse.sshfs", "fuse.glusterfs", "fuse.rclone", "fuse.s3fs",
        "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.ceph", "fuse.curlftpfs", "fuse.smbnetfs",
    }
)  # fmt: skip


def network_filesystem(path: str | os.PathLike[str]) -> str | None:
    """The type of the network file system holding `path` (e.g. "nfs4", "fuse.sshfs",
    "network drive"), or None for a local disk or when the system cannot say."""
    if os.environ.get(ALLOW_ENV) == "1":
        return None
    target = _existing(Path(path))
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as fh:
                kind = mount_type(fh.read(), str(target))
            return kind if kind in NETWORK_TYPES else None
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
            return _windows_remote(target)
        if sys.platform == "darwin":  # pragma: no cover - exercised on macOS builds
            return _macos_type(target)
    except OSError:
        return None
    return None


def mount_type(mountinfo: str, path: str) -> str | None:
    """The file-system type of the mount that holds the absolute, resolved `path`, read from
    the text of `/proc/self/mountinfo` (the longest mount point that contains it)."""
    best: tuple[int, str] | None = None
    for line in mountinfo.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        sep = fields.index("-")
        if sep < 5 or sep + 1 >= len(fields):
            continue
        point = _unescape(fields[4])
        inside = path == point or path.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fields[sep + 1])
    return best[1] if best else None


def _unescape(text: str) -> str:
    # mountinfo writes space, tab, newline and backslash as octal escapes (\040 …)
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 3 < len(text) and text[i + 1 : i + 4].isdigit():
            out.append(chr(int(text[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _existing(path: Path) -> Path:
    """The nearest existing folder or file at or above `path`, resolved (links followed)."""
    current = path.expanduser().absolute()
    while not current.exists() and current.parent != current:
        current = current.parent
    return current.resolve()


def _windows_remote(path: Path) -> str | None:  # pragma: no cover - Windows only
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "network share"
    import ctypes

    drive = os.path.splitdrive(text)[0]
    if not drive:
        return None
    drive_remote = 4
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
    return "network drive" if kind == drive_remote else None


def _macos_type(path: Path) -> str | None:  # pragma: no cover - macOS only
    out = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5).stdout
    best: tuple[int, str] | None = None
    for line in out.splitlines():
        # "//user@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by user)"
        if " on " not in line or " (" not in line:
            continue
        point = line.split(" on ", 1)[1].rsplit(" (", 1)[0]
        kind = line.rsplit(" (", 1)[1].split(",", 1)[0].rstrip(")")
        inside = str(path) == point or str(path).startswith(point.rstrip("/") + "/") or point == "/"
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), kind)
    return best[1] if best and best[1] in NETWORK_TYPES else None
