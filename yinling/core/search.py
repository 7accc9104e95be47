"""Search terms that are ID or phone numbers stay out of URLs, and so out of every access log.

A list's filter form is posted to the list itself; the answer is a redirect (or, for an
htmx request, the results with HX-Push-Url) to a GET URL carrying the filters. A search
term with a run of five or more digits travels as `qref`, a key of the user's session
under which the term is kept encrypted; any other term stays in the URL as `q`, so a
search by name can still be bookmarked and shared.
"""
import re
import secrets

from django.http import QueryDict

from . import crypto

SENSITIVE = re.compile(r"\d{5,}")
_SESSION_KEY = "search_refs"
_KEEP = 20  # references a session keeps, the latest ones


def is_sensitive(term: str) -> bool:
    return bool(SENSITIVE.search(term or ""))


def url_query(request, posted: QueryDict, fields) -> QueryDict:
    """The GET query for a posted filter form: the known `fields` only, a sensitive q replaced by its qref."""
    query = QueryDict(mutable=True)
    for name in fields:
        values = [v for v in posted.getlist(name) if v != ""]
        if values:
            query.setlist(name, values)
    term = query.get("q", "")
    if is_sensitive(term):
        del query["q"]
        refs = request.session.get(_SESSION_KEY, {})
        key = secrets.token_urlsafe(9)
        refs[key] = crypto.encrypt(term)
        request.session[_SESSION_KEY] = dict(list(refs.items())[-_KEEP:])
        query["qref"] = key
    return query


def resolve(request, query: QueryDict) -> QueryDict:
    """A copy of a list's GET query with the term of its qref (if any) back as q, for the form and the filters."""
    resolved = query.copy()
    key = resolved.pop("qref", [None])[0]
    if key:
        token = request.session.get(_SESSION_KEY, {}).get(key)
        if token:
            resolved["q"] = crypto.decrypt(token)
    return resolved
