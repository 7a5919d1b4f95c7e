"""A database on a network share is refused at open (issue 14, item 2).

Two sshfs mounts of one folder, standing in for two office PCs, lost an import's rows and
let a second window and a restore run beside an open app: SQLite's WAL index cannot be
shared between machines and locks over NFS/SMB are unreliable. The detection is tested on
recorded mount tables, and end to end on a real FUSE mount (sshfs served by a local
sftp-server through socat: no ssh daemon, only 127.0.0.1) where the machine has them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_files import REPO

from crm_desktop.db.filesystems import NETWORK_TYPES, mount_type

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 259:2 / / rw,relatime - ext4 /dev/nvme0n1p2 rw
40 27 0:35 / /home rw,relatime - nfs4 files:/export/home rw,vers=4.2
41 40 259:3 / /home/shop/local rw,relatime - ext4 /dev/sdb1 rw
42 27 0:36 / /mnt/office\\040share rw,relatime - cifs //nas/office rw,vers=3.1.1
43 27 0:37 / /mnt/laptop rw,nosuid - fuse.sshfs me@laptop:/data rw,user_id=0
44 27 0:38 / /mnt/wsl rw - 9p drvfs rw
45 27 0:39 / /tmp rw - tmpfs tmpfs rw
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/shop/crm.db", "nfs4"),
        ("/home/shop/local/crm.db", "ext4"),  # a local disk mounted inside the NFS home
        ("/mnt/office share/客户/crm.db", "cifs"),  # \040 is a space in mountinfo
        ("/mnt/laptop/crm.db", "fuse.sshfs"),
        ("/mnt/wsl/crm.db", "9p"),
        ("/tmp/crm.db", "tmpfs"),
        ("/var/lib/crm.db", "ext4"),
        ("/mnt/laptopx/crm.db", "ext4"),  # a longer name is not inside /mnt/laptop
    ],
)
def test_the_mount_holding_a_path_and_its_type(path: str, kind: str) -> None:
    assert mount_type(MOUNTINFO, path) == kind
    assert (kind in NETWORK_TYPES) == (kind in ("nfs4", "cifs", "fuse.sshfs", "9p"))


# -- a real network mount -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _sftp_server() -> str | None:
    for candidate in ("/usr/lib/openssh/sftp-server", "/usr/lib/sftp-server", "/usr/libexec/sftp-server"):
        if os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture
def share(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(the folder on "the other computer", the same folder seen through an sshfs mount)."""
    server = _sftp_server()
    if not (shutil.which("sshfs") and shutil.which("socat") and server and os.path.exists("/dev/fuse")):
        pytest.skip("needs sshfs, socat and an sftp-server (scripts/setup.sh installs them)")
    remote, mount = tmp_path / "remote", tmp_path / "mnt"
    remote.mkdir()
    mount.mkdir()
    port = _free_port()
    socat = subprocess.Popen(
        ["socat", f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", f"EXEC:{server}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(50):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        made = subprocess.run(
            ["sshfs", "-o", f"directport={port}", f"127.0.0.1:{remote}", str(mount)],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        if made.returncode != 0:
            pytest.skip(f"sshfs could not mount here: {made.stderr.strip()}")
        try:
            yield remote, mount
        finally:
            subprocess.run(["fusermount", "-u", str(mount)], check=False, capture_output=True)
            subprocess.run(["umount", "-l", str(mount)], check=False, capture_output=True)
    finally:
        socat.terminate()
        socat.wait(timeout=10)


def run(home: Path, *args: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CRM_DESKTOP_DB", "CRM_DESKTOP_LANG")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), PYTHONPATH=str(REPO), CRM_DESKTOP_LANG="en")
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *map(str, args)],
        cwd=home, capture_output=True, text=True, encoding="utf-8", timeout=120,
        stdin=subprocess.DEVNULL, env=env,
    )  # fmt: skip


def test_a_database_on_a_network_share_is_refused_and_a_copy_can_still_be_read(
    share: tuple[Path, Path], tmp_path: Path
) -> None:
    remote, mount = share
    assert run(tmp_path, "demo", "--db", remote / "office.db", "--customers", "10").returncode == 0
    before = (remote / "office.db").read_bytes()
    shared = mount / "office.db"
    sheet = tmp_path / "people.csv"
    sheet.write_text("姓名,手机\n王小明,13800138000\n", encoding="utf-8")
    for args in (("customers", "list"), ("import", "customers", sheet), ("customers", "erase", "1", "--yes")):
        result = run(tmp_path, *args, "--db", shared)
        assert result.returncode == 1, result.stdout
        assert "network folder (fuse.sshfs)" in result.stderr and "Traceback" not in result.stderr
    # reading a copy of it stays possible: a backup from the share to this computer
    copy = tmp_path / "office-copy.db"
    assert run(tmp_path, "backup", copy, "--db", shared).returncode == 0
    assert len(run(tmp_path, "customers", "list", "--db", copy).stdout.splitlines()) == 12  # header, rule, 10
    # and a restore never puts a database in place on the share
    restored = run(tmp_path, "restore", copy, "--db", shared)
    assert restored.returncode == 1 and "network folder" in restored.stderr
    assert (remote / "office.db").read_bytes() == before
    # no lock file, backup folder or copy was made there (reading leaves SQLite's -wal/-shm)
    assert {p.name for p in remote.iterdir()} <= {"office.db", "office.db-wal", "office.db-shm"}
