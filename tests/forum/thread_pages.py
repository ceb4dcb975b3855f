"""Reading a thread page as a member would, for the tests of its cache and of its trips to the cache."""


def thread_page(client, thread) -> str:
    """The thread's page (asserted 200), as text."""
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def warm_thread_page(client, thread) -> str:
    """Three views: the first after a flushed cache starts its clock, the next ones store and serve."""
    for _ in range(3):
        page = thread_page(client, thread)
    return page
