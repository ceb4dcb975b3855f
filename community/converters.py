"""URL converters that keep unknown post types out of the views (a 404, not a KeyError)."""


class ThreadOrAnswer:
    regex = "thread|answer"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class PostModel(ThreadOrAnswer):
    regex = "thread|answer|comment"
