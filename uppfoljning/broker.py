"""Celery's embedded `filesystem://` broker, with messages written atomically.

kombu's filesystem transport creates a message file and then writes it; a
worker polling the folder can move and read the file in between, get an
empty message and stop with a JSONDecodeError (celery/kombu#1551). Here a
message is written under a name the reader skips and renamed into place
when complete, so a reader sees whole messages or none. `install()` makes
it what `filesystem://` means (the embedded default); production uses Redis.
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put `payload` onto `queue`: write a hidden file, then rename it in."""
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        # The reader takes files whose name after the first dot is "<queue>.msg";
        # a leading dot puts the whole name there, so it is never picked up.
        partial = os.path.join(self.data_folder_out, f".partial-{name}")
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


def install():
    """Let `filesystem://` URLs use this transport (kombu resolves schemes by alias)."""
    TRANSPORT_ALIASES["filesystem"] = f"{__name__}:Transport"
