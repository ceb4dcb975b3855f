"""The live preview is drawn by the same pipeline as the saved post: same Markdown, same HTML."""

import pytest

from community.models import Thread

pytestmark = pytest.mark.django_db

MARKDOWN = """Sync **works** offline, _mostly_.

## Steps

1. Open `Settings`
2. Turn on [offline mode](https://example.com/help)

> A quote with <script>alert(1)</script>

```python
print("hello")
```

![a local image](/uploads/abc.png) and ![a remote one](https://tracker.example/p.gif)
"""


def test_the_preview_equals_the_saved_post(client_for, alice):
    c = client_for(alice)
    body = MARKDOWN.replace("![a remote one](https://tracker.example/p.gif)", "")  # new posts refuse remote images
    previewed = c.post("/preview/", {"body": body}, HTTP_ACCEPT="application/json").json()["html"]
    response = c.post("/ask/question/", {"title": "Does sync work offline at all?", "body": body, "tags": "sync"})
    assert response.status_code == 302
    saved = Thread.objects.get().body_html
    assert previewed == saved
    assert "<strong>works</strong>" in saved and '<img src="/uploads/abc.png"' in saved and "<script" not in saved
