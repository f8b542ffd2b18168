"""Finding every form of the application by following its links, as each role.

The crawl starts on the home page and follows every same-site link of every
page it reaches, one concrete URL per URL pattern (so a list of 300 suppliers
costs one visit), as each demo persona in turn. A page answering GET with a
`<form method="post">` is a form page, posted to as the first persona that
could open it. New forms are covered without anyone listing them.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

# Crawled in this order; the first who can open a page posts to it. The
# administrator last: a superuser opens everything.
PERSONAS = ["strateg", "samordnare", "socialsekreterare", "chef", "admin"]

# Never followed, with the reason.
EXCLUDED = {
    "logout": "ends the crawl's session",
    "login": "the login form is H3's (django-axes locks it under a fuzz)",
    "password_change": "would change the persona's password mid-crawl",
    "satt_losenord": "needs a token from an invitation mail",
    "forsta_start": "open only while there is no user at all",
}
EXCLUDED_PREFIXES = ("admin:", "admin/", "/admin/", "/static/", "/media/")
MAX_PAGES = 600


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, file, number, date, datetime-local, hidden
    options: list = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    action: str
    fields: list


@dataclass
class FormPage:
    view_name: str
    url: str
    persona: str
    form: Form

    def __str__(self):
        return f"{self.view_name} ({self.url} as {self.persona})"


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms = [], []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = Form(action=a.get("action") or "", fields=[])
        elif self._form is None or "name" not in a:
            if tag == "option" and self._select is not None:
                self._select.options.append(a.get("value", ""))
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind not in ("submit", "button", "reset", "image"):
                self._form.fields.append(Field(a["name"], kind, value=a.get("value") or ""))
        elif tag == "textarea":
            self._form.fields.append(Field(a["name"], "textarea"))
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def parse(html):
    parser = _Parser()
    parser.feed(html)
    return parser.links, parser.forms


def _view_name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client_for):
    """Every form page, one per (view name, form action), reached from the home page,
    and {view name: (path, persona)} of every HTML page reached.

    `client_for(persona)` gives a logged-in test client.
    """
    found, seen_views = {}, {}
    for persona in PERSONAS:
        client = client_for(persona)
        queue, visited = ["/"], set()
        while queue and len(visited) < MAX_PAGES:
            url = queue.pop(0)
            path = urlsplit(url).path
            name = _view_name(path)
            if name is None or name in EXCLUDED or path.startswith(EXCLUDED_PREFIXES):
                continue
            if name.startswith("admin:") or (name, persona) in visited:
                continue
            visited.add((name, persona))
            response = client.get(path)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith("text/html"):
                continue
            links, forms = parse(response.content.decode())
            for form in forms:
                action = urljoin(path, form.action or path)
                key = (_view_name(urlsplit(action).path), name)
                if key not in found and key[0] not in EXCLUDED:
                    found[key] = FormPage(name, path, persona, Form(action, form.fields))
            seen_views.setdefault(name, (path, persona))
            for link in links:
                target = urljoin(path, link)
                parts = urlsplit(target)
                if parts.netloc in ("", "testserver") and parts.path.startswith("/"):
                    queue.append(parts.path)
    return list(found.values()), seen_views
