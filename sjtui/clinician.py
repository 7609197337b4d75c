"""Who is using the app: from the config, defaulting to the OS user and host name."""

from __future__ import annotations

import getpass
import socket

from sjtui.access.grant import Clinician
from sjtui.config import Settings


def current_clinician(settings: Settings) -> Clinician:
    c = settings.clinician
    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):
        os_user = "unknown"
    return Clinician(
        user_id=c.user_id or os_user,
        name=c.name or os_user,
        organisation=c.organisation,
        workstation=c.workstation or socket.gethostname(),
    )
