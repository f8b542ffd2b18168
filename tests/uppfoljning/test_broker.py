"""The embedded filesystem broker writes whole messages or none."""

import os
from queue import Empty

import pytest
from kombu import Connection

from uppfoljning.broker import Transport
from uppfoljning.celery import app


def test_a_message_appears_only_when_complete_and_round_trips(tmp_path):
    transport_options = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        "control_folder": str(tmp_path / "control"),
    }
    with Connection(transport=Transport, transport_options=transport_options) as conn:
        queue = conn.SimpleQueue("prov")
        queue.put({"svar": "ok"})
        names = os.listdir(tmp_path)
        messages = [n for n in names if n.endswith(".prov.msg")]
        assert len(messages) == 1
        assert not [n for n in names if n.startswith(".partial-")]
        received = queue.get(timeout=1)
        assert received.payload == {"svar": "ok"}
        received.ack()
        queue.close()


def test_a_half_written_message_is_not_read(tmp_path):
    (tmp_path / ".partial-1_abc.prov.msg").write_bytes(b"")
    transport_options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    with Connection(transport=Transport, transport_options=transport_options) as conn:
        with pytest.raises(Empty):
            conn.default_channel._get("prov")
        assert (tmp_path / ".partial-1_abc.prov.msg").exists()


def test_filesystem_urls_use_the_atomic_transport():
    with app.connection_for_write(url="filesystem://") as conn:
        assert isinstance(conn.transport, Transport)
