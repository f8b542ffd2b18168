from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    """Queries a GET of the page costs (the page must answer 200)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries)
