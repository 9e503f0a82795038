"""`{% memo "name" arg … %}…{% endmemo %}`: markup drawn once per process, language and arguments.

For parts of every page that depend on nothing but the code and the language — the newsletter box in
the footer, say — drawing them on each request is pure waste. What goes inside must not depend on the
person, the request or a CSRF token; anything else it depends on goes in the arguments.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Names are chosen in templates and languages are few, so this stays small; the cap guards against
# an argument that turns out to take many values.
MAX_ENTRIES = 256
_drawn: dict[tuple[object, ...], SafeString] = {}


class MemoNode(Node):
    def __init__(self, nodelist: NodeList, parts: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context: Context) -> SafeString:
        key = (get_language(), *(part.resolve(context) for part in self.parts))
        html = _drawn.get(key)
        if html is None:
            html = SafeString(self.nodelist.render(context))
            if len(_drawn) < MAX_ENTRIES:
                _drawn[key] = html
        return html


@register.tag
def memo(parser: Parser, token: Token) -> MemoNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% memo %} needs a name: {% memo "footer" %}')
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
