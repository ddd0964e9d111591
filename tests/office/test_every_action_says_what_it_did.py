"""Every office action ends with a message saying what was done (issue 10:
assigning a queued payment used to reload the queue silently).

A guard over the code, walking every URL under /biuro/: a view that takes a
POST and answers with a redirect must add a message on the way. Each view's
own tests check the words; this one catches the next view that forgets."""

import inspect
import re

from django.urls import URLPattern, URLResolver, get_resolver

POSTS = re.compile(r'require_POST|request\.method == "POST"|request\.POST')


def office_views(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from office_views(pattern, route)
        elif isinstance(pattern, URLPattern) and route.startswith("biuro/"):
            yield route, pattern.callback


def source(view) -> str:
    """The view's own code and its decorators' names."""
    function = inspect.unwrap(view)
    module = inspect.getsource(inspect.getmodule(function))
    own = inspect.getsource(function)
    start = module.index(own)
    decorators = module[max(0, module.rfind("\n\n", 0, start)) : start]
    return decorators + own


def test_every_office_action_that_redirects_adds_a_message():
    silent = []
    for route, view in office_views():
        code = source(view)
        if POSTS.search(code) and "redirect(" in code and "messages." not in code:
            silent.append(f"/{route} ({inspect.unwrap(view).__qualname__})")
    assert not silent, "these POSTs redirect without a message:\n" + "\n".join(silent)


def test_the_guard_sees_the_office_actions():
    routes = [route for route, view in office_views() if POSTS.search(source(view))]
    assert len(routes) >= 8, routes
