"""Which questions are visible, given the answers so far (Fraga.villkor_fraga/villkor_varde).

A question with a condition is visible when its condition question is visible and
the answer to it is the condition's value (for "flera val": one of the values
ticked). A question whose condition question is hidden is hidden too, however it
was answered before, so a chain of conditions collapses from its first hidden link.
"""

from enkater.models import FragaTyp


def svarsvarden(fraga, text):
    """The values an answer's text holds: one per line for "flera val", else the text."""
    text = text or ""
    if fraga.typ == FragaTyp.FLERA_VAL:
        return [line for line in text.splitlines() if line]
    return [text] if text else []


def synliga_fragor(fragor, varden):
    """The ids of the visible questions; `varden` maps a question's id to its answer text."""
    by_id = {fraga.pk: fraga for fraga in fragor}
    memo = {}

    def visible(fraga, seen=()):
        if fraga.pk in memo:
            return memo[fraga.pk]
        if not fraga.villkor_fraga_id:
            result = True
        else:
            villkor = by_id.get(fraga.villkor_fraga_id)
            if villkor is None or villkor.pk in seen:  # outside the version, or a loop
                result = False
            else:
                result = visible(villkor, (*seen, fraga.pk)) and fraga.villkor_varde in (
                    svarsvarden(villkor, varden.get(villkor.pk, ""))
                )
        memo[fraga.pk] = result
        return result

    return {fraga.pk for fraga in fragor if visible(fraga)}
