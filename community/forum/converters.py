"""URL converters that turn a post type in the path into its model class (unknown types are a 404).

``<thread_or_answer:model>`` gives ``Thread`` or ``Answer``, ``<post_model:model>`` also ``Comment``, so
views never branch on a type name. Reversing accepts the class or its name (``{% url … 'thread' pk %}``).
"""

from django.urls import register_converter

from community.forum.models import Answer, Comment, Thread


class ThreadOrAnswer:
    regex = "thread|answer"
    models = {"thread": Thread, "answer": Answer}

    def to_python(self, value):
        return self.models[value]

    def to_url(self, value):
        return value if isinstance(value, str) else value._meta.model_name


class PostModel(ThreadOrAnswer):
    regex = "thread|answer|comment"
    models = {"thread": Thread, "answer": Answer, "comment": Comment}


def register() -> None:
    """Called from ``CommunityConfig.ready()``, before any URLconf that uses the converters is loaded."""
    register_converter(ThreadOrAnswer, "thread_or_answer")
    register_converter(PostModel, "post_model")
