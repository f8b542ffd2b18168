import io
import re

import pytest
from pypdf import PdfReader

from tests.rapporter.fixtures import build_year


@pytest.fixture
def year(alice):
    return build_year(alice)


def pdf_text(data):
    """All text of a PDF, whitespace collapsed, as a reader would search it."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def eager_celery():
    """Run queued tasks in-process (the worker's code path, without a worker)."""
    from uppfoljning.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False
