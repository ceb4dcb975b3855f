"""What a page read cost: for the tests of what regions and kept data spare (a warm page reads none of the rows
it shows)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def read(client, url: str, table: str) -> tuple[str, list[str]]:
    """The page at ``url`` (asserted 200) and the statements of its request that touched ``table``."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries if table in q["sql"]]
