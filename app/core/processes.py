"""Whether another process on this computer is still there.

Per-process files (notice spools, offline spools) and a session's recorder
are adopted or called interrupted once the process that held them is gone;
this module is the one place that asks the operating system."""

from __future__ import annotations

import os
import sys


def pid_alive(pid: int) -> bool:
    """Whether process `pid` exists (a pid we may not signal exists too;
    a zombie, killed and not yet reaped by its parent, does not)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return not ok or code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, another user's
        return True
    except OSError:
        return False
    # A killed process that its parent has not reaped yet still answers
    # signal 0; on Linux its state says it is a zombie.
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in (b"Z", b"X")
