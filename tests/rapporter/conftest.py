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
