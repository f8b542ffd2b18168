"""Text folding for search-as-you-type: "hornstenen" finds "Hörnstenen"."""

import unicodedata


def fold(text):
    """Lower-case, accents removed, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
